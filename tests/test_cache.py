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
