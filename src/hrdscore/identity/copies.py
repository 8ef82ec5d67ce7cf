"""The copies of the database the store keeps beside it: the file before each restore
(`<db>.before-restore-<stamp>`) and before each schema migration (`<db>.v<N>.bak`). Erasure and
key rotation reach them too; backups written elsewhere with `hrdscore backup` are the
operator's to replace (hrdscore does not know where they went)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from hrdscore.store.database import Store
from hrdscore.store.storage import atomic_write_bytes, encode, read_json_file


def kept_copies(store: Store) -> list[Path]:
    folder, name = store.path.parent, store.path.name
    found = [*folder.glob(f"{name}.before-restore-*"), *folder.glob(f"{name}.v*.bak")]
    return sorted(p for p in found if p.is_file())


def rewrite_copy(path: Path, change: Callable[[dict[str, Any]], bool]) -> bool:
    """Apply `change` to a kept copy's document and write it back whole (atomically) when it
    says it changed something. The copy's own audit log is left as it was: it holds ids only,
    and its chain must still verify."""
    doc = read_json_file(path)
    if doc is None or not change(doc):
        return False
    atomic_write_bytes(path, encode(doc))
    return True
