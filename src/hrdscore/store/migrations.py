"""Schema versions of the database document and the steps between them.

A step takes the document of version N and returns version N+1. Opening an older file migrates
it in memory; the next write stores the new version (the old file is kept as a backup first).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hrdscore.errors import StoreError

SCHEMA_VERSION = 1
META_TABLE = "_meta"
META_ID = "schema"

Doc = dict[str, Any]


def _v0_to_v1(doc: Doc) -> Doc:
    """Version 0: a plain TinyDB file (no metadata) with our tables. Adopt it."""
    doc = dict(doc)
    if not doc.get("_default"):  # TinyDB's empty default table carries nothing of ours
        doc.pop("_default", None)
    doc[META_TABLE] = {META_ID: {"schema_version": 1}}
    return doc


MIGRATIONS: dict[int, Callable[[Doc], Doc]] = {0: _v0_to_v1}


def schema_version(doc: Doc) -> int:
    meta = doc.get(META_TABLE, {}).get(META_ID)
    if meta is None:
        return 0
    version = meta.get("schema_version")
    if not isinstance(version, int):
        raise StoreError("database metadata has no valid schema_version")
    return version


def migrate(doc: Doc) -> tuple[Doc, int]:
    """The document at the current version, and the version it was at."""
    start = version = schema_version(doc)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"this database has schema version {version}, newer than this hrdscore "
            f"understands ({SCHEMA_VERSION}): upgrade hrdscore"
        )
    while version < SCHEMA_VERSION:
        doc = MIGRATIONS[version](doc)
        version += 1
    return doc, start


# Every table a database may hold; anything else means the file is something else.
KNOWN_TABLES = frozenset({META_TABLE, "_audit", "_keys", "_default", "actors", "sources",
                          "inquiries", "replies", "incidents", "assessments",
                          "responses", "responsibilities", "measures", "progress_reports",
                          # Right of reply (see `hrdscore.store.replies`).
                          "_reply_rounds", "_reply_drafts", "_reply_responses",
                          "_reply_decisions"})


def check_is_database(doc: Doc, name: str) -> None:
    """Refuse a JSON file that is not an hrdscore database: no schema version, or tables
    hrdscore does not have (a stray `{"x": 1}` must not replace a database)."""
    meta = doc.get(META_TABLE)
    if not isinstance(meta, dict) or not isinstance(meta.get(META_ID), dict):
        raise StoreError(f"{name}: not an hrdscore database (it has no schema version)")
    unknown = sorted(str(k) for k in doc if k not in KNOWN_TABLES)
    if unknown:
        raise StoreError(f"{name}: not an hrdscore database (unknown tables: "
                         f"{', '.join(unknown)})")
    bad = sorted(k for k, v in doc.items() if not isinstance(v, dict))
    if bad:
        raise StoreError(f"{name}: not an hrdscore database (not tables: {', '.join(bad)})")
    schema_version(doc)


def new_document() -> Doc:
    return {META_TABLE: {META_ID: {"schema_version": SCHEMA_VERSION}}}
