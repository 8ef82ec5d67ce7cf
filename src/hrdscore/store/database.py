"""The Store: the only code that opens the TinyDB file.

Every change runs in a transaction: take the cross-process lock, load the document, apply the
changes in memory through TinyDB, append the audit entry, write the file once, atomically, and
release the lock. Readers take no lock: an atomic rename means they always see a whole file.

The Store keeps the parsed document in memory between transactions, with the identity of the
file it came from and the write stamp inside it (a counter and a random writer id, new at
every commit): a transaction re-reads the file only when another process (or another Store
object) wrote it since. The kept document is never changed in place, so a transaction that
raises leaves it as it was: a transaction works on a copy of its top level (TinyDB replaces a
table whole when it writes one, and Repositories replace records, never edit them); code that
asks for `Transaction.document` to change records in place gets a deep copy first.
"""

from __future__ import annotations

import os
import secrets
import shutil
import threading
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from hrdscore.errors import StoreError
from hrdscore.identity.fields import slots
from hrdscore.identity.keys import is_sealed
from hrdscore.references import RefIndex
from hrdscore.snapshot.evidence import EVIDENCE_KINDS, Snapshot
from hrdscore.snapshot.reuse import share_equal
from hrdscore.store.audit import AUDIT_TABLE, AuditEntry, chained
from hrdscore.store.migrations import (
    META_TABLE,
    SCHEMA_VERSION,
    check_is_database,
    migrate,
    new_document,
)
from hrdscore.store.spliced import Layout, write_document
from hrdscore.store.storage import (
    WRITE_ENTRY,
    Stamp,
    WriteStamp,
    atomic_write_bytes,
    encode,
    parse_document,
    read_json_file,
    remove_stale_temp_files,
    stamp_of,
    write_stamp_in,
    write_stamp_of,
)
from hrdscore.store.transaction import Clock, IndexSource, Transaction, utc_now

__all__ = ["Clock", "Store", "Transaction"]


@dataclass
class _Loaded:
    """The document of one version of the file, kept between transactions. Never changed in
    place except `index`, which a commit brings up to date as it makes the next version."""

    doc: dict[str, Any]  # migrated to the current schema
    stamp: Stamp
    written: WriteStamp | None  # None: a file no commit of this version wrote; never trusted
    from_version: int  # the schema version of the file
    sealed: bool = False  # every identifying value known to be sealed
    index: RefIndex | None = None
    layout: Layout | None = None  # where each table lies in the file (this process wrote it)


