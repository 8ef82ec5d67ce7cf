"""`hrdscore responsiveness` reproduces the report's annex from the shipped data."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.store import Store

# Letter date (footnote 6) -> reply date (annex, footnotes 30-36), in days.
ANNEX_DAYS = {
    "oil-construction-company": 8,  # 1 Feb -> 9 Feb 2021
    "kazakhmys-energy": 8,  # 3 Feb -> 11 Feb
    "techno-trading-ltd": 29,  # 3 Feb -> 4 Mar
    "arcelormittal-temirtau": 32,  # 5 Feb -> 9 Mar
    "kpo": 16,  # 9 Feb -> 25 Feb
    "otbasy-bank": 18,  # 12 Feb -> 2 Mar
    "bozashytranskurylys": 18,  # 12 Feb -> 2 Mar
}


def test_annex_is_reproduced(runner: CliRunner, shipped_store: Store) -> None:
    result = runner.invoke(cli, ["responsiveness", "--year", "2021", "--format", "json",
                                 "--db", str(shipped_store.path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    rows = report["rows"]
    assert report["summary"]["inquiries"] == 12 == len(rows)
    assert report["summary"]["replies"] == 7
    days = {r["actor"]: r["days_to_reply"] for r in rows if r["replied_on"]}
    assert days == ANNEX_DAYS
    assert all(r["counted_from"] == "letter" for r in rows if r["replied_on"])
    assert report["summary"]["response_rate"] == round(7 / 12, 3)
    assert report["summary"]["median_days_to_reply"] == 18.0
    westoil = next(r for r in rows if r["actor"] == "westoil")
    assert westoil["sent_on"] is None and westoil["reference"] is None
    assert westoil["sent_year"] == 2021 and westoil["substance"] == "no_reply"
    names = {r["actor"]: r["actor_name"] for r in rows}
    assert names["bozashytranskurylys"] == "BozashyTransҚұrylys LLP"
    assert "BozashyTransҚұrylys" in result.output  # JSON keeps the letters, unescaped


def test_substantive_rate_counts_partial_and_full_answers(runner: CliRunner,
                                                          shipped_store: Store) -> None:
    result = runner.invoke(cli, ["responsiveness", "--year", "2021", "--format", "json",
                                 "--db", str(shipped_store.path)])
    report = json.loads(result.output)
    substantive = [r["actor"] for r in report["rows"]
                   if r["substance"] in ("partial_answer", "full_answer")]
    assert report["summary"]["substantive_replies"] == len(substantive) == 3
    assert report["summary"]["substantive_response_rate"] == round(3 / 12, 3)


def test_other_years_have_no_inquiries(runner: CliRunner, shipped_store: Store) -> None:
    result = runner.invoke(cli, ["responsiveness", "--year", "2019", "--format", "json",
                                 "--db", str(shipped_store.path)])
    report = json.loads(result.output)
    assert report["rows"] == [] and report["summary"]["response_rate"] is None


def test_table_and_csv_formats(runner: CliRunner, shipped_store: Store, tmp_path: Path) -> None:
    table = runner.invoke(cli, ["responsiveness", "--year", "2021",
                                "--db", str(shipped_store.path)])
    assert table.exit_code == 0
    assert "12 inquiries, 7 written replies (response rate 58%)" in table.output
    assert "median 18 days" in table.output
    csv_out = runner.invoke(cli, ["responsiveness", "--year", "2021", "--format", "csv",
                                  "--db", str(shipped_store.path)])
    lines = csv_out.output.strip().splitlines()
    assert lines[0].startswith("inquiry,actor,actor_name,reference,sent_on")
    assert len(lines) == 13
