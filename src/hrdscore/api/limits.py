"""Limits on what one request may hold, checked before any parsing: how many headers, how
deeply a JSON body nests. (Sizes are bounded elsewhere: the body by `max_body_bytes`, the
headers' bytes by the server, see `api.server`.)

Without them a request of 10,000 nested arrays exhausted the parser's recursion (a 500), and
thousands of headers were all read and kept.
"""

from __future__ import annotations

import re
from typing import Any

from litestar import Request
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from hrdscore.errors import InvalidData, Problem

# A browser sends 10-20 headers; a proxy adds a few. 32 KiB is nginx's default ceiling.
MAX_HEADERS = 100
MAX_HEADER_BYTES = 32 * 1024
# The deepest record (an incident's act's involvement) nests 5 levels.
MAX_JSON_DEPTH = 32

# A JSON string (skipped whole: brackets inside it do not count) or a bracket.
_JSON_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def json_too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether brackets nest deeper than `limit` (malformed JSON is left to the parser)."""
    depth = 0
    for match in _JSON_TOKENS.finditer(body):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        elif token in (b"]", b"}"):
            depth -= 1
    return False


async def refuse_deep_json(request: Request[Any, Any, Any]) -> None:
    """Before a write's body is parsed: refuse nesting no record needs (422)."""
    if request.method in ("POST", "PUT", "PATCH") and json_too_deep(await request.body()):
        raise InvalidData([Problem("body", f"the JSON nests more than {MAX_JSON_DEPTH} levels "
                                           "deep; no record needs that many")])


class HeaderLimit(ASGIMiddleware):
    """More than MAX_HEADERS headers, or more than MAX_HEADER_BYTES of them: 431 Request
    Header Fields Too Large. (The server refuses a head that arrives in pieces past its limit;
    one that arrives in a single read reaches the app, and is refused here.)"""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send,
                     next_app: ASGIApp) -> None:
        headers = list(scope["headers"])
        if len(headers) > MAX_HEADERS:
            raise HTTPException(status_code=431,
                                detail=f"More than {MAX_HEADERS} request headers.")
        if sum(len(name) + len(value) for name, value in headers) > MAX_HEADER_BYTES:
            raise HTTPException(status_code=431,
                                detail=f"Request headers over {MAX_HEADER_BYTES} bytes.")
        await next_app(scope, receive, send)
