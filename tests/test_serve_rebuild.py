"""Readers never wait for writers (issue 15, item 1, the serving half): after a write, readers
get the last complete snapshot view, with its ETags, while a newer one is built in the
background; it replaces the old one when complete. The builder is slowed down here with an
event, so the test sees readers during a rebuild without sleeping."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from hrdscore.api.context import ApiContext
from hrdscore.api.snapshot_view import SnapshotView, Stamp
from hrdscore.dataset import Dataset
from tests.api_helpers import Api, make_base, running_api

NEW_ACTOR = {"id": "new-company", "name": "New Company LLP", "kind": "company"}


@pytest.fixture
def api(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Iterator[Api]:
    directory = tmp_path_factory.mktemp("rebuild")
    with running_api(make_base(directory, shipped), directory, rate_limit=0,
                     rebuild_in_background=True) as running:
        yield running


def _ctx(api: Api) -> ApiContext:
    ctx: ApiContext = api.client.app.state["ctx"]
    return ctx


class SlowBuilder:
    """Wraps the context's view builder: each build waits until the test releases it."""

    def __init__(self, ctx: ApiContext) -> None:
        self.real = ctx.build_view
        self.started = threading.Event()
        self.release = threading.Event()
        self.builds = 0

    def __call__(self, stamp: Stamp) -> SnapshotView:
        self.builds += 1
        self.started.set()
        if not self.release.wait(10):  # a reader waiting on this build would deadlock
            raise TimeoutError("the test never released the build")
        return self.real(stamp)


def test_a_read_during_a_rebuild_gets_the_old_version_at_once(api: Api) -> None:
    ctx = _ctx(api)
    card = "/api/scorecards/2021/kpo"
    api.client.get("/api/scorecards", params={"year": 2021})  # 2021: every card kept
    before = api.client.get(card)
    old_view = ctx.current_view()
    assert before.status_code == 200 and old_view is not None
    slow = SlowBuilder(ctx)
    ctx.build_view = slow
    # The writer's own response reflects the write: it is the stored record.
    created = api.client.post("/api/actors", json=NEW_ACTOR, headers=api.as_role("editor"))
    assert created.status_code == 201 and created.json()["name"] == "New Company LLP"
    t0 = time.monotonic()
    during = api.client.get(card)
    missing = api.client.get("/api/actors/new-company")
    page = api.client.get("/actors/kpo?year=2021&lang=en")
    waited = time.monotonic() - t0
    assert slow.started.wait(5)  # a newer view is being built meanwhile
    # The old version, at once (a wait would have lasted until the 10 s release timeout).
    assert waited < 5
    assert during.status_code == 200 and during.content == before.content
    assert during.headers["etag"] == before.headers["etag"]
    assert missing.status_code == 404 and page.status_code == 200
    assert ctx.current_view() is old_view  # never a half-built view
    assert api.client.get("/api/health").status_code == 200
    slow.release.set()
    ctx.wait_for_rebuild(30)
    new_view = ctx.current_view()
    assert new_view is not None and new_view is not old_view
    assert new_view.stamp == api.store.stamp() and slow.builds == 1
    # The periods readers had kept were scored before the swap: no reader waits for them.
    assert new_view.kept_periods() == ["2021"]
    after = api.client.get(card)
    assert after.headers["etag"] != before.headers["etag"]
    assert after.json()["snapshot_hash"] == new_view.snapshot.hash
    assert api.client.get("/api/actors/new-company").status_code == 200


def test_writes_during_a_rebuild_start_no_second_one_at_once(api: Api) -> None:
    ctx = _ctx(api)
    api.client.get("/api/scorecards/2021/kpo")
    slow = SlowBuilder(ctx)
    ctx.build_view = slow
    api.client.post("/api/actors", json=NEW_ACTOR, headers=api.as_role("editor"))
    api.client.get("/api/scorecards/2021/kpo")
    assert slow.started.wait(5)
    second = {**NEW_ACTOR, "id": "second-company", "name": "Second Company LLP"}
    assert api.client.post("/api/actors", json=second,
                           headers=api.as_role("editor")).status_code == 201
    for _ in range(3):
        api.client.get("/api/scorecards/2021/kpo")
    assert slow.builds == 1  # one rebuild at a time
    slow.release.set()
    ctx.wait_for_rebuild(30)
    # The first rebuild saw the data change again and built once more, up to the last write.
    assert slow.builds == 2
    view = ctx.current_view()
    assert view is not None and view.stamp == api.store.stamp()
    assert "second-company" in view.snapshot.actors


def test_health_touches_no_data(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_data(*args: Any, **kw: Any) -> Any:
        raise AssertionError("/api/health read the data")

    ctx = _ctx(api)
    for name in ("view", "stamp", "find_key"):
        monkeypatch.setattr(ctx, name, no_data)
    monkeypatch.setattr(api.store, "read_document", no_data)
    monkeypatch.setattr(api.store, "snapshot", no_data)
    assert api.client.get("/api/health").status_code == 200


def test_keys_are_checked_in_memory_until_the_data_change(
        api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = _ctx(api)
    editor = api.as_role("editor")
    assert api.client.get("/api/actors/kpo", headers=editor).status_code == 200
    reads: list[int] = []
    real = api.store.read_document

    def counting() -> dict[str, Any]:
        reads.append(1)
        return real()

    monkeypatch.setattr(api.store, "read_document", counting)
    for _ in range(5):
        assert api.client.get("/api/actors/kpo", headers=editor).status_code == 200
    assert reads == []  # five key checks, no read of the database
    # After a change, the newer view brings the table with it: a reader without a key starts
    # the rebuild; then key checks read nothing again.
    api.client.post("/api/actors", json=NEW_ACTOR, headers=editor)
    api.client.get("/api/actors/kpo")
    ctx.wait_for_rebuild(30)
    reads.clear()
    for _ in range(5):
        assert api.client.get("/api/actors/new-company", headers=editor).status_code == 200
    assert reads == []
    assert api.client.get("/api/actors/kpo", headers={"X-API-Key": "hrd_nobody"}
                          ).status_code == 401


def test_cards_scored_by_the_warm_up_reach_a_view_made_meanwhile(api: Api,
                                                                 monkeypatch: Any) -> None:
    """A write during the warm-up makes a newer view than the one the warm-up scores; the
    cards are carried over to the view in use, or every reader would score alone, version
    after version, until someone asked for the ranking."""
    ctx = _ctx(api)
    real = ctx._cards_now
    scoring = threading.Event()
    release = threading.Event()

    def slow_first(view: SnapshotView, period: Any, before: Any = None) -> Any:
        if before is None and not scoring.is_set():
            scoring.set()
            assert release.wait(10)
        return real(view, period, before)

    monkeypatch.setattr(ctx, "_cards_now", slow_first)
    warm = threading.Thread(target=ctx.warm_up)
    warm.start()
    assert scoring.wait(10)
    warmed = ctx.current_view()
    assert warmed is not None and warmed.kept_periods() == []
    assert api.client.post("/api/actors", json=NEW_ACTOR,
                           headers=api.as_role("editor")).status_code == 201
    api.client.get("/api/health")
    api.client.get("/api/actors")  # a reader sees the change: a newer view is built
    ctx.wait_for_rebuild(30)
    newer = ctx.current_view()
    assert newer is not None and newer is not warmed and newer.kept_periods() == []
    release.set()
    warm.join(30)
    assert warmed.kept_periods() == ["2021"] and newer.kept_periods() == ["2021"]
    cards = newer.get("cards", "2021")
    assert cards is not None and cards.snapshot_hash == newer.snapshot.hash
