"""A rate limit per client (by IP address): a fixed window with a counter, O(1) a request.

(Litestar's own RateLimitMiddleware keeps a list of every request time per client in a
store and re-encodes it on each request: at a few thousand requests a second that list is the
slowest part of the app.) Over the limit: 429 with Retry-After, as problem details.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from litestar.enums import ScopeType
from litestar.exceptions import TooManyRequestsException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

_PRUNE_AT = 10_000


class RateLimit(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    def __init__(self, limit: int, window_seconds: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window_seconds
        self.clock = clock
        # client -> (window start, requests in it)
        self.counts: dict[str, tuple[float, int]] = {}

    async def handle(self, scope: Scope, receive: Receive, send: Send,
                     next_app: ASGIApp) -> None:
        client = scope.get("client")
        who = client[0] if client else "unknown"
        now = self.clock()
        start, count = self.counts.get(who, (now, 0))
        if now - start >= self.window:
            start, count = now, 0
        if count >= self.limit:
            retry = max(1, int(start + self.window - now + 0.999))
            raise TooManyRequestsException(
                detail=f"More than {self.limit} requests in {self.window} s from this client.",
                headers={"Retry-After": str(retry)})
        if len(self.counts) >= _PRUNE_AT and who not in self.counts:
            self.counts = {k: v for k, v in self.counts.items() if now - v[0] < self.window}
        self.counts[who] = (start, count + 1)
        await next_app(scope, receive, send)
