"""Issue 20 on PostgreSQL: a canary identity, with every identifying free-text field naming her,
written through CSV, through the API and by `migrate` from a file database, is readable with
the key and nowhere in clear in `pg_dump` output, nor in a backup exported from PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from click.testing import CliRunner
from litestar.testing import TestClient

from hrdscore.api import ApiSettings, create_app
from hrdscore.cli import cli
from hrdscore.dataset import Dataset
from hrdscore.service import Workspace
from hrdscore.store import Role, create_key
from hrdscore.store.backends import open_store
from tests.api_helpers import make_base
from tests.identity_helpers import (
    CANARY,
    CANARY_CONTACT,
    FREE_TEXT,
    api_incident,
    canary_csv,
    with_free_text,
)

API_CANARY = "Аманжол Канарейкин-API"
FILE_CANARY = "Гүлназ Канарейкина-файл"


def _dump(cluster: Any, url: str) -> bytes:
    dbname = url.split("/")[3].split("?")[0]
    dumped: bytes = cluster.run_as_postgres(
        str(cluster.bindir / "pg_dump"), "-h", str(cluster.socket_dir), "-p",
        str(cluster.port), "-U", "postgres", dbname).stdout
    return dumped


def test_canaries_through_csv_api_and_migrate_are_sealed_in_postgresql(
        pg_cluster: Any, pg_url: str, tmp_path: Path, identity_key: Path,
        shipped: Dataset) -> None:
    runner = CliRunner()

    def ok(*args: str) -> str:
        done = runner.invoke(cli, list(args))
        assert done.exit_code == 0, done.output
        return done.output

    # A file database with one canary, copied into PostgreSQL by migrate.
    file_db = tmp_path / "field.json"
    ok("init", "--db", str(file_db))
    ok("import", "incidents", str(canary_csv(tmp_path / "f.csv", identity=FILE_CANARY,
                                             incident="inc-file", victim="v-file",
                                             act="act-file-1", free_text=True)),
       "--db", str(file_db))
    ok("migrate", "--from", str(file_db), "--to", pg_url)
    # Then a CSV import straight into PostgreSQL...
    ok("import", "incidents", str(canary_csv(tmp_path / "c.csv", free_text=True)),
       "--db", pg_url)
    # ...and a write through the API over PostgreSQL.
    store = open_store(pg_url)
    _, token = create_key(store, "editor", Role.EDITOR, who="test")
    base = make_base(tmp_path / "base", shipped)
    app = create_app(ApiSettings(db=store.path, rate_limit=0),
                     workspace=Workspace(base.catalog, base.methodology, store))
    with TestClient(app) as client:
        posted = client.post("/api/incidents", headers={"X-API-Key": token},
                             json=with_free_text(api_incident(
                                 "inc-api", "v-api", API_CANARY, "act-api-1")))
        assert posted.status_code == 201, posted.text
    store.close()

    # Each opens with the key, from PostgreSQL.
    for pseudonym, name in (("v-file", FILE_CANARY), ("v-canary", CANARY),
                            ("v-api", API_CANARY)):
        assert f"Identity: {name}" in ok("person", "show", pseudonym, "--db", pg_url)

    dump = _dump(pg_cluster, pg_url)
    for pseudonym in (b"v-file", b"v-canary", b"v-api"):
        assert pseudonym in dump  # the dump holds the incidents...
    secrets = (CANARY, CANARY_CONTACT, API_CANARY, FILE_CANARY, *FREE_TEXT)
    for secret in secrets:  # ...and none of what names the people in them
        assert secret.encode("utf-8") not in dump, secret
    backup = tmp_path / "exported.json"
    ok("backup", "--db", pg_url, "-o", str(backup))
    exported = backup.read_bytes()
    assert b"v-api" in exported
    for secret in secrets:
        assert secret.encode("utf-8") not in exported, secret
    sealed = orjson.loads(exported)["incidents"]["inc-api"]["victims"][0]["identity"]
    assert sealed.startswith("enc:v1:")
