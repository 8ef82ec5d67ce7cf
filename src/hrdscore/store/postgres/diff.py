"""What a transaction changed: the rows to write at commit, found by comparing the document the
transaction leaves with the one it started from.

A transaction starts from the cache's tables; a table it changes is a new dict (TinyDB builds
one, or `tx.document` copies it), and a record replaced or added is a new object, so comparing
by identity finds the changes without looking inside the tables and records left alone. A
few operations edit record dicts in place through `tx.document` (erasure, consent, key
rotation): what they edit are copies, made as each record is read, so new objects too, and
compared by value with the cache's. Those operations may leave an identity in clear anywhere
they edited: the whole document is sealed for them (`needs_whole_seal`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import compress
from operator import is_not
from typing import Any

from hrdscore.store.audit import AUDIT_TABLE

Tables = Mapping[str, Mapping[str, Any]]

# Audit actions whose code replaces records (Repository puts, or whole values assigned into a
# table) and never edits a stored record dict in place. After any other action that touched
# `tx.document` the whole document is sealed: a new operation is safe by default, only slower.
REPLACING_ACTIONS = frozenset({
    "init", "import", "create", "update", "delete", "review", "catalogs", "restore",
    "key-create", "key-revoke", "reply-round-open", "reply-round-close", "reply-response",
    "reply-decision",
})

_MISSING = object()


def needs_whole_seal(touched_document: bool, actions: Iterable[str]) -> bool:
    return touched_document and not set(actions) <= REPLACING_ACTIONS


def changed_rows(before: Tables, after: Tables
                 ) -> tuple[dict[tuple[str, str], Any], list[tuple[str, str]]]:
    """(rows to insert or replace, keyed by (kind, id); rows deleted). A record that is the
    same object in both is taken as unchanged; when `before` was read from the database it
    shares no object with `after`, so every record is compared by value."""
    upserts: dict[tuple[str, str], Any] = {}
    deletes: list[tuple[str, str]] = []
    for kind in sorted(set(before) | set(after)):
        if kind == AUDIT_TABLE:  # appended separately, never diffed
            continue
        new = after.get(kind) or {}
        old = before.get(kind) or {}
        if new is old:  # a table no one replaced or copied: unchanged
            continue
        # Identity first, at C speed (compress/map): a table of 20,000 records is checked in
        # about a millisecond; only the records that are new objects are compared by value.
        for record_id in compress(new, map(is_not, new.values(), map(old.get, new))):
            record = new[record_id]
            prev = old.get(record_id, _MISSING)
            if prev is not _MISSING and prev == record:
                continue
            upserts[(kind, record_id)] = record
        deletes.extend((kind, record_id) for record_id in old.keys() - new.keys())
    return upserts, deletes


def only(rows: Mapping[tuple[str, str], Any], kinds: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The rows of some kinds as a document (what the sealer walks)."""
    wanted = set(kinds)
    doc: dict[str, dict[str, Any]] = {}
    for (kind, record_id), record in rows.items():
        if kind in wanted:
            doc.setdefault(kind, {})[record_id] = record
    return doc
