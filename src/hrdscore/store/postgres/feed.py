"""The change feed as a server process follows it: a thread that LISTENs for the data version
every commit NOTIFYs, and also polls it every `poll_seconds` (a notification sent while the
thread was reconnecting is lost; the poll catches up). `version` is what `stamp()` returns,
so a request costs no query; None while the feed is down (then `stamp()` asks the database).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import psycopg

from hrdscore.store.postgres.schema import CHANNEL

log = logging.getLogger(__name__)

_SLICE = 0.25  # seconds; how long stop() may wait for the thread


class Feed:
    def __init__(self, url: str, poll_seconds: float = 1.0) -> None:
        self._url = url
        self._poll = poll_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hrdscore-change-feed",
                                        daemon=True)
        self.version: int | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=_SLICE + 10)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._follow()
            except psycopg.Error as exc:
                self.version = None
                log.warning("change feed interrupted (%s); reconnecting", exc)
                self._stop.wait(self._poll)

    def _follow(self) -> None:
        with psycopg.connect(self._url, autocommit=True, connect_timeout=10,
                             application_name="hrdscore-feed") as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            while not self._stop.is_set():
                # Read after LISTEN: a commit between the two is seen by this read or notified.
                row = conn.execute("SELECT data_version FROM hrdscore_meta WHERE id = 1"
                                   ).fetchone()
                self.version = int(row[0]) if row else 0
                self._wait(conn)

    def _wait(self, conn: psycopg.Connection[Any]) -> None:
        """Until a notification, the next poll or stop(), whichever comes first (in short
        slices, so that stop() is not kept waiting for a long poll interval)."""
        until = time.monotonic() + self._poll
        while not self._stop.is_set():
            left = until - time.monotonic()
            if left <= 0:
                return
            for _ in conn.notifies(timeout=min(left, _SLICE), stop_after=1):
                return
