"""A snapshot view: one version of the evidence and everything the server works out from it,
in caches of its own, with the API keys and reply rounds read at the same time. The server
swaps a complete view for a newer one (`hrdscore.api.context`); a view is never changed
once readers see it, except by filling its caches."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from hrdscore.cache import VersionedCache
from hrdscore.model import Period
from hrdscore.privacy import Withheld
from hrdscore.replies import ActorReply
from hrdscore.reply_service import published_replies
from hrdscore.service import PeriodNotCovered, Workspace, covers, evidence_years
from hrdscore.store import ApiKey, Snapshot
from hrdscore.store.keys import keys_in
from hrdscore.store.replies import ReplyTables, reply_tables

__all__ = ["SnapshotView", "Stamp", "build_view", "settle"]

T = TypeVar("T")
Stamp = tuple[int, int, int]


@dataclass
class SnapshotView:
    """A snapshot and what the API works out from it, once, in caches of its own: a view
    replaced by a newer one takes its results with it."""

    snapshot: Snapshot
    stamp: Stamp  # the database file's identity the snapshot was read at
    workspace: Workspace  # pinned to `snapshot`
    cache: VersionedCache
    keys: dict[str, ApiKey]  # by name, as stored at `stamp`
    reply_tables: ReplyTables  # the reply rounds and responses at `stamp`
    default_year: int | None = None

    @cached_property
    def withheld(self) -> Withheld:
        # The workspace's own: a scorecard scored alone (`public_scorecard`) reads the same.
        return self.workspace.withheld(self.snapshot)

    def replies(self, period: Period) -> dict[str, ActorReply]:
        """The public right of reply of the period's closed round, per actor."""
        return published_replies(self.workspace, period, self.reply_tables) or {}

    @cached_property
    def years(self) -> tuple[int, int] | None:
        return evidence_years(self.snapshot)

    def check(self, period: Period) -> None:
        """`PeriodNotCovered` for a period the evidence does not reach: refused before
        anything is scored, so no caller can make the server score (and keep) any year."""
        if not covers(self.years, period):
            raise PeriodNotCovered(period, self.years)

    def get(self, namespace: str, key: Hashable) -> Any | None:
        return self.cache.get(self.stamp, namespace, key)

    def put(self, namespace: str, key: Hashable, value: T) -> T:
        return self.cache.put(self.stamp, namespace, key, value)

    def kept_periods(self) -> list[str]:
        """The periods whose every card is kept now, least recently used first."""
        return [str(k) for k in self.cache.keys(self.stamp, "cards")]


def settle() -> None:
    """Move what was just built (a snapshot of 100,000 acts is millions of objects) out of the
    garbage collector's sight. Otherwise its next full collection walks all of them, a pause
    of about a second that every request waiting at that moment feels. They are freed as
    usual, by reference counting, when a newer snapshot replaces them.

    Then give the C heap's free pages back to the system: scoring a period or reading the
    database makes hundreds of MiB of short-lived objects, and without this the process
    keeps their pages (RSS grew by ~100 MiB per period scored at 100,000 acts)."""
    gc.freeze()
    _trim()


def _libc_malloc_trim() -> Callable[[int], int] | None:
    try:
        trim: Callable[[int], int] = ctypes.CDLL(
            ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to give back this way
        return None
    return trim


_MALLOC_TRIM = _libc_malloc_trim()


def _trim() -> None:
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def build_view(workspace: Workspace, stamp: Stamp, limits: dict[str, int]) -> SnapshotView:
    """A complete view of the store as it is at `stamp` (read before calling: a write
    meanwhile makes the view stale, never wrong). The keys and the reply rounds come from one
    read of the database, the snapshot from the store (the reply rounds were read once per
    period scored before: ~1 s and a few hundred MiB each at 100,000 acts)."""
    store = workspace.store
    document = store.document() if store.exists() else {}  # shared: read, not copied
    keys, replies = keys_in(document), reply_tables(document)
    del document
    snap = workspace.snapshot()
    view = SnapshotView(snap, stamp, workspace.at(snap), VersionedCache(limits), keys, replies)
    # Worked out here, off the event loop: every request's period check reads `years` (a pass
    # over every act, 50-100 ms at 100,000 acts), every public answer `withheld`.
    for _ in (view.years, view.withheld):
        pass
    settle()
    return view
