"""The follow-up tracker on a year imported from CSV: matrix, as-of, timeline, due list.

Expected values are worked out by hand from tests/followup_fixture.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.dataset import Dataset
from hrdscore.store import Store, seed
from tests.followup_fixture import GOV, NGO, REC, SECRET_REPORT, SEED, import_year


@pytest.fixture(scope="module")
def year_db(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Path:
    folder = tmp_path_factory.mktemp("followup")
    db = folder / "db.json"
    seed(Store(db), shipped, who="test")
    import_year(CliRunner(), db, folder)
    return db


def _json(db: Path, *args: str) -> Any:
    done = CliRunner().invoke(cli, ["followup", *args, "--format", "json", "--db", str(db)])
    assert done.exit_code == 0, done.output
    return json.loads(done.output)


def _row(data: dict[str, Any], rec: str = REC) -> dict[str, Any]:
    (row,) = [r for r in data["recommendations"] if r["id"] == rec]
    return row


def _statuses(row: dict[str, Any]) -> dict[str, str]:
    return {s["assessor"]: s["status"] for s in row["status"]}


def test_the_matrix_shows_each_assessor_side_by_side_year_by_year(year_db: Path) -> None:
    data = _json(year_db, "--addressee", "government", "--as-of", "2022-12-31",
                 "--period", "2020-2022")
    assert len(data["recommendations"]) == 19
    assert data["assessors"] == [GOV, NGO, SEED]  # sorted by name
    row = _row(data)
    assert _statuses(row) == {GOV: "substantial", NGO: "limited", SEED: "not_started"}
    assert row["years"] == {
        "2020": [{"assessor": GOV, "status": "no_information"},
                 {"assessor": NGO, "status": "no_information"},
                 {"assessor": SEED, "status": "not_started"}],
        "2021": [{"assessor": GOV, "status": "no_information"},
                 {"assessor": NGO, "status": "no_information"},
                 {"assessor": SEED, "status": "not_started"}],
        "2022": [{"assessor": GOV, "status": "substantial"},
                 {"assessor": NGO, "status": "limited"},
                 {"assessor": SEED, "status": "not_started"}],
    }
    own = {s["assessor"]: s["self_assessment"] for s in row["status"]}
    assert own == {GOV: True, NGO: False, SEED: False}
    assert row["latest_change"] == {"on": "2022-12-01", "assessor": NGO,
                                    "from": "no_information", "to": "limited",
                                    "assessments": ["asm-ngo-2022"]}
    assert row["response"]["response"] == "supported_in_part"
    assert row["response"]["date"] == "2022-03-15"
    assert row["bodies"] == [{"actor": "kz-ministry-of-justice", "role": "primary"},
                             {"actor": "kz-prosecutor-general", "role": "supporting"}]
    assert [m["id"] for m in row["measures"]] == ["m-focal-point", "m-training"]
    ngo = next(s for s in row["status"] if s["assessor"] == NGO)
    assert (ngo["hrc_grade"], ngo["ogp_completion"]) == ("C/B2", "limited")
    assert ngo["sources"] == [{"source": "src-kk2021-report", "locator": "test: ngo"}]
    # A recommendation nobody assessed says so for every assessor.
    assert set(_statuses(_row(data, "kk2021-gov-01")).values()) == {"no_information"}


def test_validity_expires_the_day_after_24_months(year_db: Path) -> None:
    def seed_expired(as_of: str) -> bool:
        row = _row(_json(year_db, "--addressee", "government", "--as-of", as_of))
        return bool(next(s for s in row["status"] if s["assessor"] == SEED)["expired"])

    assert seed_expired("2022-12-31") is False  # assessed 2020-12-31, valid 24 months
    assert seed_expired("2023-01-01") is True


def test_as_of_gives_the_tracker_as_it_read_on_that_day(year_db: Path) -> None:
    before_ngo = _row(_json(year_db, "--addressee", "government", "--as-of", "2022-11-30"))
    assert _statuses(before_ngo) == {GOV: "substantial", NGO: "no_information",
                                     SEED: "not_started"}
    assert before_ngo["latest_change"]["on"] == "2022-11-20"
    assert before_ngo["latest_change"]["assessor"] == GOV
    before_all = _row(_json(year_db, "--addressee", "government", "--as-of", "2022-03-01"))
    assert _statuses(before_all) == {GOV: "no_information", NGO: "no_information",
                                     SEED: "not_started"}
    assert before_all["response"] is None
    assert before_all["measures"] == []
    assert before_all["latest_change"]["on"] == "2020-12-31"


def test_filters_by_body_status_and_theme(year_db: Path) -> None:
    by_body = _json(year_db, "--body", "kz-ministry-of-justice", "--as-of", "2022-12-31")
    assert [r["id"] for r in by_body["recommendations"]] == [REC]
    # A body below the one asked for counts: the ministry sits under the government.
    assert [r["id"] for r in _json(year_db, "--body", "kz-government",
                                   "--as-of", "2022-12-31")["recommendations"]] == [REC]
    limited = _json(year_db, "--addressee", "government", "--status", "limited",
                    "--as-of", "2022-12-31")
    assert {r["id"] for r in limited["recommendations"]} == {REC, "kk2021-gov-18"}
    themed = _json(year_db, "--theme", "hrd_protection", "--addressee", "government")
    assert REC in {r["id"] for r in themed["recommendations"]}
    assert "kk2021-gov-16" not in {r["id"] for r in themed["recommendations"]}


def test_the_timeline_lists_everything_in_date_order(year_db: Path) -> None:
    data = _json(year_db, "--recommendation", REC)
    got = [(e["date"], e["kind"], e["record"]) for e in data["entries"]]
    assert got == [
        ("2020-12-31", "assessment", "asm-kk2021-gov-06-c1-kz-government"),
        ("2022-03-15", "response", got[1][2]),
        ("2022-04-01", "measure_started", "m-focal-point"),
        ("2022-05-01", "measure_started", "m-training"),
        ("2022-09-30", "measure_due", "m-focal-point"),
        ("2022-10-15", "progress_report", "pr-2022-10"),
        ("2022-11-20", "assessment", "asm-gov-2022"),
        ("2022-12-01", "assessment", "asm-ngo-2022"),
        ("2023-06-30", "measure_due", "m-training"),
    ]
    assert all(e["sources"] for e in data["entries"])
    report = data["entries"][5]
    assert report["text"] == SECRET_REPORT  # the analyst's CLI shows what is recorded


def test_due_lists_overdue_measures_and_expired_assessments(year_db: Path) -> None:
    def due(as_of: str) -> list[dict[str, Any]]:
        done = CliRunner().invoke(cli, ["due", "--as-of", as_of, "--format", "json",
                                        "--db", str(year_db)])
        assert done.exit_code == 0, done.output
        items: list[dict[str, Any]] = json.loads(done.output)
        return items

    end_2022 = due("2022-12-31")
    assert [(i["record"], i["days_overdue"]) for i in end_2022 if i["kind"] == "measure"] == [
        ("m-focal-point", 92)]  # Oct 31 + Nov 30 + Dec 31 days past 30 Sep
    assert [i for i in end_2022 if i["kind"] == "assessment"] == []
    end_2023 = due("2023-12-31")
    assert [(i["record"], i["days_overdue"]) for i in end_2023 if i["kind"] == "measure"] == [
        ("m-focal-point", 457), ("m-training", 184)]
    expired = {i["record"]: i["days_overdue"] for i in end_2023 if i["kind"] == "assessment"}
    # The seed assessments (2020-12-31) expired on 2022-12-31; 2022's are still valid.
    assert expired["asm-kk2021-gov-06-c1-kz-government"] == 365
    assert "asm-ngo-2022" not in expired and "asm-gov-2022" not in expired
    # Requests of February 2021 never answered are overdue too, with the body's name.
    request = next(i for i in end_2023 if i["kind"] == "information_request")
    assert request["days_overdue"] > 600 and request["actor_name"]


def test_due_exits_zero_and_reads_as_a_table(year_db: Path) -> None:
    done = CliRunner().invoke(cli, ["due", "--as-of", "2022-12-31", "--db", str(year_db)])
    assert done.exit_code == 0
    assert "Draft a regulation" in done.output and "92" in done.output


def test_the_table_marks_the_latest_change_in_words(year_db: Path) -> None:
    done = CliRunner().invoke(cli, ["followup", "--addressee", "government", "--as-of",
                                    "2022-12-31", "--period", "2021-2022", "--db", str(year_db)])
    assert done.exit_code == 0, done.output
    assert "limited*" in done.output
    # The mark sits in the year of the change only (2022), on the assessor who made it (2).
    lines = [line.split() for line in done.output.splitlines()]
    assert ["2", "no", "info", "limited*"] in lines
    assert ["kk2021-gov-06", "1", "no", "info", "substantial"] in lines
    assert (f"{REC}: response supported in part on 2022-03-15; latest change 2022-12-01: "
            f"no information -> limited ({NGO})") in done.output
    assert "supported_in_part" not in done.output  # words, not codes


def test_shipped_data_gives_all_19_government_recommendations_a_sourced_status(
        shipped: Dataset, tmp_path: Path) -> None:
    db = tmp_path / "shipped.json"
    seed(Store(db), shipped, who="test")
    data = _json(db, "--addressee", "government", "--as-of", "2020-12-31")
    recs = data["recommendations"]
    assert len(recs) == 19
    assert data["years"] == [2020]  # the report's last monitored year
    sourced = {}
    for rec in recs:
        for status in rec["status"]:
            if status["status"] == "no_information":
                assert status["sources"] == [] and status["label"] == "no information"
            else:
                assert status["sources"] and all(s["quote"] for s in status["sources"])
                sourced[rec["id"]] = status["status"]
    # Where the report or the interview describes the state of affairs (every other
    # recommendation: no information).
    assert sourced == {"kk2021-gov-05": "not_started", "kk2021-gov-06": "not_started",
                       "kk2021-gov-14": "not_started", "kk2021-gov-16": "regressed",
                       "kk2021-gov-17": "not_started", "kk2021-gov-18": "limited"}


def test_the_tracker_pdf_shows_what_the_table_shows(year_db: Path, tmp_path: Path) -> None:
    from tests.pdftools import page_texts

    out = tmp_path / "tracker.pdf"
    done = CliRunner().invoke(cli, ["followup", "--addressee", "government", "--as-of",
                                    "2022-12-31", "--period", "2021-2022", "--pdf", str(out),
                                    "--db", str(year_db)])
    assert done.exit_code == 0, done.output
    text = " ".join(page_texts(out.read_bytes()))
    assert "limited*" in text and "Government, no. 19" in text
    assert "Kadir-Kasiet monitoring" in text and "supported in part" in text
    # A reader's words: the recommendation's number, not its id; the date written out.
    assert "Government, no. 6: response supported in part on 15 Mar 2022" in text
    assert "kk2021-gov" not in text and "2022-03-15" not in text
    assert "supported_in_part" not in text and "no_information" not in text


def test_options_that_do_not_apply_are_refused_not_ignored(year_db: Path) -> None:
    for args in (["--recommendation", REC, "--addressee", "government"],
                 ["--format", "csv", "--as-of", "2022-01-01"],
                 ["--as-of", "31.12.2022"]):
        done = CliRunner().invoke(cli, ["followup", *args, "--db", str(year_db)])
        assert done.exit_code == 1, args
        assert done.output.startswith("Error: ") and "Traceback" not in done.output
