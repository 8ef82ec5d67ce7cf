"""Checking records against each other: references, uniqueness, dates. Pure: no I/O.

Used alike by `hrdscore validate` (data files), imports and record writes (a database's
records); `hrdscore.dataset` reads data files into a `Dataset` and hands it here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel

from hrdscore.datafiles import KINDS
from hrdscore.errors import Problem
from hrdscore.model import (
    Actor,
    Assessment,
    Incident,
    Inquiry,
    JudgementAssessment,
    Measure,
    ProgressReport,
    Recommendation,
    Reply,
    Report,
    Response,
    Responsibility,
    Source,
)
from hrdscore.model.followup import MeasureStatus
from hrdscore.model.vocab import SCALE_LEVELS
from hrdscore.references import EVIDENCE, SINGULAR, evidence_ids, outgoing

__all__ = ["Dataset", "References", "cross_check"]


@dataclass
class Dataset:
    reports: list[Report] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    inquiries: list[Inquiry] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    progress_reports: list[ProgressReport] = field(default_factory=list)
    # Where each record came from, for messages: (kind, id) -> (file, record label).
    origin: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    def add(self, kind: str, record: BaseModel, file: str, label: str | None = None) -> None:
        bucket: list[Any] = getattr(self, _ATTR[kind])
        bucket.append(record)
        record_id = getattr(record, "id", "")
        self.origin[(kind, record_id)] = (file, label or record_id)

    def records(self, kind: str) -> list[BaseModel]:
        return list(getattr(self, _ATTR[kind]))


_ATTR = {"report": "reports", **{k: k for k in KINDS if k != "report"}}


@dataclass(frozen=True)
class References:
    """What records outside a Dataset make known, for checking the Dataset against them: the
    evidence already in a database when a file is imported."""

    actor_parents: Mapping[str, str | None] = field(default_factory=dict)
    source_ids: frozenset[str] = frozenset()
    inquiry_sent: Mapping[str, date | None] = field(default_factory=dict)
    evidence_ids: frozenset[str] = frozenset()
    # victim id -> (incident id, (kind, gender)); act id -> incident id
    victims: Mapping[str, tuple[str, tuple[Any, Any]]] = field(default_factory=dict)
    act_incident: Mapping[str, str] = field(default_factory=dict)
    measure_ids: frozenset[str] = frozenset()


def cross_check(ds: Dataset, *, today: date, refs: References | None = None,
                strict: bool = False) -> list[Problem]:
    """References between records, uniqueness, dates. Pure: no I/O.

    Problems are reported for the records of `ds`; `refs` only makes more ids known. A
    reference is checked when the set (with `refs`) holds any record of the kind it points at,
    so one data file can be validated alone; `strict` checks every reference (a write to a
    database always needs them)."""
    refs = refs or References()
    problems: list[Problem] = []

    def add(kind: str, record_id: str, fld: str | None, message: str) -> None:
        file, label = ds.origin.get((kind, record_id), (kind, record_id))
        problems.append(Problem(file, message, record=label, field=fld))

    _unique_ids(ds, refs, add)
    known = _known_ids(ds, refs)
    for kind, record in _all_records(ds):
        record_id = str(getattr(record, "id", ""))
        for ref in outgoing(kind, record):
            ids = known.get(ref.kind, set())
            if (ids or strict) and ref.target not in ids:
                add(kind, record_id, ref.field, f"unknown {SINGULAR[ref.kind]} {ref.target!r}")
    parents = {**refs.actor_parents, **{a.id: a.parent for a in ds.actors}}
    own_actors = {a.id for a in ds.actors}
    for actor_id in _parent_cycles(parents):
        if actor_id in own_actors:
            add("actors", actor_id, "parent", "parents form a cycle")
    _reply_dates(ds, refs, add)
    _victims(ds, refs, add)
    _assessment_methods(ds, add)
    for kind, record_id, fld, value in _dates(ds):
        if value > today:
            add(kind, record_id, fld, f"date {value} is in the future (today is {today})")
    return problems


_Add = Callable[[str, str, str | None, str], None]


def _all_records(ds: Dataset) -> Iterator[tuple[str, Any]]:
    for kind in KINDS:
        for record in ds.records(kind):
            yield kind, record


def _known_ids(ds: Dataset, refs: References) -> dict[str, set[str]]:
    """The ids each kind of reference may name: the set's own records and what `refs` adds."""
    known: dict[str, set[str]] = {
        "report": {r.id for r in ds.reports},
        "sources": {s.id for s in ds.sources} | refs.source_ids,
        "actors": {a.id for a in ds.actors} | set(refs.actor_parents),
        "inquiries": {i.id for i in ds.inquiries} | set(refs.inquiry_sent),
        "criteria": {c.id for rec in ds.recommendations for c in rec.criteria},
        "recommendations": {rec.id for rec in ds.recommendations},
        "measures": {m.id for m in ds.measures} | refs.measure_ids,
        EVIDENCE: set(refs.evidence_ids),
    }
    for kind, record in _all_records(ds):
        known[EVIDENCE].update(evidence_ids(kind, record))
    return known


