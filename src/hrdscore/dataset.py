"""A set of data files loaded together and cross-checked.

`load_dataset` reads every file, validates each record against the models, then checks the
references between records (unknown ids, replies before their inquiry, dates in the future...).
It reports all problems at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from hrdscore.datafiles import KINDS, find_data_files, read_data_file
from hrdscore.errors import Problem
from hrdscore.model import (
    Actor,
    Assessment,
    Citation,
    Incident,
    Inquiry,
    JudgementAssessment,
    Recommendation,
    Reply,
    Report,
    Source,
)
from hrdscore.model.vocab import SCALE_LEVELS


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


def load_dataset(
    paths: Iterable[Path], *, today: date, root: Path | None = None
) -> tuple[Dataset, list[Problem]]:
    """Load and cross-check data files; `today` bounds dates (no record from the future)."""
    dataset = Dataset()
    problems: list[Problem] = []
    for path in find_data_files(list(paths)):
        display = display_path(path, root)
        content = read_data_file(path, display)
        problems.extend(content.problems)
        if content.kind is None:
            continue
        for record, label in zip(content.records, content.labels, strict=True):
            dataset.add(content.kind, record, display, label)
    problems.extend(cross_check(dataset, today=today))
    return dataset, problems


def display_path(path: Path, root: Path | None) -> str:
    """A path as messages show it: relative to `root` when it lies below it."""
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)


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


def cross_check(ds: Dataset, *, today: date, refs: References | None = None) -> list[Problem]:
    """References between records, uniqueness, dates. Pure: no I/O.

    Problems are reported for the records of `ds`; `refs` only makes more ids known."""
    refs = refs or References()
    problems: list[Problem] = []

    def add(kind: str, record_id: str, fld: str | None, message: str) -> None:
        file, label = ds.origin.get((kind, record_id), (kind, record_id))
        problems.append(Problem(file, message, record=label, field=fld))

    # Unique ids within each kind, and for criteria and acts across files.
    for kind in KINDS:
        counts = Counter(getattr(r, "id", None) for r in ds.records(kind))
        for record_id, n in counts.items():
            if record_id and n > 1:
                add(kind, record_id, "id", f"duplicate id: used by {n} {kind} records")
    criteria = {c.id: (rec, c) for rec in ds.recommendations for c in rec.criteria}
    criterion_counts = Counter(c.id for rec in ds.recommendations for c in rec.criteria)
    for cid, n in criterion_counts.items():
        if n > 1:
            add("recommendations", criteria[cid][0].id, "criteria",
                f"duplicate criterion id {cid!r} ({n} times)")
    replaced = {inc.id for inc in ds.incidents}
    act_owner = {a: i for a, i in refs.act_incident.items() if i not in replaced}
    for inc in ds.incidents:
        for act in inc.acts:
            owner = act_owner.setdefault(act.id, inc.id)
            if owner != inc.id:
                add("incidents", inc.id, f"acts.{act.id}",
                    f"act id is already used in incident {owner!r}")

    report_ids = {r.id for r in ds.reports}
    source_ids = {s.id for s in ds.sources} | refs.source_ids
    parents = {**refs.actor_parents, **{a.id: a.parent for a in ds.actors}}
    actor_ids = set(parents)
    inquiry_sent = {**refs.inquiry_sent, **{i.id: i.sent_on for i in ds.inquiries}}

    for rec in ds.recommendations:
        if report_ids and rec.report not in report_ids:
            add("recommendations", rec.id, "report", f"unknown report {rec.report!r}")
    for rep in ds.reports:
        if source_ids and rep.source not in source_ids:
            add("report", rep.id, "source", f"unknown source {rep.source!r}")

    # Citations must point at a known source.
    if source_ids:
        for kind, record_id, fld, citation in _citations(ds):
            if citation.source not in source_ids:
                add(kind, record_id, fld, f"unknown source {citation.source!r}")

    # A reference is checked when the set holds the kind it points at, so one file can be
    # validated alone; `hrdscore validate` with no paths checks the whole shipped set.
    check_actors = bool(actor_ids)
    for actor in ds.actors:
        if actor.parent and actor.parent not in actor_ids:
            add("actors", actor.id, "parent", f"unknown actor {actor.parent!r}")
    own_actors = {a.id for a in ds.actors}
    for actor_id in _parent_cycles(parents):
        if actor_id in own_actors:
            add("actors", actor_id, "parent", "parents form a cycle")

    for inq in ds.inquiries:
        if check_actors and inq.actor not in actor_ids:
            add("inquiries", inq.id, "actor", f"unknown actor {inq.actor!r}")
    for reply in ds.replies:
        if reply.inquiry not in inquiry_sent:
            if inquiry_sent:
                add("replies", reply.id, "inquiry", f"unknown inquiry {reply.inquiry!r}")
            continue
        sent_on = inquiry_sent[reply.inquiry]
        if sent_on and reply.received_on < sent_on:
            add("replies", reply.id, "received_on",
                f"reply dated {reply.received_on} is before its inquiry "
                f"{reply.inquiry!r} sent on {sent_on}")

    victims = {v: seen for v, seen in refs.victims.items() if seen[0] not in replaced}
    for inc in ds.incidents:
        for act in inc.acts:
            for n, inv in enumerate(act.involvements):
                if check_actors and inv.actor is not None and inv.actor not in actor_ids:
                    add("incidents", inc.id, f"acts.{act.id}.involvements[{n}].actor",
                        f"unknown actor {inv.actor!r}")
        for victim in inc.victims:
            attrs = (victim.kind, victim.gender)
            seen = victims.setdefault(victim.id, (inc.id, attrs))
            if seen[1] != attrs:
                add("incidents", inc.id, f"victims.{victim.id}",
                    f"victim is described differently in incident {seen[0]!r}")

    evidence_ids = refs.evidence_ids | {
        str(getattr(r, "id"))  # noqa: B009
        for kind in ("inquiries", "replies", "incidents", "sources")
        for r in ds.records(kind)
    } | {a.id for inc in ds.incidents for a in inc.acts}
    for asm in ds.assessments:
        found = criteria.get(asm.criterion)
        if found is None and criteria:
            add("assessments", asm.id, "criterion", f"unknown criterion {asm.criterion!r}")
        elif found is not None:
            method = found[1].assessed_by
            if not isinstance(method, JudgementAssessment):
                add("assessments", asm.id, "criterion",
                    f"criterion {asm.criterion!r} is assessed by rule, not by judgement")
            elif asm.level is not None and asm.level not in SCALE_LEVELS[method.scale]:
                add("assessments", asm.id, "level",
                    f"level {asm.level.value!r} is not on the {method.scale.value} scale; "
                    f"allowed: {', '.join(lv.value for lv in SCALE_LEVELS[method.scale])}")
        if check_actors and asm.actor not in actor_ids:
            add("assessments", asm.id, "actor", f"unknown actor {asm.actor!r}")
        for ev in asm.evidence:
            if evidence_ids and ev not in evidence_ids:
                add("assessments", asm.id, "evidence", f"unknown evidence id {ev!r}")

    for kind, record_id, fld, value in _dates(ds):
        if value > today:
            add(kind, record_id, fld, f"date {value} is in the future (today is {today})")
    return problems


def _citations(ds: Dataset) -> Iterator[tuple[str, str, str, Citation]]:
    for rec in ds.recommendations:
        yield "recommendations", rec.id, "citation", rec.citation
    for kind in ("actors", "inquiries", "replies", "incidents", "assessments"):
        for record in ds.records(kind):
            for n, citation in enumerate(getattr(record, "citations", [])):
                yield kind, getattr(record, "id"), f"citations[{n}].source", citation  # noqa: B009


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
