"""The one reference graph: what each kind of record points at, the checks that use it
(validation, imports, writes) and its inverse (who refers to a record before a delete)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hrdscore.checks import Dataset, References, cross_check
from hrdscore.model import Actor, Assessment, Incident, Inquiry, Reply
from hrdscore.references import EVIDENCE, Ref, outgoing, referrers

CITE = [{"source": "src-a", "locator": "p. 1"}]
TODAY = date(2026, 11, 21)

INCIDENT: dict[str, Any] = {
    "id": "inc-1", "title": "Detention",
    "victims": [{"id": "v-0001", "kind": "person", "gender": "male"}],
    "acts": [{"id": "a-1", "victim": "v-0001", "type": "detention", "date": "2019-05-07",
              "fields": ["oil_industry"], "primary_field": "oil_industry",
              "involvements": [{"actor": "kpo", "role": "initiator"},
                               {"source_category": "unknown_person", "role": "executor"},
                               {"actor": "police", "role": "executor"}]}],
    "citations": CITE,
}
ASSESSMENT: dict[str, Any] = {
    "id": "asm-1", "criterion": "c-1", "actor": "kpo", "as_of": "2021-06-01",
    "level": "met", "rationale": "r", "assessor": "ngo", "review": "published",
    "evidence": ["inq-1", "a-1"], "citations": CITE}


def test_outgoing_references_of_each_kind() -> None:
    assert list(outgoing("actors", {"id": "police", "parent": "mvd", "citations": CITE})) == [
        Ref("parent", "actors", "mvd"), Ref("citations[0].source", "sources", "src-a")]
    assert list(outgoing("actors", {"id": "mvd"})) == []
    assert list(outgoing("inquiries", {"id": "inq-1", "actor": "kpo"})) == [
        Ref("actor", "actors", "kpo")]
    assert list(outgoing("replies", {"id": "r-1", "inquiry": "inq-1"})) == [
        Ref("inquiry", "inquiries", "inq-1")]
    assert list(outgoing("incidents", INCIDENT)) == [
        Ref("acts.a-1.involvements[0].actor", "actors", "kpo"),
        Ref("acts.a-1.involvements[2].actor", "actors", "police"),
        Ref("citations[0].source", "sources", "src-a")]
    assert list(outgoing("assessments", ASSESSMENT)) == [
        Ref("actor", "actors", "kpo"), Ref("criterion", "criteria", "c-1"),
        Ref("evidence", EVIDENCE, "inq-1"), Ref("evidence", EVIDENCE, "a-1"),
        Ref("citations[0].source", "sources", "src-a")]
    assert list(outgoing("sources", {"id": "src-a"})) == []


def test_models_and_stored_dicts_give_the_same_references() -> None:
    assert list(outgoing("incidents", Incident.model_validate(INCIDENT))) == list(
        outgoing("incidents", INCIDENT))
    assessment = Assessment.model_validate(ASSESSMENT)
    assert list(outgoing("assessments", assessment)) == list(
        outgoing("assessments", ASSESSMENT))


def _dataset(*records: tuple[str, Any]) -> Dataset:
    ds = Dataset()
    for kind, record in records:
        ds.add(kind, record, f"{kind}.yaml")
    return ds


def test_a_file_alone_checks_only_the_kinds_it_knows() -> None:
    reply = Reply(id="r-1", inquiry="inq-9", received_on=date(2021, 3, 1),
                  substance="full_answer", citations=CITE)
    ds = _dataset(("replies", reply))
    assert cross_check(ds, today=TODAY) == []  # no inquiry, no source known: nothing to check
    strict = cross_check(ds, today=TODAY, strict=True)
    assert {(p.field, p.message) for p in strict} == {
        ("inquiry", "unknown inquiry 'inq-9'"),
        ("citations[0].source", "unknown source 'src-a'")}


def test_every_unknown_reference_is_named_with_its_field() -> None:
    refs = References(actor_parents={"kpo": None}, source_ids=frozenset({"src-a"}),
                      inquiry_sent={"inq-1": date(2021, 2, 1)},
                      evidence_ids=frozenset({"inq-1"}))
    ds = _dataset(
        ("actors", Actor(id="police", name="Police", kind="state_body", parent="mvd")),
        ("inquiries", Inquiry(id="inq-2", actor="nobody", reference="1",
                              sent_on=date(2021, 2, 1), citations=CITE)),
        ("replies", Reply(id="r-1", inquiry="inq-3", received_on=date(2021, 3, 1),
                          substance="full_answer", citations=[
                              {"source": "src-zz", "locator": "x"}])),
        ("incidents", Incident.model_validate(
            {**INCIDENT, "acts": [{**INCIDENT["acts"][0], "involvements": [
                {"actor": "ghost", "role": "decider"}]}]})),
    )
    found = {(p.record, p.field, p.message) for p in cross_check(ds, today=TODAY, refs=refs)}
    assert found == {
        ("police", "parent", "unknown actor 'mvd'"),
        ("inq-2", "actor", "unknown actor 'nobody'"),
        ("r-1", "inquiry", "unknown inquiry 'inq-3'"),
        ("r-1", "citations[0].source", "unknown source 'src-zz'"),
        ("inc-1", "acts.a-1.involvements[0].actor", "unknown actor 'ghost'"),
    }


def test_assessment_evidence_may_name_acts_inside_incidents() -> None:
    refs = References(actor_parents={"kpo": None}, source_ids=frozenset({"src-a"}),
                      evidence_ids=frozenset({"inq-1"}))
    ok = _dataset(("incidents", Incident.model_validate({**INCIDENT, "acts": [
        {**INCIDENT["acts"][0], "involvements": []}]})),
                  ("assessments", Assessment.model_validate(ASSESSMENT)))
    assert cross_check(ok, today=TODAY, refs=refs) == []
    bad = _dataset(("assessments", Assessment.model_validate(
        {**ASSESSMENT, "evidence": ["inq-1", "a-404"]})))
    assert [(p.field, p.message) for p in cross_check(bad, today=TODAY, refs=refs)] == [
        ("evidence", "unknown evidence id 'a-404'")]


def test_referrers_find_every_kind_that_points_at_a_record() -> None:
    tables: dict[str, dict[str, Any]] = {
        "actors": {"kpo": {"id": "kpo"}, "mvd": {"id": "mvd"},
                   "police": {"id": "police", "parent": "mvd"}},
        "sources": {"src-a": {"id": "src-a"}, "src-b": {"id": "src-b"}},
        "inquiries": {"inq-1": {"id": "inq-1", "actor": "kpo", "citations": CITE}},
        "replies": {"r-1": {"id": "r-1", "inquiry": "inq-1"}},
        "incidents": {"inc-1": INCIDENT},
        "assessments": {"asm-1": ASSESSMENT},
    }
    assert referrers(tables, "actors", "kpo") == [
        "assessment asm-1", "incident inc-1", "inquiry inq-1"]
    assert referrers(tables, "actors", "mvd") == ["actor police"]
    assert referrers(tables, "actors", "police") == ["incident inc-1"]
    assert referrers(tables, "inquiries", "inq-1") == ["assessment asm-1", "reply r-1"]
    # an incident is cited through one of its acts
    assert referrers(tables, "incidents", "inc-1") == ["assessment asm-1"]
    assert referrers(tables, "sources", "src-a") == [
        "assessment asm-1", "incident inc-1", "inquiry inq-1"]
    assert referrers(tables, "sources", "src-b") == []
    recommendation = {"id": "rec-1", "report": "kk", "citation": {"source": "src-b"}}
    assert referrers(tables, "sources", "src-b", extra=[
        ("recommendations", "rec-1", recommendation)]) == ["recommendation rec-1"]
    assert referrers(tables, "replies", "r-1") == []
