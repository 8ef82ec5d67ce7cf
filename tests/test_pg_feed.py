"""The change feed: a process that follows it sees another's commit through NOTIFY at once,
and through polling when a notification never comes; `stamp()` then asks the database
nothing."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from hrdscore.store.backends import open_store
from hrdscore.store.postgres import PostgresStore

from .conftest import make_actor


def _within(seconds: float, check: Callable[[], bool]) -> float:
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < seconds, f"not within {seconds} s"
        time.sleep(0.01)
    return time.monotonic() - started


@pytest.fixture
def follower(pg_url: str) -> Any:
    with open_store(pg_url).transaction("t") as tx:
        tx.actors.put(make_actor("a"))
    store = open_store(pg_url)
    assert isinstance(store, PostgresStore)
    yield store
    store.close()


def test_a_commit_elsewhere_is_notified_at_once(follower: PostgresStore, pg_url: str) -> None:
    follower.follow_changes(poll_seconds=60)  # so only NOTIFY can be this quick
    _within(5, lambda: follower.stamp() == (1, 0, 0))
    with open_store(pg_url).transaction("t") as tx:
        tx.actors.put(make_actor("b"))
    _within(1, lambda: follower.stamp() == (2, 0, 0))
    assert sorted(follower.snapshot().actors) == ["a", "b"]


def test_without_a_notification_polling_catches_up(follower: PostgresStore,
                                                   pg_url: str) -> None:
    follower.follow_changes(poll_seconds=0.2)
    _within(5, lambda: follower.stamp() == (1, 0, 0))
    with psycopg.connect(pg_url, autocommit=True) as conn:  # a commit that notifies no one
        conn.execute("UPDATE hrdscore_meta SET data_version = 2")
    _within(1, lambda: follower.stamp() == (2, 0, 0))


def test_stamp_asks_nothing_while_following(follower: PostgresStore, pg_url: str) -> None:
    follower.follow_changes(poll_seconds=60)
    _within(5, lambda: follower.stamp() == (1, 0, 0))
    with psycopg.connect(pg_url, autocommit=True) as conn:
        # Revoke the follower's query connection: a stamp() that queried would fail.
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE application_name = 'hrdscore'")
    assert [follower.stamp() for _ in range(100)] == [(1, 0, 0)] * 100


def test_a_follower_reads_its_own_write_at_once(follower: PostgresStore) -> None:
    follower.follow_changes(poll_seconds=60)
    _within(5, lambda: follower.stamp() == (1, 0, 0))
    assert sorted(follower.snapshot().actors) == ["a"]
    with follower.transaction("t") as tx:
        tx.actors.put(make_actor("mine"))
    # No waiting for the notification to come back: the commit is this process's own.
    assert follower.stamp() == (2, 0, 0)
    assert sorted(follower.snapshot().actors) == ["a", "mine"]
