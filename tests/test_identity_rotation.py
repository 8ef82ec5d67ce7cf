"""Key rotation: afterwards the old key opens nothing and the new one everything, in the
database and its kept copies; a rotation killed at any moment leaves the database wholly under
one key."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.dataset import Dataset
from hrdscore.identity.fields import slots
from hrdscore.identity.keys import (
    KEY_ENV,
    IdentityKey,
    IdentityKeyError,
    create_key_file,
    load_key_file,
)
from hrdscore.model import Incident
from hrdscore.store import Store, seed, verify_chain

from .identity_helpers import CANARY, api_incident

PEOPLE = 200
# Free text the shipped incidents carry, sealed like identities: 4 incident summaries, 11 act
# descriptions and 2 recourse descriptions, in all 4 shipped incidents.
SHIPPED_TEXTS = 17
SHIPPED_INCIDENTS = 4


def _people_db(db: Path, shipped: Dataset, count: int = PEOPLE) -> None:
    store = Store(db)
    seed(store, shipped, who="test")
    with store.transaction("test") as tx:
        tx.incidents.put_many(
            Incident.model_validate(api_incident(f"inc-r{n:04d}", f"v-r{n:04d}",
                                                 f"{CANARY} {n}", f"act-r{n:04d}"))
            for n in range(count))


def _opened(doc: dict, key: IdentityKey) -> tuple[int, int]:  # type: ignore[type-arg]
    """(values the key opens, values it does not)."""
    good = bad = 0
    for slot in slots(doc):
        try:
            key.open(slot.value, slot.name)
            good += 1
        except IdentityKeyError:
            bad += 1
    return good, bad


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    old, new = tmp_path / "old.key", tmp_path / "new.key"
    create_key_file(old)
    monkeypatch.setenv(KEY_ENV, str(old))
    return old, new


def test_after_rotation_the_old_key_opens_nothing_and_the_new_one_everything(
        tmp_path: Path, shipped: Dataset, keys: tuple[Path, Path]) -> None:
    old_path, new_path = keys
    db = tmp_path / "db.json"
    _people_db(db, shipped, 20)
    backup = tmp_path / "b.json"
    runner = CliRunner()
    assert runner.invoke(cli, ["backup", "-o", str(backup), "--db", str(db)]).exit_code == 0
    assert runner.invoke(cli, ["restore", str(backup), "--db", str(db)]).exit_code == 0
    (kept,) = tmp_path.glob("db.json.before-restore-*")
    old = load_key_file(old_path)
    values = 20 + SHIPPED_TEXTS
    assert _opened(json.loads(db.read_bytes()), old) == (values, 0)

    same = runner.invoke(cli, ["identity-key", "rotate", "--new", str(old_path), "--db",
                               str(db)])
    assert same.exit_code == 1 and "the key in use" in same.output
    result = runner.invoke(cli, ["identity-key", "rotate", "--new", str(new_path), "--db",
                                 str(db)])
    assert result.exit_code == 0, result.output
    assert f"{values} values in {20 + SHIPPED_INCIDENTS} records" in result.output
    assert "1 kept copies" in result.output
    new = load_key_file(new_path)
    assert oct(new_path.stat().st_mode & 0o777) == "0o600"
    for path in (db, kept):
        doc = json.loads(path.read_bytes())
        assert _opened(doc, old) == (0, values)
        assert _opened(doc, new) == (values, 0)
    # not hrdscore's to change
    assert _opened(json.loads(backup.read_bytes()), old) == (values, 0)

    entries = Store(db).audit_log()
    assert verify_chain(entries) == []
    last = entries[-1]
    assert last.action == "rotate-identity-key" and len(last.ids) == 20 + SHIPPED_INCIDENTS
    assert "enc:v1" not in last.model_dump_json() and CANARY not in last.model_dump_json()

    shown_old = runner.invoke(cli, ["person", "show", "v-r0003", "--db", str(db)])
    assert shown_old.exit_code == 1 and f"not under the configured key {old.key_id}" in \
        shown_old.output
    shown_new = runner.invoke(cli, ["person", "show", "v-r0003", "--db", str(db)],
                              env={KEY_ENV: str(new_path)})
    assert f"Identity: {CANARY} 3" in shown_new.output


CRASH = """
import os, signal, sys
from pathlib import Path
import hrdscore.store.storage as storage
from hrdscore.identity import keys
from hrdscore.identity.rotate import rotate_key
from hrdscore.store import Store
db, old, new, where, at = sys.argv[1:6]
calls = []
def dying(real):
    def run(*args):
        calls.append(1)
        if len(calls) == int(at):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args)
    return run
if where == "seal":  # in the middle of re-encrypting
    keys.IdentityKey.seal = dying(keys.IdentityKey.seal)
else:  # 1st fsync: the new file written, not renamed; 2nd: renamed
    storage.os.fsync = dying(os.fsync)
rotate_key(Store(db), keys.load_key_file(Path(old)), keys.load_key_file(Path(new)), who="t")
"""


@pytest.mark.slow
@pytest.mark.parametrize(("where", "at", "after"), [
    ("seal", 1, "old"), ("seal", PEOPLE // 2, "old"), ("seal", PEOPLE, "old"),
    ("fsync", 1, "old"), ("fsync", 2, "new")])
def test_a_rotation_killed_at_any_moment_leaves_the_database_under_one_key(
        tmp_path: Path, shipped: Dataset, keys: tuple[Path, Path], where: str, at: int,
        after: str) -> None:
    old_path, new_path = keys
    db = tmp_path / "db.json"
    _people_db(db, shipped)
    create_key_file(new_path)
    result = subprocess.run([sys.executable, "-c", CRASH, str(db), str(old_path),
                             str(new_path), where, str(at)], check=False,
                            env={**os.environ, KEY_ENV: str(old_path)})
    assert result.returncode == -signal.SIGKILL
    doc = json.loads(db.read_bytes())  # a whole file
    expected = load_key_file(old_path if after == "old" else new_path)
    other = load_key_file(new_path if after == "old" else old_path)
    assert _opened(doc, expected) == (PEOPLE + SHIPPED_TEXTS, 0)
    assert _opened(doc, other) == (0, PEOPLE + SHIPPED_TEXTS)
