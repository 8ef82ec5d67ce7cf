"""What the API's handlers share: the workspace (catalog, methodology, store) and caches of
what public readers get, keyed by the evidence snapshot.

Scorecards are computed once per snapshot and period (by `Workspace`), then redacted for the
public and encoded to JSON once; a request for a scorecard is a `stat` of the database file and
a dictionary lookup. Work that may be slow (a new snapshot after a write, scoring every actor)
runs in a worker thread, one at a time, so the event loop keeps serving requests meanwhile.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Annotated, TypeAlias, TypeVar

import anyio.to_thread
import orjson
from litestar.di import Dependency

from hrdscore.api.settings import ApiSettings
from hrdscore.cache import VersionedCache
from hrdscore.errors import ActorNotScored, HrdscoreError, NotFound
from hrdscore.model import Period, Scorecard
from hrdscore.privacy import Withheld, public_scorecard, withheld_of
from hrdscore.render.tabular import SCORECARD_COLUMNS, scorecard_rows, to_csv
from hrdscore.reply_publish import reply_flowables, with_reply
from hrdscore.reply_service import published_replies
from hrdscore.service import Workspace
from hrdscore.stats import StatsRequest, incident_statistics, public_statistics
from hrdscore.store import ApiKey, Snapshot
from hrdscore.store.keys import keys_in

T = TypeVar("T")
# Per database version: the snapshot view, every actor's public cards for a few periods,
# single cards, and a few recent statistics, responsiveness tables and PDFs.
CACHE_LIMITS = {"view": 1, "cards": 3, "single": 4096, "responsiveness": 8, "keys": 1,
                "stats": 64, "pdf": 32}
Stamp = tuple[int, int, int]


@dataclass(frozen=True)
class PublicCard:
    card: Scorecard  # redacted for the public
    json: bytes

    @cached_property
    def csv(self) -> bytes:
        return to_csv(SCORECARD_COLUMNS, scorecard_rows([self.card])).encode("utf-8")


@dataclass(frozen=True)
class PublicCards:
    """Every actor's public scorecard for one period, and the ranking."""

    snapshot_hash: str
    by_actor: dict[str, PublicCard]
    ranked: list[Scorecard]


@dataclass
class SnapshotView:
    """A snapshot and what the API works out from it, once."""

    snapshot: Snapshot
    default_year: int | None = None

    @cached_property
    def withheld(self) -> Withheld:
        snap = self.snapshot
        return withheld_of(snap.acts, snap.sources, snap.assessments)


def _settle() -> None:
    """Move what was just built (a snapshot of 100,000 acts is millions of objects) out of the
    garbage collector's sight. Otherwise its next full collection walks all of them, a pause
    of about a second that every request waiting at that moment feels. They are freed as
    usual, by reference counting, when a newer snapshot replaces them."""
    gc.freeze()


