"""Safe, plain wording in every public PDF of the shipped 2021 and 2019 publications (issue 16).

The publications are built once per module from the shipped data."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from hrdscore.errors import HrdscoreError
from hrdscore.model import Period
from hrdscore.publicity import MissingPublicSummary, require_public_summaries
from hrdscore.publish import publish
from hrdscore.service import Workspace

ON = date(2026, 12, 1)
CRITERION_ID = re.compile(r"\b[a-z]+\d{4}-[a-z]+-\d+(\.c\d+)?\b")
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")
RULES = ("reply_received", "reply_on_time", "reply_substance", "acts_attributed",
         "incident_response", "recourse_share")
# The day-precise dates of the shipped acts (inc-2019-berezovka), worked out by hand from
# recommendations/kk2021/evidence/incidents.yaml, in every form a renderer might print them.
ACT_DATES = ("7 May 2019", "8 May 2019", "May 7, 2019", "May 8, 2019", "2019-05-07",
             "2019-05-08", "07.05.2019", "08.05.2019")


@pytest.fixture(scope="module")
def texts(workspace: Workspace, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out: dict[str, str] = {}
    for year in (2021, 2019):
        target = tmp_path_factory.mktemp(f"pub{year}")
        publish(workspace, Period(start_year=year, end_year=year), target, generated_on=ON)
        for pdf in sorted(Path(target).rglob("*.pdf")):
            reader = PdfReader(pdf)
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
            out[f"{year}/{pdf.relative_to(target)}"] = " ".join(text.split())
    return out


def test_no_pdf_names_the_village_the_wife_or_a_day_of_an_act(texts: dict[str, str]) -> None:
    assert len(texts) == 62  # 30 scorecards and the report, for each year
    for name, text in texts.items():
        assert "berezovka" not in text.casefold(), name
        assert not re.search(r"\bwife\b", text, re.IGNORECASE), name
        for day in ACT_DATES:
            assert day not in text, (name, day)


def test_no_pdf_prints_a_criterion_id_a_rule_name_or_a_code(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        assert not CRITERION_ID.search(text), (name, CRITERION_ID.search(text))
        for rule in RULES:
            assert rule not in text, (name, rule)
        assert not CODE.search(text), (name, CODE.search(text))


def test_no_pdf_prints_an_actor_id_or_methodology_1_wording(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        assert "actor id" not in text.casefold(), name
        assert "kk2021" not in text, name  # the report is named by its title
        # Methodology 2 never shares out a pillar's weight: the version 1 sentence would
        # tell the reader the opposite of the rule applied.
        assert "weighs the pillars that have a score" not in text, name
    kpo = texts["2021/actors/kpo.pdf"]
    assert "a total is given only when every weighted pillar has at least 50% coverage" in kpo
    # The pillar's band and coverage in full, not cut off at the chart's edge.
    assert "insufficient evidence · coverage 11%" in kpo


def test_the_kpo_2019_card_prints_the_editors_summary_with_the_alleged_role(
        texts: dict[str, str]) -> None:
    kpo = texts["2019/actors/kpo.pdf"]
    assert "alleges that the field's operator, KPO, was involved" in kpo
    assert "Alleged, not established" in kpo
    assert "May 2019" in kpo
    # The source is cited once for the incident, its locators merged.
    assert kpo.count("[S1] Answer on threats and attacks experienced, paragraph 1") == 1


def test_publishing_refuses_a_cited_incident_without_a_public_summary(
        workspace: Workspace) -> None:
    snap = workspace.snapshot()
    cards = [workspace.public_scorecard(Period(start_year=2019, end_year=2019), "kpo")]
    require_public_summaries(snap, cards)  # the shipped data has one
    incidents = dict(snap.incidents.items())
    incidents["inc-2019-berezovka"] = incidents["inc-2019-berezovka"].model_copy(
        update={"public_summary": None})
    edited = SimpleNamespace(acts=snap.acts, incidents=incidents)
    with pytest.raises(MissingPublicSummary, match="inc-2019-berezovka"):
        require_public_summaries(edited, cards)  # type: ignore[arg-type]
    assert issubclass(MissingPublicSummary, HrdscoreError)


def test_an_acts_own_public_summary_replaces_the_generated_line(workspace: Workspace) -> None:
    from hrdscore.render.pdf.evidence import _describe_act, _Documents
    from hrdscore.render.pdf.words import words

    snap = workspace.snapshot()
    ev = snap.evidence_for("kpo")
    act = next(a for a in ev.acts if a.id == "a-2019-berezovka-1")
    incident = snap.incidents["inc-2019-berezovka"]
    docs = _Documents(snap.sources, words("en"))
    generated = _describe_act(act, ev, docs, {incident.id: incident})
    assert "Act against a defender: detention, May 2019; role of" in generated
    edited = incident.model_copy(update={"acts": [
        a.model_copy(update={"public_summary": "An editor's words for this act"})
        if a.id == act.id else a for a in incident.acts]})
    written = _describe_act(act, ev, _Documents(snap.sources, words("en")),
                            {incident.id: edited})
    assert written.startswith("Act against a defender: An editor's words for this act.")
    assert "role of" not in written
