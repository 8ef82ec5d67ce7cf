"""UN recommendations from a UPR Info / Universal Human Rights Index export: a catalog of
their own, tracked beside the report's, each with the State's response."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from hrdscore.cli import cli

STATES = ("Norway", "Ireland", "Қазақстан")  # a Kazakh name must survive
ROWS = 30


def _export(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Recommendation", "Recommending State", "Cycle", "Issues",
                         "Response", "Document"])
        for n in range(1, ROWS + 1):
            writer.writerow([f"Ensure a safe environment for defenders, item {n}.",
                             STATES[n % 3], "4", "Human rights defenders; Freedom of expression",
                             "Supported" if n % 2 else "Noted", "A/HRC/56/10"])


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"HRDSCORE_DB": str(tmp_path / "db.json"), "HRDSCORE_USER": "tester",
            "HRDSCORE_CATALOG": ""}


def _import(runner: CliRunner, folder: Path, export: Path,
            env: dict[str, str]) -> object:
    return runner.invoke(cli, ["import-upr", str(folder), str(export), "--id", "upr-kz-4",
                               "--title", "UPR of Kazakhstan, fourth cycle", "--published-on",
                               "2024-05-01", "--actor", "kz-government", "--responded-on",
                               "2024-09-20"], env=env)


def test_thirty_upr_recommendations_appear_in_the_tracker_with_their_responses(
        runner: CliRunner, tmp_path: Path, env: dict[str, str]) -> None:
    assert runner.invoke(cli, ["init"], env=env).exit_code == 0
    export, folder = tmp_path / "upr.csv", tmp_path / "upr"
    _export(export)
    result = _import(runner, folder, export, env)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "30 recommendations written" in result.output  # type: ignore[attr-defined]
    tracker = runner.invoke(cli, ["followup", "--catalog", str(folder), "--format", "json"],
                            env=env)
    assert tracker.exit_code == 0, tracker.output
    recs = {r["id"]: r for r in json.loads(tracker.output)["recommendations"]}
    upr = [recs[f"upr-kz-4-gov-{n:03d}"] for n in range(1, ROWS + 1)]
    assert len(upr) == ROWS and len(recs) == 36 + ROWS
    for n, rec in enumerate(upr, 1):
        assert rec["text"] == f"Ensure a safe environment for defenders, item {n}."
        assert rec["response"]["response"] == ("supported" if n % 2 else "noted")
        assert rec["response"]["date"] == "2024-09-20"
        assert rec["response"]["actor"] == "kz-government"
        assert STATES[n % 3] in rec["response"]["sources"][0]["locator"]
        assert rec["themes"] == ["human_rights_defenders", "freedom_of_expression"]
    table = runner.invoke(cli, ["followup", "--catalog", str(folder)], env=env)
    assert "upr-kz-4-gov-030: response noted on 2024-09-20" in table.output


def test_a_bad_response_names_line_and_column_and_creates_nothing(
        runner: CliRunner, tmp_path: Path, env: dict[str, str]) -> None:
    assert runner.invoke(cli, ["init"], env=env).exit_code == 0
    db_before = Path(env["HRDSCORE_DB"]).read_bytes()
    export, folder = tmp_path / "upr.csv", tmp_path / "upr"
    export.write_text("Recommendation,Recommending State,Response\n"
                      "Protect defenders.,Norway,Supported\n"
                      "Free them.,Ireland,Maybe\n", encoding="utf-8")
    result = _import(runner, folder, export, env)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "line 3: response: 'Maybe' is not a response" in result.output  # type: ignore[attr-defined]
    assert not folder.exists()
    assert Path(env["HRDSCORE_DB"]).read_bytes() == db_before
