"""The one cache policy: results live as long as their evidence, and no namespace grows
past its limit however many periods or tables readers ask for."""

from __future__ import annotations

import threading
from pathlib import Path

from hrdscore.cache import VersionedCache
from hrdscore.model import Period
from hrdscore.service import CACHE_LIMITS, Workspace
from hrdscore.store import Store


def test_a_new_version_drops_everything_of_the_old() -> None:
    cache = VersionedCache({"cards": 2})
    cache.put("v1", "cards", "2021", "a")
    cache.put("v1", "pdf", "kpo", "b")
    assert cache.get("v1", "cards", "2021") == "a"
    assert cache.get("v2", "cards", "2021") is None  # another version never sees v1's
    cache.put("v2", "cards", "2020", "c")
    assert cache.get("v1", "cards", "2021") is None  # and v1's are gone
    assert cache.get("v1", "pdf", "kpo") is None
    assert (cache.size("cards"), cache.size("pdf")) == (1, 0)


def test_each_namespace_keeps_its_limit_least_recently_used_first_out() -> None:
    cache = VersionedCache({"cards": 2}, default_limit=3)
    cache.put("v", "cards", 2019, "x")
    cache.put("v", "cards", 2020, "y")
    assert cache.get("v", "cards", 2019) == "x"  # 2019 is now the most recently used
    cache.put("v", "cards", 2021, "z")
    assert cache.get("v", "cards", 2020) is None
    assert (cache.get("v", "cards", 2019), cache.get("v", "cards", 2021)) == ("x", "z")
    for n in range(5):
        cache.put("v", "other", n, n)
    assert cache.size("other") == 3  # the default limit
    assert cache.get("v", "other", 1) is None and cache.get("v", "other", 4) == 4


def test_get_or_compute_computes_once_per_version_and_key() -> None:
    cache = VersionedCache()
    calls: list[str] = []

    def compute() -> str:
        calls.append("x")
        return "value"

    assert cache.get_or_compute("v", "n", "k", compute) == "value"
    assert cache.get_or_compute("v", "n", "k", compute) == "value"
    assert cache.get_or_compute("w", "n", "k", compute) == "value"
    assert calls == ["x", "x"]


def test_threads_can_share_it() -> None:
    cache = VersionedCache({"n": 50})
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(500):
                cache.put("v", "n", (worker, i), i)
                cache.get("v", "n", (worker, i - 1))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and cache.size("n") == 50


def test_threads_asking_at_once_share_one_computation() -> None:
    """Fifty readers of a card not yet scored each scored it, under one GIL: the server
    stopped answering for 20-40 s at 100,000 acts."""
    cache = VersionedCache()
    calls: list[int] = []
    started, go = threading.Event(), threading.Event()

    def slow() -> str:
        calls.append(1)
        started.set()
        assert go.wait(10)
        return "карточка"

    got: list[str] = []
    first = threading.Thread(target=lambda: got.append(cache.get_or_compute("v", "n", "k", slow)),
                             daemon=True)
    first.start()
    assert started.wait(10)
    others = [threading.Thread(target=lambda: got.append(cache.get_or_compute("v", "n", "k", slow)),
                               daemon=True) for _ in range(5)]
    for t in others:
        t.start()
    others[0].join(0.2)
    go.set()
    for t in [first, *others]:
        t.join(10)
    assert got == ["карточка"] * 6 and calls == [1]


def test_a_failed_computation_leaves_the_waiting_threads_to_compute_their_own() -> None:
    cache = VersionedCache()
    started, go = threading.Event(), threading.Event()

    def failing() -> str:
        started.set()
        assert go.wait(10)
        raise ValueError("no evidence")

    errors: list[BaseException] = []

    def first_caller() -> None:
        try:
            cache.get_or_compute("v", "n", "k", failing)
        except ValueError as exc:
            errors.append(exc)

    first = threading.Thread(target=first_caller, daemon=True)
    first.start()
    assert started.wait(10)
    got: list[str] = []
    second = threading.Thread(
        target=lambda: got.append(cache.get_or_compute("v", "n", "k", lambda: "value")),
        daemon=True)
    second.start()
    second.join(0.2)
    assert second.is_alive()  # waiting for the first computation
    go.set()
    first.join(10)
    second.join(10)
    assert [str(e) for e in errors] == ["no evidence"] and got == ["value"]
    assert cache.get_or_compute("v", "n", "k", failing) == "value"


def test_a_computation_asking_for_its_own_value_does_not_wait_for_itself() -> None:
    cache = VersionedCache()

    def recursive() -> str:
        inner = cache.get_or_compute("v", "n", "k", lambda: "inner")
        return f"outer({inner})"

    done: list[str] = []
    worker = threading.Thread(
        target=lambda: done.append(cache.get_or_compute("v", "n", "k", recursive)), daemon=True)
    worker.start()
    worker.join(10)
    assert done == ["outer(inner)"]


def test_a_workspace_keeps_every_actors_cards_for_a_few_periods_only(
        workspace: Workspace, tmp_path: Path) -> None:
    ws = Workspace(workspace.catalog, workspace.methodology, Store(workspace.store.path))
    for year in range(2016, 2022):
        ws.internal_scorecards(Period(start_year=year, end_year=year))
    assert ws.cache.size("cards") == CACHE_LIMITS["cards"] == 3
    # the latest periods asked for are kept; the earliest went first
    version = ws.snapshot().hash
    assert ws.cache.get(version, "cards", "2021") is not None
    assert ws.cache.get(version, "cards", "2016") is None
