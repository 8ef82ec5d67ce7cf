"""A frozen, hashable view of the evidence: what scoring and statistics read.

Built once from a database document; the hash covers every evidence record, so a scorecard that
carries it names exactly the evidence it was computed from. It leaves out the identifying fields
(identities, contacts, narratives that may name a person): nothing public is computed from them,
and they are stored sealed with a random nonce, so including them would give the same evidence
a different hash in every database it is loaded into, and a new one at every key rotation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, wraps
from operator import attrgetter
from types import MappingProxyType
from typing import Any, TypeVar

from hrdscore.model import (
    Actor,
    Assessment,
    Incident,
    Inquiry,
    Measure,
    ProgressReport,
    Reply,
    Response,
    Responsibility,
    Source,
)
from hrdscore.model.vocab import ReviewState
from hrdscore.perf import gc_paused
from hrdscore.snapshot.build import acts_by_actor_after, build_parts
from hrdscore.snapshot.kinds import (
    EVIDENCE_KINDS,
    FOLLOWUP_KINDS,
    MODELS,
    evidence_hash,
    hashed_kinds,
)
from hrdscore.snapshot.reuse import Basis
from hrdscore.snapshot.views import ActView

__all__ = ["EVIDENCE_KINDS", "FOLLOWUP_KINDS", "MODELS", "ActorEvidence", "Snapshot",
           "evidence_hash", "hashed_kinds"]

# Sort keys in C (operator.attrgetter): the indexes sort 100,000 acts on first use.
_BY_DATE = attrgetter("date", "id")
_BY_RECEIPT = attrgetter("received_on", "id")
T = TypeVar("T")


def _without_gc(build: Callable[[Snapshot], T]) -> Callable[[Snapshot], T]:
    """An index builder run with the cyclic collector paused: its passes over a 100,000-act
    heap cost more than the grouping itself (0.8 s against 0.15 s for `acts_by_actor`)."""
    @wraps(build)
    def paused(self: Snapshot) -> T:
        with gc_paused():
            return build(self)
    return paused


@dataclass(frozen=True, eq=False)
class ActorEvidence:
    """Everything recorded about one actor (and, for acts, the bodies below it)."""

    actor: Actor
    inquiries: tuple[Inquiry, ...]
    replies: tuple[Reply, ...]
    incident_ids: tuple[str, ...]
    acts: tuple[ActView, ...]
    assessments: tuple[Assessment, ...]
    _incidents: Mapping[str, Incident] = field(repr=False, default_factory=dict)

    @property
    def incident_models(self) -> Mapping[str, Incident]:
        """Incident models by id, each built when first looked up."""
        return self._incidents

    @property
    def incidents(self) -> tuple[Incident, ...]:
        """The full incident models, built on first access (scoring needs only the acts)."""
        return tuple(self._incidents[i] for i in self.incident_ids)


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Read-only evidence. Small kinds are full models; incidents are built on demand and
    their acts are exposed as light views (see `views`)."""

    actors: Mapping[str, Actor]
    sources: Mapping[str, Source]
    inquiries: Mapping[str, Inquiry]
    replies: Mapping[str, Reply]
    incidents: Mapping[str, Incident]
    assessments: Mapping[str, Assessment]
    acts: tuple[ActView, ...] = ()
    hash: str = field(default="")
    responses: Mapping[str, Response] = field(default_factory=dict)
    responsibilities: Mapping[str, Responsibility] = field(default_factory=dict)
    measures: Mapping[str, Measure] = field(default_factory=dict)
    progress_reports: Mapping[str, ProgressReport] = field(default_factory=dict)

    _basis: Basis | None = field(default=None, repr=False)

    @classmethod
    def from_tables(cls, tables: Mapping[str, Mapping[str, Any]],
                    previous: Snapshot | None = None) -> Snapshot:
        """The snapshot of `tables`. Given the `previous` snapshot, records stored the same
        (the same dict, or an equal one) reuse its models, act views and hash pieces; only
        the others are validated and serialised again. The result is the same either way.

        Stored record dicts are treated as immutable: a store that changes a record hands in
        a new dict (editing one in place would hide the change from this comparison)."""
        with gc_paused():
            built, basis = build_parts(tables, previous)
            snap = cls(**built, _basis=basis)
            index = previous.__dict__.get("acts_by_actor") if previous is not None else None
            if index is not None and previous is not None:
                # Grouping and sorting 100,000 acts takes a reader 0.15 s or more: regroup
                # only the actors of the incidents that changed (cached_property's slot).
                snap.__dict__["acts_by_actor"] = MappingProxyType(
                    acts_by_actor_after(previous, index, basis.views))
            return snap

    def stored_records(self) -> Mapping[str, Mapping[str, Any]]:
        """The stored records (dicts, never to be changed) this snapshot was built from, by
        kind and id: see `reuse.share_equal`."""
        return self._basis.raw if self._basis is not None else {}

    def __hash__(self) -> int:
        return hash(self.hash)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Snapshot) and other.hash == self.hash

    # Indexes, built on first use: a snapshot never changes, so neither do they.

    @cached_property
    @_without_gc
    def children(self) -> Mapping[str, tuple[str, ...]]:
        kids: dict[str, list[str]] = defaultdict(list)
        for actor in self.actors.values():
            if actor.parent:
                kids[actor.parent].append(actor.id)
        return MappingProxyType({k: tuple(sorted(v)) for k, v in kids.items()})

    def descendants(self, actor_id: str) -> tuple[str, ...]:
        """The actor and every body below it, e.g. a ministry and its district departments."""
        out: list[str] = []
        stack = [actor_id]
        seen: set[str] = set()
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            out.append(current)
            stack.extend(self.children.get(current, ()))
        return tuple(out)

    @cached_property
    @_without_gc
    def inquiries_by_actor(self) -> Mapping[str, tuple[Inquiry, ...]]:
        groups: dict[str, list[Inquiry]] = defaultdict(list)
        for inquiry in self.inquiries.values():
            groups[inquiry.actor].append(inquiry)
        return MappingProxyType({k: tuple(v) for k, v in groups.items()})

    @cached_property
    @_without_gc
    def replies_by_inquiry(self) -> Mapping[str, tuple[Reply, ...]]:
        groups: dict[str, list[Reply]] = defaultdict(list)
        for reply in self.replies.values():
            groups[reply.inquiry].append(reply)
        return MappingProxyType(
            {k: tuple(sorted(v, key=_BY_RECEIPT)) for k, v in groups.items()}
        )

    @cached_property
    @_without_gc
    def acts_by_actor(self) -> Mapping[str, tuple[ActView, ...]]:
        """Acts each actor is directly involved in (no roll-up; see `acts_involving`), by
        date then id: sorted once here rather than once per actor."""
        groups: dict[str, list[ActView]] = defaultdict(list)
        for act in sorted(self.acts, key=_BY_DATE):
            involvements = act.involvements
            if len(involvements) == 1:  # most acts: no set of ids to build
                if involvements[0].actor:
                    groups[involvements[0].actor].append(act)
                continue
            for actor_id in act.actor_ids:
                groups[actor_id].append(act)
        return MappingProxyType({k: tuple(v) for k, v in groups.items()})

    def acts_involving(self, actor_id: str) -> tuple[ActView, ...]:
        """Acts involving the actor or any body below it, each once, by date."""
        members = self.descendants(actor_id)
        if len(members) == 1:
            return self.acts_by_actor.get(actor_id, ())
        seen: set[str] = set()
        out: list[ActView] = []
        for member in members:
            for act in self.acts_by_actor.get(member, ()):
                if act.id not in seen:
                    seen.add(act.id)
                    out.append(act)
        return tuple(sorted(out, key=_BY_DATE))

    @cached_property
    @_without_gc
    def assessments_by_actor(self) -> Mapping[str, tuple[Assessment, ...]]:
        groups: dict[str, list[Assessment]] = defaultdict(list)
        for assessment in self.assessments.values():
            groups[assessment.actor].append(assessment)
        return MappingProxyType({k: tuple(v) for k, v in groups.items()})

    def evidence_for(self, actor_id: str, *, include_drafts: bool = True) -> ActorEvidence:
        """Everything recorded about one actor: its inquiries and their replies, the acts
        involving it or a body below it, and its assessments (drafts only if asked)."""
        actor = self.actors[actor_id]
        inquiries = self.inquiries_by_actor.get(actor_id, ())
        replies = tuple(r for i in inquiries for r in self.replies_by_inquiry.get(i.id, ()))
        acts = self.acts_involving(actor_id)
        incident_ids = sorted({act.incident for act in acts})
        assessments = tuple(
            a for a in self.assessments_by_actor.get(actor_id, ())
            if include_drafts or a.review is ReviewState.PUBLISHED
        )
        return ActorEvidence(
            _incidents=self.incidents,
            actor=actor,
            inquiries=inquiries,
            replies=replies,
            incident_ids=tuple(incident_ids),
            acts=acts,
            assessments=assessments,
        )