def ranking_key(card: Scorecard) -> tuple[bool, float, str]:
    """Highest total first; insufficient evidence last; ties by actor id."""
    return (card.total is None, -(card.total or 0.0), card.actor)


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
        # What public readers get, under the database file's identity: a lookup is a `stat`,
        # never a read of the file (see `hrdscore.cache` for the policy).
        self.cache = VersionedCache(CACHE_LIMITS)

    # The database file's identity: a write renames a new file over it, so this changes.

    def stamp(self) -> Stamp:
        return self.workspace.store.stamp()

    async def _in_thread(self, func: Callable[[], T]) -> T:
        def locked() -> T:
            with self._lock:
                return func()

        return await anyio.to_thread.run_sync(locked)

    # Snapshot

    def _view_now(self) -> SnapshotView:
        with self._view_lock:
            stamp = self.stamp()
            view: SnapshotView | None = self.cache.get(stamp, "view", None)
            if view is None:
                view = self.cache.put(stamp, "view", None,
                                      SnapshotView(self.workspace.snapshot()))
                _settle()
            return view

    async def view(self) -> SnapshotView:
        found: SnapshotView | None = self.cache.get(self.stamp(), "view", None)
        return found if found is not None else await anyio.to_thread.run_sync(self._view_now)

    async def snapshot(self) -> Snapshot:
        return (await self.view()).snapshot

    async def default_year(self) -> int:
        """The latest year with evidence (what a reader most likely wants), per snapshot."""
        view = await self.view()
        if view.default_year is None:
            view.default_year = await self._in_thread(
                lambda: self.workspace.default_period().start_year)
        return view.default_year

    # Scorecards

    def _cards_now(self, period: Period) -> PublicCards:
        stamp = self.stamp()
        found: PublicCards | None = self.cache.get(stamp, "cards", period.label)
        if found is not None:
            return found
        view = self._view_now()
        cards = self.workspace.internal_scorecards(period)
        replies = published_replies(self.workspace, period) or {}
        by_actor = {}
        for card in cards:
            shown = public_scorecard(card, view.withheld)
            by_actor[card.actor] = PublicCard(shown, orjson.dumps(
                with_reply(shown, replies.get(card.actor))))
        built = PublicCards(view.snapshot.hash, by_actor,
                            sorted((c.card for c in by_actor.values()), key=ranking_key))
        self.cache.put(stamp, "cards", period.label, built)
        _settle()
        return built

    async def public_card(self, period: Period, actor_id: str) -> tuple[PublicCard, str] | None:
        """One actor's public scorecard and the snapshot hash it comes from. Taken from
        everyone's cards when they are scored; otherwise (a fresh server, a year nobody asked
        for yet) this one actor is scored on its own: milliseconds, not seconds."""
        stamp = self.stamp()
        cards: PublicCards | None = self.cache.get(stamp, "cards", period.label)
        if cards is not None:
            found = cards.by_actor.get(actor_id)
            if found is None:
                await self._in_thread(lambda: self.workspace.check_scored(actor_id))
                return None
            return found, cards.snapshot_hash
        key = (period.label, actor_id)
        single: PublicCard | None = self.cache.get(stamp, "single", key)
        if single is None:
            view = await self.view()  # the snapshot, read once under its own lock

            def score_one() -> PublicCard | None:
                try:
                    shown = self.workspace.public_scorecard(period, actor_id)
                except ActorNotScored:
                    raise  # a 404 that says why
                except NotFound:
                    return None
                reply = (published_replies(self.workspace, period) or {}).get(actor_id)
                return PublicCard(shown, orjson.dumps(with_reply(shown, reply)))

            found_one = await anyio.to_thread.run_sync(score_one)
            if found_one is None:
                return None
            single = self.cache.put(stamp, "single", key, found_one)
            return single, view.snapshot.hash
        return single, (await self.view()).snapshot.hash

    async def public_cards(self, period: Period) -> PublicCards:
        found: PublicCards | None = self.cache.get(self.stamp(), "cards", period.label)
        if found is not None:
            return found
        return await self._in_thread(lambda: self._cards_now(period))

    # Responsiveness (public: the report publishes the same annex)

    def _responsiveness_now(self, period: Period) -> bytes:
        stamp = self.stamp()

        def encoded() -> bytes:
            self._view_now()
            return orjson.dumps(self.workspace.responsiveness(period).model_dump(mode="json"))

        return self.cache.get_or_compute(stamp, "responsiveness", period.label, encoded)

    async def responsiveness(self, period: Period) -> bytes:
        found: bytes | None = self.cache.get(self.stamp(), "responsiveness", period.label)
        if found is not None:
            return found
        return await self._in_thread(lambda: self._responsiveness_now(period))

    # Keys: read from the database file, again only after it changed.

    def keys(self) -> dict[str, ApiKey]:
        store = self.workspace.store
        return self.cache.get_or_compute(
            self.stamp(), "keys", None,
            lambda: keys_in(store.read_document()) if store.exists() else {})

    # Incident statistics: a few recent requests per snapshot (100,000 acts: ~0.5 s each).

    async def statistics(self, request: StatsRequest, *, catalogue: bool = False) -> bytes:
        """The tables asked for; `catalogue`: from the public catalogue (public callers)."""
        stamp = self.stamp()
        found: bytes | None = self.cache.get(stamp, "stats", (request, catalogue))
        if found is not None:
            return found
        snap = await self.snapshot()
        compute = public_statistics if catalogue else incident_statistics
        report = await self.run(lambda: compute(snap, request))
        return self.cache.put(stamp, "stats", (request, catalogue),
                              orjson.dumps(report.model_dump(mode="json")))

    # PDFs: rendered on demand in a worker thread, a few kept per snapshot (ReportLab takes
    # 0.05-2 s for a scorecard and seconds for the annual report).

    async def pdf(self, kind: str, period: Period, actor_id: str | None = None,
                  lang: str = "en") -> bytes:
        stamp = self.stamp()
        key = (kind, period.label, actor_id or "", self.today(), lang)
        found: bytes | None = self.cache.get(stamp, "pdf", key)
        if found is not None:
            return found

        def render() -> bytes:
            self._view_now()
            if actor_id is None:
                return self.workspace.public_report_pdf(period, self.today(), lang=lang)
            reply = (published_replies(self.workspace, period) or {}).get(actor_id)
            return self.workspace.public_scorecard_pdf(period, actor_id, self.today(),
                                                       after=reply_flowables(reply, lang),
                                                       lang=lang)

        return self.cache.put(stamp, "pdf", key, await self._in_thread(render))

    def warm_up(self) -> None:
        """Read the snapshot and score the latest year now, so the first reader does not wait
        for it (4-5 s at 100,000 acts). Requests meanwhile wait on the same lock and then
        find the results cached."""
        try:
            with self._lock:
                view = self._view_now()
                year = self.workspace.default_period().start_year
                view.default_year = year
                self._cards_now(Period(start_year=year, end_year=year))
        except HrdscoreError:
            pass  # a request will meet the same problem and report it properly

    async def run(self, func: Callable[[], T]) -> T:
        """Run blocking work (a write, a long computation) off the event loop."""
        return await anyio.to_thread.run_sync(func)


# How handlers ask for the context: injected by name ("ctx"), see `create_app`.
Ctx: TypeAlias = Annotated[ApiContext, Dependency(kind="named")]
