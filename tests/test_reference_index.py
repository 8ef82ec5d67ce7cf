"""Record writes check references through an index, not a scan of every incident and act; the
answers are those of the scan. The scan (the implementation before the index) is kept here as
the oracle, and random small databases with colliding ids compare the two."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import orjson
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from hrdscore.checks import Dataset, References, cross_check
from hrdscore.model import Actor, Assessment, Incident, Inquiry, Reply, Source
from hrdscore.records import BODY, check_record, index_of, referrers
from hrdscore.references import referrers as scanned_referrers
from hrdscore.snapshot import EVIDENCE_KINDS
from hrdscore.store.storage import encode

TODAY = date(2026, 11, 21)
CITE = [{"source": "s0", "locator": "p. 1"}]
MODELS: dict[str, type[BaseModel]] = {"actors": Actor, "sources": Source, "inquiries": Inquiry,
                                      "replies": Reply, "incidents": Incident,
                                      "assessments": Assessment}

# Few ids, so that records collide: shared acts and victims, parents in cycles, unknown ids.
ACTORS = ["a0", "a1", "a2", "a3"]
SOURCES = ["s0", "s1", "s2"]
INQUIRIES = ["q0", "q1", "q2"]
REPLIES = ["r0", "r1"]
INCIDENTS = ["i0", "i1", "i2", "i3"]
ACTS = ["x0", "x1", "x2", "x3"]
VICTIMS = ["v0", "v1", "v2"]
ASSESSMENTS = ["m0", "m1"]
EVIDENCE_IDS = [*INQUIRIES, *REPLIES, *INCIDENTS, *SOURCES, *ACTS, "nowhere"]
DAYS = st.dates(date(2020, 1, 1), date(2020, 1, 20)).map(date.isoformat)


# The oracle: what `records.references` computed before the index, by a scan.

def _scan_date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def scanned_references(doc: Mapping[str, Any], *, kind: str, record_id: str) -> References:
    def others(k: str) -> Iterator[tuple[str, Any]]:
        return ((i, r) for i, r in (doc.get(k) or {}).items()
                if not (k == kind and i == record_id))

    victims: dict[str, tuple[str, tuple[Any, Any]]] = {}
    act_incident: dict[str, str] = {}
    for incident_id, inc in others("incidents"):
        for victim in inc.get("victims", ()):
            victims[victim["id"]] = (incident_id, (victim.get("kind"), victim.get("gender")))
        for act in inc.get("acts", ()):
            act_incident[act["id"]] = incident_id
    return References(
        actor_parents={i: r.get("parent") for i, r in others("actors")},
        source_ids=frozenset(i for i, _ in others("sources")),
        inquiry_sent={i: _scan_date(r.get("sent_on")) for i, r in others("inquiries")},
        evidence_ids=frozenset([*(i for k in ("inquiries", "replies", "incidents", "sources")
                                  for i, _ in others(k)), *act_incident]),
        victims=victims,
        act_incident=act_incident,
        measure_ids=frozenset(i for i, _ in others("measures")),
    )


def scanned_check(doc: Mapping[str, Any], kind: str, record: BaseModel) -> list[Any]:
    record_id: str = getattr(record, "id")  # noqa: B009
    ds = Dataset(recommendations=[])
    ds.add(kind, record, BODY, record_id)
    refs = scanned_references(doc, kind=kind, record_id=record_id)
    return [p for p in cross_check(ds, today=TODAY, refs=refs, strict=True) if p.file == BODY]


# Random records, as stored dicts.

def _actor(record_id: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda parent: {"id": record_id, "name": record_id, "kind": "company",
                                     **({"parent": parent} if parent else {})},
                     st.sampled_from([None, *(a for a in ACTORS if a != record_id), "a9"]))


def _inquiry(record_id: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda actor, sent, source: {
        "id": record_id, "actor": actor, "sent_on": sent, "reference": "1",
        "citations": [{"source": source, "locator": "p"}]},
        st.sampled_from([*ACTORS, "a9"]), DAYS, st.sampled_from([*SOURCES, "s9"]))


def _reply(record_id: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda inquiry, received: {
        "id": record_id, "inquiry": inquiry, "received_on": received,
        "substance": "full_answer", "citations": CITE},
        st.sampled_from([*INQUIRIES, "q9"]), DAYS)


@st.composite
def _incident(draw: st.DrawFn, record_id: str) -> dict[str, Any]:
    victims = draw(st.lists(st.sampled_from(VICTIMS), min_size=1, max_size=2, unique=True))
    acts = draw(st.lists(st.sampled_from(ACTS), min_size=1, max_size=2, unique=True))
    return {
        "id": record_id, "title": record_id,
        "victims": [draw(st.sampled_from([
            {"id": v, "kind": "person", "gender": "male"},
            {"id": v, "kind": "person", "gender": "female"},
            {"id": v, "kind": "legal_entity", "gender": "unknown"}])) for v in victims],
        "acts": [{"id": a, "victim": draw(st.sampled_from(victims)), "type": "detention",
                  "date": draw(DAYS), "fields": ["oil_industry"],
                  "primary_field": "oil_industry",
                  "involvements": [{"actor": draw(st.sampled_from([*ACTORS, "a9"])),
                                    "role": "initiator"}]} for a in acts],
        "citations": [{"source": draw(st.sampled_from([*SOURCES, "s9"])), "locator": "p"}],
    }


def _assessment(record_id: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda actor, evidence: {
        "id": record_id, "criterion": "c-1", "actor": actor, "as_of": "2021-06-01",
        "level": "met", "rationale": "r", "assessor": "ngo", "review": "published",
        "evidence": evidence, "citations": CITE},
        st.sampled_from([*ACTORS, "a9"]),
        st.lists(st.sampled_from(EVIDENCE_IDS), max_size=3, unique=True))


MAKERS: dict[str, tuple[list[str], Any]] = {
    "actors": (ACTORS, _actor),
    "sources": (SOURCES, lambda i: st.just({"id": i, "title": i})),
    "inquiries": (INQUIRIES, _inquiry),
    "replies": (REPLIES, _reply),
    "incidents": (INCIDENTS, _incident),
    "assessments": (ASSESSMENTS, _assessment),
}


@st.composite
def databases(draw: st.DrawFn) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for kind, (ids, make) in MAKERS.items():
        chosen = draw(st.lists(st.sampled_from(ids), unique=True))
        doc[kind] = {i: draw(make(i)) for i in chosen}
    # As the write path meets it: read back from the file, ids in sorted order.
    loaded: dict[str, Any] = orjson.loads(encode(doc))
    return loaded


@st.composite
def record_to_write(draw: st.DrawFn) -> tuple[str, BaseModel]:
    kind = draw(st.sampled_from(sorted(MAKERS)))
    ids, make = MAKERS[kind]
    stored = draw(make(draw(st.sampled_from(ids))))
    try:
        record = MODELS[kind].model_validate(stored)
    except ValidationError:
        assume(False)
        raise
    return kind, record


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(databases(), record_to_write())
def test_indexed_checks_give_the_scans_answers(doc: dict[str, Any],
                                               write: tuple[str, BaseModel]) -> None:
    kind, record = write
    expected = scanned_check(doc, kind, record)
    assert check_record(doc, [], kind, record, TODAY) == expected
    assert check_record(doc, [], kind, record, TODAY, index_of(doc)) == expected


@settings(max_examples=100, deadline=None)
@given(databases(), st.sampled_from(sorted(MAKERS)), st.data())
def test_indexed_referrers_give_the_scans_answers(doc: dict[str, Any], kind: str,
                                                  data: st.DataObject) -> None:
    record_id = data.draw(st.sampled_from(MAKERS[kind][0]))
    tables = {k: doc.get(k) or {} for k in EVIDENCE_KINDS}
    assert referrers(doc, [], kind, record_id) == scanned_referrers(tables, kind, record_id)


def test_the_oracle_and_the_index_see_collisions() -> None:
    """The generated databases exercise what the index must get right: an act or a victim
    held by several incidents (the last in id order speaks), a parent cycle."""
    doc: dict[str, Any] = orjson.loads(encode({
        "actors": {"a0": {"id": "a0", "name": "A", "kind": "company", "parent": "a1"},
                   "a1": {"id": "a1", "name": "B", "kind": "company", "parent": "a0"}},
        "sources": {"s0": {"id": "s0", "title": "S"}},
        "incidents": {
            i: {"id": i, "title": i, "victims": [{"id": "v0", "kind": "person", "gender": g}],
                "acts": [{"id": "x0", "victim": "v0", "type": "detention", "date": "2020-01-02",
                          "fields": ["oil_industry"], "primary_field": "oil_industry",
                          "involvements": []}], "citations": CITE}
            for i, g in (("i0", "male"), ("i2", "female"))},
    }))
    incident = Incident.model_validate({**doc["incidents"]["i0"], "id": "i1"})
    problems = [(p.field, p.message) for p in check_record(doc, [], "incidents", incident, TODAY)]
    # i2 comes after i0 in id order: it is the incident named, as the scan named it.
    assert problems == [("acts.x0", "act id is already used in incident 'i2'"),
                        ("victims.v0", "victim is described differently in incident 'i2'")]
    assert [(p.field, p.message) for p in scanned_check(doc, "incidents", incident)] == problems
    cycle = Actor.model_validate({"id": "a2", "name": "C", "kind": "company", "parent": "a0"})
    assert check_record(doc, [], "actors", cycle, TODAY) == []  # a0 <-> a1, a2 is outside it
    closing = Actor.model_validate({"id": "a1", "name": "B", "kind": "company", "parent": "a0"})
    assert [p.message for p in check_record(doc, [], "actors", closing, TODAY)] == [
        "parents form a cycle"]
