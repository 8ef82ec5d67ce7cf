"""Methodology 2 on the fixture world of tests/v2_fixture.py: every total, pillar, band,
deduction and change below is worked out by hand in the comments, never by the code.

Pillar weights (company): commitments 20, due diligence 30, responsiveness 20, conduct 30.
Bands: leading >= 75, progressing >= 50, lagging >= 25, no evidence of action below.
"""

from __future__ import annotations

from datetime import date

import pytest

from hrdscore.methodology import Methodology
from hrdscore.model import Period, Scorecard
from hrdscore.scoring import not_scored, score_actor, score_all
from hrdscore.snapshot.evidence import Snapshot
from tests import v2_fixture as fx

Y2021 = Period(start_year=2021, end_year=2021)


@pytest.fixture(scope="module")
def m() -> Methodology:
    return fx.methodology()


@pytest.fixture(scope="module")
def snap() -> Snapshot:
    return fx.snapshot()


@pytest.fixture(scope="module")
def cards(m: Methodology, snap: Snapshot) -> dict[str, Scorecard]:
    return {c.actor: c for c in score_all(fx.CATALOG, snap, Y2021, m)}


def pillars(card: Scorecard) -> dict[str, tuple[float | None, float, str | None]]:
    return {p.pillar: (p.score, p.coverage, p.band) for p in card.pillars}


def criterion(card: Scorecard, cid: str):  # type: ignore[no-untyped-def]
    return next(c for r in card.recommendations for c in r.criteria if c.criterion == cid)


def test_who_is_scored(cards: dict[str, Scorecard], m: Methodology, snap: Snapshot) -> None:
    # The publisher and the company never sent a request are listed, not scored.
    assert sorted(cards) == ["alpha", "beta", "delta", "gamma"]
    skipped = {n.actor: n.reason for n in not_scored(fx.CATALOG, snap, m)}
    assert sorted(skipped) == ["epsilon", "kadir-kasiet"]
    assert "does not score itself" in skipped["kadir-kasiet"]
    assert "sent this one none" in skipped["epsilon"]


def test_alpha_everything_assessed(cards: dict[str, Scorecard]) -> None:
    card = cards["alpha"]
    # commitments: c1 met = 100. due diligence: mean(c2 met 100, c3 partial 50) = 75.
    # responsiveness: contact 100, on time (15 days after receipt: within 15) 100, full
    # answer 100 -> 100. conduct: acts criterion counted in the deduction, incident response
    # not applicable (no act), c3 met -> 100.
    assert pillars(card) == {
        "commitments": (100.0, 1.0, "leading"),
        "due_diligence_remedy": (75.0, 1.0, "leading"),
        "responsiveness": (100.0, 1.0, "leading"),
        "conduct": (100.0, 1.0, "leading"),
    }
    # (100*20 + 75*30 + 100*20 + 100*30) / 100 = 92.5
    assert card.total == 92.5 and card.band == "leading"
    assert card.adjustment is None and card.total_before_adjustment is None
    assert card.headline == ("Replied to 1 of 1 information requests, 15 days after "
                             "receipt (legal deadline 15 days from receipt); full answer. "
                             "Overall leading (92.5 of 100).")


def test_alpha_change_only_over_criteria_assessed_in_both_periods(
        cards: dict[str, Scorecard]) -> None:
    change = cards["alpha"].change
    assert change is not None and change.comparable
    # Assessed in 2020 and 2021: fx-01.c1 (partial 50 -> met 100) and fx-01.c2 (met both).
    # 2021: commitments 100, due diligence 100 -> 100. 2020: (50*20 + 100*30) / 50 = 80.
    assert change.criteria_compared == 2
    assert change.previous_total == 80.0 and change.delta == 20.0


