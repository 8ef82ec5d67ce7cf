"""The named rules on hand-built evidence: every level, every missing state, the sentences."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hrdscore.catalog import Catalog
from hrdscore.dataset import Dataset
from hrdscore.methodology import Methodology
from hrdscore.model import Actor, Citation, Incident, Inquiry, Period, Reply
from hrdscore.scoring import parse_period, score_actor
from hrdscore.scoring.rules import RULES, RuleInput
from hrdscore.service import load_checked_methodology, methodology_path
from hrdscore.store import Snapshot
from hrdscore.store.repository import stored_form

CITE = Citation(source="s", locator="x")
Y2021 = Period(start_year=2021, end_year=2021)
Y2019 = Period(start_year=2019, end_year=2019)


@pytest.fixture(scope="module")
def methodology(shipped: Dataset) -> Methodology:
    # Version 1's rules and engine, kept so its published scorecards can be reproduced;
    # methodology 2 is tested in test_methodology_v2_*.py.
    return load_checked_methodology(Catalog.from_dataset(shipped), methodology_path("1.0"))


def snapshot(*records: Any) -> Snapshot:
    tables: dict[str, dict[str, Any]] = {}
    kinds = {Actor: "actors", Inquiry: "inquiries", Reply: "replies", Incident: "incidents"}
    for record in records:
        tables.setdefault(kinds[type(record)], {})[record.id] = stored_form(record)
    return Snapshot.from_tables(tables)


def co(actor_id: str = "co", **kw: Any) -> Actor:
    return Actor(id=actor_id, name=kw.pop("name", "Қазақ Мұнай ЖШС"),
                 kind=kw.pop("kind", "company"), **kw)


def letter(sent: date | None = date(2021, 2, 9), received: date | None = None,
           **kw: Any) -> Inquiry:
    return Inquiry(id=kw.pop("id", "q1"), actor=kw.pop("actor", "co"), reference="22",
                   sent_on=sent, received_on=received, citations=[CITE],
                   missing_reason=None if sent else "not given", **kw)


def reply(on: date, substance: str = "full_answer", **kw: Any) -> Reply:
    return Reply(id=kw.pop("id", "r1"), inquiry=kw.pop("inquiry", "q1"), received_on=on,
                 substance=substance, citations=[CITE], **kw)


def run(rule: str, snap: Snapshot, m: Methodology, period: Period = Y2021,
        actor: str = "co", **params: Any):  # type: ignore[no-untyped-def]
    members = {i: snap.actors[i].name for i in snap.descendants(actor)}
    return RULES[rule](RuleInput(snap.evidence_for(actor), members, period, m, params))


def test_reply_counted_from_the_letter_date_says_so(methodology: Methodology) -> None:
    snap = snapshot(co(), letter(), reply(date(2021, 2, 25), "partial_answer"))
    out = run("reply_on_time", snap, methodology, deadline_days=15)
    assert out.level.value == "partial"  # 16 days from the letter: possibly on time
    assert "16 days after the letter of 9 Feb 2021" in out.text
    assert "receipt, which is not known" in out.text
    on_time = run("reply_on_time", snapshot(co(), letter(), reply(date(2021, 2, 20))),
                  methodology)
    assert on_time.level.value == "met"
    assert "counted from the letter date, as the date of receipt is not known" in on_time.text


def test_reply_counted_from_receipt_when_known(methodology: Methodology) -> None:
    snap = snapshot(co(), letter(received=date(2021, 2, 12)), reply(date(2021, 2, 25)))
    out = run("reply_on_time", snap, methodology)
    assert out.level.value == "met"
    assert "13 days after receipt on 12 Feb 2021" in out.text
    late = snapshot(co(), letter(received=date(2021, 2, 10)), reply(date(2021, 3, 9)))
    assert run("reply_on_time", late, methodology).level.value == "not_met"


def test_no_reply_and_declined_are_different(methodology: Methodology) -> None:
    silent = snapshot(co(), letter())
    assert run("reply_received", silent, methodology).level.value == "not_met"
    declined = snapshot(co(), letter(follow_ups=[{"outcome": "declined_to_reply",
                                                  "note": "said they would not respond"}]))
    out = run("reply_received", declined, methodology)
    assert out.level is None and out.missing.value == "actor_declined"
    assert "said they would not respond" in out.text


def test_no_inquiry_in_period_is_not_assessed(methodology: Methodology) -> None:
    snap = snapshot(co(), letter(sent=date(2020, 5, 1)), reply(date(2020, 5, 3)))
    out = run("reply_received", snap, methodology)
    assert out.missing.value == "not_assessed" and out.evidence == ()
    assert run("reply_received", snap, methodology, Period(start_year=2020, end_year=2020)
               ).level.value == "met"


def test_inquiry_with_only_a_year_belongs_to_that_year(methodology: Methodology) -> None:
    snap = snapshot(co(), letter(sent=None, sent_year=2021))
    assert run("reply_received", snap, methodology).evidence == ("q1",)
    assert "sent in 2021" in run("reply_received", snap, methodology).text


def test_substance_maps_through_the_methodology(methodology: Methodology) -> None:
    for substance, level in [("full_answer", "met"), ("partial_answer", "partial"),
                             ("refusal_with_reasons", "not_met")]:
        snap = snapshot(co(), letter(), reply(date(2021, 2, 10), substance,
                                              excerpt="Жауап берілді."))
        out = run("reply_substance", snap, methodology)
        assert out.level.value == level
        assert "Жауап берілді." in out.text


def _incident(acts: list[dict[str, Any]], recourses: list[dict[str, Any]] | None = None,
              incident_id: str = "inc1", confidentiality: str = "public") -> Incident:
    return Incident.model_validate({
        "id": incident_id, "title": "t", "citations": [CITE.model_dump()],
        "confidentiality": confidentiality,
        "victims": [{"id": "v-0001", "kind": "person", "gender": "female"}],
        "acts": [{"victim": "v-0001", "fields": ["land"], "primary_field": "land", **a}
                 for a in acts],
        "recourses": recourses or []})


def test_acts_roll_up_and_name_the_body_below(methodology: Methodology) -> None:
    snap = snapshot(
        Actor(id="min", name="Ministry", kind="state_body"),
        Actor(id="dept", name="District police", kind="state_body", parent="min"),
        _incident([{"id": "a1", "type": "detention", "date": "2019-05-07",
                    "involvements": [{"actor": "dept", "role": "executor"}]}]),
    )
    out = run("acts_attributed", snap, methodology, Y2019, actor="min")
    assert out.level.value == "not_met" and out.evidence == ("a1",)
    assert "detention (7 May 2019; executor: District police)" in out.text


def test_alleged_involvement_only_is_partial(methodology: Methodology) -> None:
    snap = snapshot(co(), _incident([{"id": "a1", "type": "lawsuit", "date": "2019-03-01",
                                      "involvements": [{"actor": "co", "role": "initiator",
                                                        "alleged": True}]}]))
    out = run("acts_attributed", snap, methodology, Y2019)
    assert out.level.value == "partial" and "alleged" in out.text


def test_absence_of_acts_proves_nothing_in_an_incomplete_span(methodology: Methodology) -> None:
    snap = snapshot(co())
    out = run("acts_attributed", snap, methodology, Y2019)
    assert out.missing.value == "not_assessed"
    assert "hold only some of the monitored acts" in out.text
    outside = run("acts_attributed", snap, methodology, Y2021)
    assert outside.missing.value == "not_assessed" and "monitored in 2016-2020" in outside.text
    complete = methodology.model_copy(update={"incident_monitoring": [
        methodology.incident_monitoring[0].model_copy(update={"complete": True})]})
    assert run("acts_attributed", snap, complete, Y2019).level.value == "met"
    assert run("recourse_share", snap, complete, Y2019).missing.value == "not_applicable"


def test_recourses_and_responses(methodology: Methodology) -> None:
    acts = [{"id": f"a{n}", "type": "lawsuit", "date": "2019-03-01",
             "involvements": [{"actor": "co", "role": "initiator"}]} for n in range(4)]
    snap = snapshot(co(), _incident(acts, [
        {"id": "rc1", "type": "claim_withdrawn", "date": "2019-06-01", "remedies": ["a0"]},
        {"id": "rc2", "type": "acquittal", "date": "2019-07-01", "remedies": ["a1", "a2"]}]))
    share = run("recourse_share", snap, methodology, Y2019)
    assert share.level.value == "met"  # 3 of 4 = 75%, the methodology's threshold
    assert "3 of 4 act(s)" in share.text
    response = run("incident_response", snap, methodology, Y2019)
    assert response.level.value == "met"  # the company withdrew a claim in its one incident
    assert "claim withdrawn (1 Jun 2019)" in response.text
    assert "acquittal" not in response.text  # a court's act is not the company's response


def test_red_flag_and_capped_deduction(shipped: Dataset, methodology: Methodology) -> None:
    acts = [{"id": f"a{n}", "type": "detention", "date": "2019-03-01",
             "involvements": [{"actor": "co", "role": "initiator"}]} for n in range(5)]
    snap = snapshot(co(), _incident(acts))
    relaxed = methodology.model_copy(update={"coverage_threshold": 0.0})
    card = score_actor(Catalog.from_dataset(shipped), snap, "co", Y2019, relaxed)
    assert card.red_flags[0].code == "serious-acts"
    assert card.adjustment is not None
    assert card.adjustment.uncapped == 30.0  # 5 acts x severity 3 x role 1.0 x 2 points
    assert card.adjustment.points == 20.0  # the cap
    assert card.total_before_adjustment is not None and card.total is not None
    assert card.total == max(0.0, round(card.total_before_adjustment - 20.0, 1))


def test_below_the_coverage_threshold_the_total_is_insufficient_evidence(
    shipped: Dataset, methodology: Methodology
) -> None:
    snap = snapshot(co(), letter(), reply(date(2021, 2, 10)))
    card = score_actor(Catalog.from_dataset(shipped), snap, "co", Y2021, methodology)
    assert card.total is None and card.total_reason.startswith("insufficient evidence")
    responsiveness = next(p for p in card.pillars if p.pillar == "responsiveness")
    assert responsiveness.score == 100.0
    relaxed = methodology.model_copy(update={"coverage_threshold": 0.1})
    assert score_actor(Catalog.from_dataset(shipped), snap, "co", Y2021, relaxed).total == 100.0


def test_missing_states_stay_distinct_in_the_scorecard(shipped: Dataset,
                                                       methodology: Methodology) -> None:
    snap = snapshot(co(), letter(follow_ups=[{"outcome": "declined_to_reply"}]))
    card = score_actor(Catalog.from_dataset(shipped), snap, "co", Y2021, methodology)
    states = {c.criterion: c for r in card.recommendations for c in r.criteria}
    declined = states["kk2021-com-08.c1"]
    assert (declined.missing.value, declined.points) == ("actor_declined", 0.0)
    unassessed = states["kk2021-com-01.c1"]
    assert (unassessed.missing.value, unassessed.points) == ("not_assessed", None)
    assert any(f.code == "declined" for f in card.red_flags)


def test_period_parsing() -> None:
    assert parse_period("2016-2020") == Period(start_year=2016, end_year=2020)
    assert parse_period(" 2021 ").label == "2021"
    for bad in ("20", "2020-2016", "last year", "2021-"):
        with pytest.raises(Exception, match="period"):
            parse_period(bad)


def test_confidential_acts_are_counted_but_never_described(methodology: Methodology) -> None:
    secret = _incident([{"id": "a1", "type": "detention", "date": "2019-05-07",
                         "involvements": [{"actor": "co", "role": "initiator"}]}],
                       confidentiality="confidential")
    out = run("acts_attributed", snapshot(co(), secret), methodology, Y2019)
    assert out.level.value == "not_met" and out.evidence == ("a1",)
    assert "details withheld" in out.text
    assert "detention" not in out.text and "7 May 2019" not in out.text


def test_no_change_before_the_first_representable_year(shipped: Dataset,
                                                       methodology: Methodology) -> None:
    card = score_actor(Catalog.from_dataset(shipped), snapshot(co()), "co",
                       Period(start_year=1900, end_year=1900), methodology)
    assert card.change is None
