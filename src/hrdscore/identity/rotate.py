"""Key rotation: every identifying value re-sealed under a new key in one store transaction.

The store writes the whole file atomically, so the database is wholly under the old key or
wholly under the new one, never between. The kept copies follow, each written whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hrdscore.identity.copies import kept_copies, rewrite_copy
from hrdscore.identity.fields import slots
from hrdscore.identity.keys import IdentityKey, is_sealed, sealed_key_id
from hrdscore.store.database import Store


@dataclass
class Rotation:
    values: int = 0
    records: list[str] = field(default_factory=list)
    copies: int = 0


def _reseal(doc: dict[str, Any], old: IdentityKey, new: IdentityKey) -> tuple[int, list[str]]:
    count, records = 0, set()
    for slot in list(slots(doc)):
        value = slot.value
        if not isinstance(value, str):
            continue
        if is_sealed(value) and sealed_key_id(value) == new.key_id:
            continue
        clear = old.open(value, slot.name) if is_sealed(value) else value
        slot.holder[slot.field] = new.seal(clear, slot.name)
        count += 1
        records.add(slot.record)
    return count, sorted(records)


def rotate_key(store: Store, old: IdentityKey, new: IdentityKey, *, who: str) -> Rotation:
    """Re-seal under `new` everything sealed under `old`; audit-logged by record ids only.
    A value neither key opens stops the whole rotation before anything is written."""
    result = Rotation()
    with store.transaction(who) as tx:
        result.values, result.records = _reseal(tx.document, old, new)
        tx.record("rotate-identity-key", "incidents", ids=result.records,
                  note=f"{result.values} values re-encrypted from key {old.key_id} to key "
                  f"{new.key_id}")
    for copy in kept_copies(store):
        result.copies += rewrite_copy(copy, lambda doc: _reseal(doc, old, new)[0] > 0)
    return result
