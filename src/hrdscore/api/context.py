"""What the API's handlers share: the workspace (catalog, methodology, store) and caches of
what public readers get, keyed by the evidence snapshot.

Scorecards are computed once per snapshot and period, then redacted for the public and encoded
to JSON once (`hrdscore.api.cards`); a request for a scorecard is a `stat` of the database file
and a dictionary lookup. Only periods the evidence reaches are scored, and only the
`ApiSettings.periods_kept` most recently asked for are kept. Work that may be slow (a new
snapshot after a write, scoring every actor) runs in a worker thread, one at a time, so the
event loop keeps serving requests meanwhile.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Annotated, Any, TypeAlias, TypeVar

import anyio.to_thread
import orjson
from litestar.di import Dependency

from hrdscore.api.cards import PublicCard, PublicCards, public_card_of, public_cards_of
from hrdscore.api.settings import ApiSettings
from hrdscore.cache import VersionedCache
from hrdscore.errors import ActorNotScored, HrdscoreError, NotFound
from hrdscore.model import Period
from hrdscore.privacy import Withheld, withheld_of
from hrdscore.replies import ActorReply
from hrdscore.reply_publish import reply_flowables
from hrdscore.reply_service import published_replies, tables
from hrdscore.service import PeriodNotCovered, Workspace, covers, evidence_years
from hrdscore.stats import StatsRequest, incident_statistics, public_statistics
from hrdscore.store import ApiKey, Snapshot
from hrdscore.store.keys import keys_in
from hrdscore.store.replies import ReplyTables

T = TypeVar("T")
# Per snapshot view: cards scored one at a time, the plain JSON of the cards most asked for
# (the busiest actor's is ~900 KB), a few recent statistics, responsiveness tables, PDFs and
# web pages ("cards", every actor's cards for a period, is `ApiSettings.periods_kept`).
CACHE_LIMITS = {"single": 64, "hot": 32, "responsiveness": 8, "stats": 64, "pdf": 32,
                "page": 2048}
Stamp = tuple[int, int, int]


@dataclass
class SnapshotView:
    """A snapshot and what the API works out from it, once, in caches of its own: a view
    replaced by a newer one takes its results with it."""

    snapshot: Snapshot
    stamp: Stamp  # the database file's identity the snapshot was read at
    workspace: Workspace  # pinned to `snapshot`
    cache: VersionedCache
    default_year: int | None = None

    @cached_property
    def withheld(self) -> Withheld:
        snap = self.snapshot
        return withheld_of(snap.acts, snap.sources, snap.assessments)

    @cached_property
    def reply_tables(self) -> ReplyTables:
        """The reply rounds and responses, read once per view (a read of the whole database:
        ~1 s and a few hundred MiB at 100,000 acts, once per period before)."""
        return tables(self.workspace)

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


def _settle() -> None:
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


class ApiContext:
    """Not a dataclass on purpose: Litestar's signature checking would look inside one."""

    def __init__(self, settings: ApiSettings, workspace: Workspace,
                 today: Callable[[], date] = date.today) -> None:
        self.settings = settings
        self.workspace = workspace
        self.today = today
        self._lock = threading.Lock()
        # Building a snapshot has its own lock, so one scorecard can be scored as soon as the
        # snapshot is there, without waiting for everyone's cards (a fresh server).
        self._view_lock = threading.Lock()
        self._limits = {**CACHE_LIMITS, "cards": settings.periods_kept}
        self._current: SnapshotView | None = None
        self._keys: tuple[Stamp, dict[str, ApiKey]] | None = None

    # The database file's identity: a write renames a new file over it, so this changes.

    def stamp(self) -> Stamp:
        return self.workspace.store.stamp()

    async def _in_thread(self, func: Callable[[], T]) -> T:
        def locked() -> T:
            with self._lock:
                return func()

        return await anyio.to_thread.run_sync(locked)

    # Snapshot

    def _build_view(self) -> SnapshotView:
        stamp = self.stamp()  # before reading: a write meanwhile makes the view stale, not wrong
        snap = self.workspace.snapshot()
        view = SnapshotView(snap, stamp, self.workspace.at(snap), VersionedCache(self._limits))
        _settle()
        return view

    def _view_now(self) -> SnapshotView:
        with self._view_lock:
            current = self._current
            if current is None or current.stamp != self.stamp():
                current = self._current = self._build_view()
            return current

    def current_view(self) -> SnapshotView | None:
        """The view readers get now (None before the first one is built)."""
        return self._current

    async def view(self) -> SnapshotView:
        current = self._current
        if current is not None and current.stamp == self.stamp():
            return current
        return await anyio.to_thread.run_sync(self._view_now)

    async def snapshot(self) -> Snapshot:
        return (await self.view()).snapshot

    async def default_year(self) -> int:
        """The latest year with evidence (what a reader most likely wants), per snapshot."""
        view = await self.view()
        if view.default_year is None:
            years = await anyio.to_thread.run_sync(lambda: view.years)
            view.default_year = years[1] if years else self.today().year
        return view.default_year

    async def check_period(self, period: Period) -> SnapshotView:
        """The view, once the period is known to be one the evidence reaches."""
        view = await self.view()
        view.check(period)
        return view

    # Scorecards

    def _cards_now(self, view: SnapshotView, period: Period) -> PublicCards:
        found: PublicCards | None = view.get("cards", period.label)
        if found is not None:
            return found
        ws = view.workspace
        built = public_cards_of(ws.score_period(period), view.withheld, view.snapshot.hash,
                                view.replies(period))
        view.put("cards", period.label, built)
        _settle()
        return built

    async def public_card(self, period: Period, actor_id: str) -> tuple[PublicCard, str] | None:
        """One actor's public scorecard and the snapshot hash it comes from. Taken from
        everyone's cards when they are scored; otherwise (a fresh server, a year nobody asked
        for yet) this one actor is scored on its own: milliseconds, not seconds."""
        view = await self.check_period(period)
        ws = view.workspace
        key = (period.label, actor_id)
        cards: PublicCards | None = view.get("cards", period.label)
        if cards is not None:
            hot: PublicCard | None = view.get("hot", key)
            if hot is not None:
                return hot, cards.snapshot_hash
            found = cards.by_actor.get(actor_id)
            if found is None:
                await self._in_thread(lambda: ws.check_scored(actor_id))
                return None
            # Unpacked once for the actors readers ask for most: a lookup after that.
            return view.put("hot", key, found.unpacked()), cards.snapshot_hash
        single: PublicCard | None = view.get("single", key)
        if single is None:
            def score_one() -> PublicCard | None:
                try:
                    shown = ws.public_scorecard(period, actor_id)
                except ActorNotScored:
                    raise  # a 404 that says why
                except NotFound:
                    return None
                return public_card_of(shown, view.replies(period).get(actor_id))

            found_one = await anyio.to_thread.run_sync(score_one)
            if found_one is None:
                return None
            single = view.put("single", key, found_one.unpacked())
        return single, view.snapshot.hash

    async def public_cards(self, period: Period) -> PublicCards:
        view = await self.check_period(period)
        found: PublicCards | None = view.get("cards", period.label)
        if found is not None:
            return found
        return await self._in_thread(lambda: self._cards_now(view, period))

    # Responsiveness (public: the report publishes the same annex)

    async def responsiveness(self, period: Period) -> bytes:
        view = await self.check_period(period)
        found: bytes | None = view.get("responsiveness", period.label)
        if found is not None:
            return found
        encoded = await self._in_thread(lambda: orjson.dumps(
            view.workspace.responsiveness(period).model_dump(mode="json")))
        return view.put("responsiveness", period.label, encoded)

    # Keys: read from the database, again only after it changed.

    def keys(self) -> dict[str, ApiKey]:
        store = self.workspace.store
        stamp = self.stamp()
        kept = self._keys
        if kept is None or kept[0] != stamp:
            kept = self._keys = (stamp, keys_in(store.read_document()) if store.exists()
                                 else {})
        return kept[1]

    # Incident statistics: a few recent requests per snapshot (100,000 acts: ~0.5 s each).

    async def statistics(self, request: StatsRequest, *, catalogue: bool = False) -> bytes:
        """The tables asked for; `catalogue`: from the public catalogue (public callers)."""
        view = await self.view()
        found: bytes | None = view.get("stats", (request, catalogue))
        if found is not None:
            return found
        compute = public_statistics if catalogue else incident_statistics
        report = await self.run(lambda: compute(view.snapshot, request))
        return view.put("stats", (request, catalogue),
                        orjson.dumps(report.model_dump(mode="json")))

    # PDFs: rendered on demand in a worker thread, a few kept per snapshot (ReportLab takes
    # 0.05-2 s for a scorecard and seconds for the annual report).

    async def pdf(self, kind: str, period: Period, actor_id: str | None = None,
                  lang: str = "en") -> bytes:
        view = await self.check_period(period)
        ws = view.workspace
        key = (kind, period.label, actor_id or "", self.today(), lang)
        found: bytes | None = view.get("pdf", key)
        if found is not None:
            return found

        def render() -> bytes:
            if actor_id is None:
                return ws.public_report_pdf(period, self.today(), lang=lang)
            reply = view.replies(period).get(actor_id)
            return ws.public_scorecard_pdf(period, actor_id, self.today(),
                                           after=reply_flowables(reply), lang=lang)

        return view.put("pdf", key, await self._in_thread(render))

    def warm_up(self) -> None:
        """Read the snapshot and score the latest year now, so the first reader does not wait
        for it (4-5 s at 100,000 acts). Requests meanwhile wait on the same lock and then
        find the results cached."""
        try:
            with self._lock:
                view = self._view_now()
                year = view.workspace.default_period().start_year
                view.default_year = year
                self._cards_now(view, Period(start_year=year, end_year=year))
        except HrdscoreError:
            pass  # a request will meet the same problem and report it properly

    async def run(self, func: Callable[[], T]) -> T:
        """Run blocking work (a write, a long computation) off the event loop."""
        return await anyio.to_thread.run_sync(func)


# How handlers ask for the context: injected by name ("ctx"), see `create_app`.
Ctx: TypeAlias = Annotated[ApiContext, Dependency(kind="named")]
