"""Snapshots of a PostgreSQL store are built by one thread at a time, outside the connection's
lock: readers asking at once share one build (each building its own took a server from 1,218
to 5 scorecards a second), and a writer never waits for a build (a write once took 30 s under
load). Builds are made slow here on purpose, so that the other threads meet one."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hrdscore.snapshot.evidence import Snapshot
from hrdscore.store.backends import open_store
from hrdscore.store.postgres import PostgresStore

from .conftest import make_actor

WAIT = 10.0  # seconds; far more than any step here takes, so a miss is a hang, not noise


@pytest.fixture
def pg(pg_url: str) -> Iterator[PostgresStore]:
    store = open_store(pg_url)
    assert isinstance(store, PostgresStore)
    with store.transaction("test") as tx:
        tx.actors.put(make_actor("a", "Әкімдік"))
    yield store
    store.close()


class HeldBuild:
    """`Snapshot.from_tables`, held at its start until `release()`, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0
        self.entered = threading.Event()
        self.go = threading.Event()
        self.original: Callable[..., Snapshot] = Snapshot.from_tables

    def __call__(self, tables: Any, previous: Snapshot | None = None) -> Snapshot:
        self.calls += 1
        self.entered.set()
        assert self.go.wait(WAIT)
        return self.original(tables, previous)

    def release(self) -> None:
        self.go.set()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldBuild]:
    build = HeldBuild()
    monkeypatch.setattr(Snapshot, "from_tables", staticmethod(build))
    yield build
    build.release()  # never leave a thread waiting, whatever the test did


def in_thread(func: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(func()), daemon=True)
    thread.start()
    return thread, out


def test_readers_asking_at_once_share_one_build(pg: PostgresStore, held: HeldBuild) -> None:
    first, got_first = in_thread(pg.snapshot)
    assert held.entered.wait(WAIT)
    second, got_second = in_thread(pg.snapshot)
    second.join(0.3)
    assert second.is_alive()  # waiting for the build under way, not building its own
    held.release()
    first.join(WAIT)
    second.join(WAIT)
    assert held.calls == 1
    assert got_first[0] is got_second[0]
    assert got_first[0].actors["a"].name == "Әкімдік"


def test_a_write_does_not_wait_for_a_snapshot_being_built(pg: PostgresStore,
                                                          held: HeldBuild) -> None:
    builder, built = in_thread(pg.snapshot)
    assert held.entered.wait(WAIT)

    def write() -> None:
        with pg.transaction("test") as tx:
            tx.actors.put(make_actor("b", "Өскемен"))

    writer, _ = in_thread(write)
    writer.join(WAIT / 2)
    written_during_build = not writer.is_alive()
    held.release()
    writer.join(WAIT)
    builder.join(WAIT)
    assert written_during_build
    # The build read the data before the write: the next snapshot has the write.
    assert sorted(built[0].actors) == ["a"]
    assert sorted(pg.snapshot().actors) == ["a", "b"]


def test_a_snapshot_asked_inside_a_transaction_does_not_wait_for_another_builder(
        pg_url: str) -> None:
    """Inside its transaction a thread holds the connection that another thread's build
    needs to read the data: waiting for that build would wait forever."""
    pg = open_store(pg_url)  # not the fixture's: a store left locked could not be closed
    assert isinstance(pg, PostgresStore)
    with pg.transaction("test") as tx:
        tx.actors.put(make_actor("a", "Әкімдік"))
    pg.follow_changes(poll_seconds=0.1)  # as a server does: stamp() then takes no lock
    other = open_store(pg_url)
    with other.transaction("test") as tx:  # a newer version: a snapshot must be built
        tx.actors.put(make_actor("c", "Қостанай"))
    newer = other.stamp()
    other.close()
    deadline = time.monotonic() + WAIT
    while pg.stamp() < newer and time.monotonic() < deadline:
        time.sleep(0.02)
    seen: list[list[str]] = []
    builders: list[tuple[threading.Thread, list[Any]]] = []
    builder_started = threading.Event()

    def in_transaction() -> None:
        with pg.transaction("test") as tx:
            tx.actors.put(make_actor("d"))
            builders.append(in_thread(lambda: (builder_started.set(), pg.snapshot())))
            assert builder_started.wait(WAIT)
            builders[0][0].join(0.3)  # it now waits for this transaction's connection
            seen.append(sorted(pg.snapshot().actors))

    worker, _ = in_thread(in_transaction)
    worker.join(WAIT)
    assert not worker.is_alive(), "the transaction's snapshot waited for the other builder"
    assert seen == [["a", "c"]]  # the data as committed; this transaction's own write not yet
    builder, built = builders[0]
    builder.join(WAIT)
    assert sorted(built[0][1].actors) == ["a", "c", "d"]
    pg.close()


def test_a_document_being_read_is_not_changed_by_a_catch_up(pg: PostgresStore,
                                                           pg_url: str) -> None:
    """Catching up with another process's commit makes new tables: a reader in another
    thread (a snapshot being built, the server reading its keys) may be iterating the old."""
    held = pg.document()
    other = open_store(pg_url)
    with other.transaction("test") as tx:
        tx.actors.put(make_actor("e", "Екібастұз"))
        assert tx.actors.delete("a")
    other.close()
    assert sorted(pg.document()["actors"]) == ["e"]
    assert sorted(held["actors"]) == ["a"]
    assert held["actors"]["a"]["name"] == "Әкімдік"
