"""Copying a whole database from one backend to the other (`hrdscore migrate`): every table
and the audit log as they are, so the copy's chain verifies; counts compared after."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hrdscore.errors import StoreError
from hrdscore.store.audit import AUDIT_TABLE, AuditEntry, verify_chain
from hrdscore.store.backends import open_store
from hrdscore.store.database import Store
from hrdscore.store.migrations import check_is_database
from hrdscore.store.storage import atomic_write_bytes, encode

__all__ = ["TableCount", "copy_database"]


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int

    @property
    def same(self) -> bool:
        return self.source == self.target


def _counts(doc: dict[str, Any]) -> dict[str, int]:
    return {table: len(rows) for table, rows in doc.items() if rows}


def copy_database(source: str | Path, target: str | Path) -> list[TableCount]:
    """Copy the database at `source` into `target`, which must be empty. Raises StoreError
    when the target holds data, or when the copy's counts or audit chain differ."""
    src, dst = open_store(source), open_store(target)
    if str(src.path) == str(dst.path):
        raise StoreError(f"{src.path}: the source and the target are the same database")
    if not src.exists():
        raise StoreError(f"no database at {src.path} to copy")
    if dst.exists():
        raise StoreError(f"{dst.path} already holds a database: migrate copies only into an "
                         "empty one (back it up and empty it, or choose another)")
    doc = src.read_document()  # one consistent read on either backend
    check_is_database(doc, str(src.path))
    _write_whole(dst, doc)
    copied = open_store(dst.path).read_document()  # a fresh store: what the target now holds
    before, after = _counts(doc), _counts(copied)
    counts = [TableCount(t, before.get(t, 0), after.get(t, 0))
              for t in sorted(set(before) | set(after))]
    problems = verify_chain([AuditEntry.model_validate(e)
                             for _, e in sorted((copied.get(AUDIT_TABLE) or {}).items())])
    if problems:
        raise StoreError(f"{dst.path}: the copied audit log does not verify: {problems[0]}")
    return counts


def _write_whole(dst: Store, doc: dict[str, Any]) -> None:
    replace_with = getattr(dst, "replace_with", None)
    if replace_with is not None:  # PostgreSQL: one transaction, audit log kept as it is
        replace_with(doc, "migrate", None)
        return
    atomic_write_bytes(dst.path, encode(doc))
