"""Where identifying values sit in stored records, found from the `IDENTIFYING` type marker.

Every slot is named by its kind, record id, the path of sub-records (by their own id) and the
field, e.g. `incidents/inc-7/victims/v-0001/identity`: the name is the associated data of the
value's encryption, so a sealed value copied to another record or field no longer opens.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from hrdscore.model.identifying_shape import Shape, shape
from hrdscore.snapshot.evidence import MODELS


@cache
def identifying_kinds() -> dict[str, Shape]:
    """Stored kinds with at least one identifying field, and where."""
    models: dict[str, type[BaseModel]] = MODELS
    return {kind: shape(model) for kind, model in models.items() if not shape(model).empty}


@dataclass(frozen=True)
class Slot:
    """One identifying value in a stored (JSON) record, changeable in place."""

    holder: MutableMapping[str, Any]
    field: str
    name: str  # kind/record/.../field: the associated data of its encryption
    record: str  # the stored record's id (what an audit entry may name)
    needs_key: bool = True

    @property
    def value(self) -> Any:
        return self.holder.get(self.field)


def walk_record(node: MutableMapping[str, Any], sh: Shape, prefix: str,
                record: str) -> Iterator[Slot]:
    for field in sh.fields:
        if node.get(field) is not None:
            yield Slot(node, field, f"{prefix}/{field}", record, field not in sh.keyless)
    for field, sub in sh.nested:
        value = node.get(field)
        items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
        for index, item in enumerate(items):
            if isinstance(item, MutableMapping):
                key = item.get("id", index)
                yield from walk_record(item, sub, f"{prefix}/{field}/{key}", record)


def slots(doc: MutableMapping[str, Any]) -> Iterator[Slot]:
    """Every identifying value stored in a database document (any table that has some)."""
    for kind, sh in identifying_kinds().items():
        table = doc.get(kind)
        if not isinstance(table, MutableMapping):
            continue
        for record_id, record in table.items():
            if isinstance(record, MutableMapping):
                yield from walk_record(record, sh, f"{kind}/{record_id}", str(record_id))
