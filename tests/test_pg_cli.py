"""The command line on PostgreSQL: `--db postgresql://...` or HRDSCORE_DB selects it, imports
are all or nothing, and `migrate` copies a database to PostgreSQL and back with its audit
chain intact and the same counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.store import Store
from hrdscore.store.backends import open_store


def _ok(runner: CliRunner, args: list[str], **kw: Any) -> str:
    result = runner.invoke(cli, args, **kw)
    assert result.exit_code == 0, result.output
    return result.output


def test_init_import_audit_and_keys_through_hrdscore_db(runner: CliRunner, pg_url: str,
                                                        tmp_path: Path) -> None:
    env = {"HRDSCORE_DB": pg_url, "HRDSCORE_USER": "tester"}
    out = _ok(runner, ["init"], env=env)
    assert out.startswith(f"{pg_url}: ")  # the URL as given (it has no password)
    assert len(open_store(pg_url).snapshot().inquiries) == 12
    good = tmp_path / "actors.csv"
    good.write_text("id,name,kind\nnew-co,Жаңа Компания,company\n", encoding="utf-8")
    _ok(runner, ["import", "actors", str(good)], env=env)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,kind\nokay-co,Okay,company\nbad-co,Bad,not-a-kind\n",
                   encoding="utf-8")
    refused = runner.invoke(cli, ["import", "actors", str(bad)], env=env)
    assert refused.exit_code == 1 and "line 3" in refused.output
    actors = open_store(pg_url).snapshot().actors
    assert actors["new-co"].name == "Жаңа Компания" and "okay-co" not in actors
    _ok(runner, ["keys", "create", "ed", "--role", "editor", "--db", pg_url])
    audit = runner.invoke(cli, ["audit", "--verify", "--format", "json", "--db", pg_url])
    assert audit.exit_code == 0
    actions = [e["action"] for e in json.loads(audit.stdout)]
    assert actions[-2:] == ["import", "key-create"]
    assert "chain intact" in audit.stderr


def test_migrate_to_postgres_and_back_keeps_everything(runner: CliRunner, pg_url: str,
                                                       tmp_path: Path) -> None:
    source = tmp_path / "source.json"
    _ok(runner, ["init", "--db", str(source)])
    _ok(runner, ["keys", "create", "ed", "--role", "editor", "--db", str(source)])
    original = Store(source).read_document()
    out = _ok(runner, ["migrate", "--from", str(source), "--to", pg_url])
    # Shipped data: 36 actors, 1 key; init audits each of its 6 kinds, then key-create.
    rows = [line.split()[:4] for line in out.splitlines()]
    assert ["actors", "36", "36", "same"] in rows
    assert ["_keys", "1", "1", "same"] in rows
    assert ["_audit", "7", "7", "same"] in rows
    assert "DIFFERENT" not in out
    verified = runner.invoke(cli, ["audit", "--verify", "--db", pg_url])
    assert verified.exit_code == 0 and "7 entries, chain intact" in verified.stderr
    back = tmp_path / "back.json"
    _ok(runner, ["migrate", "--from", pg_url, "--to", str(back)])
    assert Store(back).read_document() == original
    assert runner.invoke(cli, ["audit", "--verify", "--db", str(back)]).exit_code == 0


def test_migrate_refuses_a_target_that_holds_data(runner: CliRunner, pg_url: str,
                                                   tmp_path: Path) -> None:
    source = tmp_path / "source.json"
    _ok(runner, ["init", "--db", str(source)])
    _ok(runner, ["migrate", "--from", str(source), "--to", pg_url])
    again = runner.invoke(cli, ["migrate", "--from", str(source), "--to", pg_url])
    assert again.exit_code == 1
    assert "already holds a database" in again.output and "Traceback" not in again.output
    onto_file = runner.invoke(cli, ["migrate", "--from", pg_url, "--to", str(source)])
    assert onto_file.exit_code == 1 and "already holds a database" in onto_file.output


def test_a_server_that_cannot_be_reached_is_a_message(runner: CliRunner, tmp_path: Path
                                                       ) -> None:
    url = f"postgresql://nobody:pw@/x?host={tmp_path}&port=1"
    result = runner.invoke(cli, ["audit", "--db", url])
    assert result.exit_code == 1
    assert "cannot connect" in result.output and ":pw@" not in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
