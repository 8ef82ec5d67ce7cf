"""Sealing at the store's write boundary: every identifying value is encrypted before a
record reaches the database document, and a commit refuses any value still in clear.

A write that carries an identity while no key is configured is refused, naming the field and
how to make a key: an identity is never stored in clear, not even "for now".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from hrdscore.identity.fields import Slot, identifying_kinds, slots, walk_record
from hrdscore.identity.keys import (
    KEY_ENV,
    PASSPHRASE_ENV,
    IdentityKey,
    IdentityKeyError,
    is_sealed,
    sealed_key_id,
)

if TYPE_CHECKING:  # the store imports this module
    from hrdscore.store.database import Store

KeyProvider = Callable[[], IdentityKey | None]
RecordSealer = Callable[[str, MutableMapping[str, Any], Mapping[str, Any] | None], None]


def refusal(slot: Slot) -> str:
    kind, record, *rest = slot.name.split("/")
    inside = f" ({' '.join(rest[:-1])})" if rest[:-1] else ""
    return (f"{kind} {record}{inside}: the field {slot.field!r} identifies a person and is "
            f"stored only encrypted, but no identity key is configured; set {KEY_ENV} to a key "
            "file (make one with `hrdscore identity-key create --out PATH`), or "
            f"{PASSPHRASE_ENV} to a file holding a passphrase, and try again. Nothing was "
            "written")


def record_slots(kind: str, record_id: str, record: MutableMapping[str, Any]) -> Iterator[Slot]:
    sh = identifying_kinds().get(kind)
    if sh is not None:
        yield from walk_record(record, sh, f"{kind}/{record_id}", record_id)


class Sealer:
    """Seals clear identifying values with the configured key, loaded only when one is met
    (`provider`: the key for the document being written, see `hrdscore.identity.unlock`).
    `under_key`: whether the database has been under a key (holds a sealed value); free text
    marked identifying may stay as written only in one that has not, and only without a key."""

    def __init__(self, provider: KeyProvider,
                 under_key: Callable[[], bool] = lambda: True) -> None:
        self._provider = provider
        self._under_key = under_key
        self._key: IdentityKey | None = None
        self._keyless_ok: bool | None = None

    def key(self, slot: Slot) -> IdentityKey | None:
        """The key to seal `slot` with; None: it stays as written (see the class)."""
        if self._key is None:
            self._key = self._provider()
        if self._key is not None:
            return self._key
        if not slot.needs_key:
            if self._keyless_ok is None:
                self._keyless_ok = not self._under_key()
            if self._keyless_ok:
                return None
        raise IdentityKeyError(refusal(slot))

    def for_kind(self, kind: str) -> RecordSealer | None:
        return self.seal_record if kind in identifying_kinds() else None

    def seal_record(self, kind: str, record: MutableMapping[str, Any],
                    old: Mapping[str, Any] | None) -> None:
        """Seal `record` (its stored form) in place. A value equal to the one stored keeps
        its sealed form, so writing the same record again changes nothing."""
        record_id = str(record.get("id"))
        before = {s.name: s.value for s in record_slots(kind, record_id, dict(old or {}))}
        for slot in record_slots(kind, record_id, record):
            if not isinstance(slot.value, str) or is_sealed(slot.value):
                continue
            key = self.key(slot)
            if key is None:
                continue
            stored = before.get(slot.name)
            if (isinstance(stored, str) and is_sealed(stored)
                    and sealed_key_id(stored) == key.key_id
                    and _opens_to(key, stored, slot.name, slot.value)):
                slot.holder[slot.field] = stored
            else:
                slot.holder[slot.field] = key.seal(slot.value, slot.name)

    def seal_document(self, doc: MutableMapping[str, Any]) -> list[str]:
        """Seal every clear value left in a whole document; the ids of the records changed."""
        changed: list[str] = []
        for slot in slots(doc):
            if isinstance(slot.value, str) and not is_sealed(slot.value):
                key = self.key(slot)
                if key is not None:
                    slot.holder[slot.field] = key.seal(slot.value, slot.name)
                    changed.append(slot.record)
        return sorted(set(changed))


def _opens_to(key: IdentityKey, sealed: str, name: str, clear: str) -> bool:
    try:
        return key.open(sealed, name) == clear
    except IdentityKeyError:
        return False


def as_stored(store: Store, kind: str, record: BaseModel) -> BaseModel:
    """`record` as the store now holds it: with identifying fields sealed, so that a write's
    answer never echoes an identity in clear (and a client sending it back keeps it sealed)."""
    if kind not in identifying_kinds():
        return record
    stored = (store.document().get(kind) or {}).get(getattr(record, "id"))  # noqa: B009
    return type(record).model_validate(stored) if stored is not None else record
