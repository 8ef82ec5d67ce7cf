"""Key rotation: every identifying value re-sealed under a new key in one store transaction.

The store writes the whole file atomically, so the database is wholly under the old key or
wholly under the new one, never between. The kept copies follow, each written whole.

Moving to a passphrase stores its record (salt, check value) in the same write; moving to a key
file drops it, so the old passphrase is refused afterwards instead of half-opening."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hrdscore.identity.copies import kept_copies, rewrite_copy
from hrdscore.identity.fields import slots
from hrdscore.identity.keys import IdentityKey, is_sealed, sealed_key_id
from hrdscore.identity.passphrase import KdfRecord, store_record
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


def _move(doc: dict[str, Any], old: IdentityKey, new: IdentityKey,
          record: KdfRecord | None) -> bool:
    store_record(doc, record)
    return _reseal(doc, old, new)[0] > 0


def rotate_key(store: Store, old: IdentityKey, new: IdentityKey, *, who: str,
               record: KdfRecord | None = None) -> Rotation:
    """Re-seal under `new` everything sealed under `old`; audit-logged by record ids only.
    `record`: the passphrase record `new` was derived with (None: `new` is a key file).
    A value neither key opens stops the whole rotation before anything is written."""
    result = Rotation()
    under = "a passphrase" if record is not None else "a key file"
    with store.transaction(who) as tx:
        store_record(tx.document, record)
        result.values, result.records = _reseal(tx.document, old, new)
        tx.record("rotate-identity-key", "incidents", ids=result.records,
                  note=f"{result.values} values re-encrypted from key {old.key_id} to key "
                  f"{new.key_id} ({under})")
    for copy in kept_copies(store):
        result.copies += rewrite_copy(copy, lambda doc: _move(doc, old, new, record))
    return result