def test_beta_verified_act_deducted_across_a_band(cards: dict[str, Scorecard]) -> None:
    card = cards["beta"]
    # responsiveness: contact 100; 17 days after the letter, receipt unknown: within the 3
    # grace days, possibly on time 50; partial answer 50 -> (100+50+50)/3 = 66.7.
    # conduct: incident response 0 (no remedial step for the verified detention), c3 100 -> 50.
    assert pillars(card) == {
        "commitments": (100.0, 1.0, "leading"),
        "due_diligence_remedy": (100.0, 1.0, "leading"),
        "responsiveness": (66.7, 1.0, "progressing"),
        "conduct": (50.0, 1.0, "progressing"),
    }
    # before: (100*20 + 100*30 + 66.667*20 + 50*30) / 100 = 78.33 (leading)
    # deduction: detention severity 3 x executor 0.75 x 2 points = 4.5 -> 73.83 (progressing)
    assert card.total_before_adjustment == 78.3
    assert card.adjustment is not None and card.adjustment.points == 4.5
    assert card.adjustment.acts == ["a-beta-1"]
    assert card.total == 73.8 and card.band == "progressing"
    # The reported lawsuit is an allegation, the disputed search too; neither lowers it.
    assert [(a.act, a.status) for a in card.allegations] == [
        ("a-beta-2", "alleged"), ("a-beta-3", "disputed")]
    assert [f.code for f in card.red_flags] == ["serious-acts"]
    assert card.change is not None and not card.change.comparable
    assert card.change.note == "not comparable: no criterion was assessed in both 2020 and 2021"


def test_gamma_verbal_contact_expired_assessment_threshold_and_alleged_factor(
        cards: dict[str, Scorecard]) -> None:
    card = cards["gamma"]
    # due diligence: c2 partial 50; c3's 2019 assessment expired on 30 Jun 2021 -> not
    # assessed; coverage exactly 1/2 = the threshold, which is enough.
    # responsiveness: verbal-only contact 50, no written answer 0, partial answer said
    # verbally 50 x 0.5 = 25 -> (50+0+25)/3 = 25. conduct: the charge was withdrawn (remedial
    # step) 100, c3 not met 0 -> 50.
    assert pillars(card) == {
        "commitments": (100.0, 1.0, "leading"),
        "due_diligence_remedy": (50.0, 0.5, "progressing"),
        "responsiveness": (25.0, 1.0, "lagging"),
        "conduct": (50.0, 1.0, "progressing"),
    }
    expired = criterion(card, "fx-01.c3")
    assert expired.missing is not None and expired.missing.value == "not_assessed"
    assert expired.explanation.text.startswith("Not reassessed since 30 Jun 2019")
    # before: (100*20 + 50*30 + 25*20 + 50*30) / 100 = 55.0
    # deduction: charge severity 3 x initiator 1.0 x alleged 0.5 x 2 points = 3.0 -> 52.0
    assert card.total_before_adjustment == 55.0
    assert card.adjustment is not None and card.adjustment.points == 3.0
    assert card.total == 52.0 and card.band == "progressing"
    flag = next(f for f in card.red_flags if f.code == "alleged-serious-acts")
    assert "alleged" in flag.text.lower()


def test_delta_pending_request_and_assessors_shown_not_scored(m: Methodology,
                                                              snap: Snapshot) -> None:
    # Sent 10 Dec 2021, receipt unknown: 15 days + 3 grace days -> the deadline runs to
    # 28 Dec. On 28 Dec it is pending (left out); on 31 Dec it is unanswered (0).
    early = score_actor(fx.CATALOG, snap, "delta", Y2021, m, as_of=date(2021, 12, 28))
    contact = criterion(early, "fx-02.c1")
    assert contact.points is None and contact.missing is not None
    assert contact.missing.value == "not_assessed" and "pending" in contact.explanation.text
    late = score_actor(fx.CATALOG, snap, "delta", Y2021, m)
    assert criterion(late, "fx-02.c1").points == 0.0
    assert late.headline is not None
    assert late.headline.startswith("No written reply to the request of 10 Dec 2021.")
    # Its own statement and a UN body's finding are shown; neither scores, nor the draft.
    c1 = criterion(late, "fx-01.c1")
    assert c1.points is None
    assert [(o.assessor, o.self_assessment) for o in c1.other_assessments] == [
        ("Delta LLP", True), ("UN Working Group", False)]
    assert criterion(late, "fx-01.c2").points is None
    assert late.total is None and late.band is None
