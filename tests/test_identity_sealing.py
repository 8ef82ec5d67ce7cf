"""Identities sealed at rest: a canary identity imported through CSV and through the API is
readable with `person show` and held in clear by no file hrdscore writes; without the key
scoring, statistics and publishing work, and `person show` fails naming the key."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from hrdscore.catalog import Catalog
from hrdscore.cli import cli
from hrdscore.dataset import Dataset
from hrdscore.identity.keys import KEY_ENV, IdentityKeyError, load_key_file
from hrdscore.identity.persons import show_person
from hrdscore.store import Store, import_file, seed

from .api_helpers import make_base, running_api
from .identity_helpers import (
    CANARY,
    CANARY_CONSENT_NOTE,
    CANARY_CONTACT,
    CANARY_NARRATIVE,
    CANARY_RECOURSE,
    CANARY_SUMMARY,
    FREE_TEXT,
    api_incident,
    canary_csv,
    files_holding,
    with_free_text,
)

API_CANARY = "Сенім Жасұлан-Ақынұлы"


@pytest.fixture
def workdir(tmp_path: Path, shipped: Dataset) -> Iterator[Path]:
    seed(Store(tmp_path / "db.json"), shipped, who="test")
    yield tmp_path


def _cli(runner: CliRunner, db: Path, *args: str, env: dict[str, str | None] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, [*args, "--db", str(db)], env=env)


def test_a_canary_through_csv_and_api_is_sealed_everywhere_and_shown_with_the_key(
        runner: CliRunner, workdir: Path, shipped: Dataset,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    inputs = tmp_path_factory.mktemp("inputs")  # the test's own files, outside hrdscore's
    db = workdir / "db.json"
    # The CSV row carries an incident summary and an act description naming her too.
    csv = canary_csv(inputs / "inc.csv", free_text=True)
    imported = _cli(runner, db, "import", "incidents", str(csv))
    assert imported.exit_code == 0, imported.output
    # Importing the same file again changes nothing, though each sealing draws a new nonce.
    again = _cli(runner, db, "import", "incidents", str(inputs / "inc.csv"))
    assert "0 updated, 1 unchanged" in again.output

    # Through the API, into the same database.
    base = make_base(inputs, shipped, with_secrets=False)
    base.template = db.read_bytes()
    api_dir = workdir / "api"
    api_dir.mkdir()
    with running_api(base, api_dir, rate_limit=0) as api:
        posted = api.client.post("/api/incidents", headers=api.as_role("editor"),
                                 json=with_free_text(api_incident(
                                     "inc-api-canary", "v-api-canary", API_CANARY,
                                     "act-api-canary-1")))
        assert posted.status_code == 201, posted.text
        assert not [t for t in (API_CANARY, *FREE_TEXT) if t in posted.text]
        # The public read of the (public) incident carries none of the internal text, not
        # even encrypted: its public summary speaks for it.
        public = api.client.get("/api/incidents/inc-api-canary").json()
        assert public["summary"] is None and public["acts"][0]["description"] is None
        assert public["recourses"][0]["description"] is None
        assert public["victims"][0]["consent"] is None
        person = api.client.get("/api/persons/v-api-canary", headers=api.as_role("admin"))
        assert person.status_code == 200 and person.json()["identity"] == API_CANARY
        assert person.json()["consent"]["note"] == CANARY_CONSENT_NOTE
        assert person.json()["texts"] == [
            {"kind": "incident", "id": "inc-api-canary", "text": CANARY_SUMMARY},
            {"kind": "act", "id": "act-api-canary-1", "text": CANARY_NARRATIVE},
            {"kind": "recourse", "id": "rc-act-api-canary-1", "text": CANARY_RECOURSE}]
        assert person.headers["cache-control"] == "no-store"
        # Only an admin key opens an identity.
        editor = api.client.get("/api/persons/v-api-canary", headers=api.as_role("editor"))
        assert editor.status_code == 403 and API_CANARY not in editor.text
    db = api_dir / "db.json"

    shown = _cli(runner, db, "person", "show", "v-canary")
    assert shown.exit_code == 0, shown.output
    assert f"Identity: {CANARY}" in shown.output and f"Contact: {CANARY_CONTACT}" in shown.output
    assert "Consent to be named: none recorded" in shown.output
    assert f"Summary of incident inc-canary: {CANARY_SUMMARY}\n" in shown.output
    assert f"Description of act act-canary-1: {CANARY_NARRATIVE}\n" in shown.output
    assert f"Identity: {API_CANARY}" in _cli(runner, db, "person", "show",
                                             "v-api-canary").output

    # Every file hrdscore writes: the database, a backup, the copy kept by a restore, a
    # publication, the audit log (inside the database).
    assert _cli(runner, db, "backup", "-o", str(workdir / "backup.json")).exit_code == 0
    restored = _cli(runner, db, "restore", str(workdir / "backup.json"))
    assert restored.exit_code == 0, restored.output
    assert list(api_dir.glob("db.json.before-restore-*"))
    published = _cli(runner, db, "publish", "--year", "2021", "--out", str(workdir / "pub"),
                     "--generated-on", "2026-11-21")
    assert published.exit_code == 0, published.output
    for secret in (CANARY, CANARY_CONTACT, API_CANARY, *FREE_TEXT):
        assert files_holding(workdir, secret) == [], secret
    victims = {v["id"]: v for inc in json.loads(db.read_bytes())["incidents"].values()
               for v in inc["victims"]}
    assert victims["v-canary"]["identity"].startswith("enc:v1:")
    assert victims["v-api-canary"]["identity"].startswith("enc:v1:")
    # ...and the free text opens again with the key, where it was put.
    key = load_key_file(Path(os.environ[KEY_ENV]))
    stored = json.loads(db.read_bytes())["incidents"]["inc-canary"]
    assert key.open(stored["summary"], "incidents/inc-canary/summary") == CANARY_SUMMARY
    assert key.open(stored["acts"][0]["description"],
                    "incidents/inc-canary/acts/act-canary-1/description") == CANARY_NARRATIVE


def test_without_the_key_a_write_carrying_an_identity_is_refused_naming_field_and_key(
        runner: CliRunner, workdir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    db = workdir / "db.json"
    before = db.read_bytes()
    csv = canary_csv(tmp_path_factory.mktemp("in") / "inc.csv")
    refused = _cli(runner, db, "import", "incidents", str(csv), env={KEY_ENV: None})
    assert refused.exit_code == 1
    assert "'identity'" in refused.output and KEY_ENV in refused.output
    assert "identity-key create" in refused.output
    assert db.read_bytes() == before


def test_without_the_key_score_stats_and_publish_work_and_person_show_names_the_key(
        runner: CliRunner, workdir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    db = workdir / "db.json"
    csv = canary_csv(tmp_path_factory.mktemp("in") / "inc.csv", free_text=True)
    assert _cli(runner, db, "import", "incidents", str(csv)).exit_code == 0
    no_key: dict[str, str | None] = {KEY_ENV: None}
    score = _cli(runner, db, "score", "--year", "2021", "--actor", "kpo", env=no_key)
    assert score.exit_code == 0, score.output
    stats = _cli(runner, db, "stats", "--format", "json", env=no_key)
    assert stats.exit_code == 0, stats.output
    assert _cli(runner, db, "audit", "--verify", env=no_key).exit_code == 0
    shown = _cli(runner, db, "person", "show", "v-canary", env=no_key)
    assert shown.exit_code == 1
    assert KEY_ENV in shown.output and CANARY not in shown.output


def test_a_sealed_value_moved_to_another_person_does_not_open(
        workdir: Path, tmp_path: Path, shipped: Dataset) -> None:
    """The slot's name is the associated data: a ciphertext copied from one victim to
    another (or to another field) is refused, not read as the other person's name."""
    store = Store(workdir / "db.json")
    csv = canary_csv(tmp_path / "a.csv")
    recs = list(Catalog.from_dataset(shipped).recommendations)
    import_file(store, "incidents", csv, who="t", today=date.today(), recommendations=recs)
    import_file(store, "incidents", canary_csv(tmp_path / "b.csv", incident="inc-other",
                                               victim="v-other", identity="Другой Человек",
                                               act="act-other-1"),
                who="t", today=date.today(), recommendations=recs)
    doc = json.loads(store.path.read_bytes())
    key = load_key_file(Path(os.environ[KEY_ENV]))
    assert show_person(doc, "v-other", key).fields["identity"] == "Другой Человек"
    doc["incidents"]["inc-other"]["victims"][0]["identity"] = \
        doc["incidents"]["inc-canary"]["victims"][0]["identity"]
    with pytest.raises(IdentityKeyError, match="moved from another record"):
        show_person(doc, "v-other", key)
    # ...and into the contact field of the same person.
    doc = json.loads(store.path.read_bytes())
    victim = doc["incidents"]["inc-canary"]["victims"][0]
    victim["contact"] = victim["identity"]
    with pytest.raises(IdentityKeyError, match="moved from another record"):
        show_person(doc, "v-canary", key)


