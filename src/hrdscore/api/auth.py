"""API keys on requests: the `X-API-Key` header, checked by one guard against the keys in the
database, and the role each endpoint needs (its handler's `opt["role"]`).

- no header on an endpoint that needs a role: 401;
- a header with an unknown or revoked key, on any endpoint: 401 (a caller who believes it is
  authenticated should learn that it is not, not silently get the public view);
- a valid key whose role is below the endpoint's: 403.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi.spec import SecurityRequirement, SecurityScheme

from hrdscore.store.keys import ApiKey, Role

API_KEY_HEADER = "X-API-Key"
SCHEME = "ApiKey"
STATE_KEY = "api_key"

SECURITY_SCHEME = SecurityScheme(
    type="apiKey",
    name=API_KEY_HEADER,
    security_scheme_in="header",
    description="A key made with `hrdscore keys create NAME --role analyst|editor|admin`. "
                "analyst: reads confidential incident detail and draft assessments; editor: "
                "also creates and updates evidence; admin: also deletes evidence and manages "
                "keys. A respondent key (sent to an actor with its reply-round letter) only "
                "reads that actor's draft scorecard and submits its response.",
)
# Endpoints that need a key, and public ones where a key shows more.
REQUIRED: list[SecurityRequirement] = [{SCHEME: []}]
OPTIONAL: list[SecurityRequirement] = [{}, {SCHEME: []}]


def _ctx(connection: ASGIConnection[Any, Any, Any, Any]) -> Any:
    return connection.app.state["ctx"]


async def authenticate(connection: ASGIConnection[Any, Any, Any, Any]) -> ApiKey | None:
    """The key the request presents, None when it presents none; 401 for a bad one."""
    token = connection.headers.get(API_KEY_HEADER)
    if token is None:
        return None
    key: ApiKey | None = await _ctx(connection).find_key(token)
    if key is None:
        raise NotAuthorizedException(detail="Unknown or revoked API key.")
    return key


async def role_guard(connection: ASGIConnection[Any, Any, Any, Any],
                     handler: BaseRouteHandler) -> None:
    if handler.opt.get("no_key_check"):
        return
    needed: Role | None = handler.opt.get("role")
    key = await authenticate(connection)
    connection.state[STATE_KEY] = key
    if key is not None and key.role is Role.RESPONDENT and not handler.opt.get("respondent"):
        # A respondent key opens its own draft and its response form, nothing else (not
        # even what the public may read: it is not meant to be used anywhere else).
        raise PermissionDeniedException(
            detail=f"Key {key.name!r} is a respondent key: it may only read its draft "
                   "scorecard and submit its response in its reply round.")
    if needed is None:
        return
    if key is None:
        raise NotAuthorizedException(
            detail=f"This needs an API key with the {needed.value} role in the "
                   f"{API_KEY_HEADER} header.")
    if not key.role.allows(needed):
        raise PermissionDeniedException(
            detail=f"Key {key.name!r} has the {key.role.value} role; this needs "
                   f"{needed.value} or above.")


def caller(connection: ASGIConnection[Any, Any, Any, Any]) -> ApiKey | None:
    """The key the guard accepted for this request (None: a public caller)."""
    found: ApiKey | None = connection.state.get(STATE_KEY)
    return found


def is_analyst(key: ApiKey | None) -> bool:
    return key is not None and key.role.allows(Role.ANALYST)
