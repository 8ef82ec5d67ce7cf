"""`PostgresStore`: the Store interface over a PostgreSQL database.

Writers are serialised by `SELECT ... FOR UPDATE` on the one metadata row, so the audit chain
stays a chain when several processes write. Each process keeps the document in memory, tagged
with the data version it reflects, and catches up by reading only the rows written since (a
wholesale replacement, restore or migrate, makes it reload). A transaction works on a copy of
the tables and at commit writes only the rows that changed (see `diff`), its audit entries,
the new data version and a NOTIFY, in one PostgreSQL transaction: an exception writes nothing.

The reference index a write checks its record against (`RefIndex`) is kept with the cache and
moved on by the rows each commit or catch-up changes: building it scans every incident (0.3 s
at 100,000 acts, most of an API write). A snapshot is built outside the connection's mutex,
so a writer never waits for one, by one thread at a time: the others wait for its result.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus

from hrdscore.dblocation import PgLocation, db_location
from hrdscore.errors import StoreError
from hrdscore.identity.fields import identifying_kinds
from hrdscore.references import RefIndex
from hrdscore.snapshot.evidence import EVIDENCE_KINDS, Snapshot
from hrdscore.store.audit import AUDIT_TABLE, AuditEntry, chained
from hrdscore.store.database import Clock, Store, Transaction
from hrdscore.store.migrations import (
    SCHEMA_VERSION,
    check_is_database,
    migrate,
    new_document,
    schema_version,
)
from hrdscore.store.postgres import rows
from hrdscore.store.postgres.diff import changed_rows, needs_whole_seal, only
from hrdscore.store.postgres.feed import Feed
from hrdscore.store.postgres.readcopy import CopyOnRead
from hrdscore.store.postgres.schema import ensure_schema, has_schema
from hrdscore.store.postgres.tables import advance_index, moved_on
from hrdscore.store.storage import atomic_write_bytes, encode, read_json_file
from hrdscore.store.transaction import IndexSource

Tables = dict[str, dict[str, Any]]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class _Transaction(Transaction):
    """A Transaction over the cache's own tables, shared until its code reaches the raw
    document (`tx.document`), where records may be edited in place: then each table still
    shared hands out copies of the records it is asked for (`CopyOnRead`), so the cache's
    records, which snapshots and readers in other threads share, never change. Repositories
    (TinyDB) never edit a table in place; they put a new one in the document. So a
    transaction that only uses repositories copies nothing."""

    touched_document = False

    def __init__(self, doc: Tables, base: Tables, who: str, clock: Clock,
                 index: IndexSource | None = None) -> None:
        super().__init__(doc, who, clock, index=index)
        self._base = base

    @property
    def document(self) -> dict[str, Any]:
        doc = super().document
        if not self.touched_document:
            self.touched_document = True
            for kind in list(doc):
                if doc[kind] is self._base.get(kind):
                    doc[kind] = CopyOnRead(doc[kind])
        return doc

    def untracked_document(self) -> dict[str, Any]:
        """The document for the store itself, at commit, its tables plain dicts: copies no
        record, marks nothing. A record read through `document` is a new object here."""
        doc = super().document
        for kind, table in doc.items():
            if isinstance(table, CopyOnRead):
                doc[kind] = dict.copy(table)  # dict's own copy: no record copied again
        return doc


class PostgresStore(Store):
    """The evidence database in PostgreSQL; same interface and guarantees as the file Store."""

    def __init__(self, location: str | Path, *, clock: Clock = _utc_now,
                 connect_timeout: int = 10) -> None:
        # Store.__init__ is not called: it sets up the file and its lock, which we do not have.
        found = db_location(location)
        if not isinstance(found, PgLocation):
            raise StoreError(f"{location}: not a postgresql:// URL")
        self.path: PgLocation = found
        self._clock = clock
        self._connect_timeout = connect_timeout
        self._mutex = threading.RLock()  # one connection, used by one thread at a time
        self._conn: psycopg.Connection[Any] | None = None
        self._schema_checked = False
        self._tables: Tables | None = None  # the cache; None: reload everything
        self._audit: dict[str, dict[str, Any]] = {}
        self._version = -1
        self._index: RefIndex | None = None  # of `_tables`; None: built when a write asks
        self._snapshot: tuple[tuple[int, int, int], Snapshot] | None = None
        # Held by the one thread building a snapshot (never with `_mutex` held first).
        self._building = threading.Lock()
        self._local = threading.local()  # `depth`: this thread's sessions open
        self._feed: Feed | None = None

    # Connection

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is not None and not self._conn.closed:
            return self._conn
        try:
            self._conn = psycopg.connect(self.path.url, autocommit=True,
                                         connect_timeout=self._connect_timeout,
                                         application_name="hrdscore")
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: cannot connect to the database "
                             f"({_first_line(exc)})") from None
        # A store dropped without close() closes its connection (psycopg warns otherwise).
        weakref.finalize(self, self._conn.close)
        return self._conn

    def _schema(self, conn: psycopg.Connection[Any]) -> None:
        if not self._schema_checked:
            ensure_schema(conn, str(self.path))
            self._schema_checked = True

    @contextmanager
    def _session(self) -> Iterator[psycopg.Connection[Any]]:
        """The connection under the mutex; database errors become StoreError naming the
        database, and leave the cache to be reloaded."""
        with self._mutex:
            conn = self._connection()
            self._local.depth = self._depth() + 1
            try:
                yield conn
            except psycopg.Error as exc:
                self._tables = None
                if conn.broken:
                    self._conn = None
                raise StoreError(f"{self.path}: {_first_line(exc)}") from None
            finally:
                self._local.depth -= 1

    def _depth(self) -> int:
        depth: int = getattr(self._local, "depth", 0)
        return depth

    def close(self) -> None:
        if self._feed is not None:
            self._feed.stop()
            self._feed = None
        with self._mutex:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # The cache

    def _catch_up(self, conn: psycopg.Connection[Any], version: int, reset: int) -> None:
        """Bring the cache to `version`, read in the current database transaction."""
        if self._tables is not None and self._version == version:
            return
        if self._tables is None or self._version < reset or self._version > version:
            tables: Tables = {}
            for kind, rid, data in rows.load_rows(conn, None):
                tables.setdefault(kind, {})[rid] = data
            self._audit = rows.load_audit(conn, 0)
            self._index = None
        else:
            tables = moved_on(self._tables, rows.load_rows(conn, self._version), self._index)
            last = int(max(self._audit)) if self._audit else 0
            self._audit.update(rows.load_audit(conn, last))
        found = schema_version(tables) if tables else SCHEMA_VERSION
        if found != SCHEMA_VERSION:
            raise StoreError(f"{self.path}: document schema version {found}; this hrdscore "
                             f"reads version {SCHEMA_VERSION}")
        self._tables, self._version = tables, version

    def _index_source(self) -> RefIndex:
        """The reference index of the cache's tables, built on the first write that asks
        (called inside `transaction`, under the mutex)."""
        if self._index is None:
            assert self._tables is not None
            self._index = RefIndex.of(self._tables, EVIDENCE_KINDS)
        return self._index

    def _read(self) -> tuple[Tables, dict[str, dict[str, Any]], int]:
        """The cached tables, audit and version, brought up to date in one consistent read."""
        with self._session() as conn:
            self._schema(conn)
            # Inside this thread's own transaction, which has caught up already, no new one
            # can start: the cache then holds the data as committed.
            if conn.info.transaction_status == TransactionStatus.IDLE:
                with conn.transaction():
                    conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    version, reset = rows.data_version(conn)
                    self._catch_up(conn, version, reset)
            assert self._tables is not None
            return self._tables or new_document(), self._audit, self._version

    # Reading

    def exists(self) -> bool:
        """Whether the database holds an hrdscore database with something committed."""
        with self._session() as conn:
            if not has_schema(conn):
                return False
            self._schema(conn)
            return rows.data_version(conn)[0] > 0

    def read_document(self) -> dict[str, Any]:
        """The whole document, the reader's to edit (records are copied as they are read)."""
        tables, audit, _ = self._read()
        doc: dict[str, Any] = {kind: CopyOnRead(table) for kind, table in tables.items()}
        doc[AUDIT_TABLE] = CopyOnRead(audit)
        return doc

    def document(self) -> Mapping[str, Any]:
        """The whole document, shared with the cache: read it, never change it (one
        consistent read; `read_document` gives a copy to change)."""
        tables, audit, _ = self._read()
        return {**(tables or new_document()), AUDIT_TABLE: audit}

    def snapshot(self) -> Snapshot:
        stamp = self.stamp()
        found = self._kept_snapshot(stamp)
        if found is not None:
            return found
        if self._depth() > 0:
            # Asked inside this thread's own transaction: it holds the mutex a builder in
            # another thread may be waiting for, so it builds its own rather than wait.
            return self._build_snapshot()
        # One builder at a time; whoever waited here then finds its snapshot kept (readers
        # each building their own took a server from 1,218 to 5 scorecards a second).
        with self._building:
            found = self._kept_snapshot(stamp)
            return found if found is not None else self._build_snapshot()

    def _kept_snapshot(self, stamp: tuple[int, int, int]) -> Snapshot | None:
        kept = self._snapshot
        # Data versions only grow: a snapshot read at a later version than the stamp (the feed
        # can lag a commit by milliseconds) is newer, not stale.
        return kept[1] if kept is not None and kept[0][0] >= stamp[0] else None

    def _build_snapshot(self) -> Snapshot:
        tables, _, version = self._read()  # the mutex only for this read
        # Outside the mutex: a commit meanwhile makes new tables and records, never changes
        # these. Built from the one before: only the rows that changed are redone.
        kept = self._snapshot
        snap = Snapshot.from_tables(tables, kept[1] if kept is not None else None)
        if kept is self._snapshot or self._snapshot is None or \
                self._snapshot[0][0] < version:
            self._snapshot = ((version, 0, 0), snap)
        return snap

    def stamp(self) -> tuple[int, int, int]:
        """The data version (a cache key): from the change feed when this process follows it,
        else one small query."""
        if self._feed is not None and self._feed.version is not None:
            # This process's own last commit counts at once, before its notification is back.
            return (max(self._feed.version, self._version), 0, 0)
        with self._session() as conn:
            if not has_schema(conn):
                return (0, 0, 0)
            return (rows.data_version(conn)[0], 0, 0)

    def follow_changes(self, poll_seconds: float = 1.0) -> None:
        """Keep `stamp()` current from LISTEN/NOTIFY (polling every `poll_seconds` as well, in
        case a notification is lost), so a server asks nothing per request."""
        if self._feed is None:
            self._feed = Feed(self.path.url, poll_seconds)
            self._feed.start()

    def audit_log(self) -> list[AuditEntry]:
        _, audit, _ = self._read()
        return [AuditEntry.model_validate(audit[k]) for k in sorted(audit)]

    # Writing

    @contextmanager
    def transaction(self, who: str) -> Iterator[Transaction]:
        with self._session() as conn:
            self._schema(conn)
            with conn.transaction():
                version, reset = rows.data_version(conn, for_update=True)
                self._catch_up(conn, version, reset)
                assert self._tables is not None
                base = self._tables
                # An empty database starts from a new document, whose metadata is then written.
                work: Tables = dict(base) if base else {
                    kind: dict(table) for kind, table in new_document().items()}
                tx = _Transaction(work, base, who, self._clock, self._index_source)
                # On an exception nothing is written and the cache stands: whatever the
                # transaction edited in place were its own copies.
                yield tx
                document = tx.untracked_document()
                actions = [str(p["action"]) for p in tx.pending_audit]
                whole_seal = needs_whole_seal(tx.touched_document, actions)
                if not tx.dirty and not tx.pending_audit:
                    return  # a read (the catalog check before every API write is one)
                self._commit(conn, tx, document, base, whole_seal, version)

    def _commit(self, conn: psycopg.Connection[Any], tx: Transaction, document: Tables,
                base: Tables, whole_seal: bool, version: int) -> None:
        new_version = version + 1
        self._tables = None  # until the commit below has succeeded
        if whole_seal:  # records edited in place may have had identities put in clear
            tx.sealer.seal_document(document)
        # `base` is as the database holds it: records edited in place are copies, new objects.
        upserts, deletes = changed_rows(base, document)
        # Records put through a Repository are sealed already; this catches any other.
        tx.sealer.seal_document(only(upserts, identifying_kinds()))
        if self._index is not None:
            advance_index(self._index, base, upserts, deletes)
        entries = self._audit_entries(tx)
        rows.write_rows(conn, upserts, new_version)
        rows.write_deletions(conn, deletes, new_version)
        rows.append_audit(conn, entries.values())
        rows.bump(conn, new_version)
        # The commit happens when `transaction`'s block exits; the cache is set by then.
        document.pop(AUDIT_TABLE, None)
        self._tables, self._version = document, new_version
        if self._index is not None:
            self._index.follow(document)
        self._audit.update(entries)

    def _audit_entries(self, tx: Transaction) -> dict[str, dict[str, Any]]:
        at = self._clock().astimezone(UTC).isoformat(timespec="seconds")
        return chained(self._audit, tx.pending_audit, tx.who, at)

    # Whole-database operations

    def backup(self, out: Path) -> int:
        """Export the database as one JSON document, the format of the file store, read in one
        consistent snapshot (writers go on meanwhile)."""
        if not self.exists():
            raise StoreError(f"{self.path}: no database to back up")
        data = encode(self.read_document())
        atomic_write_bytes(out, data)
        return len(data)

    def replace_with(self, doc: dict[str, Any], who: str, note: str | None) -> None:
        """Make the database hold `doc` (tables and audit log) exactly; with `note`, append a
        restore entry to its audit log. Nothing is written unless all of it is."""
        tables = {k: v for k, v in doc.items() if k != AUDIT_TABLE}
        audit = dict(doc.get(AUDIT_TABLE) or {})
        with self._session() as conn:
            self._schema(conn)
            with conn.transaction():
                version, _ = rows.data_version(conn, for_update=True)
                self._tables = None  # reloaded whole after a replacement
                tx = _Transaction(tables, {}, who, self._clock)
                tx.sealer.seal_document(tables)  # an old backup may hold identities in clear
                if note is not None:
                    tx.record("restore", None, note=note)
                    self._audit = audit
                    audit.update(self._audit_entries(tx))
                rows.replace_everything(conn, tables, audit, version + 1)
                rows.bump(conn, version + 1, reset=True)

    def restore(self, backup: Path, who: str) -> Path | None:
        """Replace the database with a backup (checked as the file store checks it). No copy
        of the replaced data is kept beside it: take a `backup` first. Returns None."""
        doc = read_json_file(backup)
        if doc is None:
            raise StoreError(f"{backup}: empty or missing backup")
        check_is_database(doc, str(backup))
        doc, _ = migrate(doc)
        Snapshot.from_tables(doc)  # every record must still validate
        self.replace_with(doc, who, note=f"restored from {backup.name}")
        return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
