"""Spreadsheet-friendly data and sensible defaults of `publish` (issue 16)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from hrdscore.cli import cli
from hrdscore.model import Period
from hrdscore.publish import publish
from hrdscore.service import Workspace
from hrdscore.store import Store

ON = date(2026, 12, 1)
BOZASHY = "BozashyTransҚұrylys LLP"


@pytest.fixture(scope="module")
def out(workspace: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("data") / "pub"
    publish(workspace, Period(start_year=2021, end_year=2021), target, generated_on=ON)
    return target


def test_every_csv_starts_with_a_byte_order_mark(out: Path) -> None:
    for name in ("summary-2021.csv", "scorecards-2021.csv", "responsiveness-2021.csv"):
        assert (out / name).read_bytes()[:3] == b"\xef\xbb\xbf", name


def test_labels_sit_beside_codes_and_percentages_are_numbers(out: Path) -> None:
    text = (out / "responsiveness-2021.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    kpo = next(r for r in rows if r["actor"] == "kpo")
    assert (kpo["timeliness"], kpo["timeliness_label"]) == ("probably_on_time",
                                                           "possibly on time")
    assert kpo["substance_label"] == "partial answer"
    summary = list(csv.DictReader(io.StringIO(
        (out / "summary-2021.csv").read_text(encoding="utf-8-sig"))))
    otbasy = next(r for r in summary if r["actor"] == "otbasy-bank")
    # Otbasy Bank's 2021 card has coverage 0.158 (its JSON; the PDF prints
    # "16%"): here a number in percent to one decimal, the unit in the column's name.
    assert otbasy["coverage_pct"] == "15.8"


def test_workbook_reads_back_with_kazakh_letters_and_one_summary_row_per_actor(
        out: Path, workspace: Workspace) -> None:
    book = load_workbook(out / "scorecards-2021.xlsx")
    assert book.sheetnames == ["Summary", "Scorecards", "Responsiveness"]
    summary = list(book["Summary"].iter_rows(values_only=True))
    names = [row[1] for row in summary[1:]]
    assert BOZASHY in names
    scored = workspace.public_scorecards(Period(start_year=2021, end_year=2021))
    assert len(summary) - 1 == len(scored) == len({row[0] for row in summary[1:]})


def test_the_data_package_carries_the_licence_and_the_publisher(out: Path) -> None:
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["contributors"][0]["role"] == "publisher"
    assert all(r["encoding"] == "utf-8-sig" for r in package["resources"])


def test_no_bom_leaves_the_mark_out(workspace: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "pub"
    publish(workspace, Period(start_year=2019, end_year=2019), target, generated_on=ON,
            bom=False)
    assert (target / "summary-2019.csv").read_bytes().startswith(b"actor,")


def test_publish_without_a_year_picks_the_latest_with_requests_and_says_so(
        shipped_store: Store, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["publish", "--db", str(shipped_store.path), "--out",
                                       str(tmp_path / "pub"), "--generated-on", "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert "No --year given: publishing 2021" in result.output
    assert (tmp_path / "pub" / "report-2021.pdf").is_file()


def test_an_empty_period_is_refused_with_a_message(shipped_store: Store, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["publish", "--db", str(shipped_store.path), "--year", "2030",
                                       "--out", str(tmp_path / "pub")])
    assert result.exit_code != 0
    assert "nothing to publish for 2030" in result.output
    assert not (tmp_path / "pub").exists()
