"""Which catalogs a database's evidence refers to, recorded in the database, and the refusal
to read or write it with a catalog set that would leave evidence pointing at nothing.

The references are the one reference graph's (`hrdscore.references.outgoing`): assessments
name criteria, follow-up records name recommendations.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from hrdscore.catalog import Catalog
from hrdscore.catalogs import CatalogSet
from hrdscore.errors import StoreError
from hrdscore.references import SINGULAR, outgoing
from hrdscore.snapshot.evidence import FOLLOWUP_KINDS
from hrdscore.store import Store
from hrdscore.store.migrations import META_TABLE

__all__ = ["CATALOGS_KEY", "check_catalogs", "orphaned", "record_catalogs", "recorded"]

CATALOGS_KEY = "catalogs"
_CATALOG_KINDS = ("criteria", "recommendations")


# Only these kinds refer to a catalog (assessments to criteria, the rest to recommendations).
_REFERRING = ("assessments", *FOLLOWUP_KINDS)


def _catalog_refs(tables: Mapping[str, Mapping[str, Any]]
                  ) -> Iterator[tuple[str, str, str, str]]:
    """(kind, id, field, target) of every reference from stored evidence into a catalog;
    `tables` maps kinds to records (stored dicts or models) by id."""
    for kind in _REFERRING:
        for record_id, record in (tables.get(kind) or {}).items():
            for ref in outgoing(kind, record):
                if ref.kind in _CATALOG_KINDS:
                    yield kind, str(record_id), ref.kind, ref.target


def orphaned(tables: Mapping[str, Mapping[str, Any]], catalog: Catalog) -> list[str]:
    """Stored records naming a recommendation or criterion `catalog` has not got, as
    'assessment a1 (criterion x.c1)', sorted."""
    known = {"recommendations": set(catalog.by_id), "criteria": set(catalog.criteria)}
    return sorted({f"{SINGULAR[kind]} {rid} ({SINGULAR[ref]} {target})"
                   for kind, rid, ref, target in _catalog_refs(tables)
                   if target not in known[ref]})


def recorded(doc: Mapping[str, Any]) -> list[dict[str, str]]:
    """The catalogs the database says its evidence refers to: id, hash and folder."""
    entry = (doc.get(META_TABLE) or {}).get(CATALOGS_KEY) or {}
    found = entry.get("catalogs") if isinstance(entry, dict) else None
    return [c for c in found or [] if isinstance(c, dict)]


def check_catalogs(store: Store, cset: CatalogSet) -> None:
    """`StoreError` naming the records when the database's evidence refers to recommendations
    or criteria that none of the loaded catalogs holds."""
    if not store.exists():
        return
    snap = store.snapshot()  # cached by the store: scoring reads the same one
    lost = orphaned({kind: getattr(snap, kind) for kind in _REFERRING}, cset.combined())
    if not lost:
        return
    doc = store.read_document()
    loaded = {c.id for c in cset.catalogs}
    missing = [f"{c.get('id')} (last read from {c.get('directory')})"
               for c in recorded(doc) if c.get("id") not in loaded]
    shown = ", ".join(lost[:20]) + (f" and {len(lost) - 20} more" if len(lost) > 20 else "")
    where = f"; it was recorded with catalog {', '.join(missing)}" if missing else ""
    raise StoreError(f"{store.path}: {len(lost)} records refer to recommendations that the "
                     f"loaded catalogs ({', '.join(sorted(loaded))}) do not hold: {shown}"
                     f"{where}. Give the missing catalog with --catalog DIR (or "
                     "HRDSCORE_CATALOG); nothing was read or written.")


def record_catalogs(store: Store, cset: CatalogSet, who: str) -> None:
    """Write down (id, content hash, folder) of each catalog the evidence refers to, when it
    differs from what is recorded; one audited change."""
    if not store.exists():
        return
    with store.transaction(who) as tx:
        # Read without `tx.document`: that copies a shared document whole (0.6 s at 100,000
        # acts), and this runs after every write through the API; only a change takes it.
        doc = tx.tables
        targets = {t for _k, _i, _r, t in _catalog_refs(doc)}
        used = []
        for cat in cset.catalogs:
            ids = {r.id for r in cat.recommendations}
            ids |= {c.id for r in cat.recommendations for c in r.criteria}
            if ids & targets:
                used.append({"id": cat.id, "hash": cat.content_hash,
                             "directory": "(shipped)" if cat.shipped
                             else str(cat.directory.resolve())})
        before = recorded(doc)
        if used == before or (not before and all(c["directory"] == "(shipped)"
                                                 for c in used)):
            return  # a database of the shipped report alone stays as it always was
        tx.document.setdefault(META_TABLE, {})[CATALOGS_KEY] = {"catalogs": used}
        tx.record("catalogs", None, note="evidence refers to catalogs: " + ", ".join(
            f"{c['id']} ({c['hash'][:12]})" for c in used))
