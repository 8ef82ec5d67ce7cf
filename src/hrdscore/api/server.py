"""The uvicorn server `hrdscore serve` runs, with limits against careless and hostile clients.

- The request head may hold at most HEADER_BYTES_MAX bytes: h11 answers 400 when a longer
  head is still incomplete after a read; the app answers 431 to one that arrived whole, and to
  more than 100 headers (`api.limits`).
- A request must arrive whole within REQUEST_TIMEOUT seconds of its first byte (or of the
  connection, for a client that connects and says nothing); a client that trickles its
  request byte by byte ("slowloris") is disconnected. Idle kept-alive connections close after
  KEEP_ALIVE_TIMEOUT seconds.
- At most CONCURRENCY_LIMIT connections and requests at once; above it uvicorn answers 503.
- X-Forwarded-For and X-Forwarded-Proto are believed only from the addresses given with
  `--forwarded-allow-ips`, and only when it is given: uvicorn trusts them from 127.0.0.1 by
  default, which let any local caller pick its address and reset its rate limit.
"""

from __future__ import annotations

import asyncio
import os
import sys

import h11
import uvicorn
from litestar import Litestar
from uvicorn.protocols.http.h11_impl import H11Protocol

from hrdscore.api.limits import MAX_HEADER_BYTES
from hrdscore.api.settings import ApiSettings

HEADER_BYTES_MAX = MAX_HEADER_BYTES
REQUEST_TIMEOUT = 20.0  # seconds; a 1 MB body at 100 KB/s still arrives in time
KEEP_ALIVE_TIMEOUT = 5  # seconds
# With --workers, uvicorn's supervisor restarts a worker that does not answer its ping in time.
# A worker importing the app on a busy machine, or reading a large database (the GIL held for
# seconds), needs longer than uvicorn's 5 s, or it is killed while starting.
WORKER_HEALTHCHECK_TIMEOUT = 60  # seconds
CONCURRENCY_LIMIT = 500


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for receiving each request whole."""

    request_timeout = REQUEST_TIMEOUT
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and self.conn.their_state is h11.IDLE:
            self._arm()  # the first byte of the next request on a kept-alive connection
        super().data_received(data)
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):
            self._disarm()  # received whole (or the connection is done with)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._deadline = self.loop.call_later(self.request_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and not self.transport.is_closing():
            self.logger.warning("Closing a connection whose request took longer than %s s.",
                                self.request_timeout)
            self.transport.close()


# How `serve --workers N` hands its settings to the worker processes uvicorn starts: each worker
# imports `app_from_environment` by name, so the settings travel as JSON in its environment.
SETTINGS_ENV = "HRDSCORE_SERVE_SETTINGS"
APP_FACTORY = "hrdscore.api.server:app_from_environment"


# How long a thread holding the GIL runs before another waiting for it takes its turn. The
# interpreter's 5 ms default lets a write or a snapshot build in a worker thread add several
# times 5 ms to every request the event loop serves meanwhile (each waits for the GIL again
# after every socket call); 1 ms keeps that wait short at the cost of more thread switches.
SWITCH_INTERVAL = 0.001


def responsive_threads() -> None:
    """Make this server process hand the GIL to the event loop sooner (`SWITCH_INTERVAL`)."""
    sys.setswitchinterval(SWITCH_INTERVAL)


def app_from_environment() -> Litestar:
    """The app of one worker of `serve --workers N` (uvicorn calls this in each process)."""
    from pydantic import TypeAdapter

    from hrdscore.api.app import create_app

    responsive_threads()

    settings = TypeAdapter(ApiSettings).validate_json(os.environ[SETTINGS_ENV])
    return create_app(settings)


def settings_for_workers(settings: ApiSettings) -> str:
    from pydantic import TypeAdapter

    return TypeAdapter(ApiSettings).dump_json(settings).decode()


def server_config(app: Litestar | str, *, host: str, port: int, access_log: bool,
                  forwarded_allow_ips: str | None = None, workers: int = 1) -> uvicorn.Config:
    """The uvicorn configuration of `hrdscore serve`. With more than one worker, `app` is the
    import string of a factory (`APP_FACTORY`): uvicorn starts each worker from it."""
    return uvicorn.Config(
        app, host=host, port=port, workers=workers, factory=isinstance(app, str),
        access_log=access_log, log_level="info",
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_TIMEOUT,
        server_header=False,
        http=GuardedH11Protocol,
        h11_max_incomplete_event_size=HEADER_BYTES_MAX,
        timeout_keep_alive=KEEP_ALIVE_TIMEOUT,
        limit_concurrency=CONCURRENCY_LIMIT,
        proxy_headers=forwarded_allow_ips is not None,
        # uvicorn reads $FORWARDED_ALLOW_IPS when this is None: an empty string trusts nobody.
        forwarded_allow_ips=forwarded_allow_ips if forwarded_allow_ips is not None else "",
    )
