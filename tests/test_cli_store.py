"""init, import, audit, backup and restore from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.store import Store


@pytest.fixture
def env(db_path: Path) -> dict[str, str]:
    return {"HRDSCORE_DB": str(db_path), "HRDSCORE_USER": "tester"}


def test_init_creates_a_seeded_database_and_twice_changes_nothing(
    runner: CliRunner, db_path: Path, env: dict[str, str]
) -> None:
    first = runner.invoke(cli, ["init"], env=env)
    assert first.exit_code == 0, first.output
    snap = Store(db_path).snapshot()
    assert len(snap.inquiries) == 12 and len(snap.replies) == 7
    assert "bozashytranskurylys" in snap.actors
    assert snap.actors["bozashytranskurylys"].name == "BozashyTransҚұrylys LLP"
    before = db_path.read_bytes()
    second = runner.invoke(cli, ["init", "--db", str(db_path)])
    assert second.exit_code == 0
    assert " 0 created, 0 updated" in second.output
    assert db_path.read_bytes() == before


def test_import_then_audit_names_the_cli_user(
    runner: CliRunner, tmp_path: Path, env: dict[str, str]
) -> None:
    runner.invoke(cli, ["init"], env=env)
    csv_file = tmp_path / "actors.csv"
    csv_file.write_text("id,name,kind\nkz-akimat-uralsk,Орал қаласының әкімдігі,state_body\n",
                        encoding="utf-8")
    dry = runner.invoke(cli, ["import", "actors", str(csv_file), "--dry-run"], env=env)
    assert dry.exit_code == 0 and "1 would be created" in dry.output
    done = runner.invoke(cli, ["import", "actors", str(csv_file)], env=env)
    assert done.exit_code == 0 and "1 created" in done.output
    log = runner.invoke(cli, ["audit", "--format", "json", "--verify"], env=env)
    entries = json.loads(log.stdout)  # stderr says the chain was verified
    assert entries[-1]["who"] == "cli:tester"
    assert entries[-1]["ids"] == ["kz-akimat-uralsk"]
    table = runner.invoke(cli, ["audit", "--limit", "1"], env=env)
    assert "import" in table.output and "cli:tester" in table.output


def test_bad_import_prints_every_problem_and_no_traceback(
    runner: CliRunner, tmp_path: Path, env: dict[str, str]
) -> None:
    runner.invoke(cli, ["init"], env=env)
    csv_file = tmp_path / "replies.csv"
    csv_file.write_text("inquiry,received_on,substance,source,locator\n"
                        "inq-kk2021-01,yesterday,full_answer,src-kk2021-report,annex\n"
                        "inq-zz,2021-03-01,full_answer,,\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", "replies", str(csv_file)], env=env)
    assert result.exit_code == 1
    assert "line 2: received_on" in result.output
    assert "line 3: source: a citation is required" in result.output
    assert "line 3: inquiry: unknown inquiry 'inq-zz'" in result.output
    assert "Traceback" not in result.output


def test_backup_and_restore(runner: CliRunner, tmp_path: Path, db_path: Path,
                            env: dict[str, str]) -> None:
    runner.invoke(cli, ["init"], env=env)
    copy = tmp_path / "backup.json"
    assert runner.invoke(cli, ["backup", "--out", str(copy)], env=env).exit_code == 0
    assert copy.read_bytes() == db_path.read_bytes()
    with Store(db_path).transaction("t") as tx:
        tx.actors.delete("kpo")
    assert "kpo" not in Store(db_path).snapshot().actors
    result = runner.invoke(cli, ["restore", str(copy)], env=env)
    assert result.exit_code == 0, result.output
    assert "kpo" in Store(db_path).snapshot().actors
    assert "previous database kept as" in result.output
    assert Store(db_path).audit_log()[-1].action == "restore"


def test_restore_refuses_a_file_that_is_not_a_database(
    runner: CliRunner, tmp_path: Path, db_path: Path, env: dict[str, str]
) -> None:
    runner.invoke(cli, ["init"], env=env)
    before = db_path.read_bytes()
    junk = tmp_path / "junk.json"
    junk.write_text('{"actors": {"x": {"id": "x"}}}')
    result = runner.invoke(cli, ["restore", str(junk)], env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert db_path.read_bytes() == before


def test_backup_of_a_missing_database_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["backup", "--db", str(tmp_path / "none.json"),
                                 "--out", str(tmp_path / "b.json")])
    assert result.exit_code == 1
    assert f"no database at {tmp_path / 'none.json'}" in result.output