class Store:
    """The evidence database: one TinyDB JSON file, written atomically under a
    cross-process lock, with its audit log inside. The only class that touches the file."""

    def __init__(self, path: str | Path, *, lock_timeout: float = 60.0,
                 clock: Clock = utc_now) -> None:
        self.path = Path(path)
        self._lock = FileLock(f"{self.path}.lock", timeout=lock_timeout)
        self._clock = clock
        self._snapshot: tuple[Stamp, Snapshot] | None = None
        self._loaded: _Loaded | None = None
        self._index_lock = threading.Lock()
        self._commit_lock = threading.Lock()  # a commit's write and what it keeps, as one

    def exists(self) -> bool:
        """Whether the database file is there and not empty."""
        return self.path.is_file() and self.path.stat().st_size > 0

    # Reading

    def _load(self, *, keep: bool) -> _Loaded | None:
        """The document now in the file: the kept one while the file is the one it came from
        (same identity, same write stamp inside), else parsed and migrated (and kept, with
        `keep`). None: no file.

        Transactions keep what they load; reads only use it. At 100,000 acts the parsed
        document holds ~150 MiB beyond the strings a snapshot shares with it: a process that
        only reads (a server nobody writes through) need not carry it."""
        # Under the commit lock: a commit renames its file in, then notes what it kept; a
        # reader in between would take the file for another process's and parse it.
        with self._commit_lock:
            try:
                handle = self.path.open("rb")
            except FileNotFoundError:
                return None
            with ExitStack() as closing:
                closing.callback(handle.close)
                stamp = stamp_of(os.fstat(handle.fileno()))
                kept = self._loaded
                if (kept is not None and kept.stamp == stamp and kept.written is not None
                        and write_stamp_in(handle) == kept.written):
                    return kept
                closing.pop_all()  # still open: parsed below, outside the lock
        with handle:
            if keep:
                # Out of date: let it go before parsing the new one. Only a transaction may:
                # a reader doing it could drop the document a commit has just kept (a reader
                # can find the new file renamed in before the commit notes it), and then
                # every read after would parse the whole file again.
                self._loaded = None
            raw = parse_document(handle.read(), self.path)  # the same file as the stamp
        if raw is None:
            return None
        doc, from_version = migrate(raw)
        if self._snapshot is not None:
            share_equal(doc, self._snapshot[1].stored_records())
        loaded = _Loaded(doc, stamp, write_stamp_of(raw), from_version)
        if keep:
            self._loaded = loaded
        return loaded

    def read_document(self) -> dict[str, Any]:
        """The whole stored document (every table), migrated to the current schema: the
        caller's own copy, to change at will."""
        doc = read_json_file(self.path)
        if doc is None:
            return new_document()
        return migrate(doc)[0]

    def document(self) -> Mapping[str, Any]:
        """The whole stored document, shared with the store's cache: read it, never change it
        (`read_document` gives a copy to change). Parsed only when the file changed."""
        loaded = self._load(keep=False)
        return new_document() if loaded is None else loaded.doc

    def snapshot(self) -> Snapshot:
        """The evidence as it is now; rebuilt only when the file has changed."""
        if self._snapshot is not None and self._snapshot[0] == self.stamp():
            return self._snapshot[1]
        loaded = self._load(keep=False)
        # Built from the one before: only the records that changed are redone.
        previous = self._snapshot[1] if self._snapshot is not None else None
        snap = Snapshot.from_tables(new_document() if loaded is None else loaded.doc, previous)
        self._snapshot = ((0, 0, 0) if loaded is None else loaded.stamp, snap)
        return snap

    def stamp(self) -> Stamp:
        """The database file's identity (inode, modification time, size): every write renames
        a new file over the old one, so it changes with each write. Caches key on it."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return (0, 0, 0)
        # A rename gives a new inode, so a write is seen even within one mtime tick.
        return stamp_of(st)

    def audit_log(self) -> list[AuditEntry]:
        """Every audit entry, oldest first."""
        table = self.document().get(AUDIT_TABLE, {})
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

    def _index_of(self, loaded: _Loaded) -> IndexSource:
        def build() -> RefIndex:
            with self._index_lock:
                if loaded.index is None:
                    loaded.index = RefIndex.of(loaded.doc, EVIDENCE_KINDS)
                return loaded.index
        return build

    @contextmanager
    def transaction(self, who: str) -> Iterator[Transaction]:
        """Lock, load, yield repositories, then commit everything in one atomic write.
        An exception inside the block writes nothing and leaves the kept document as it was."""
        with self._locked():
            remove_stale_temp_files(self.path.parent)
            loaded = self._load(keep=True)
            if loaded is None:
                tx = Transaction(new_document(), who, self._clock)
            else:  # a new top level: TinyDB replaces tables in it, never in the kept one
                tx = Transaction(dict(loaded.doc), who, self._clock, shared=True,
                                 index=self._index_of(loaded))
            yield tx
            if not tx.dirty and not tx.pending_audit:
                return
            if loaded is not None and loaded.from_version < SCHEMA_VERSION:
                # Keep the file as it was before its first write in the new schema.
                shutil.copy2(self.path, self.path.with_name(
                    f"{self.path.name}.v{loaded.from_version}.bak"))
            self._seal(tx, loaded)
            self._append_audit(tx)
            doc = _top(tx)
            written = _stamp_write(doc, loaded.written if loaded is not None else None)
            with self._commit_lock:
                # Tables the commit left as they were are copied from the file as bytes.
                layout = write_document(self.path, doc,
                                        loaded.layout if loaded is not None else None)
                committed = _Loaded(doc, layout.stamp, written, SCHEMA_VERSION, sealed=True,
                                    layout=layout)
                self._loaded = committed
            if loaded is not None and loaded.index is not None and not tx.touched:
                committed.index = _advance(loaded, doc)

    def _seal(self, tx: Transaction, loaded: _Loaded | None) -> None:
        """Nothing in clear reaches the file. Records put through the repositories are sealed
        as they are put, so a document known sealed needs no walk through every record."""
        if loaded is not None and loaded.sealed and not tx.touched:
            return
        if tx.shared and not any(isinstance(s.value, str) and not is_sealed(s.value)
                                 for s in slots(dict(tx.tables))):
            return
        tx.sealer.seal_document(tx.document)  # `document`: a copy first, if shared

    def _append_audit(self, tx: Transaction) -> None:
        doc = _top(tx)
        table = dict(doc.get(AUDIT_TABLE) or {})  # a copy: the kept document shares the table
        doc[AUDIT_TABLE] = table
        at = self._clock().astimezone(UTC).isoformat(timespec="seconds")
        table.update(chained(table, tx.pending_audit, tx.who, at))

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
            replaced: WriteStamp | None = None
            if self.exists():
                kept = self._keep_copy(self._clock().strftime("%Y%m%dT%H%M%S"))
                with self.path.open("rb") as handle:
                    replaced = write_stamp_in(handle)
            tx.record("restore", None, note=f"restored from {backup.name}")
            self._append_audit(tx)
            # Counted on from the file replaced, so no Store takes the backup for the file
            # it kept from before (the backup may carry that very stamp).
            _stamp_write(_top(tx), replaced or write_stamp_of(tx.document))
            self._loaded = None
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


def _top(tx: Transaction) -> dict[str, Any]:
    """The transaction's own top level of the document (the Store adds tables to it)."""
    assert tx._storage is not None
    return tx._storage.data


def _stamp_write(doc: dict[str, Any], before: WriteStamp | None) -> WriteStamp:
    """Mark `doc` with a write stamp no earlier version of its file has."""
    written = ((before[0] if before else 0) + 1, secrets.token_hex(8))
    meta = dict(doc.get(META_TABLE) or {})  # a copy: the kept document shares the table
    meta[WRITE_ENTRY] = {"counter": written[0], "writer": written[1]}
    doc[META_TABLE] = meta
    return written


def _advance(loaded: _Loaded, doc: Mapping[str, Any]) -> RefIndex:
    """The reference index of `doc`, moved on from that of `loaded.doc` by the records a
    commit replaced, added or removed (found by identity: unchanged records are the same
    objects), instead of indexing every record again."""
    index = loaded.index
    assert index is not None
    loaded.index = None  # it no longer describes `loaded.doc`
    for kind in EVIDENCE_KINDS:
        old, new = loaded.doc.get(kind) or {}, doc.get(kind) or {}
        if old is new:
            continue
        for record_id, record in old.items():
            if new.get(record_id) is not record:
                index.remove(kind, record_id, record)
        for record_id, record in new.items():
            if old.get(record_id) is not record:
                index.add(kind, record_id, record)
    index.follow(doc)
    return index