def test_a_backup_from_before_encryption_is_sealed_as_it_is_restored(
        runner: CliRunner, workdir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A file written before identities were encrypted holds them in clear: restoring it
    seals them in the same write, or is refused without a key."""
    db = workdir / "db.json"
    old = json.loads(db.read_bytes())
    incident = json.loads(json.dumps(next(iter(old["incidents"].values()))))
    incident["id"] = "inc-legacy"
    incident["victims"][0]["identity"] = CANARY
    # Its free text as an old file held it: in clear (the copied ciphertext would be bound to
    # the shipped incident's id).
    incident["summary"] = f"Legacy summary: {CANARY} was summoned."
    for part in (*incident["acts"], *incident["recourses"]):
        part.pop("description", None)
    old["incidents"]["inc-legacy"] = incident
    backup = tmp_path_factory.mktemp("old") / "legacy.json"
    backup.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    before = db.read_bytes()
    refused = _cli(runner, db, "restore", str(backup), env={KEY_ENV: None})
    assert refused.exit_code == 1 and KEY_ENV in refused.output
    assert db.read_bytes() == before
    assert not list(workdir.glob("db.json.before-restore-*"))
    restored = _cli(runner, db, "restore", str(backup))
    assert restored.exit_code == 0, restored.output
    assert files_holding(workdir, CANARY) == []
    victim = incident["victims"][0]["id"]
    assert f"Identity: {CANARY}" in _cli(runner, db, "person", "show", victim).output


def test_a_database_from_before_encryption_is_sealed_by_its_next_write(
        runner: CliRunner, workdir: Path) -> None:
    db = workdir / "db.json"
    doc = json.loads(db.read_bytes())
    incident = next(iter(doc["incidents"].values()))
    incident["victims"][0]["identity"] = CANARY
    victim = incident["victims"][0]["id"]
    db.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    # Any write, here one that touches no identity: the whole file is sealed with it.
    recorded = _cli(runner, db, "person", "consent", victim, "--level", "none", "--by", "M")
    assert recorded.exit_code == 0, recorded.output
    assert files_holding(workdir, CANARY) == []
    assert f"Identity: {CANARY}" in _cli(runner, db, "person", "show", victim).output


def test_the_api_serves_without_the_key_and_only_the_person_read_says_it_is_missing(
        workdir: Path, shipped: Dataset, monkeypatch: pytest.MonkeyPatch,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    db = workdir / "db.json"
    csv = canary_csv(tmp_path_factory.mktemp("in") / "inc.csv")
    recs = list(Catalog.from_dataset(shipped).recommendations)
    import_file(Store(db), "incidents", csv, who="t", today=date.today(), recommendations=recs)
    base = make_base(tmp_path_factory.mktemp("base"), shipped, with_secrets=False)
    base.template = db.read_bytes()
    monkeypatch.delenv(KEY_ENV)
    (workdir / "api-dir").mkdir()
    with running_api(base, workdir / "api-dir", rate_limit=0) as api:
        assert api.client.get("/api/scorecards/2021/kpo").status_code == 200
        assert api.client.get("/api/statistics/incidents?by=year").status_code == 200
        incident = api.client.get("/api/incidents/inc-canary", headers=api.as_role("admin"))
        assert incident.status_code == 200 and CANARY not in incident.text
        person = api.client.get("/api/persons/v-canary", headers=api.as_role("admin"))
        assert person.status_code == 503 and KEY_ENV in person.json()["detail"]
        assert CANARY not in person.text


def test_a_key_file_others_may_read_is_refused_naming_the_fix(tmp_path: Path) -> None:
    from hrdscore.identity.keys import IdentityKeyError, create_key_file, load_key_file

    path = tmp_path / "identity.key"
    key = create_key_file(path)
    assert load_key_file(path).secret == key.secret  # private (600) as created
    path.chmod(0o640)
    with pytest.raises(IdentityKeyError, match=r"readable by others.*chmod 600"):
        load_key_file(path)
    with pytest.raises(IdentityKeyError, match="no identity key file there"):
        load_key_file(tmp_path / "missing.key")
