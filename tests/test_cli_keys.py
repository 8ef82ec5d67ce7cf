"""`hrdscore keys create|list|revoke`: tokens shown once, stored as hashes, audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.store import Store
from hrdscore.store.keys import find_key, keys_in, token_hash


@pytest.fixture
def env(db_path: Path, runner: CliRunner) -> dict[str, str]:
    env = {"HRDSCORE_DB": str(db_path), "HRDSCORE_USER": "keeper"}
    assert runner.invoke(cli, ["init"], env=env).exit_code == 0
    return env


def test_create_shows_the_token_once_and_stores_only_its_hash(
    runner: CliRunner, env: dict[str, str], db_path: Path
) -> None:
    created = runner.invoke(cli, ["keys", "create", "field-team", "--role", "editor"], env=env)
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    assert token.startswith("hrd_") and len(token) > 40
    assert "shown only now" in created.stderr
    stored = db_path.read_text(encoding="utf-8")
    assert token not in stored and token_hash(token) in stored
    keys = keys_in(Store(db_path).read_document())
    found = find_key(keys.values(), token)
    assert found is not None and found.role.value == "editor"
    assert found.created_by == "cli:keeper"
    assert find_key(keys.values(), token + "x") is None
    listed = runner.invoke(cli, ["keys", "list", "--format", "json"], env=env)
    assert token not in listed.output and token_hash(token) not in listed.output
    assert [k["name"] for k in json.loads(listed.stdout)] == ["field-team"]
    table = runner.invoke(cli, ["keys", "list"], env=env)
    assert "field-team" in table.output and "editor" in table.output
    last = Store(db_path).audit_log()[-1]
    assert (last.action, last.ids, last.who) == ("key-create", ["field-team"], "cli:keeper")


def test_revoke_keeps_the_key_listed_and_stops_it(
    runner: CliRunner, env: dict[str, str], db_path: Path
) -> None:
    token = runner.invoke(cli, ["keys", "create", "old", "--role", "admin"], env=env).stdout
    revoked = runner.invoke(cli, ["keys", "revoke", "old"], env=env)
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    keys = keys_in(Store(db_path).read_document())
    assert keys["old"].revoked_at is not None
    assert find_key(keys.values(), token.strip()) is None
    again = runner.invoke(cli, ["keys", "revoke", "old"], env=env)
    assert again.exit_code == 1 and "already revoked" in again.stderr
    assert Store(db_path).audit_log()[-1].action == "key-revoke"


@pytest.mark.parametrize(("args", "message"), [
    (["keys", "create", "field-team", "--role", "editor"], "already exists"),
    (["keys", "create", "Bad Name", "--role", "editor"], "bad key name"),
    (["keys", "revoke", "nobody"], "no key with id 'nobody'"),
])
def test_key_errors_are_messages_and_exit_1(
    runner: CliRunner, env: dict[str, str], args: list[str], message: str
) -> None:
    runner.invoke(cli, ["keys", "create", "field-team", "--role", "editor"], env=env)
    result = runner.invoke(cli, args, env=env)
    assert result.exit_code == 1, result.output
    assert message in result.stderr and "Traceback" not in result.output


def test_create_without_a_database_says_so(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["keys", "create", "x", "--role", "analyst", "--db",
                                 str(tmp_path / "none.json")])
    assert result.exit_code == 1 and "hrdscore init" in result.stderr
    assert not (tmp_path / "none.json").exists()
    # Listing refuses too: a mistyped --db must not look like a database without keys.
    listed = runner.invoke(cli, ["keys", "list", "--db", str(tmp_path / "none.json")])
    assert listed.exit_code == 1 and "hrdscore init --db" in listed.stderr
    assert not (tmp_path / "none.json").exists()
