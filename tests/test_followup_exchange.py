"""The tracker CSV: IMPACT OSS-style columns with links, HRC A-E and OGP IRM statuses, a
lossless round trip, and bad rows refused with line and column, nothing written."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.dataset import Dataset
from hrdscore.store import Store, seed
from tests.followup_fixture import GOV, NGO, REC, SECRET_REPORT, SEED, import_year

FOLLOWUP = ("responses", "responsibilities", "measures", "progress_reports", "assessments")


@pytest.fixture(scope="module")
def year_db(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Path:
    folder = tmp_path_factory.mktemp("exchange")
    db = folder / "db.json"
    seed(Store(db), shipped, who="test")
    import_year(CliRunner(), db, folder)
    return db


def _without_followup(shipped: Dataset) -> Dataset:
    """The shipped evidence with no assessment: a database that tracks nothing yet."""
    return replace(shipped, assessments=[])


def _export(db: Path, *args: str) -> str:
    done = CliRunner().invoke(cli, ["followup", "--format", "csv", *args, "--db", str(db)])
    assert done.exit_code == 0, done.output
    return done.output


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_export_links_records_and_maps_statuses_to_hrc_and_ogp(year_db: Path) -> None:
    rows = [r for r in _rows(_export(year_db, "--addressee", "government"))
            if r["recommendation_ref"] in (REC, "kk2021-gov-01")]
    unassessed = next(r for r in rows if r["recommendation_ref"] == "kk2021-gov-01")
    assert (unassessed["record_type"], unassessed["status"], unassessed["hrc_grade"],
            unassessed["ogp_completion"]) == ("recommendation", "no_information", "D",
                                              "no evidence available")
    mine = [r for r in rows if r["recommendation_ref"] == REC]
    assert [r["record_type"] for r in mine] == [
        "recommendation", "response", "responsible_body", "responsible_body", "measure",
        "measure", "progress_report", "assessment", "assessment", "assessment"]
    response = mine[1]
    assert (response["response"], response["support_level"]) == ("supported_in_part", "1")
    assert [(r["body"], r["body_role"]) for r in mine[2:4]] == [
        ("kz-ministry-of-justice", "primary"), ("kz-prosecutor-general", "supporting")]
    report = mine[6]
    assert (report["measure_ref"], report["public"]) == ("m-focal-point", "false")
    graded = {r["assessor"]: (r["status"], r["hrc_grade"], r["ogp_completion"])
              for r in mine[7:]}
    assert graded == {SEED: ("not_started", "C", "not started"),
                      GOV: ("substantial", "B/B1", "substantial"),
                      NGO: ("limited", "C/B2", "limited")}
    assert next(r for r in mine[7:] if r["assessor"] == GOV)["self_assessment"] == "true"


def test_round_trip_into_an_empty_tracker_loses_nothing(
        year_db: Path, shipped: Dataset, tmp_path: Path) -> None:
    exported = _export(year_db)
    out = tmp_path / "tracker.csv"
    out.write_text(exported, encoding="utf-8")
    empty = tmp_path / "empty.json"
    seed(Store(empty), _without_followup(shipped), who="test")
    assert not Store(empty).snapshot().assessments
    done = CliRunner().invoke(cli, ["followup-import", str(out), "--db", str(empty)])
    assert done.exit_code == 0, done.output
    before, after = Store(year_db).snapshot(), Store(empty).snapshot()
    for kind in FOLLOWUP:
        assert dict(getattr(after, kind)) == dict(getattr(before, kind)), kind
    assert _export(empty) == exported
    audited = {(e.action, e.kind) for e in Store(empty).audit_log() if e.action == "import"}
    assert audited == {("import", kind) for kind in FOLLOWUP}
    # Importing the same file again changes nothing.
    again = CliRunner().invoke(cli, ["followup-import", str(out), "--db", str(empty)])
    assert again.exit_code == 0 and "0 created, 0 updated" in again.output
    assert " created, 0 updated" in again.output and "1 created" not in again.output


def test_bad_tracker_rows_are_refused_with_line_and_column(year_db: Path,
                                                          tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "record_type,id,recommendation_ref,measure,body,start_date,target_date,"
        "measure_status,source,locator\n"
        "measure,m-ok,kk2021-gov-06,Fine,kz-government,2023-01-01,2023-02-01,planned,"
        "src-kk2021-report,x\n"
        "measure,m-late,kk2021-gov-06,Backwards,kz-government,2023-05-01,2023-01-01,planned,"
        "src-kk2021-report,x\n"
        "measure,m-who,kk2021-gov-99,Unknown,kz-nobody,2023-01-01,,planned,"
        "src-kk2021-report,x\n"
        "action,m-x,kk2021-gov-06\n", encoding="utf-8")
    before = year_db.read_bytes()
    done = CliRunner().invoke(cli, ["followup-import", str(bad), "--db", str(year_db)])
    assert done.exit_code == 1
    assert "line 3: target_date: " in done.output and "before the start date" in done.output
    assert "line 5: record_type: unknown record type 'action'" in done.output
    assert year_db.read_bytes() == before  # nothing written, not even the good row
    # Fixing those two rows leaves the references to check, named by line and column.
    bad.write_text("\n".join(bad.read_text(encoding="utf-8").splitlines()[:2]
                             + bad.read_text(encoding="utf-8").splitlines()[3:4]) + "\n",
                   encoding="utf-8")
    done = CliRunner().invoke(cli, ["followup-import", str(bad), "--db", str(year_db)])
    assert done.exit_code == 1
    assert "line 3: recommendation: unknown recommendation 'kk2021-gov-99'" in done.output
    assert "line 3: actor: unknown actor 'kz-nobody'" in done.output
    assert year_db.read_bytes() == before


def test_bad_measure_rows_are_refused_by_the_kind_import(year_db: Path,
                                                         tmp_path: Path) -> None:
    bad = tmp_path / "measures.csv"
    bad.write_text(
        "recommendation,description,actor,start_date,target_date,source,locator\n"
        "kk2021-gov-06,Ok,kz-government,2023-01-01,2023-03-01,src-kk2021-report,x\n"
        "kk2021-gov-06,Backwards,kz-government,2023-05-01,2023-01-01,src-kk2021-report,x\n"
        "kk2021-gov-06,Ancient,kz-government,1700-01-01,,src-kk2021-report,x\n",
        encoding="utf-8")
    before = year_db.read_bytes()
    done = CliRunner().invoke(cli, ["import", "measures", str(bad), "--db", str(year_db)])
    assert done.exit_code == 1
    assert "line 3: target_date:" in done.output
    assert "line 4: start_date:" in done.output
    assert year_db.read_bytes() == before


def test_the_public_tracker_csv_leaves_out_what_the_public_may_not_see(year_db: Path) -> None:
    from hrdscore.followup_publish import tracker_csv, tracker_resource
    from hrdscore.service import open_workspace

    ws = open_workspace(year_db)
    text = tracker_csv(ws).decode("utf-8")
    rows = _rows(text)
    assert "pr-2022-10" not in text and SECRET_REPORT.lstrip("-") not in text
    assert {r["id"] for r in rows if r["record_type"] == "measure"} == {"m-focal-point",
                                                                         "m-training"}
    assert {r["assessor"] for r in rows if r["record_type"] == "assessment"
            and r["recommendation_ref"] == REC} == {SEED, GOV, NGO}
    name, _title, _text, schema = tracker_resource("2022")
    assert name == "followup-2022.csv"
    assert [f["name"] for f in schema["fields"]] == next(csv.reader(io.StringIO(text)))


def test_the_tracker_reads_back_from_a_workbook(year_db: Path, shipped: Dataset,
                                                tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "tracker"
    for row in csv.reader(io.StringIO(_export(year_db, "--addressee", "government"))):
        sheet.append(row)
    path = tmp_path / "tracker.xlsx"
    book.save(path)
    empty = tmp_path / "empty.json"
    seed(Store(empty), _without_followup(shipped), who="test")
    done = CliRunner().invoke(cli, ["followup-import", str(path), "--db", str(empty)])
    assert done.exit_code == 0, done.output
    after = Store(empty).snapshot()
    assert set(after.measures) == {"m-focal-point", "m-training"}
    assert after.progress_reports["pr-2022-10"].public is False
