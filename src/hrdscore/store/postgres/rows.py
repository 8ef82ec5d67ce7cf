"""Reading and writing the rows of the PostgreSQL schema: the SQL, kept apart from the Store's
bookkeeping."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import orjson
import psycopg

from hrdscore.perf import gc_paused
from hrdscore.store.audit import seq_key

Conn = psycopg.Connection[Any]

# Above this many rows a commit streams them with COPY into a staging table (one round trip)
# instead of one INSERT each: an import of 100,000 acts writes 50,000 rows.
_COPY_FROM = 200

_UPSERT = ("INSERT INTO hrdscore_records (kind, id, data, version) VALUES (%s, %s, %s::json, %s) "
           "ON CONFLICT (kind, id) DO UPDATE SET data = EXCLUDED.data, version = EXCLUDED.version")


def json_text(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def data_version(conn: Conn, *, for_update: bool = False) -> tuple[int, int]:
    """(data version, version of the last wholesale replacement)."""
    lock = " FOR UPDATE" if for_update else ""
    row = conn.execute("SELECT data_version, reset_version FROM hrdscore_meta WHERE id = 1"
                       + lock).fetchone()
    assert row is not None  # ensure_schema inserted it
    return int(row[0]), int(row[1])


def load_rows(conn: Conn, since: int | None) -> list[tuple[str, str, Any]]:
    """Every live record (since=None), or every row written after `since` (tombstones have
    data None)."""
    with gc_paused():
        if since is None:
            cur = conn.execute("SELECT kind, id, data::text FROM hrdscore_records "
                               "WHERE data IS NOT NULL")
        else:
            cur = conn.execute("SELECT kind, id, data::text FROM hrdscore_records "
                               "WHERE version > %s", (since,))
        return [(kind, rid, None if text is None else orjson.loads(text))
                for kind, rid, text in cur]


def load_audit(conn: Conn, after_seq: int) -> dict[str, dict[str, Any]]:
    cur = conn.execute("SELECT seq, entry::text FROM hrdscore_audit WHERE seq > %s ORDER BY seq",
                       (after_seq,))
    return {seq_key(int(seq)): orjson.loads(text) for seq, text in cur}


def write_rows(conn: Conn, rows: Mapping[tuple[str, str], Any], version: int) -> None:
    if not rows:
        return
    if len(rows) < _COPY_FROM:
        with conn.cursor() as cur:
            cur.executemany(_UPSERT, [(kind, rid, json_text(data), version)
                                      for (kind, rid), data in rows.items()])
        return
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS hrdscore_stage (kind text, id text, data text)"
                 " ON COMMIT DELETE ROWS")
    with conn.cursor() as cur:
        with cur.copy("COPY hrdscore_stage (kind, id, data) FROM STDIN") as copy:
            for (kind, rid), data in rows.items():
                copy.write_row((kind, rid, json_text(data)))
        cur.execute("INSERT INTO hrdscore_records (kind, id, data, version) "
                    "SELECT kind, id, data::json, %s FROM hrdscore_stage "
                    "ON CONFLICT (kind, id) DO UPDATE SET data = EXCLUDED.data, "
                    "version = EXCLUDED.version", (version,))


def write_deletions(conn: Conn, deletes: Iterable[tuple[str, str]], version: int) -> None:
    pairs = list(deletes)
    if not pairs:
        return
    # A tombstone, not a DELETE: readers catching up by version learn of the deletion.
    conn.execute("UPDATE hrdscore_records r SET data = NULL, version = %s "
                 "FROM unnest(%s::text[], %s::text[]) AS d(kind, id) "
                 "WHERE r.kind = d.kind AND r.id = d.id",
                 (version, [k for k, _ in pairs], [i for _, i in pairs]))


def append_audit(conn: Conn, entries: Iterable[Mapping[str, Any]]) -> None:
    batch = [(int(e["seq"]), json_text(e)) for e in entries]
    if batch:
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO hrdscore_audit (seq, entry) VALUES (%s, %s::jsonb)",
                            batch)


def replace_everything(conn: Conn, tables: Mapping[str, Mapping[str, Any]],
                       audit: Mapping[str, Mapping[str, Any]], version: int) -> None:
    """Make the database hold exactly `tables` and `audit` (restore, migrate)."""
    conn.execute("UPDATE hrdscore_records SET data = NULL, version = %s WHERE data IS NOT NULL",
                 (version,))
    conn.execute("DELETE FROM hrdscore_audit")
    write_rows(conn, {(kind, rid): rec for kind, table in tables.items()
                      for rid, rec in table.items()}, version)
    append_audit(conn, audit.values())


def bump(conn: Conn, version: int, *, reset: bool = False) -> None:
    if reset:
        conn.execute("UPDATE hrdscore_meta SET data_version = %s, reset_version = %s WHERE id = 1",
                     (version, version))
    else:
        conn.execute("UPDATE hrdscore_meta SET data_version = %s WHERE id = 1", (version,))
    # Delivered at commit, to every process that LISTENs (see `feed`).
    conn.execute("SELECT pg_notify('hrdscore_changes', %s)", (str(version),))
