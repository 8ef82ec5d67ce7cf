"""Colour that a colour-blind reader can tell apart, and never colour alone (issue 16)."""

from __future__ import annotations

import io
from datetime import date
from itertools import combinations

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, Line, Rect, String

from hrdscore.model import Period
from hrdscore.model.scorecard import PillarResult
from hrdscore.render.pdf import charts, incidents
from hrdscore.render.pdf.styles import BAD, GOOD, MIDDLE, PROGRESSING
from hrdscore.service import Workspace
from tests.colourmath import ciede2000, normal_distance, seen_distance

PALETTE = {"good": "#" + GOOD.hexval()[2:], "progressing": "#" + PROGRESSING.hexval()[2:],
           "middle": "#" + MIDDLE.hexval()[2:], "bad": "#" + BAD.hexval()[2:]}


@pytest.mark.parametrize(("lab1", "lab2", "expected"), [
    # Sharma, Wu & Dalal (2005), test data pairs 1, 7 and 17.
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
])
def test_ciede2000_matches_the_published_test_pairs(lab1: tuple[float, float, float],
                                                    lab2: tuple[float, float, float],
                                                    expected: float) -> None:
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("deficiency", ["deuteranopia", "protanopia"])
def test_every_pair_of_the_palette_stays_apart_for_colour_blind_readers(
        deficiency: str) -> None:
    for (n1, c1), (n2, c2) in combinations(PALETTE.items(), 2):
        assert seen_distance(c1, c2, deficiency) >= 20, (n1, n2, deficiency)


def test_the_old_green_and_red_fail_the_same_check() -> None:
    # The pair the issue reported: clearly different for most readers, not for a deuteranope.
    assert normal_distance("#2e7d32", "#b3261e") > 40
    assert seen_distance("#2e7d32", "#b3261e", "deuteranopia") < 20


def _strings(d: Drawing) -> list[str]:
    return [s.text for s in d.contents if isinstance(s, String)]


def _pillar(score: float | None, band: str | None) -> PillarResult:
    return PillarResult(pillar="p", label="Responsiveness", weight=20, score=score,
                        coverage=0.75 if score is not None else 0.0, criteria=4, band=band)


def test_a_scored_pillar_carries_its_band_word_and_no_score_differs_from_zero() -> None:
    scored = charts.pillar_bars([_pillar(58.3, "progressing")])
    assert "progressing · coverage 75%" in _strings(scored)
    zero = charts.pillar_bars([_pillar(0.0, "no evidence of action")])
    none = charts.pillar_bars([_pillar(None, None)])
    assert "0 / 100" in _strings(zero) and "no score" in _strings(none)
    # A zero still has a visible mark; no score is hatched instead.
    zero_marks = [r for r in zero.contents if isinstance(r, Rect) and r.width > 0
                  and r.fillColor == BAD]
    assert zero_marks
    hatch = [x for x in none.contents if isinstance(x, Line) and x.y2 - x.y1 == 10]
    assert len(hatch) > 10
    assert not [x for x in zero.contents if isinstance(x, Line) and x.y2 - x.y1 == 10]


def test_every_timeline_line_has_its_status_in_words() -> None:
    rows = [charts.TimelineRow("No. 26", date(2021, 2, 12), date(2021, 2, 27),
                               date(2021, 3, 2), "probably_on_time"),
            charts.TimelineRow("No. 27", date(2021, 2, 12), date(2021, 2, 27), None,
                               "no_reply")]
    texts = _strings(charts.timeline(rows))
    assert "No. 26 · possibly on time" in texts
    assert "No. 27 · no written reply" in texts


def test_a_chart_whose_every_figure_is_withheld_is_one_sentence() -> None:
    out = incidents._chart_block("Threats by field, 2021", [charts.Bar("land", None),
                                                            charts.Bar("oil", None)],
                                 "note", False)
    assert len(out) == 1
    assert out[0].text.startswith("Threats by field, 2021: every figure is withheld")


# Methodology 2's bands, highest first, as scorecards/methodology-v2.yaml lists them.
BANDS = ("leading", "progressing", "lagging", "no evidence of action")


@pytest.mark.parametrize(("score", "band", "colour"), [
    # The colour follows the band the card carries, one colour per band: a 74 that the
    # methodology calls progressing is light blue, a 49 that it calls lagging is amber.
    (80.0, "leading", GOOD), (74.0, "progressing", PROGRESSING), (50.0, "progressing",
                                                                   PROGRESSING),
    (49.0, "lagging", MIDDLE), (25.0, "lagging", MIDDLE), (24.0, "no evidence of action", BAD),
])
def test_a_bar_has_the_colour_of_its_band(score: float, band: str, colour: object) -> None:
    d = charts.pillar_bars([_pillar(score, band)], bands=BANDS)
    fills = {r.fillColor for r in d.contents if isinstance(r, Rect) and r.fillColor in
             (GOOD, PROGRESSING, MIDDLE, BAD)}
    assert fills == {colour}


def test_the_report_legend_gives_each_band_its_limits_in_words(workspace: Workspace) -> None:
    pdf = workspace.public_report_pdf(Period(start_year=2021, end_year=2021), date(2026, 12, 1))
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    how = next(t for t in pages if "How to read the scorecards" in t and "Pillars" in t)
    for line in ("75 and above: leading", "50 to under 75: progressing",
                 "25 to under 50: lagging", "under 25: no evidence of action"):
        assert line in how, line
    assert "67-100" not in how and "34-66" not in how
    # Methodology 2's rules, not version 1's: a total only when every pillar is covered.
    assert "every weighted pillar has at least 50% of its criteria" in " ".join(how.split())
    assert "Only corroborated or verified acts" in " ".join(how.split())


def test_a_pillar_with_no_criterion_for_the_actor_reads_not_applicable() -> None:
    none_apply = PillarResult(pillar="p", label="International engagement", weight=15,
                              score=None, coverage=0.0, criteria=0)
    one = PillarResult(pillar="q", label="Protection of defenders", weight=30, score=None,
                       coverage=0.0, criteria=1)
    texts = _strings(charts.pillar_bars([none_apply, one], bands=BANDS))
    assert "weight 15 · 0 criteria" in texts and "weight 30 · 1 criterion" in texts
    assert texts.count("not applicable") == 1 and "no criterion applies" in texts
    assert texts.count("no score") == 1 and "coverage 0%" in texts
