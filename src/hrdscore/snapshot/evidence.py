"""A frozen, hashable view of the evidence: what scoring and statistics read.

Built once from a database document; the hash covers every evidence record, so a scorecard that
carries it names exactly the evidence it was computed from. It leaves out the identifying fields
(identities, contacts, narratives that may name a person): nothing public is computed from them,
and they are stored sealed with a random nonce, so including them would give the same evidence
a different hash in every database it is loaded into, and a new one at every key rotation.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from types import MappingProxyType
from typing import Any

import orjson
from pydantic import BaseModel, TypeAdapter, ValidationError

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
from hrdscore.model.identifying_shape import Shape, shape
from hrdscore.model.vocab import ReviewState
from hrdscore.perf import gc_paused
from hrdscore.references import SINGULAR
from hrdscore.snapshot.views import ActView, LazyModels, act_views, stored_invalid

# Order matters only for readability; the hash sorts keys.
# Follow-up records (responses, responsible bodies, measures, progress reports) come last.
FOLLOWUP_KINDS = ("responses", "responsibilities", "measures", "progress_reports")
EVIDENCE_KINDS = ("actors", "sources", "inquiries", "replies", "incidents", "assessments",
                  *FOLLOWUP_KINDS)
MODELS: dict[str, type[BaseModel]] = {
    "actors": Actor,
    "sources": Source,
    "inquiries": Inquiry,
    "replies": Reply,
    "incidents": Incident,
    "assessments": Assessment,
    "responses": Response,
    "responsibilities": Responsibility,
    "measures": Measure,
    "progress_reports": ProgressReport,
}
# Sort keys in C (operator.attrgetter): the indexes sort 100,000 acts on first use.
_BY_DATE = attrgetter("date", "id")
_BY_RECEIPT = attrgetter("received_on", "id")

_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {
    kind: TypeAdapter(list[model]) for kind, model in MODELS.items()  # type: ignore[valid-type]
}


def _without_identifying(node: Mapping[str, Any], sh: Shape) -> dict[str, Any]:
    """A copy of a stored record without its identifying fields, at any depth."""
    out = {k: v for k, v in node.items() if k not in sh.fields}
    for name, sub in sh.nested:
        value = out.get(name)
        if isinstance(value, list):
            out[name] = [_without_identifying(v, sub) if isinstance(v, Mapping) else v
                         for v in value]
        elif isinstance(value, Mapping):
            out[name] = _without_identifying(value, sub)
    return out


def evidence_hash(tables: Mapping[str, Mapping[str, Any]]) -> str:
    """SHA-256 of `orjson.dumps({kind: table}, option=OPT_SORT_KEYS)` over the evidence kinds,
    identifying fields left out (see the module's docstring).

    The same bytes are fed to the hash record by record rather than built whole: at 100,000
    acts the whole document is a 50 MB string made while the snapshot's data is all alive,
    which set the peak memory of every process that reads the database."""
    digest = hashlib.sha256()
    sort = orjson.OPT_SORT_KEYS
    digest.update(b"{")
    # An empty follow-up table adds nothing, so databases without follow-up records keep the
    # hash (and the scorecards that carry it) they had before these kinds existed.
    kinds = [k for k in EVIDENCE_KINDS if k not in FOLLOWUP_KINDS or tables.get(k)]
    for n, kind in enumerate(sorted(kinds)):
        digest.update(b"," if n else b"")
        digest.update(orjson.dumps(kind) + b":{")
        table = tables.get(kind, {})
        sh = shape(MODELS[kind])
        for m, key in enumerate(sorted(table)):
            record = table[key] if sh.empty else _without_identifying(table[key], sh)
            digest.update(b"," if m else b"")
            digest.update(orjson.dumps(key) + b":" + orjson.dumps(record, option=sort))
        digest.update(b"}")
    digest.update(b"}")
    return digest.hexdigest()


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

    @classmethod
    def from_tables(cls, tables: Mapping[str, Mapping[str, Any]]) -> Snapshot:
        with gc_paused():
            built: dict[str, Any] = {}
            for kind in ("actors", "sources", "inquiries", "replies", "assessments",
                         *FOLLOWUP_KINDS):
                raw = tables.get(kind, {})
                ids = sorted(raw)
                try:
                    records = _ADAPTERS[kind].validate_python([raw[i] for i in ids])
                except ValidationError as exc:
                    # The location starts with the index in the list: name the record instead.
                    index = int(exc.errors(include_url=False)[0]["loc"][0])
                    raise stored_invalid(SINGULAR[kind], ids[index], exc, skip=1) from None
                built[kind] = MappingProxyType(dict(zip(ids, records, strict=True)))
            incidents = tables.get("incidents", {})
            built["incidents"] = LazyModels(incidents, Incident)
            built["acts"] = act_views(incidents, built["actors"])
            return cls(**built, hash=evidence_hash(tables))

    def __hash__(self) -> int:
        return hash(self.hash)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Snapshot) and other.hash == self.hash

    # Indexes, built on first use: a snapshot never changes, so neither do they.

    @cached_property
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
    def inquiries_by_actor(self) -> Mapping[str, tuple[Inquiry, ...]]:
        groups: dict[str, list[Inquiry]] = defaultdict(list)
        for inquiry in self.inquiries.values():
            groups[inquiry.actor].append(inquiry)
        return MappingProxyType({k: tuple(v) for k, v in groups.items()})

    @cached_property
    def replies_by_inquiry(self) -> Mapping[str, tuple[Reply, ...]]:
        groups: dict[str, list[Reply]] = defaultdict(list)
        for reply in self.replies.values():
            groups[reply.inquiry].append(reply)
        return MappingProxyType(
            {k: tuple(sorted(v, key=_BY_RECEIPT)) for k, v in groups.items()}
        )

    @cached_property
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
