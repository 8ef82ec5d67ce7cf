"""One actor's scorecard as PDF: what a reader must find in it, the fonts that make Kazakh
letters print, what must never be in it, and the same bytes for the same inputs."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from hrdscore.model import Change, Explanation, Period, Scorecard
from hrdscore.model.vocab import MissingState
from hrdscore.organisation import current_organisation
from hrdscore.render.pdf import scorecard_pdf
from hrdscore.service import Workspace

from .conftest import REPO
from .pdftools import DEJAVU, embedded, face, fonts, full_text, page_texts, reader

Y2021 = Period(start_year=2021, end_year=2021)
Y2019 = Period(start_year=2019, end_year=2019)
ON = date(2026, 11, 21)
BOZASHY = "BozashyTransҚұrylys LLP"  # Қ U+049A, ұ U+04B1


def _pdf(ws: Workspace, card: Scorecard, *, evidence: bool = True) -> bytes:
    snap = ws.snapshot()
    return scorecard_pdf(card, snap.evidence_for(card.actor) if evidence else None,
                         sources=snap.sources, methodology=ws.methodology, generated_on=ON)


@pytest.fixture(scope="module")
def bozashy(workspace: Workspace) -> bytes:
    return workspace.public_scorecard_pdf(Y2021, "bozashytranskurylys", ON)


def test_kazakh_letters_survive_in_the_name_and_its_spellings(bozashy: bytes) -> None:
    assert "\u049a\u04b1" in BOZASHY
    first = page_texts(bozashy)[0]
    assert BOZASHY in first
    assert "Also written: BozashyTransKurylys LLP" in first
    # The same name in every page's running head after the first.
    assert all(BOZASHY in text for text in page_texts(bozashy)[1:])


def test_cyrillic_and_kazakh_aliases_print(workspace: Workspace) -> None:
    text = full_text(workspace.public_scorecard_pdf(Y2021, "kz-government", ON))
    assert "Правительство Республики Казахстан" in text
    assert "Қазақстан Республикасының Үкіметі" in text


def test_every_explanation_level_and_the_missing_total_are_printed(
        workspace: Workspace, bozashy: bytes) -> None:
    card = workspace.internal_scorecard(Y2021, "bozashytranskurylys")
    text = full_text(bozashy)
    assert card.total is None
    assert "Insufficient evidence" in text
    assert "every weighted pillar needs 50%" in text
    criteria = [c for r in card.recommendations for c in r.criteria]
    assert len(criteria) == 20
    assessed = [c for c in criteria if c.missing is not MissingState.NOT_ASSESSED]
    for c in assessed:  # each criterion assessed: its statement and its explanation
        assert " ".join(c.statement.split()) in text, c.criterion
        assert " ".join(c.explanation.text.split()) in text, c.criterion
    # Those not assessed are counted per recommendation, by statement, never by id.
    assert "2 of 2 criteria not yet assessed" in text
    assert not any(c.criterion in text for c in criteria)
    assert "66.7 / 100" in text  # the responsiveness pillar


def test_a_total_prints_as_a_number_with_its_adjustment_and_change(
        workspace: Workspace) -> None:
    card = workspace.internal_scorecard(Y2021, "kpo").model_copy(update={
        "total": 62.5, "total_reason": None, "coverage": 0.8,
        "change": Change(previous_period="2020", previous_total=55.0, delta=7.5,
                         criteria_compared=6)})
    text = full_text(_pdf(workspace, card))
    assert "62.5 / 100" in text
    assert "Insufficient evidence" not in text
    assert "Coverage 80% of the applicable criteria" in text
    assert "+7.5 points (55 then, 62.5 now), on the 6 criteria scored in both periods" in text


def test_red_flags_come_before_the_total_and_the_pillars(workspace: Workspace) -> None:
    card = workspace.internal_scorecard(Y2019, "kpo")
    assert card.red_flags
    first = page_texts(workspace.public_scorecard_pdf(Y2019, "kpo", ON))[0]
    flag = " ".join(card.red_flags[0].text.split())
    assert flag in first
    assert first.index("Red flag") < first.index("Total") < first.index("Pillars")


def test_company_requests_are_shown_against_the_legal_deadline(bozashy: bytes) -> None:
    first = page_texts(bozashy)[0]
    assert "Information requests and replies" in first
    assert "legal deadline of 15 calendar days" in first
    assert "No. 27" in first and "12 Feb 2021" in first and "2 Mar 2021" in first
    assert "possibly on time" in first


def test_evidence_list_cites_its_sources(workspace: Workspace, bozashy: bytes) -> None:
    text = full_text(bozashy)
    assert "Evidence" in text and "Documents cited" in text
    assert "Information request No. 27 of 12 Feb 2021" in text
    assert "Written reply of 2 Mar 2021" in text
    assert "inq-kk2021-11" not in text  # record ids stay in the JSON
    source = workspace.snapshot().sources["src-kk2021-report"]
    assert " ".join(source.title.split()) in text
    assert f"SHA-256 of the kept copy {source.sha256}" in text


def test_no_victim_is_identified(workspace: Workspace) -> None:
    snap = workspace.snapshot()
    victims = {a.victim for a in snap.acts}
    identities = {v.identity for i in snap.incidents.values() for v in i.victims if v.identity}
    for period, actor in ((Y2019, "kpo"), (Y2019, "kz-mvd"), (Y2021, "bi-group")):
        text = full_text(workspace.public_scorecard_pdf(period, actor, ON))
        assert victims and not any(v in text for v in victims), actor
        assert not any(i in text for i in identities), actor
    kpo = full_text(workspace.public_scorecard_pdf(Y2019, "kpo", ON))
    assert "detention (May 2019; initiator, alleged)" in kpo  # the month, never the day
    assert "7 May 2019" not in kpo


def test_only_the_bundled_unicode_font_is_used_and_embedded(bozashy: bytes) -> None:
    used = fonts(bozashy)
    assert used
    assert {face(name) for name in used} == DEJAVU - {"DejaVuSans-BoldOblique"}
    assert all(embedded(font) for font in used.values())
    assert not any("Helvetica" in name or "Times" in name for name in used)


def test_every_paragraph_style_is_set_in_the_bundled_font() -> None:
    from hrdscore.render.pdf.styles import Styles

    styles = Styles.all()
    assert len(styles) > 20
    assert all(s.fontName in DEJAVU for s in styles), [s.name for s in styles
                                                        if s.fontName not in DEJAVU]


def test_every_page_has_its_number_the_snapshot_hash_and_the_date(
        workspace: Workspace, bozashy: bytes) -> None:
    pages = page_texts(bozashy)
    snapshot = workspace.snapshot().hash
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert f"Evidence snapshot SHA-256 {snapshot}" in text
        assert "Generated 21 Nov 2026 · methodology 2.0" in text


def test_metadata_names_the_document(bozashy: bytes) -> None:
    pdf = reader(bozashy)
    meta = pdf.metadata
    assert meta is not None
    assert meta.title == f"Scorecard 2021: {BOZASHY}"
    # The publishing organisation (scorecards/organisation.yaml), not the software.
    assert meta.author == current_organisation().name != "hrdscore"
    assert meta.subject and BOZASHY in meta.subject and "methodology 2.0" in meta.subject
    assert pdf.trailer["/Root"]["/Lang"] == "en"
    assert meta["/CreationDate"].startswith("D:20261121000000")


def test_same_inputs_same_bytes_and_the_date_is_an_input(workspace: Workspace,
                                                         bozashy: bytes) -> None:
    again = workspace.public_scorecard_pdf(Y2021, "bozashytranskurylys", ON)
    assert again == bozashy
    later = workspace.public_scorecard_pdf(Y2021, "bozashytranskurylys", date(2026, 11, 22))
    assert later != bozashy


def test_same_bytes_in_another_process_whatever_the_clock_and_hash_seed(
        workspace: Workspace, bozashy: bytes, tmp_path: Path) -> None:
    code = ("import sys; from datetime import date; from pathlib import Path; "
            "from hrdscore.model import Period; from hrdscore.service import open_workspace; "
            "ws = open_workspace(Path(sys.argv[1]), date(2026, 11, 21)); "
            "Path(sys.argv[2]).write_bytes(ws.public_scorecard_pdf(Period(start_year=2021, "
            "end_year=2021), 'bozashytranskurylys', date(2026, 11, 21)))")
    out = tmp_path / "other.pdf"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "SOURCE_DATE_EPOCH": "86400"}
    subprocess.run([sys.executable, "-c", code, str(workspace.store.path), str(out)],
                   check=True, env=env, cwd=tmp_path)
    assert out.read_bytes() == bozashy


def test_without_evidence_the_card_alone_is_printed(workspace: Workspace) -> None:
    card = workspace.internal_scorecard(Y2021, "bozashytranskurylys")
    text = full_text(_pdf(workspace, card, evidence=False))
    assert BOZASHY in text
    assert "Documents cited" not in text and "Also written" not in text
    assessed = next(c for r in card.recommendations for c in r.criteria if c.level is not None)
    assert " ".join(assessed.explanation.text.split()) in text


def test_a_very_long_explanation_is_shortened_not_a_failed_build(
        workspace: Workspace) -> None:
    card = workspace.internal_scorecard(Y2021, "kpo")
    # A criterion the card prints as a row (one not assessed is only counted).
    at = next(i for i, r in enumerate(card.recommendations)
              if r.criteria[0].missing is not MissingState.NOT_ASSESSED)
    rec = card.recommendations[at]
    huge = "; ".join(f"act {i} (1 Jan 2019; initiator)" for i in range(2000))
    long_criterion = rec.criteria[0].model_copy(update={
        "explanation": Explanation(basis="rule:acts_attributed", text=huge)})
    recs = list(card.recommendations)
    recs[at] = rec.model_copy(update={"criteria": [long_criterion, *rec.criteria[1:]]})
    card = card.model_copy(update={"recommendations": recs})
    text = full_text(_pdf(workspace, card))
    assert "shortened here; the scorecard's JSON has it in full" in text
    assert "act 1999" not in text


def test_unknown_actor_is_not_found(workspace: Workspace) -> None:
    from hrdscore.errors import NotFound

    with pytest.raises(NotFound):
        workspace.public_scorecard_pdf(Y2021, "no-such-actor", ON)


@pytest.mark.slow
def test_the_fonts_and_their_licence_ship_in_the_wheel(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(REPO)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("hrdscore-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (*sorted(DEJAVU), "LICENSE"):
        suffix = ".ttf" if name != "LICENSE" else ""
        assert f"hrdscore/render/pdf/fonts/{name}{suffix}" in names


def test_long_lists_are_cut_with_a_pointer_to_the_full_data(workspace: Workspace,
                                                             tmp_path: Path) -> None:
    from hrdscore.model import Citation, Inquiry
    from hrdscore.render.pdf.scorecard_requests import LISTED_REQUESTS
    from hrdscore.service import Workspace as Ws
    from hrdscore.store import Store

    store = Store(tmp_path / "db.json")
    store.path.write_bytes(workspace.store.path.read_bytes())
    many = [Inquiry(id=f"inq-many-{n:03d}", actor="kpo", reference=str(n),
                    sent_on=date(2021, 3, 1), citations=[Citation(source="src-kk2021-report",
                                                                  locator="test")])
            for n in range(LISTED_REQUESTS + 15)]
    with store.transaction("test") as tx:
        tx.inquiries.put_many(many)
    ws = Ws(catalog=workspace.catalog, methodology=workspace.methodology, store=store)
    text = full_text(ws.public_scorecard_pdf(Period(start_year=2021, end_year=2021), "kpo",
                                      date(2026, 11, 21)))
    total = LISTED_REQUESTS + 16  # the shipped request of 9 Feb 2021 and the added ones
    assert f"The first {LISTED_REQUESTS} of {total} requests are shown; 16 more" in text
