"""The change feed as a server process follows it: a thread that LISTENs for the data version
every commit NOTIFYs, and also polls it every `poll_seconds` (a notification sent while the
thread was reconnecting is lost; the poll catches up). `version` is what `stamp()` returns,
so a request costs no query; None while the feed is down (then `stamp()` asks the database).
"""

from __future__ import annotations

import logging
import threading

import psycopg

from hrdscore.store.postgres.schema import CHANNEL

log = logging.getLogger(__name__)


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
        self._thread.join(timeout=5 * self._poll + 5)

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
                for _ in conn.notifies(timeout=self._poll, stop_after=1):
                    pass
