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


def new_document() -> Doc:
    return {META_TABLE: {META_ID: {"schema_version": SCHEMA_VERSION}}}
