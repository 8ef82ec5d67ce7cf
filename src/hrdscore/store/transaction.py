"""A transaction: typed repositories over the in-memory document of one locked
read-modify-write. The Store (TinyDB) and other backends commit what it changed."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import orjson
from tinydb import TinyDB

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
from hrdscore.perf import gc_paused
from hrdscore.references import RefIndex
from hrdscore.snapshot.evidence import EVIDENCE_KINDS
from hrdscore.store.migrations import META_TABLE
from hrdscore.store.repository import Changes, Repository, StrIdTable
from hrdscore.store.storage import BufferStorage

__all__ = ["Clock", "IndexSource", "Transaction", "private_copy", "utc_now"]


Clock = Callable[[], datetime]
IndexSource = Callable[[], RefIndex]


def utc_now() -> datetime:
    return datetime.now(UTC)


class _TinyDB(TinyDB):
    table_class = StrIdTable


def private_copy(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of a document (JSON values only): orjson's round trip is the quickest."""
    with gc_paused():
        copied: dict[str, Any] = orjson.loads(orjson.dumps(doc))
    return copied


class Transaction:
    """Repositories over the in-memory document of one locked read-modify-write.

    `shared=True` (the Store's cached document): `doc` shares its tables and records with a
    document others read, so it is copied whole before `document` hands it out for changes in
    place. `index` gives the reference index of `doc` as it is at the start."""

    def __init__(self, doc: dict[str, Any], who: str, clock: Clock | None = None,
                 sealer: Sealer | None = None, *, shared: bool = False,
                 index: IndexSource | None = None) -> None:
        self.who = who
        # The key comes from the environment, checked against the database's own record of
        # it (`_meta`), where a first passphrase is recorded: `_key_document` copies only that
        # table of a shared document, not the whole of it as `document` would.
        self.sealer = sealer or Sealer(lambda: writing_key(self._key_document()),
                                       lambda: under_key(self._key_document()))
        self._meta_private = False
        self.clock: Clock = clock or utc_now
        self.shared = shared
        self.touched = False  # whether `document` was handed out (records may change in place)
        self._index_source = index
        self._index: RefIndex | None = None
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
        """The document, to read or change in place (tables, records); written at commit."""
        assert self._storage is not None
        if self.shared:
            self._storage.data = private_copy(self._storage.data)
            self.shared = False
        self.touched = True
        return self._storage.data

    def _key_document(self) -> dict[str, Any]:
        assert self._storage is not None
        data = self._storage.data
        if self.shared and not self._meta_private:
            data[META_TABLE] = copy.deepcopy(data.get(META_TABLE, {}))
            self._meta_private = True
        return data

    @property
    def tables(self) -> Mapping[str, Any]:
        """The document to read only: no copy. Change it through the repositories."""
        assert self._storage is not None
        return self._storage.data

    def ref_index(self) -> RefIndex:
        """The reference index of the document as it is now."""
        if self.dirty or self.touched or self._index_source is None:
            # Changed since the start (or nobody keeps an index): index what is there now.
            return RefIndex.of(self.tables, EVIDENCE_KINDS)
        if self._index is None:
            self._index = self._index_source()
        return self._index

    @property
    def dirty(self) -> bool:
        assert self._storage is not None
        return self._storage.dirty
