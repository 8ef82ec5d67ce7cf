"""The annual report as PDF: its sections, the rankings, the requests table, charts built from
public (suppressed) tables and from the report's own figures, long tables split with their
header repeated, fonts, metadata and the same bytes for the same inputs."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from hrdscore.model import Period, Scorecard
from hrdscore.model.vocab import ActorKind
from hrdscore.render.pdf import annual_report_pdf
from hrdscore.service import Workspace
from hrdscore.snapshot.views import ActView
from hrdscore.stats import StatsFilter, threat_tables

from .pdftools import DEJAVU, embedded, face, fonts, full_text, outline_titles, page_texts, reader

Y2021 = Period(start_year=2021, end_year=2021)
ON = date(2026, 11, 21)
SECTIONS = ["How to read the scorecards", "The methodology in brief", "Rankings",
            "Information requests and replies", "Incidents against defenders",
            "Scorecards, actor by actor", "Annex: the methodology in full"]


def _report(ws: Workspace, cards: list[Scorecard], acts: tuple[ActView, ...] | None = None,
            **kw: object) -> bytes:
    snap = ws.snapshot()
    return annual_report_pdf(cards, period=Y2021, responsiveness=ws.responsiveness(Y2021),
                             methodology=ws.methodology, catalog=ws.catalog,
                             acts=snap.acts if acts is None else acts, generated_on=ON,
                             **{"not_scored": ws.not_scored(),
                                "tracker": ws.public_tracker(Y2021), **kw})  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def report(workspace: Workspace) -> bytes:
    return workspace.public_report_pdf(Y2021, ON)


@pytest.fixture(scope="module")
def text(report: bytes) -> str:
    return full_text(report)


def test_sections_in_order_and_in_the_bookmarks(report: bytes, text: str) -> None:
    positions = [text.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    titles = outline_titles(report)
    assert set(SECTIONS) <= set(titles)
    assert "BozashyTransҚұrylys LLP" in titles  # each actor's section is bookmarked


def test_cover_gives_the_period_the_counts_and_the_snapshot(workspace: Workspace) -> None:
    cover = page_texts(workspace.public_report_pdf(Y2021, ON))[0]
    assert "Scorecards 2021" in cover
    # Methodology 2 scores 30 of the 36 actors (the others are listed, never ranked).
    assert "30 actors scored" in cover and "0 with a total" in cover
    assert "12 information requests" in cover and "58% answered in writing" in cover
    assert workspace.snapshot().hash in cover


def test_every_actor_appears_with_its_name_intact(workspace: Workspace, text: str) -> None:
    for card in workspace.internal_scorecards(Y2021):
        assert " ".join(card.actor_name.split()) in text, card.actor
    assert "BozashyTransҚұrylys LLP" in text


def test_responsiveness_table_as_in_the_annex(text: str) -> None:
    assert "12 requests · 7 written replies (response rate 58%) · 3 substantive (25%)" in text
    assert "median 18 days to reply" in text
    assert "Techno Trading LTD LLP 12 3 Feb 2021 4 Mar 2021 29* late" in text
    assert "WestOil — 2021, day unknown — no written reply no written reply" in text


def test_rankings_are_on_landscape_pages_by_kind(report: bytes, text: str) -> None:
    pdf = reader(report)
    pages = page_texts(report)
    ranking = next(i for i, t in enumerate(pages) if "Rankings" in t
                   and "State bodies (12)" in t)
    box = pdf.pages[ranking].mediabox
    assert box.width > box.height
    assert pdf.pages[0].mediabox.width < pdf.pages[0].mediabox.height
    # Methodology 2 ranks only the actors it scores: not the publishers (Kadir-Kasiet,
    # BHRRC) nor actors no recommendation addresses (Batua, the State revenue authorities,
    # the international NGOs Transparency International and Solidarity).
    for heading in ("State bodies (12)", "Companies (10)", "Banks (1)",
                    "Public organisations (1)", "Civil society organisations (2)",
                    "International bodies (4)"):
        assert heading in text


def test_ranks_follow_totals_and_ties_share_a_rank(workspace: Workspace) -> None:
    cards = [c for c in workspace.internal_scorecards(Y2021) if c.actor_kind is ActorKind.COMPANY]
    totals = {"kpo": 80.0, "bi-group": 45.5, "westoil": 80.0, "techno-trading-ltd": 12.0}
    cards = [c.model_copy(update={"total": totals[c.actor], "total_reason": None})
             if c.actor in totals else c for c in cards]
    ranking = next(t for t in page_texts(_report(workspace, cards)) if "Companies (10)" in t)
    order = ["1 Karachaganak Petroleum Operating B.V. 80", "1 WestOil 80",
             "3 BI Group 45.5", "4 Techno Trading LTD LLP 12",
             "— ArcelorMittal Temirtau JSC insufficient"]
    assert [ranking.index(row) for row in order] == sorted(ranking.index(r) for r in order)


def test_incident_charts_withhold_small_counts(workspace: Workspace, text: str) -> None:
    # The shipped acts are few: every figure rests on fewer than 5 persons.
    assert "Recorded acts, 2016-2021: 11 threats in the evidence database." in text
    # Each all-withheld chart is one sentence, not a heading over an empty chart.
    assert text.count("every figure is withheld (too few persons") == 3


def test_incident_charts_show_counts_from_public_tables(workspace: Workspace) -> None:
    base = next(a for a in workspace.snapshot().acts if a.date.year == 2019)
    acts = tuple(dataclasses.replace(base, id=f"a-{i}", victim=f"v-bench-{i}")
                 for i in range(40))
    year, = threat_tables(acts, [("year",)], flt=StatsFilter(period=Period(
        start_year=2019, end_year=2021)), threshold=5)
    assert year.cells[0].threats == 40
    text = full_text(_report(workspace, workspace.internal_scorecards(Y2021), acts=acts))
    assert "Recorded acts, 2019-2021: 40 threats in the evidence database." in text
    assert "Threats by year (recorded acts)" in text
    assert "every figure is withheld" not in text
    assert "v-bench" not in text


def test_the_reports_own_figures_are_charted_and_labelled(workspace: Workspace,
                                                         text: str) -> None:
    assert "Threats by year (the report's figures)" in text
    assert "As published in the report (2016-2020), in threats. Source: footnote 15" in text
    for value in ("133", "377", "107", "59", "17"):
        assert value in text
    without = full_text(_report(workspace, workspace.internal_scorecards(Y2021), reference=None))
    assert "the report's figures" not in without


def test_annex_lists_every_criterion_and_how_it_is_assessed(workspace: Workspace,
                                                            text: str) -> None:
    annex = text[text.index("Annex: the methodology in full"):]
    for rec in workspace.catalog.recommendations:  # by number and text, never by id
        assert " ".join(rec.text.split()) in annex
        assert rec.id not in annex
    assert "Worked out from the dates of the request and the reply" in annex
    assert "Analyst's judgement" in annex


@pytest.mark.slow
def test_long_tables_split_with_the_header_repeated(workspace: Workspace) -> None:
    template = workspace.internal_scorecard(Y2021, "bozashytranskurylys")
    cards = [template.model_copy(update={"actor": f"syn-{i:03d}",
                                         "actor_name": f"Құрылыс {i:03d} ЖШС"})
             for i in range(90)]
    pages = page_texts(_report(workspace, cards))
    ranking = [t for t in pages if "Құрылыс" in t and "Coverage" in t
               and "Commitments" in t and "Criteria assessed" not in t]
    assert len(ranking) >= 3  # 90 rows over several pages
    assert all("Actor Total Coverage Commitments" in t for t in ranking)
    listed = {f"Құрылыс {i:03d} ЖШС" for i in range(90)}
    assert all(any(name in t for t in ranking) for name in listed)


def test_fonts_metadata_and_determinism(workspace: Workspace, report: bytes) -> None:
    used = fonts(report)
    assert {face(n) for n in used} <= DEJAVU and all(embedded(f) for f in used.values())
    meta = reader(report).metadata
    assert meta is not None
    assert meta.title == "Scorecards 2021: human rights defenders and corporate accountability"
    assert meta.subject and "30 actors" in meta.subject
    assert reader(report).trailer["/Root"]["/Lang"] == "en"
    assert _report(workspace, workspace.internal_scorecards(Y2021)) == report
