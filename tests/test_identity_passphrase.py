"""The identity key from a passphrase: scrypt over a salt kept in the database with a check
value, so a wrong passphrase is refused once and clearly; the salt alone opens nothing; rotation
moves a database between a key file and a passphrase, both ways."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hrdscore.cli import cli
from hrdscore.dataset import Dataset
from hrdscore.identity.keys import (
    KEY_ENV,
    PASSPHRASE_ENV,
    IdentityKey,
    IdentityKeyError,
    create_key_file,
)
from hrdscore.identity.passphrase import KdfRecord, derive, open_with, stored_record
from hrdscore.store import Store, seed, verify_chain

from .api_helpers import make_base, running_api
from .identity_helpers import CANARY, canary_csv, files_holding

RIGHT = "жасыл алма, көк аспан 42"  # Kazakh letters: a passphrase is UTF-8, not ASCII
WRONG = "жасыл алма, көк аспан 43"


def _secret_file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture
def secrets_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Passphrase and key files, apart from the database's folder (searched for leaks)."""
    return tmp_path_factory.mktemp("secrets")


@pytest.fixture
def under_passphrase(tmp_path: Path, shipped: Dataset, secrets_dir: Path,
                     monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database made under the passphrase RIGHT, the canary imported into it."""
    monkeypatch.delenv(KEY_ENV)
    monkeypatch.setenv(PASSPHRASE_ENV, str(_secret_file(secrets_dir, "right", RIGHT)))
    db = tmp_path / "db.json"
    seed(Store(db), shipped, who="test")
    done = _run(db, "import", "incidents", str(canary_csv(secrets_dir / "inc.csv")))
    assert done.exit_code == 0, done.output
    return db


def _run(db: Path, *args: str, env: dict[str, str | None] | None = None,
         stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, [*args, "--db", str(db)], env=env, input=stdin)


def _record(db: Path) -> KdfRecord | None:
    return stored_record(json.loads(db.read_bytes()))


def test_the_right_passphrase_opens_and_a_wrong_one_is_refused_before_anything(
        under_passphrase: Path, secrets_dir: Path) -> None:
    db = under_passphrase
    record = _record(db)
    assert record is not None
    # The parameters README states, and a 16-byte random salt.
    assert (record.kdf, record.n, record.r, record.p) == ("scrypt", 2**17, 8, 1)
    assert len(record.salt_bytes) == 16
    assert files_holding(db.parent, CANARY) == []

    shown = _run(db, "person", "show", "v-canary")
    assert shown.exit_code == 0, shown.output
    assert f"Identity: {CANARY}" in shown.output

    wrong = {PASSPHRASE_ENV: str(_secret_file(secrets_dir, "wrong", WRONG))}
    refused = _run(db, "person", "show", "v-canary", env=wrong)
    assert refused.exit_code == 1
    assert "the passphrase does not open this database" in refused.output
    assert CANARY not in refused.output
    # A write under the wrong passphrase is refused too, before it seals anything.
    before = db.read_bytes()
    other = canary_csv(secrets_dir / "other.csv", incident="inc-o", victim="v-o",
                       identity="Басқа Адам", act="act-o-1")
    write = _run(db, "import", "incidents", str(other), env=wrong)
    assert write.exit_code == 1 and "does not open this database" in write.output
    assert db.read_bytes() == before


def test_the_salt_alone_opens_nothing_and_the_key_is_nowhere_on_disk(
        under_passphrase: Path, tmp_path: Path, shipped: Dataset) -> None:
    db = under_passphrase
    record = _record(db)
    assert record is not None
    key = open_with(RIGHT, record)
    # Nothing the database folder holds is the key, in any spelling.
    for spelling in (key.secret.hex(), base64.urlsafe_b64encode(key.secret).decode(),
                     base64.b64encode(key.secret).decode()):
        assert files_holding(db.parent, spelling) == []
    # The salt (what an attacker holding the file has) does not open the check or a value,
    # used as a key or as the passphrase.
    with pytest.raises(IdentityKeyError, match="does not open this database"):
        open_with(record.salt, record)
    doc = json.loads(db.read_bytes())
    victim = doc["incidents"]["inc-canary"]["victims"][0]
    salt_key = IdentityKey(record.salt_bytes * 2)  # 32 bytes, as a key is
    with pytest.raises(IdentityKeyError):
        salt_key.open(victim["identity"], "incidents/inc-canary/victims/v-canary/identity")
    # The same passphrase gives this database the same key every time, another database
    # (another salt) another key.
    assert derive(RIGHT, record).key_id == key.key_id
    second = tmp_path / "second" / "db.json"
    seed(Store(second), shipped, who="test")
    other = _record(second)
    assert other is not None and other.salt != record.salt
    assert open_with(RIGHT, other).key_id != key.key_id


def test_rotation_moves_from_a_key_file_to_a_passphrase_and_back(
        tmp_path: Path, shipped: Dataset, secrets_dir: Path) -> None:
    key_file = os.environ[KEY_ENV]  # the session's key
    db = tmp_path / "db.json"
    seed(Store(db), shipped, who="test")
    assert _run(db, "import", "incidents",
                str(canary_csv(secrets_dir / "inc.csv"))).exit_code == 0
    assert _record(db) is None
    # A restore keeps a copy beside the database: rotation moves it along.
    assert _run(db, "backup", "-o", str(secrets_dir / "b.json")).exit_code == 0
    assert _run(db, "restore", str(secrets_dir / "b.json")).exit_code == 0
    (kept,) = tmp_path.glob("db.json.before-restore-*")
    passphrase = _secret_file(secrets_dir, "pp", RIGHT)

    moved = _run(db, "identity-key", "rotate", "--new-passphrase-file", str(passphrase))
    assert moved.exit_code == 0, moved.output
    assert f"{PASSPHRASE_ENV}={passphrase}" in moved.output and "1 kept copies" in moved.output
    record = _record(db)
    assert record is not None and _record(kept) == record
    kept_victim = json.loads(kept.read_bytes())["incidents"]["inc-canary"]["victims"][0]
    assert open_with(RIGHT, record).open(
        kept_victim["identity"], "incidents/inc-canary/victims/v-canary/identity") == CANARY
    old_file = _run(db, "person", "show", "v-canary")
    assert old_file.exit_code == 1
    assert f"under a passphrase (set {PASSPHRASE_ENV})" in old_file.output
    with_passphrase: dict[str, str | None] = {KEY_ENV: None, PASSPHRASE_ENV: str(passphrase)}
    assert f"Identity: {CANARY}" in _run(db, "person", "show", "v-canary",
                                         env=with_passphrase).output

    new_file = secrets_dir / "new.key"
    back = _run(db, "identity-key", "rotate", "--new", str(new_file), env=with_passphrase)
    assert back.exit_code == 0, back.output
    assert _record(db) is None and _record(kept) is None  # salt and check go with it
    refused = _run(db, "person", "show", "v-canary", env=with_passphrase)
    assert refused.exit_code == 1 and f"under a key file (set {KEY_ENV})" in refused.output
    assert f"Identity: {CANARY}" in _run(db, "person", "show", "v-canary",
                                         env={KEY_ENV: str(new_file)}).output
    assert _run(db, "person", "show", "v-canary", env={KEY_ENV: key_file}).exit_code == 1

    entries = Store(db).audit_log()
    assert verify_chain(entries) == []
    notes = [e.note or "" for e in entries if e.action == "rotate-identity-key"]
    assert len(notes) == 2
    assert notes[0].endswith("(a passphrase)") and notes[1].endswith("(a key file)")
    assert files_holding(tmp_path, CANARY) == []


def test_at_a_terminal_the_passphrase_is_asked_for_and_never_in_a_pipe(
        under_passphrase: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = under_passphrase
    nothing: dict[str, str | None] = {PASSPHRASE_ENV: None, KEY_ENV: None}
    piped = _run(db, "person", "show", "v-canary", env=nothing, stdin=f"{RIGHT}\n")
    assert piped.exit_code == 1
    assert KEY_ENV in piped.output and PASSPHRASE_ENV in piped.output
    monkeypatch.setattr("hrdscore.cli.identity_cmds.on_terminal", lambda: True)
    asked = _run(db, "person", "show", "v-canary", env=nothing, stdin=f"{RIGHT}\n")
    assert asked.exit_code == 0, asked.output
    assert "Passphrase of the identity key" in asked.output
    assert f"Identity: {CANARY}" in asked.output
    assert RIGHT not in asked.output  # hidden as typed
    wrong = _run(db, "person", "show", "v-canary", env=nothing, stdin=f"{WRONG}\n")
    assert wrong.exit_code == 1 and "does not open this database" in wrong.output


def test_refusals_name_the_cause(under_passphrase: Path, secrets_dir: Path,
                                 tmp_path: Path, shipped: Dataset) -> None:
    db = under_passphrase
    both = _run(db, "person", "show", "v-canary", env={KEY_ENV: os.environ[PASSPHRASE_ENV]})
    assert both.exit_code == 1
    assert f"both {KEY_ENV} and {PASSPHRASE_ENV} are set" in both.output
    # A key file does not write into a database under a passphrase (it would mix two keys).
    key_file = secrets_dir / "k.key"
    create_key_file(key_file)
    before = db.read_bytes()
    other = canary_csv(secrets_dir / "o.csv", incident="inc-o", victim="v-o",
                       identity="Басқа Адам", act="act-o-1")
    mixed = _run(db, "import", "incidents", str(other),
                 env={PASSPHRASE_ENV: None, KEY_ENV: str(key_file)})
    assert mixed.exit_code == 1 and "under a passphrase" in mixed.output
    assert db.read_bytes() == before
    # A passphrase readable by others is refused, like a key file.
    (secrets_dir / "right").chmod(0o644)
    loose = _run(db, "person", "show", "v-canary")
    assert loose.exit_code == 1 and "readable by others" in loose.output
    (secrets_dir / "right").chmod(0o600)
    # A damaged record (scrypt made cheap) is refused naming the field, not trusted.
    doc = json.loads(db.read_bytes())
    doc["_meta"]["identity_key"]["n"] = 2**10
    db.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    damaged = _run(db, "person", "show", "v-canary")
    assert damaged.exit_code == 1
    assert "passphrase settings stored in the database are damaged (at: n)" in damaged.output
    doc["_meta"]["identity_key"]["n"] = 2**17
    doc["_meta"]["identity_key"]["salt"] = doc["_meta"]["identity_key"]["salt"].rstrip("=")
    db.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    unpadded = _run(db, "person", "show", "v-canary")
    assert unpadded.exit_code == 1 and "damaged (at: salt)" in unpadded.output


def test_a_new_passphrase_shorter_than_twelve_characters_is_refused(
        tmp_path: Path, shipped: Dataset, secrets_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV)
    db = tmp_path / "db.json"
    short = _secret_file(secrets_dir, "short", "кыска 12345")  # 11 characters
    monkeypatch.setenv(PASSPHRASE_ENV, str(short))
    with pytest.raises(IdentityKeyError, match="has 11 characters; use at least 12"):
        seed(Store(db), shipped, who="test")
    assert not db.exists()
    monkeypatch.setenv(PASSPHRASE_ENV, str(_secret_file(secrets_dir, "ok", "кыска 123456")))
    seed(Store(db), shipped, who="test")
    assert _record(db) is not None


def test_at_a_terminal_rotation_asks_for_the_new_passphrase_twice(
        tmp_path: Path, shipped: Dataset, secrets_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "db.json"
    seed(Store(db), shipped, who="test")
    assert _run(db, "import", "incidents",
                str(canary_csv(secrets_dir / "inc.csv"))).exit_code == 0
    monkeypatch.setattr("hrdscore.cli.identity_cmds.on_terminal", lambda: True)
    mistyped = _run(db, "identity-key", "rotate", "--new-passphrase",
                    stdin=f"{RIGHT}\n{WRONG}\n{RIGHT}\n{RIGHT}\n")
    assert mistyped.exit_code == 0, mistyped.output
    assert "Error: The two entered values do not match." in mistyped.output
    record = _record(db)
    assert record is not None and open_with(RIGHT, record) is not None
    nothing: dict[str, str | None] = {KEY_ENV: None}
    shown = _run(db, "person", "show", "v-canary", env=nothing, stdin=f"{RIGHT}\n")
    assert f"Identity: {CANARY}" in shown.output


def test_erase_asks_for_the_passphrase_at_a_terminal_to_search_free_text(
        under_passphrase: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = under_passphrase
    nothing: dict[str, str | None] = {PASSPHRASE_ENV: None}
    piped = _run(db, "person", "erase", "v-canary", "--dry-run", env=nothing)
    assert piped.exit_code == 0 and "was not looked for" in piped.output
    monkeypatch.setattr("hrdscore.cli.identity_cmds.on_terminal", lambda: True)
    asked = _run(db, "person", "erase", "v-canary", "--dry-run", env=nothing,
                 stdin=f"{RIGHT}\n")
    assert asked.exit_code == 0, asked.output
    assert "Passphrase of the identity key" in asked.output
    assert "was not looked for" not in asked.output
    wrong = _run(db, "person", "erase", "v-canary", env=nothing, stdin=f"{WRONG}\n")
    assert wrong.exit_code == 1 and "does not open this database" in wrong.output
    assert "inc-canary" in json.loads(db.read_bytes())["incidents"]  # nothing erased


def test_the_api_opens_a_person_with_the_servers_passphrase_and_never_with_a_wrong_one(
        under_passphrase: Path, shipped: Dataset, secrets_dir: Path,
        monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    base = make_base(tmp_path_factory.mktemp("base"), shipped, with_secrets=False)
    base.template = under_passphrase.read_bytes()
    with running_api(base, tmp_path_factory.mktemp("api"), rate_limit=0) as api:
        person = api.client.get("/api/persons/v-canary", headers=api.as_role("admin"))
        assert person.status_code == 200 and person.json()["identity"] == CANARY
        monkeypatch.setenv(PASSPHRASE_ENV, str(_secret_file(secrets_dir, "wrong", WRONG)))
        refused = api.client.get("/api/persons/v-canary", headers=api.as_role("admin"))
        assert refused.status_code == 503 and CANARY not in refused.text
        assert PASSPHRASE_ENV in refused.json()["detail"]
