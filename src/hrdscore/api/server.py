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

import h11
import uvicorn
from litestar import Litestar
from uvicorn.protocols.http.h11_impl import H11Protocol

from hrdscore.api.limits import MAX_HEADER_BYTES

HEADER_BYTES_MAX = MAX_HEADER_BYTES
REQUEST_TIMEOUT = 20.0  # seconds; a 1 MB body at 100 KB/s still arrives in time
KEEP_ALIVE_TIMEOUT = 5  # seconds
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


def server_config(app: Litestar, *, host: str, port: int, access_log: bool,
                  forwarded_allow_ips: str | None = None) -> uvicorn.Config:
    """The uvicorn configuration of `hrdscore serve` (one worker)."""
    return uvicorn.Config(
        app, host=host, port=port, workers=1, access_log=access_log, log_level="info",
        server_header=False,
        http=GuardedH11Protocol,
        h11_max_incomplete_event_size=HEADER_BYTES_MAX,
        timeout_keep_alive=KEEP_ALIVE_TIMEOUT,
        limit_concurrency=CONCURRENCY_LIMIT,
        proxy_headers=forwarded_allow_ips is not None,
        # uvicorn reads $FORWARDED_ALLOW_IPS when this is None: an empty string trusts nobody.
        forwarded_allow_ips=forwarded_allow_ips if forwarded_allow_ips is not None else "",
    )
