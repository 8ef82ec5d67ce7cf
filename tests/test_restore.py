"""Careless-user traps around the database file: restoring junk, two restores in one second,
the file's permissions, and errors that name the database rather than a temporary file."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.errors import StoreError
from hrdscore.store import Store
from hrdscore.store.storage import TMP_PREFIX

from .conftest import make_actor


def _fixed_clock() -> datetime:
    return datetime(2026, 11, 21, 12, 0, 0, tzinfo=UTC)


def _store_with(path: Path, *actor_ids: str) -> Store:
    store = Store(path, clock=_fixed_clock)
    with store.transaction("test") as tx:
        for actor_id in actor_ids:
            tx.actors.put(make_actor(actor_id))
    return store


@pytest.mark.parametrize("content,reason", [
    ('{"x": 1}', "no schema version"),
    ('{"_meta": {"schema": {"schema_version": 1}}, "actors": {}, "x": {}}',
     "unknown tables: x"),
    ('{"_meta": {"schema": {"schema_version": 1}}, "actors": []}', "not tables: actors"),
    ("[1, 2]", "top level is not an object"),
])
def test_restore_refuses_a_file_that_is_not_a_database(
    runner: CliRunner, tmp_path: Path, content: str, reason: str
) -> None:
    db = tmp_path / "db.json"
    _store_with(db, "kpo")
    before = db.read_bytes()
    junk = tmp_path / "junk.json"
    junk.write_text(content, encoding="utf-8")
    result = runner.invoke(cli, ["restore", str(junk), "--db", str(db)])
    assert result.exit_code == 1
    assert str(junk) in result.stderr and reason in result.stderr
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.json", "db.json.lock",
                                                          "junk.json"]


def test_two_restores_in_the_same_second_keep_both_earlier_databases(tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    _store_with(backup, "from-backup")
    store = _store_with(tmp_path / "db.json", "first")
    first_state = store.path.read_bytes()
    kept_first = store.restore(backup, who="test")
    with store.transaction("test") as tx:
        tx.actors.put(make_actor("second"))
    second_state = store.path.read_bytes()
    kept_second = store.restore(backup, who="test")
    assert kept_first is not None and kept_second is not None
    assert kept_first.name == "db.json.before-restore-20261121T120000"
    assert kept_second.name == "db.json.before-restore-20261121T120000-2"
    assert kept_first.read_bytes() == first_state
    assert kept_second.read_bytes() == second_state
    assert set(store.snapshot().actors) == {"from-backup"}


def test_restore_brings_back_a_lost_database(runner: CliRunner, tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    _store_with(backup, "kpo")
    db = tmp_path / "new" / "db.json"
    result = runner.invoke(cli, ["restore", str(backup), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "previous database kept" not in result.output
    assert set(Store(db).snapshot().actors) == {"kpo"}


def test_a_write_keeps_the_database_files_mode(tmp_path: Path) -> None:
    store = _store_with(tmp_path / "db.json", "a")
    # A new database is private to its owner: it may hold confidential records.
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    store.path.chmod(0o640)
    with store.transaction("test") as tx:
        tx.actors.put(make_actor("b"))
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o640
    assert set(store.snapshot().actors) == {"a", "b"}


def test_a_failed_write_names_the_database_not_a_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store_with(tmp_path / "db.json", "a")
    before = store.path.read_bytes()

    def refuse(src: str, dst: str) -> None:  # as an immutable file refuses the rename
        raise PermissionError(1, "Operation not permitted", src, None, dst)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(StoreError) as info, store.transaction("test") as tx:
        tx.actors.put(make_actor("b"))
    message = str(info.value)
    assert message == f"{store.path}: cannot write (Operation not permitted)"
    assert TMP_PREFIX not in message
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TMP_PREFIX)]


def test_backup_refuses_to_start_from_a_missing_database(runner: CliRunner,
                                                         tmp_path: Path) -> None:
    db = tmp_path / "typo.json"
    result = runner.invoke(cli, ["backup", "--db", str(db), "-o", str(tmp_path / "b.json")])
    assert result.exit_code == 1
    assert f"hrdscore init --db {db}" in result.stderr
    assert not db.exists() and not (tmp_path / "b.json").exists()
