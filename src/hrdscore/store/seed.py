"""`hrdscore init`: a database holding the shipped actors and sample evidence."""

from __future__ import annotations

from hrdscore.checks import Dataset
from hrdscore.snapshot.evidence import EVIDENCE_KINDS
from hrdscore.store.database import Store
from hrdscore.store.repository import Changes


def seed(store: Store, shipped: Dataset, *, who: str) -> Changes:
    """Put the shipped evidence in the store. Records already there and identical are left
    alone, so running it twice changes nothing (not even the file's bytes)."""
    total = Changes()
    with store.transaction(who) as tx:
        for kind in EVIDENCE_KINDS:
            changes = tx.repo(kind).put_many(shipped.records(kind))
            if changes.changed:
                tx.record("init", kind, changes, note="shipped data")
            total.merge(changes)
    return total