def _unique_ids(ds: Dataset, refs: References, add: _Add) -> None:
    """Ids unique within each kind; criteria and acts unique across files (and the store)."""
    for kind in KINDS:
        counts = Counter(getattr(r, "id", None) for r in ds.records(kind))
        for record_id, n in counts.items():
            if record_id and n > 1:
                add(kind, record_id, "id", f"duplicate id: used by {n} {kind} records")
    owner = {c.id: rec.id for rec in ds.recommendations for c in rec.criteria}
    for cid, n in Counter(c.id for rec in ds.recommendations for c in rec.criteria).items():
        if n > 1:
            add("recommendations", owner[cid], "criteria",
                f"duplicate criterion id {cid!r} ({n} times)")
    replaced = {inc.id for inc in ds.incidents}
    act_owner = {a: i for a, i in refs.act_incident.items() if i not in replaced}
    for inc in ds.incidents:
        for act in inc.acts:
            first = act_owner.setdefault(act.id, inc.id)
            if first != inc.id:
                add("incidents", inc.id, f"acts.{act.id}",
                    f"act id is already used in incident {first!r}")


def _reply_dates(ds: Dataset, refs: References, add: _Add) -> None:
    sent = {**refs.inquiry_sent, **{i.id: i.sent_on for i in ds.inquiries}}
    for reply in ds.replies:
        sent_on = sent.get(reply.inquiry)
        if sent_on and reply.received_on < sent_on:
            add("replies", reply.id, "received_on",
                f"reply dated {reply.received_on} is before its inquiry "
                f"{reply.inquiry!r} sent on {sent_on}")


def _victims(ds: Dataset, refs: References, add: _Add) -> None:
    """A victim is one person: described the same way wherever they appear."""
    replaced = {inc.id for inc in ds.incidents}
    victims = {v: seen for v, seen in refs.victims.items() if seen[0] not in replaced}
    for inc in ds.incidents:
        for victim in inc.victims:
            attrs = (victim.kind, victim.gender)
            seen = victims.setdefault(victim.id, (inc.id, attrs))
            if seen[1] != attrs:
                add("incidents", inc.id, f"victims.{victim.id}",
                    f"victim is described differently in incident {seen[0]!r}")


def _assessment_methods(ds: Dataset, add: _Add) -> None:
    """An assessment is of a judgement criterion, with a level on that criterion's scale."""
    criteria = {c.id: c for rec in ds.recommendations for c in rec.criteria}
    for asm in ds.assessments:
        found = criteria.get(asm.criterion)
        if found is None:
            continue
        method = found.assessed_by
        if not isinstance(method, JudgementAssessment):
            add("assessments", asm.id, "criterion",
                f"criterion {asm.criterion!r} is assessed by rule, not by judgement")
        elif asm.level is not None and asm.level not in SCALE_LEVELS[method.scale]:
            add("assessments", asm.id, "level",
                f"level {asm.level.value!r} is not on the {method.scale.value} scale; "
                f"allowed: {', '.join(lv.value for lv in SCALE_LEVELS[method.scale])}")


def _dates(ds: Dataset) -> Iterator[tuple[str, str, str, date]]:
    for inq in ds.inquiries:
        for name in ("sent_on", "received_on"):
            value = getattr(inq, name)
            if value:
                yield "inquiries", inq.id, name, value
    for reply in ds.replies:
        yield "replies", reply.id, "received_on", reply.received_on
    for inc in ds.incidents:
        for act in inc.acts:
            yield "incidents", inc.id, f"acts.{act.id}.date", act.date
        for rc in inc.recourses:
            yield "incidents", inc.id, f"recourses.{rc.id}.date", rc.date
    for asm in ds.assessments:
        yield "assessments", asm.id, "as_of", asm.as_of
    # A measure's target date may lie ahead; what happened (a response, a start, a report) not.
    for resp in ds.responses:
        if resp.date:
            yield "responses", resp.id, "date", resp.date
    for measure in ds.measures:
        if measure.start_date and measure.status is not MeasureStatus.PLANNED:
            yield "measures", measure.id, "start_date", measure.start_date
    for report in ds.progress_reports:
        yield "progress_reports", report.id, "date", report.date
    for src in ds.sources:
        if src.published_on:
            yield "sources", src.id, "published_on", src.published_on


def _parent_cycles(parent: Mapping[str, str | None]) -> list[str]:
    in_cycle: list[str] = []
    for start in parent:
        seen: set[str] = set()
        node: str | None = start
        while node is not None and node in parent:
            if node in seen:
                if start == node:
                    in_cycle.append(start)
                break
            seen.add(node)
            node = parent[node]
    return in_cycle
