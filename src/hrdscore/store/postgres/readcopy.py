"""Tables handed to readers (`read_document`) that they may edit without touching the cache.

A file store's reader gets a freshly parsed document; some edit it (the erasure preview
applies the erasure to it). Copying the whole cached document for every reader would cost a
second at 100,000 acts, and most readers look at one record (the answer to an API write) or
one small table (the keys). So a table copies a record when it is first read from it and
keeps that copy: the reader edits its own copy, the cache's record stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import orjson

__all__ = ["CopyOnRead"]

_ABSENT = object()


class CopyOnRead(dict[str, Any]):
    """A table whose records are the cache's until read, then the reader's own copies."""

    def __init__(self, table: Mapping[str, Any]) -> None:
        super().__init__(table)
        self._own: set[str] = set()

    def _mine(self, key: str) -> Any:
        value = dict.__getitem__(self, key)
        if key not in self._own:
            value = orjson.loads(orjson.dumps(value))  # a deep copy of JSON data, fast
            dict.__setitem__(self, key, value)
            self._own.add(key)
        return value

    def __getitem__(self, key: str) -> Any:
        return self._mine(key)

    def get(self, key: str, default: Any = None) -> Any:
        return self._mine(key) if key in self else default

    def __setitem__(self, key: str, value: Any) -> None:
        dict.__setitem__(self, key, value)
        self._own.add(key)  # what the reader put there is its own already

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self._mine(key)

    def pop(self, key: str, default: Any = _ABSENT) -> Any:
        if key not in self:
            if default is _ABSENT:
                raise KeyError(key)
            return default
        value = self._mine(key)
        dict.__delitem__(self, key)
        return value

    def __iter__(self) -> Iterator[str]:
        # Defined here so that dict(table) and {**table} go through __getitem__ (CPython
        # copies a dict subclass's entries directly only when it keeps dict's own __iter__).
        return iter(list(dict.keys(self)))

    def values(self) -> list[Any]:  # type: ignore[override]
        return [self._mine(k) for k in list(dict.keys(self))]

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        return [(k, self._mine(k)) for k in list(dict.keys(self))]
