"""Layout guarded (issue 16): no table header without rows under it on the same page, no
evidence number broken inside, no heading as the last line of a page, no page under 20%
filled except the last of a section; on the shipped publication and the busiest actor of the
5,000-act demo. The checker itself is tested first on documents built to have each defect."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

from hrdscore.model import Period
from hrdscore.publish import publish
from hrdscore.render.pdf.styles import Styles
from hrdscore.service import Workspace, open_workspace
from tests.pdflayout import layout_problems

ON = date(2026, 12, 1)


def _doc(*story: object) -> bytes:
    import io

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, topMargin=62, bottomMargin=60, invariant=1)
    doc.build(list(story))  # type: ignore[arg-type]
    return buffer.getvalue()


def _filler(lines: int) -> list[object]:
    return [Paragraph("Body text of the page, set in the body style.", Styles.body)
            for _ in range(lines)]


def test_checker_finds_a_heading_at_the_foot_of_a_page() -> None:
    stranded = ParagraphStyle("stranded", parent=Styles.h2, keepWithNext=0)
    pdf = _doc(*_filler(35), Spacer(1, 100), Paragraph("A heading", stranded), PageBreak(),
               *_filler(60))
    assert [p.what for p in layout_problems(pdf) if p.page == 1] == [
        "heading as the last line: ['A heading']"]


def test_checker_finds_a_table_header_without_rows() -> None:
    header = [Paragraph("Criterion", Styles.head), Paragraph("Level", Styles.head)]
    pdf = _doc(*_filler(40), Spacer(1, 150), Table([header]), PageBreak(), *_filler(60))
    assert any("table header without rows" in p.what for p in layout_problems(pdf))


def test_checker_finds_a_mostly_empty_page_but_not_the_last_one() -> None:
    pdf = _doc(*_filler(3), PageBreak(), *_filler(60), PageBreak(), *_filler(3))
    assert [(p.page, p.what.split(":")[0]) for p in layout_problems(pdf)] == [
        (1, "page only 7% filled")]


def test_checker_finds_an_evidence_number_broken_in_two() -> None:
    cell = Paragraph("E11<br/>8", Styles.cell_bold)
    pdf = _doc(Table([[cell, Paragraph("text", Styles.cell)]]), *_filler(60))
    assert any("evidence number broken: E11 / 8" in p.what for p in layout_problems(pdf))


@pytest.fixture(scope="module")
def shipped_pdfs(workspace: Workspace, tmp_path_factory: pytest.TempPathFactory,
                 ) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for year in (2021, 2019):
        target = tmp_path_factory.mktemp(f"layout{year}")
        publish(workspace, Period(start_year=year, end_year=year), target, generated_on=ON)
        out |= {f"{year}/{p.relative_to(target)}": p.read_bytes()
                for p in sorted(Path(target).rglob("*.pdf"))}
    return out


def test_shipped_publications_have_no_layout_defect(shipped_pdfs: dict[str, bytes]) -> None:
    found = {name: layout_problems(pdf) for name, pdf in shipped_pdfs.items()}
    assert {name: problems for name, problems in found.items() if problems} == {}


@pytest.mark.slow
def test_the_whole_demo_publication_has_no_layout_defect(tmp_path: Path) -> None:
    # The 5,000-act demo, published as a user would (the default period): every PDF, the
    # report and each actor's scorecard, and among them the busiest actor's.
    from hrdscore.demo import build_database
    from hrdscore.publication_period import latest_period

    db = tmp_path / "demo.json"
    build_database(db, acts=5000)
    ws = open_workspace(db, ON)
    period = latest_period(ws.snapshot())
    out = tmp_path / "published"
    publish(ws, period, out, generated_on=ON)
    pdfs = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}
    snap = ws.snapshot()
    busiest = max(ws.public_scorecards(period),
                  key=lambda c: len(snap.evidence_for(c.actor).acts) + len(c.requests))
    assert len(pdfs) > 50
    assert any(busiest.actor in name for name in pdfs), busiest.actor
    found = {name: layout_problems(pdf) for name, pdf in pdfs.items()}
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_checker_finds_a_word_broken_across_lines() -> None:
    # "Защита правозащитников" in a 50-point header cell: ReportLab breaks the long word where
    # the column ends, as the Russian rankings did before their columns were fitted.
    header = Paragraph("Защита правозащитников", Styles.head_small_right)
    pdf = _doc(Table([[Paragraph("Участник", Styles.head), header]], colWidths=[200, 50]),
               *_filler(60))
    found = [p.what for p in layout_problems(pdf) if "broken across" in p.what]
    assert len(found) == 1 and found[0].startswith("word broken across lines: правоза"), found


def test_checker_leaves_words_wrapped_between_them_alone() -> None:
    cell = Paragraph("Защита правозащитников", Styles.head_small_right)
    pdf = _doc(Table([[Paragraph("Участник", Styles.head), cell]], colWidths=[200, 70]),
               *_filler(60))
    assert not [p for p in layout_problems(pdf) if "broken across" in p.what]
