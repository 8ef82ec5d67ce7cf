"""The PostgreSQL schema hrdscore creates and versions.

Three tables. `hrdscore_meta` is one row: the schema version and the data version, a counter
bumped by every commit (the change feed's position: readers compare it with their cache).
`hrdscore_records` holds every table of the document as rows `(kind, id, data json, version)`:
`version` is the data version that last wrote the row, and a deleted record stays as a
tombstone (`data` NULL) so a reader catching up learns of deletions from the same query.
`hrdscore_audit` is the audit log, one JSONB entry per sequence number, chained by hashes
exactly as in the TinyDB file.

Records are `json`, not `jsonb` (schema version 2): hrdscore never queries inside a record, it
reads them back whole, and `jsonb` must be converted back to text for that (1.3-1.9 s of the
server's time for 100,000 acts, every cold start; `json` is the text as written).
"""

from __future__ import annotations

from typing import Any

import psycopg

from hrdscore.errors import StoreError

PG_SCHEMA_VERSION = 2
CHANNEL = "hrdscore_changes"

_CREATE = """
CREATE TABLE IF NOT EXISTS hrdscore_meta (
    id integer PRIMARY KEY CHECK (id = 1),
    schema_version integer NOT NULL,
    data_version bigint NOT NULL,
    -- the data version of the last restore or migration, which replaced every row: a reader
    -- whose cache is older reloads everything instead of catching up
    reset_version bigint NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS hrdscore_records (
    kind text NOT NULL,
    id text NOT NULL,
    data json,
    version bigint NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS hrdscore_records_version ON hrdscore_records (version);
CREATE TABLE IF NOT EXISTS hrdscore_audit (
    seq bigint PRIMARY KEY,
    entry jsonb NOT NULL
);
INSERT INTO hrdscore_meta (id, schema_version, data_version) VALUES (1, %s, 0)
    ON CONFLICT (id) DO NOTHING;
"""

# Steps from schema version N to N+1, run in one transaction each.
_MIGRATIONS: dict[int, str] = {
    1: "ALTER TABLE hrdscore_records ALTER COLUMN data TYPE json USING data::json",
}


def has_schema(conn: psycopg.Connection[Any]) -> bool:
    row = conn.execute("SELECT to_regclass('hrdscore_meta') IS NOT NULL").fetchone()
    return bool(row and row[0])


def ensure_schema(conn: psycopg.Connection[Any], name: str) -> None:
    """Create the tables on first use; migrate an older schema; refuse a newer one. Runs under
    an advisory lock so two processes starting at once do not both create."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('hrdscore-schema'))")
        if not has_schema(conn):
            conn.execute(_CREATE.replace("%s", str(PG_SCHEMA_VERSION)))
            return
        row = conn.execute("SELECT schema_version FROM hrdscore_meta WHERE id = 1").fetchone()
        if row is None:
            raise StoreError(f"{name}: the hrdscore tables are there but their metadata row is "
                             "missing")
        version = int(row[0])
        if version > PG_SCHEMA_VERSION:
            raise StoreError(f"{name}: this database has hrdscore schema version {version}, "
                             f"newer than this hrdscore understands ({PG_SCHEMA_VERSION}): "
                             "upgrade hrdscore")
        while version < PG_SCHEMA_VERSION:
            conn.execute(_MIGRATIONS[version])
            version += 1
            conn.execute("UPDATE hrdscore_meta SET schema_version = %s WHERE id = 1",
                         (version,))
