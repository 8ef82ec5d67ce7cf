"""One test per parameter of scorecards/methodology-v2.yaml: each fails when the parameter's
value in the file, or the comparison that reads it, changes. Expected numbers are worked out
by hand in the comments. The fixture catalog is described in tests/v2_fixture.py."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hrdscore.methodology import Methodology, load_methodology
from hrdscore.methodology_v2 import JUSTIFIED
from hrdscore.model import Period, Scorecard
from hrdscore.scoring import not_scored, score_actor
from hrdscore.scoring.engine_v2 import _pillar_band
from hrdscore.scoring.rules import RULES, RuleInput
from tests import v2_fixture as fx

Y2021 = Period(start_year=2021, end_year=2021)
D = date


@pytest.fixture(scope="module")
def m() -> Methodology:
    return fx.methodology()


def card(m: Methodology, *records: Any, actor: str = "co", as_of: date | None = None,
         period: Period = Y2021) -> Scorecard:
    return score_actor(fx.CATALOG, fx.snapshot(list(records)), actor, period, m, as_of=as_of)


def points(c: Scorecard, cid: str) -> float | None:
    return next(x.points for r in c.recommendations for x in r.criteria if x.criterion == cid)


FEB1 = D(2021, 2, 1)


def co_asked(received: date | None = FEB1) -> list[Any]:
    """A company sent one request on 1 Feb 2021 (received on `received`)."""
    return [fx.company("co"), fx.inquiry("q", "co", D(2021, 2, 1), received=received)]


def assessed() -> list[Any]:
    """Enough evidence for a total: every judgement criterion met, the request answered."""
    return [*co_asked(), fx.reply("r", "q", D(2021, 2, 5), "full_answer"),
            *(fx.assess("co", x, "met", D(2021, 6, 1))
              for x in ("fx-01.c1", "fx-01.c2", "fx-01.c3", "fx-03.c3"))]


def deduction(m: Methodology, *acts: Any) -> float | None:
    c = card(m, *assessed(), fx.incident("inc", list(acts)))
    assert c.total is not None
    return c.adjustment.uncapped if c.adjustment else None


def test_every_parameter_is_justified_and_the_file_refuses_a_gap() -> None:
    m = load_methodology(fx.REPO / "scorecards" / "methodology-v2.yaml")
    assert set(m.justifications) == set(JUSTIFIED)
    assert "reading of the Law on Access to Information" in \
        m.justifications["rules.deadline_days"].rationale
    raw = m.model_dump(mode="json")
    del raw["justifications"]["v2.validity_months"]
    with pytest.raises(ValueError, match=r"justifications missing for: v2.validity_months"):
        Methodology.model_validate(raw)


def test_coverage_threshold(m: Methodology) -> None:
    assert m.coverage_threshold == 0.5
    assert _pillar_band(60.0, 0.5, 2, m) == "progressing"  # exactly at it: enough
    assert _pillar_band(60.0, 0.49, 2, m) == "insufficient evidence"
    assert _pillar_band(None, 0.0, 0, m) == "not applicable"


def test_points_and_kind_weights(m: Methodology) -> None:
    # c1 met 100 (commitments), c2 partial 50 + c3 not met 0 -> due diligence 25; the
    # weights 20 and 30 -> (100*20 + 25*30) / 50 = 55 when only these two pillars are scored.
    c = card(m, *co_asked(), fx.assess("co", "fx-01.c1", "met", D(2021, 6, 1)),
             fx.assess("co", "fx-01.c2", "partial", D(2021, 6, 1)),
             fx.assess("co", "fx-01.c3", "not_met", D(2021, 6, 1)))
    assert [points(c, x) for x in ("fx-01.c1", "fx-01.c2", "fx-01.c3")] == [100, 50, 0]
    assert {p.pillar: p.weight for p in c.pillars} == {
        "commitments": 20, "due_diligence_remedy": 30, "responsiveness": 20, "conduct": 30}


def test_missing_points_declined_scores_zero_not_assessed_is_left_out(m: Methodology) -> None:
    c = card(m, *co_asked(), fx.assess("co", "fx-01.c1", None, D(2021, 6, 1),
                                       missing="actor_declined"))
    assert points(c, "fx-01.c1") == 0.0
    assert points(c, "fx-01.c2") is None


@pytest.mark.parametrize(("received", "replied", "expected"), [
    (D(2021, 2, 1), D(2021, 2, 16), 100.0),  # day 15 after receipt: on time
    (D(2021, 2, 1), D(2021, 2, 17), 0.0),  # day 16 after receipt: late (no grace)
    (None, D(2021, 2, 19), 50.0),  # day 18 after the letter: possibly on time (3 grace days)
    (None, D(2021, 2, 20), 0.0),  # day 19 after the letter: late
])
def test_deadline_days_grace_days_and_possibly_on_time_points(
        m: Methodology, received: date | None, replied: date, expected: float) -> None:
    c = card(m, *co_asked(received), fx.reply("r", "q", replied, "full_answer"))
    assert points(c, "fx-02.c2") == expected


@pytest.mark.parametrize(("substance", "expected"), [
    ("acknowledgement", 0.0), ("refusal_without_reasons", 0.0),
    ("refusal_with_reasons", 25.0), ("partial_answer", 50.0), ("full_answer", 100.0)])
def test_substance_points(m: Methodology, substance: str, expected: float) -> None:
    c = card(m, *co_asked(), fx.reply("r", "q", D(2021, 2, 5), substance))
    assert points(c, "fx-02.c3") == expected


def test_weak_factor(m: Methodology) -> None:
    c = card(m, *co_asked(), fx.reply("r", "q", D(2021, 2, 5), "full_answer", weak=True))
    assert points(c, "fx-02.c3") == 50.0  # 100 x 0.5


def test_acknowledgement_is_contact_not_substance_nor_timeliness(m: Methodology) -> None:
    c = card(m, *co_asked(), fx.reply("r", "q", D(2021, 2, 2), "acknowledgement"))
    assert [points(c, x) for x in ("fx-02.c1", "fx-02.c2", "fx-02.c3")] == [50.0, 0.0, 0.0]


def test_verbal_contact_points_and_verbal_substance_factor(m: Methodology) -> None:
    c = card(m, *co_asked(), fx.reply("r", "q", D(2021, 2, 5), "full_answer", mode="verbal"))
    # contact 50; never on time (no written answer); full answer said verbally 100 x 0.5
    assert [points(c, x) for x in ("fx-02.c1", "fx-02.c2", "fx-02.c3")] == [50.0, 0.0, 50.0]


def test_requests_are_averaged_not_best_of(m: Methodology) -> None:
    c = card(m, *co_asked(), fx.inquiry("q2", "co", D(2021, 3, 1), received=D(2021, 3, 1)),
             fx.reply("r", "q", D(2021, 2, 5), "full_answer"))
    assert points(c, "fx-02.c3") == 50.0  # (100 + 0) / 2


def test_severity_default_severity_and_per_severity_points(m: Methodology) -> None:
    # verified, initiator (1.0), not alleged: severity x 2 points
    assert deduction(m, fx.act("a", "co", "guilty_verdict", D(2021, 4, 1), "initiator",
                               "verified")) == 8.0  # 4 x 2
    assert deduction(m, fx.act("a", "co", "lawsuit", D(2021, 4, 1), "initiator",
                               "verified")) == 4.0  # 2 x 2
    assert deduction(m, fx.act("a", "co", "intimidation", D(2021, 4, 1), "initiator",
                               "verified")) == 2.0  # unlisted: default 1 x 2


@pytest.mark.parametrize(("role", "expected"), [
    ("initiator", 6.0), ("decider", 6.0), ("executor", 4.5)])  # detention 3 x role x 2
def test_role_weights(m: Methodology, role: str, expected: float) -> None:
    assert deduction(m, fx.act("a", "co", "detention", D(2021, 4, 1), role,
                               "verified")) == expected


def test_alleged_factor(m: Methodology) -> None:
    assert deduction(m, fx.act("a", "co", "detention", D(2021, 4, 1), "initiator",
                               "verified", alleged=True)) == 3.0  # 3 x 1.0 x 0.5 x 2


def test_deduction_cap(m: Methodology) -> None:
    acts = [fx.act(f"a{i}", "co", "detention", D(2021, 4, 1 + i), "initiator", "verified")
            for i in range(4)]  # 4 x 6 = 24 uncapped, capped at 20
    c = card(m, *assessed(), fx.incident("inc", acts))
    assert c.adjustment is not None
    assert (c.adjustment.uncapped, c.adjustment.points) == (24.0, 20.0)


def test_counting_verification(m: Methodology) -> None:
    def one(status: str) -> float | None:
        return deduction(m, fx.act("a", "co", "detention", D(2021, 4, 1), "initiator",
                                   status))
    assert (one("verified"), one("corroborated"), one("reported"), one("disputed")) == (
        6.0, 6.0, None, None)


def test_red_flag_severity(m: Methodology) -> None:
    def flags(act_type: str) -> list[str]:
        c = card(m, *co_asked(), fx.incident("inc", [fx.act(
            "a", "co", act_type, D(2021, 4, 1), "initiator", "verified")]))
        return [f.code for f in c.red_flags if f.code.endswith("serious-acts")]
    assert flags("detention") == ["serious-acts"]  # severity 3
    assert flags("lawsuit") == []  # severity 2


def test_counted_in_deduction_keeps_the_acts_criterion_out_of_the_pillars(
        m: Methodology) -> None:
    c = card(m, *co_asked(), fx.incident("inc", [fx.act(
        "a", "co", "detention", D(2021, 4, 1), "initiator", "verified")]))
    acts = next(x for r in c.recommendations for x in r.criteria if x.criterion == "fx-03.c1")
    assert acts.points is None and "Counted once" in acts.explanation.text


def test_response_recourses_and_recourse_share(m: Methodology) -> None:
    def response(recourse: str) -> float | None:
        c = card(m, *co_asked(), fx.incident("inc", [fx.act(
            "a", "co", "lawsuit", D(2021, 4, 1), "initiator", "verified")], [fx.Recourse(
                id="rc", type=recourse, date=D(2021, 5, 1), remedies=["a"])]))
        return points(c, "fx-03.c2")
    assert response("claim_withdrawn") == 100.0  # a company's own remedial step
    assert response("acquittal") == 0.0  # a court's, not the company's
    snap = fx.snapshot([fx.company("co"), fx.incident("inc", [
        fx.act(f"a{i}", "co", "lawsuit", D(2021, 4, 1), "initiator", "verified")
        for i in range(4)], [fx.Recourse(id="rc", type="claim_withdrawn",
                                         date=D(2021, 5, 1), remedies=["a0", "a1", "a2"])])])
    ev = snap.evidence_for("co")
    out = RULES["recourse_share"](RuleInput(ev, {"co": "Co"}, Y2021, m, {}, ev.acts, None))
    assert out.level is not None and out.level.value == "met"  # 3 of 4 = 0.75


def test_incident_monitoring_of_the_shipped_file() -> None:
    shipped = load_methodology(fx.REPO / "scorecards" / "methodology-v2.yaml")
    c = score_actor(fx.CATALOG, fx.snapshot(co_asked()), "co", Y2021, shipped)
    conduct = next(x for r in c.recommendations for x in r.criteria if x.criterion == "fx-03.c2")
    assert "monitored in 2016-2020 only" in conduct.explanation.text


def test_publishers_and_scope(m: Methodology) -> None:
    assert set(m.v2.publishers) == {"kadir-kasiet", "bhrrc"} if m.v2 else False
    snap = fx.snapshot([*co_asked(), fx.company("silent")])
    skipped = {n.actor for n in not_scored(fx.CATALOG, snap, m)}
    assert skipped == {"kadir-kasiet", "silent"}


@pytest.mark.parametrize(("value", "band"), [
    (75.0, "leading"), (74.9, "progressing"), (50.0, "progressing"), (49.9, "lagging"),
    (25.0, "lagging"), (24.9, "no evidence of action"), (0.0, "no evidence of action")])
def test_bands(m: Methodology, value: float, band: str) -> None:
    assert m.v2 is not None and m.v2.band(value) == band


def test_scoring_assessor(m: Methodology) -> None:
    c = card(m, *co_asked(), fx.assess("co", "fx-01.c1", "met", D(2021, 6, 1), id="by-un",
                                       assessor="UN", assessor_actor="un-wg"))
    assert points(c, "fx-01.c1") is None
    c = card(m, *co_asked(), fx.assess("co", "fx-01.c1", "met", D(2021, 6, 1)))
    assert points(c, "fx-01.c1") == 100.0
    # A self-report recorded without an assessor id is still only shown.
    c = card(m, *co_asked(), fx.assess("co", "fx-01.c1", "met", D(2021, 6, 1), id="self",
                                       assessor="Co LLP", assessor_actor=None,
                                       self_assessment=True))
    assert points(c, "fx-01.c1") is None


def test_validity_months(m: Methodology) -> None:
    # 24 months from 31 Dec 2019 is 31 Dec 2021: still valid at the end of 2021; one day
    # older and it has expired.
    valid = card(m, *co_asked(), fx.assess("co", "fx-01.c1", "met", D(2019, 12, 31)))
    assert points(valid, "fx-01.c1") == 100.0
    old = card(m, *co_asked(), fx.assess("co", "fx-01.c1", "met", D(2019, 12, 30)))
    assert points(old, "fx-01.c1") is None


def test_no_total_unless_every_weighted_pillar_reaches_the_threshold(m: Methodology) -> None:
    # Everything assessed but fx-01.c3: due diligence coverage 1/2. At a threshold of 0.5
    # that is enough: (100*20 + 100*30 + 100*20 + 100*30) / 100 = 100. At 0.6 it is not, and
    # no total is given rather than sharing its weight among the other pillars.
    records = [r for r in assessed() if getattr(r, "criterion", None) != "fx-01.c3"]
    assert card(m, *records).total == 100.0
    strict = m.model_copy(update={"coverage_threshold": 0.6})
    c = card(strict, *records)
    assert c.total is None and c.total_reason is not None
    assert c.total_reason.startswith("insufficient evidence: Due diligence and remedy 50%")


def test_an_allegation_in_a_confidential_incident_is_listed_without_its_id(
        m: Methodology) -> None:
    c = card(m, *co_asked(), fx.incident("inc", [fx.act(
        "a-secret", "co", "detention", D(2021, 4, 1), "initiator", "reported")],
        confidentiality="confidential"))
    assert [(a.act, a.status) for a in c.allegations] == [("confidential", "alleged")]
    from hrdscore.privacy import public_scorecard

    assert "a-secret" not in public_scorecard(c, frozenset({"a-secret", "inc"})).model_dump_json()


def test_a_finding_carried_from_the_previous_period_is_not_a_change(m: Methodology) -> None:
    # fx-01.c1 assessed in June 2020 only: it still scores in 2021 (valid 24 months) but was
    # not reassessed in 2021, so nothing is comparable (no "change 0.0").
    c = card(m, *co_asked(), fx.assess("co", "fx-01.c1", "partial", D(2020, 6, 30)))
    assert points(c, "fx-01.c1") == 50.0
    assert c.change is not None and not c.change.comparable and c.change.delta is None


def test_a_disputed_serious_act_raises_no_flag(m: Methodology) -> None:
    c = card(m, *co_asked(), fx.incident("inc", [fx.act(
        "a", "co", "detention", D(2021, 4, 1), "initiator", "disputed")]))
    assert [f.code for f in c.red_flags if f.code.endswith("serious-acts")] == []
    assert [a.status for a in c.allegations] == ["disputed"]
