"""Unknown query parameters are a 400, not silently ignored.

A reader who writes `?perod=2016-2020` or `?period=` on an endpoint that has no such parameter
would otherwise get the default year's answer and believe it is the period they asked for.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from litestar import Request
from litestar.exceptions import ValidationException
from litestar.handlers import BaseRouteHandler
from litestar.params import BodyKwarg, DependencyKwarg, ParameterKwarg

# Parameters Litestar fills from the connection itself, never from the query string.
_RESERVED = frozenset({"request", "scope", "state", "headers", "cookies", "query", "data",
                       "socket", "body", "ctx"})


@cache
def query_names(handler: BaseRouteHandler) -> frozenset[str]:
    """The query parameters a handler declares (by their names in the URL)."""
    names: set[str] = set()
    path_params = _path_names(handler)
    for name, definition in handler.parsed_fn_signature.parameters.items():
        kwarg = definition.kwarg_definition
        if name in _RESERVED or name in path_params:
            continue
        if isinstance(kwarg, BodyKwarg | DependencyKwarg):
            continue
        if isinstance(kwarg, ParameterKwarg):
            if kwarg.header or kwarg.cookie:
                continue
            # A parameter renamed in the URL (QueryParameter(name=...)) is known by that name.
            names.add(kwarg.query or kwarg.name or name)
        else:
            names.add(name)
    return frozenset(names)


def _path_names(handler: BaseRouteHandler) -> set[str]:
    found: set[str] = set()
    for path in handler.paths:
        for part in path.split("/"):
            if part.startswith("{") and part.endswith("}"):
                found.add(part[1:-1].split(":")[0])
    return found


async def reject_unknown_query(request: Request[Any, Any, Any]) -> None:
    """`before_request` hook: a 400 naming every query parameter the endpoint does not take."""
    given = set(request.query_params.keys())
    if not given:
        return
    allowed = query_names(request.route_handler)
    unknown = sorted(given - allowed)
    if unknown:
        takes = ", ".join(sorted(allowed)) or "none"
        raise ValidationException(
            detail="unknown query parameter", extra=[
                {"source": "query", "key": name,
                 "message": f"unknown query parameter {name!r}; this endpoint takes: {takes}"}
                for name in unknown])
