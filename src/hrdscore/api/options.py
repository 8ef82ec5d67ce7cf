"""`OPTIONS` answers name every method of the path.

Litestar makes the automatic OPTIONS handler when a path's first handler is registered, and
that handler keeps answering with the methods known then: a router that registers GET
/api/actors/{id} before PUT and DELETE advertises only GET. This hook rewrites `Allow` from
the app's routes as finally built, so it agrees with the OpenAPI document.
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.routes import HTTPRoute
from litestar.types import Message, Scope


async def complete_allow(message: Message, scope: Scope) -> None:
    """`before_send` hook: `Allow` on an automatic OPTIONS answer lists the route's methods."""
    if message["type"] != "http.response.start" or scope.get("method") != "OPTIONS":
        return
    template = scope.get("path_template")
    for route in scope["app"].routes:
        if isinstance(route, HTTPRoute) and template in (route.path, route.path_format):
            headers = MutableScopeHeaders.from_message(message)
            if "allow" in headers:
                headers["Allow"] = ", ".join(sorted(route.methods))
            return
