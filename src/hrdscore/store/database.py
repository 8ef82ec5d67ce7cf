"""The Store: the only code that opens the TinyDB file.

Every change runs in a transaction: take the cross-process lock, read the file, apply the
changes in memory through TinyDB, append the audit entry, write the file once, atomically, and
release the lock. Readers take no lock: an atomic rename means they always see a whole file.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB

from hrdscore.errors import StoreError
from hrdscore.identity.fields import identifying_kinds
from hrdscore.identity.protect import Sealer
from hrdscore.identity.unlock import under_key, writing_key
from hrdscore.model import (
    Actor,
    Assessment,
    Incident,
    Inquiry,
    Measure,
    ProgressReport,
    Reply,
    Response,
    Responsibility,
    Source,
)
from hrdscore.snapshot.evidence import Snapshot
from hrdscore.store.audit import AUDIT_TABLE, AuditEntry, entry_hash, seq_key
from hrdscore.store.migrations import SCHEMA_VERSION, check_is_database, migrate, new_document
from hrdscore.store.repository import Changes, Repository, StrIdTable
from hrdscore.store.storage import (
    BufferStorage,
    atomic_write_bytes,
    encode,
    read_json_file,
    remove_stale_temp_files,
)

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class _TinyDB(TinyDB):
    table_class = StrIdTable


class Transaction:
    """Repositories over the in-memory document of one locked read-modify-write."""

    def __init__(self, doc: dict[str, Any], who: str, clock: Clock | None = None,
                 sealer: Sealer | None = None) -> None:
        self.who = who
        self.sealer = sealer or Sealer(lambda: writing_key(self.document),
                                       lambda: under_key(self.document))
        self.clock: Clock = clock or _utc_now
        self._storage: BufferStorage | None = None
        self._db = _TinyDB(doc, storage=BufferStorage)
        self._storage = self._db.storage  # type: ignore[assignment]
        self.actors = Repository(self._db.table("actors"), Actor)
        self.sources = Repository(self._db.table("sources"), Source)
        self.inquiries = Repository(self._db.table("inquiries"), Inquiry)
        self.replies = Repository(self._db.table("replies"), Reply)
        self.incidents = Repository(self._db.table("incidents"), Incident)
        self.assessments = Repository(self._db.table("assessments"), Assessment)
        self.responses = Repository(self._db.table("responses"), Response)
        self.responsibilities = Repository(self._db.table("responsibilities"), Responsibility)
        self.measures = Repository(self._db.table("measures"), Measure)
        self.progress_reports = Repository(self._db.table("progress_reports"), ProgressReport)
        self.pending_audit: list[dict[str, Any]] = []
        for kind in identifying_kinds():  # identities are sealed as records are put
            self.repo(kind).seal = self.sealer.seal_record

    def repo(self, kind: str) -> Repository[Any]:
        repo: Repository[Any] = getattr(self, kind)
        return repo

    def record(self, action: str, kind: str | None, changes: Changes | None = None,
               note: str | None = None, ids: list[str] | None = None) -> None:
        """Queue an audit entry; it is written with the data, in the same atomic write."""
        self.pending_audit.append({
            "action": action,
            "kind": kind,
            "ids": sorted(ids if ids is not None else (changes.changed if changes else [])),
            "counts": changes.as_dict() if changes else {},
            "note": note,
        })

    @property
    def document(self) -> dict[str, Any]:
        assert self._storage is not None
        return self._storage.data

    @property
    def dirty(self) -> bool:
        assert self._storage is not None
        return self._storage.dirty


class Store:
    """The evidence database: one TinyDB JSON file, written atomically under a
    cross-process lock, with its audit log inside. The only class that touches the file."""

    def __init__(self, path: str | Path, *, lock_timeout: float = 60.0,
                 clock: Clock = _utc_now) -> None:
        self.path = Path(path)
        self._lock = FileLock(f"{self.path}.lock", timeout=lock_timeout)
        self._clock = clock
        self._snapshot: tuple[tuple[int, int, int], Snapshot] | None = None

    def exists(self) -> bool:
        """Whether the database file is there and not empty."""
        return self.path.is_file() and self.path.stat().st_size > 0

    # Reading

    def read_document(self) -> dict[str, Any]:
        """The whole stored document (every table), migrated to the current schema."""
        doc = read_json_file(self.path)
        if doc is None:
            return new_document()
        return migrate(doc)[0]

    def snapshot(self) -> Snapshot:
        """The evidence as it is now; rebuilt only when the file has changed."""
        stamp = self.stamp()
        if self._snapshot is not None and self._snapshot[0] == stamp:
            return self._snapshot[1]
        # Built from the one before: only the records that changed are redone.
        previous = self._snapshot[1] if self._snapshot is not None else None
        snap = Snapshot.from_tables(self.read_document(), previous)
        self._snapshot = (stamp, snap)
        return snap

    def stamp(self) -> tuple[int, int, int]:
        """The database file's identity (inode, modification time, size): every write renames
        a new file over the old one, so it changes with each write. Caches key on it."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return (0, 0, 0)
        # A rename gives a new inode, so a write is seen even within one mtime tick.
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def audit_log(self) -> list[AuditEntry]:
        """Every audit entry, oldest first."""
        table = self.read_document().get(AUDIT_TABLE, {})
        return [AuditEntry.model_validate(table[k]) for k in sorted(table)]

    # Writing

    @contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock.acquire()
        except Timeout as exc:
            raise StoreError(
                f"{self.path}: another process has held the database lock for too long"
            ) from exc
        except OSError as exc:  # e.g. a read-only folder: name the database, not the lock
            raise StoreError(f"{self.path}: cannot lock the database for writing "
                             f"({exc.strerror or exc})") from exc
        try:
            yield
        finally:
            self._lock.release()

    @contextmanager
    def transaction(self, who: str) -> Iterator[Transaction]:
        """Lock, load, yield repositories, then commit everything in one atomic write.
        An exception inside the block writes nothing."""
        with self._locked():
            remove_stale_temp_files(self.path.parent)
            raw = read_json_file(self.path)
            doc, from_version = migrate(raw if raw is not None else new_document())
            tx = Transaction(doc, who, self._clock)
            yield tx
            if not tx.dirty and not tx.pending_audit:
                return
            if raw is not None and from_version < SCHEMA_VERSION:
                # Keep the file as it was before its first write in the new schema.
                shutil.copy2(self.path, self.path.with_name(
                    f"{self.path.name}.v{from_version}.bak"))
            tx.sealer.seal_document(tx.document)  # nothing in clear reaches the file
            self._append_audit(tx)
            atomic_write_bytes(self.path, encode(tx.document))

    def _append_audit(self, tx: Transaction) -> None:
        table = tx.document.setdefault(AUDIT_TABLE, {})
        last_key = max(table) if table else None
        seq = int(last_key) if last_key else 0
        prev = table[last_key]["hash"] if last_key else ""
        at = self._clock().astimezone(UTC).isoformat(timespec="seconds")
        for pending in tx.pending_audit:
            seq += 1
            fields = {"seq": seq, "at": at, "who": tx.who, "prev": prev, **pending}
            fields["hash"] = entry_hash(fields)
            table[seq_key(seq)] = fields
            prev = fields["hash"]

    # Whole-file operations

    def backup(self, out: Path) -> int:
        """Copy the database, consistent under the lock; returns the bytes written."""
        with self._locked():
            if not self.exists():
                raise StoreError(f"{self.path}: no database to back up")
            data = self.path.read_bytes()
        atomic_write_bytes(out, data)
        return len(data)

    def restore(self, backup: Path, who: str) -> Path | None:
        """Replace the database with a backup, after checking the backup is an hrdscore
        database (schema version, known tables) whose records all validate. The replaced file
        is kept beside it under a name no earlier copy has; its path is returned."""
        doc = read_json_file(backup)
        if doc is None:
            raise StoreError(f"{backup}: empty or missing backup")
        check_is_database(doc, str(backup))
        doc, _ = migrate(doc)
        Snapshot.from_tables(doc)  # every record must still validate
        with self._locked():
            tx = Transaction(doc, who, self._clock)
            tx.sealer.seal_document(tx.document)  # an old backup may hold identities in clear
            kept: Path | None = None
            if self.exists():
                kept = self._keep_copy(self._clock().strftime("%Y%m%dT%H%M%S"))
            tx.record("restore", None, note=f"restored from {backup.name}")
            self._append_audit(tx)
            atomic_write_bytes(self.path, encode(tx.document))
        return kept

    def _keep_copy(self, stamp: str) -> Path:
        """Copy the database to `<name>.before-restore-<stamp>[-N]`, never over an earlier
        copy (two restores within one second would otherwise share a name)."""
        data = self.path.read_bytes()
        for number in range(1, 10_000):
            suffix = "" if number == 1 else f"-{number}"
            kept = self.path.with_name(f"{self.path.name}.before-restore-{stamp}{suffix}")
            try:
                with kept.open("xb") as handle:  # exclusive: fails if the name is taken
                    handle.write(data)
            except FileExistsError:
                continue
            shutil.copystat(self.path, kept)
            return kept
        raise StoreError(f"{self.path}: too many copies kept for {stamp}")
