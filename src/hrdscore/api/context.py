"""What the API's handlers share: the workspace (catalog, methodology, store) and caches of
what public readers get, keyed by the evidence snapshot.

Scorecards are computed once per snapshot and period, then redacted for the public and encoded
to JSON once (`hrdscore.api.cards`); a request for a scorecard is a `stat` of the database file
and a dictionary lookup. Only periods the evidence reaches are scored, and only the
`ApiSettings.periods_kept` most recently asked for are kept. Work that may be slow (a new
snapshot after a write, scoring every actor) runs in a worker thread, so the event loop keeps
serving requests meanwhile.

Readers never wait for writers: everything a reader gets comes from one `SnapshotView`, the
last complete one. After a change, a newer view (with the cards of the periods kept) is
built in a background thread and replaces it in one assignment; until then readers get the
previous version, its ETags included. A write's own response comes from the write.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from typing import Annotated, TypeAlias, TypeVar

import anyio.to_thread
import orjson
from litestar.di import Dependency

from hrdscore.api.cards import PublicCard, PublicCards, public_card_of, public_cards_of
from hrdscore.api.carry import cards_after
from hrdscore.api.settings import ApiSettings
from hrdscore.api.snapshot_view import SnapshotView, Stamp, build_view, settle
from hrdscore.errors import ActorNotScored, HrdscoreError, NotFound
from hrdscore.model import Period
from hrdscore.reply_publish import reply_flowables
from hrdscore.service import Workspace
from hrdscore.stats import StatsRequest, incident_statistics, public_statistics
from hrdscore.store import ApiKey, Snapshot
from hrdscore.store.keys import find_key, keys_in

log = logging.getLogger(__name__)
T = TypeVar("T")
# Per snapshot view: cards scored one at a time, the plain JSON of the cards most asked for
# (the busiest actor's is ~900 KB), a few recent statistics, responsiveness tables, PDFs and
# web pages ("cards", every actor's cards for a period, is `ApiSettings.periods_kept`).
CACHE_LIMITS = {"single": 64, "hot": 32, "responsiveness": 8, "stats": 64, "pdf": 32,
                "page": 2048}


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
        self._rebuild: threading.Thread | None = None
        self._failed: Stamp | None = None  # a version whose rebuild failed: not tried again
        self._keys: tuple[Stamp, dict[str, ApiKey]] | None = None
        # How a view is made (tests slow it down to watch readers during a rebuild).
        self.build_view: Callable[[Stamp], SnapshotView] = \
            lambda stamp: build_view(self.workspace, stamp, self._limits)

    # The database file's identity: a write renames a new file over it, so this changes.

    def stamp(self) -> Stamp:
        return self.workspace.store.stamp()

    async def _in_thread(self, func: Callable[[], T]) -> T:
        def locked() -> T:
            with self._lock:
                return func()

        return await anyio.to_thread.run_sync(locked)

    # Snapshot views: readers get the last complete one; a newer one is built beside it.

    def _install(self, view: SnapshotView) -> SnapshotView:
        self._current = view  # one assignment: a reader sees the old view or the new one
        self._keys = (view.stamp, view.keys)
        return view

    def _view_now(self) -> SnapshotView:
        """The current view; the first one is built here (readers wait for that one only)."""
        with self._view_lock:
            current = self._current
            if current is None:
                return self._install(self.build_view(self.stamp()))
        if current.stamp != self.stamp():
            self._refresh()
        return self._current or current  # the newer one when it was built right here

    def _refresh(self) -> None:
        """Build a view of the newer data in the background, unless one is being built."""
        if not self.settings.rebuild_in_background:
            with self._view_lock:
                if self._current is None or self._current.stamp != self.stamp():
                    self._install(self.build_view(self.stamp()))
            return
        with self._view_lock:
            running = self._rebuild
            if (running is not None and running.is_alive()) or self._failed == self.stamp():
                return
            self._rebuild = threading.Thread(target=self._rebuild_views, daemon=True,
                                             name="hrdscore-snapshot")
            self._rebuild.start()

    def _rebuild_views(self) -> None:
        """Build views until one is as new as the data: each with the cards of the periods
        readers had kept, so that after the swap they find them scored."""
        while True:
            stamp = self.stamp()
            old = self._current
            try:
                view = self.build_view(stamp)
                for label in old.kept_periods() if old is not None else ():
                    self._cards_now(view, Period.parse(label), old)
            except Exception:  # never a traceback to a reader: the old view stays in use
                log.exception("could not read the evidence database (version %s); readers "
                              "keep the previous version", stamp)
                self._failed = stamp
                return
            self._install(view)
            if self.stamp() == stamp:
                return

    def current_view(self) -> SnapshotView | None:
        """The view readers get now (None before the first one is built)."""
        return self._current

    def wait_for_rebuild(self, timeout: float | None = None) -> None:
        """Until the view being built (if any) is in use: for tests and for shutting down."""
        running = self._rebuild
        if running is not None:
            running.join(timeout)

    async def view(self) -> SnapshotView:
        """The last complete view: never a wait once there is one. When the data changed, a
        newer view is built in the background and replaces it when complete."""
        current = self._current
        if current is not None:
            if current.stamp != self.stamp():
                if not self.settings.rebuild_in_background:
                    return await anyio.to_thread.run_sync(self._view_now)
                self._refresh()
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

    def _cards_now(self, view: SnapshotView, period: Period,
                   before: SnapshotView | None = None) -> PublicCards:
        """The period's cards in `view`; from those of the view `before` it when it has them
        (only the actors the change affects are scored again), else everyone's scored."""
        found: PublicCards | None = view.get("cards", period.label)
        if found is not None:
            return found
        ws = view.workspace
        built = cards_after(before, view, period) if before is not None else None
        if built is None:
            built = public_cards_of(ws.score_period(period), view.withheld,
                                    view.snapshot.hash, view.replies(period))
        view.put("cards", period.label, built)
        settle()
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

    # Keys: a table in memory, refreshed once per change of the data.

    async def find_key(self, token: str) -> ApiKey | None:
        """The active key the token belongs to, in the data as they are now: a revoked key
        is refused from the next request on. The table is read once per change (with the
        newer view, or here when a key comes first), never per request, and off the event
        loop: after a write by another process that is a parse of the whole database."""
        kept = self._keys
        current = self.stamp()
        keys = kept[1] if kept is not None and kept[0] == current else \
            await anyio.to_thread.run_sync(lambda: self._fresh_keys(current))
        return find_key(keys.values(), token)

    def _fresh_keys(self, stamp: Stamp) -> dict[str, ApiKey]:
        store = self.workspace.store
        # The store's own document (no copy): after this process's write, already in memory.
        keys = keys_in(store.document()) if store.exists() else {}
        self._keys = (stamp, keys)
        return keys

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
                                           after=reply_flowables(reply, lang), lang=lang)

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
                period = Period(start_year=year, end_year=year)
                self._cards_now(view, period)
            # Writes during the warm-up made newer views, which the cards just scored did not
            # reach: carried over to the view in use (only what changed is scored again).
            current = self._current
            if current is not None and current is not view:
                self._cards_now(current, period, view)
        except HrdscoreError:
            pass  # a request will meet the same problem and report it properly

    async def run(self, func: Callable[[], T]) -> T:
        """Run blocking work (a write, a long computation) off the event loop."""
        return await anyio.to_thread.run_sync(func)


# How handlers ask for the context: injected by name ("ctx"), see `create_app`.
Ctx: TypeAlias = Annotated[ApiContext, Dependency(kind="named")]
