"""The one cache policy: results worked out from one version of the evidence, kept until the
evidence changes.

Scorecards, public JSON, PDFs and statistics are pure functions of the evidence snapshot, so
they are cached under the snapshot's version (its hash, or the database file's identity where
reading the snapshot would cost more than the lookup saves). The rules, in one place:

- a new version drops every entry of the old one: no result outlives its evidence;
- each namespace ("cards", "pdf", ...) holds at most its limit of entries, the least recently
  used going first, so no caller can grow memory by asking for many periods or tables;
- lookups and stores are thread-safe; values are computed outside the lock, and threads
  asking `get_or_compute` for one value at once wait for the one computing it (fifty readers
  of a scorecard not yet scored each scored it, all under one GIL: at 100,000 acts the server
  stopped answering anything, `/api/health` included, for 20-40 s).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

__all__ = ["VersionedCache"]

T = TypeVar("T")


class VersionedCache:
    """Values by (namespace, key) for the current version of the evidence (see the module)."""

    def __init__(self, limits: Mapping[str, int] | None = None, default_limit: int = 16) -> None:
        self._limits = dict(limits or {})
        self._default = default_limit
        self._version: Hashable | None = None
        self._spaces: dict[str, OrderedDict[Hashable, Any]] = {}
        self._lock = threading.Lock()
        # (version, namespace, key) being computed -> (the computing thread, set when done)
        self._pending: dict[Hashable, tuple[int, threading.Event]] = {}

    def _space(self, version: Hashable, namespace: str) -> OrderedDict[Hashable, Any]:
        if version != self._version:  # the evidence changed: nothing of before is valid
            self._version = version
            self._spaces = {}
        return self._spaces.setdefault(namespace, OrderedDict())

    def get(self, version: Hashable, namespace: str, key: Hashable) -> Any | None:
        """The value kept for `key`, or None; a hit counts as a use."""
        with self._lock:
            if version != self._version:
                return None
            space = self._spaces.get(namespace)
            if space is None or key not in space:
                return None
            space.move_to_end(key)
            return space[key]

    def put(self, version: Hashable, namespace: str, key: Hashable, value: T) -> T:
        """Keep `value`: another version's entries go, and the namespace's oldest beyond its
        limit. (A late writer of an older version only costs the newer entries a recompute:
        lookups always name their version.)"""
        with self._lock:
            space = self._space(version, namespace)
            space[key] = value
            space.move_to_end(key)
            limit = self._limits.get(namespace, self._default)
            while len(space) > limit:
                space.popitem(last=False)
        return value

    def get_or_compute(self, version: Hashable, namespace: str, key: Hashable,
                       compute: Callable[[], T]) -> T:
        """The kept value, or `compute()` kept and returned; computed by one thread at a time
        (the others wait for its value, or compute it themselves if it failed)."""
        found = self.get(version, namespace, key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        slot = (version, namespace, key)
        me = threading.get_ident()
        with self._lock:
            pending = self._pending.get(slot)
            if pending is None:
                done = threading.Event()
                self._pending[slot] = (me, done)
        if pending is not None:
            owner, running = pending
            if owner != me:  # the same thread asking again, from inside `compute`: no wait
                running.wait()
                found = self.get(version, namespace, key)
                if found is not None:
                    return found  # type: ignore[no-any-return]
            return self.put(version, namespace, key, compute())
        try:
            return self.put(version, namespace, key, compute())
        finally:
            with self._lock:
                del self._pending[slot]
            done.set()

    def size(self, namespace: str) -> int:
        """How many entries a namespace holds now (for tests and diagnostics)."""
        with self._lock:
            return len(self._spaces.get(namespace, ()))

    def keys(self, version: Hashable, namespace: str) -> list[Hashable]:
        """The keys a namespace holds for `version`, least recently used first."""
        with self._lock:
            if version != self._version:
                return []
            return list(self._spaces.get(namespace, ()))
