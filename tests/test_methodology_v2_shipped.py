"""Methodology 2 on the shipped data: who is scored, what the headline and red flags say, and
the `score` command's JSON and table. Expected values come from the seeds (the report's annex
of replies and the Berezovka case), not from the code."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from hrdscore.cli import cli
from hrdscore.model import Assessment
from hrdscore.scoring import parse_period
from hrdscore.service import Workspace
from hrdscore.store import Store


def test_publishers_and_non_addressees_are_not_scored(workspace: Workspace) -> None:
    skipped = {n.actor: n.reason for n in workspace.not_scored()}
    assert {"kadir-kasiet", "bhrrc", "batua", "transparency-international",
            "solidarity-charity-foundation"} <= set(skipped)
    assert "does not score itself" in skipped["kadir-kasiet"]
    assert "does not score itself" in skipped["bhrrc"]
    assert "sent this one none" in skipped["batua"]
    scored = {c.actor for c in workspace.internal_scorecards(parse_period("2021"))}
    assert not scored & set(skipped)
    assert {"kpo", "bi-group", "kz-government", "burlinsky-police"} <= scored


def test_a_not_scored_actor_asked_for_says_why(workspace: Workspace) -> None:
    from hrdscore.errors import HrdscoreError

    fresh = workspace.with_methodology("2.0")  # nothing cached: scored on its own
    with pytest.raises(HrdscoreError, match=r"not scored .*does not score itself"):
        fresh.internal_scorecard(parse_period("2021"), "kadir-kasiet")


def test_district_police_is_scored_only_on_its_role(workspace: Workspace) -> None:
    card = workspace.internal_scorecard(parse_period("2019"), "burlinsky-police")
    criteria = {c.criterion for r in card.recommendations for c in r.criteria}
    # Inviting UN bodies is the Government's (executive) task, not a police department's.
    assert not {"kk2021-gov-01.c1", "kk2021-gov-01.c2"} & criteria
    # Investigating threats (gov-07.c3) names law enforcement.
    assert "kk2021-gov-07.c3" in criteria
    government = workspace.internal_scorecard(parse_period("2021"), "kz-government")
    assert "kk2021-gov-01.c1" in {c.criterion for r in government.recommendations
                                  for c in r.criteria}


def test_kpo_red_flag_says_alleged(workspace: Workspace) -> None:
    # Berezovka, 7 May 2019: KPO named by the victim as initiator of the detention (alleged,
    # reported by one source): listed as an allegation, flagged as alleged, not deducted.
    card = workspace.internal_scorecard(parse_period("2019"), "kpo")
    flags = [f.text for f in card.red_flags]
    assert flags and all("alleged" in f.lower() for f in flags)
    assert [a.status for a in card.allegations] == ["alleged"]
    assert card.adjustment is None


def test_company_headline_states_days_and_reply_class(workspace: Workspace) -> None:
    # The report's annex: KPO's reply of 25 Feb 2021 to the letter of 9 Feb, a partial answer.
    card = workspace.internal_scorecard(parse_period("2021"), "kpo")
    assert card.headline is not None
    assert card.headline.startswith(
        "Replied to 1 of 1 information requests, 16 days after the letter (legal deadline "
        "15 days from receipt); partial answer.")
    # Then the pillars with a band, each named, in words and points: responsiveness is the
    # mean of its three assessed criteria, written contact 100, possibly on time 50 and a
    # partial answer 50, (100 + 50 + 50) / 3 = 66.7; the other three pillars lack evidence.
    assert card.headline.endswith(
        "Responsiveness: progressing (66.7 of 100); no total, as 3 of 4 pillars lack "
        "evidence.")
    bi = workspace.internal_scorecard(parse_period("2021"), "bi-group")
    assert bi.headline is not None
    assert bi.headline.startswith("No written reply to the request of 12 Feb 2021.")


def test_self_assessment_never_scores_and_validation_refuses_one(
        workspace: Workspace) -> None:
    with pytest.raises(ValidationError, match="is the actor assessed"):
        Assessment(id="a", criterion="kk2021-cso-01.c1", actor="kadir-kasiet",
                   as_of=date(2020, 12, 31), level="met", rationale="r", assessor="KK",
                   assessor_actor="kadir-kasiet")
    kept = Assessment(id="a", criterion="kk2021-cso-01.c1", actor="kadir-kasiet",
                      as_of=date(2020, 12, 31), level="met", rationale="r", assessor="KK",
                      assessor_actor="kadir-kasiet", self_assessment=True)
    assert kept.self_assessment


def test_methodology_1_still_scores_everyone(workspace: Workspace) -> None:
    v1 = workspace.with_methodology("1.0")
    assert v1.methodology.version == "1.0"
    assert v1.not_scored() == []
    assert "kadir-kasiet" in {c.actor for c in v1.internal_scorecards(parse_period("2021"))}


def test_json_gives_headlines_bands_and_not_scored(runner: CliRunner,
                                                   shipped_store: Store) -> None:
    result = runner.invoke(cli, ["score", "--year", "2021", "--format", "json",
                                 "--db", str(shipped_store.path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["methodology_version"] == "2.0"
    for card in data["scorecards"]:
        assert card["headline"]
        assert all(p["band"] for p in card["pillars"])
    reasons = {n["actor"]: n["reason"] for n in data["not_scored"]}
    assert reasons["kadir-kasiet"] and reasons["bhrrc"]
    v1 = runner.invoke(cli, ["score", "--year", "2021", "--format", "json",
                             "--methodology", "1.0", "--db", str(shipped_store.path)])
    assert isinstance(json.loads(v1.output), list)
    bad = runner.invoke(cli, ["score", "--methodology", "7", "--db", str(shipped_store.path)])
    assert bad.exit_code == 1 and "no methodology version '7'" in bad.output


def test_table_fits_100_columns_and_leads_with_name_band_headline(
        runner: CliRunner, shipped_store: Store) -> None:
    result = runner.invoke(cli, ["score", "--year", "2021", "--db", str(shipped_store.path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 100
    header = next(line for line in lines if "actor" in line and "band" in line)
    assert header.index("actor") < header.index("band") < header.index("headline")
    assert "Not scored" in result.output and "Kadir-Kasiet" in result.output


def test_pdf_scorecard_leads_with_the_headline(workspace: Workspace) -> None:
    from tests.pdftools import page_texts

    pdf = workspace.public_scorecard_pdf(parse_period("2021"), "kpo", date(2026, 11, 21))
    first = page_texts(pdf)[0]
    start = first.index("Replied to 1 of 1 information requests, 16 days after the letter")
    assert start < first.index("Total")


def test_annual_report_lists_the_actors_not_scored(workspace: Workspace) -> None:
    from tests.pdftools import full_text

    text = full_text(workspace.public_report_pdf(parse_period("2021"), date(2026, 11, 21)))
    listed = text[text.index("Not scored"):]
    assert "Listed, never ranked" in listed
    assert "Batua: Not an addressee" in listed


def test_validate_refuses_a_scoring_assessment_by_the_actor_assessed(
        runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "assessments.yaml").write_text(
        "kind: assessments\nrecords:\n"
        "  - {id: a1, criterion: kk2021-com-01.c1, actor: kpo, as_of: 2021-06-30, level: met,\n"
        "     rationale: Our own policy., assessor: KPO, assessor_actor: kpo}\n",
        encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "assessor 'kpo' is the actor assessed" in result.output
