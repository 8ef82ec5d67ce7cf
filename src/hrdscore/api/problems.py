"""Errors as RFC 9457 problem details (`application/problem+json`).

Every error the API returns, domain errors and HTTP errors alike, is a problem object with
`type`, `title`, `status` and `detail`; invalid data adds `errors`, a list of
{file, record, field, message} naming each thing to fix. Unexpected exceptions become a 500
problem without a traceback (and are logged); no request should ever reach one.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import orjson
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi import ResponseSpec
from litestar.types import ExceptionHandlersMap
from pydantic import BaseModel, ConfigDict, Field

from hrdscore.api.patterns import in_words
from hrdscore.errors import (
    Conflict,
    HrdscoreError,
    InvalidData,
    NotFound,
    StoredDataInvalid,
    StoreError,
)

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "urn:hrdscore:problem:"

log = logging.getLogger("hrdscore.api")


class ProblemError(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str | None = Field(default=None, description="Where: 'body', 'query', a file name.")
    record: str | None = Field(default=None, description="Which record (id or position).")
    field: str | None = Field(default=None, description="Which field, e.g. 'acts.a-1.date'.")
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(description="A URI naming the kind of problem.")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(ge=400, le=599)
    detail: str | None = Field(default=None, description="What went wrong this time.")
    instance: str | None = Field(default=None, description="The request path.")
    errors: list[ProblemError] | None = Field(
        default=None, description="Each problem with the input, located as precisely as can be.")


def problem_response(status: int, detail: str | None, *, slug: str | None = None,
                     title: str | None = None, instance: str | None = None,
                     errors: list[dict[str, Any]] | None = None,
                     headers: Mapping[str, str] | None = None) -> Response[bytes]:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body: dict[str, Any] = {
        "type": TYPE_BASE + (slug or phrase.lower().replace(" ", "-").replace("'", "")),
        "title": title or phrase,
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    if errors is not None:
        body["errors"] = errors
    return Response(content=orjson.dumps(body), status_code=status, media_type=PROBLEM_JSON,
                    headers=dict(headers or {}))


def _invalid_data(request: Request[Any, Any, Any], exc: InvalidData) -> Response[bytes]:
    count = len(exc.problems)
    return problem_response(
        422, f"{count} problem{'s' if count != 1 else ''} with the data; nothing was written.",
        slug="invalid-data", title="Invalid data", instance=request.url.path,
        errors=[p.as_dict() for p in exc.problems])


def _not_found(request: Request[Any, Any, Any], exc: NotFound) -> Response[bytes]:
    return problem_response(404, str(exc), slug="not-found", instance=request.url.path)


def _conflict(request: Request[Any, Any, Any], exc: Conflict) -> Response[bytes]:
    return problem_response(409, str(exc), slug="conflict", instance=request.url.path)


def _store_error(request: Request[Any, Any, Any], exc: StoreError) -> Response[bytes]:
    log.error("database unavailable: %s", exc)
    return problem_response(503, "The evidence database cannot be used right now; try again "
                            "later.", slug="store-unavailable", instance=request.url.path,
                            headers={"Retry-After": "5"})


def _stored_data_invalid(request: Request[Any, Any, Any],
                         exc: StoredDataInvalid) -> Response[bytes]:
    # The record named may be confidential: the log says which, the caller only what to do.
    log.error("stored data does not validate: %s", exc)
    return problem_response(503, "Some stored evidence breaks the data rules and must be "
                            "corrected by an administrator (the server log names it).",
                            slug="stored-data-invalid", instance=request.url.path)


def _domain_error(request: Request[Any, Any, Any], exc: HrdscoreError) -> Response[bytes]:
    # Any other deliberate error is about the request (a bad period, a bad statistics query).
    return problem_response(400, str(exc), slug="bad-request", instance=request.url.path)


def _validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[bytes]:
    """A parameter that does not parse is 400; a request body that does not fit its model is
    422, like data a write would reject. (Litestar marks body errors only for some models, so
    on a method with a body, whatever is not a query or path parameter is the body's.)"""
    has_body = request.method in ("POST", "PUT", "PATCH")
    errors: list[dict[str, Any]] = []
    in_body = False
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if not isinstance(item, Mapping):
            continue
        raw_source = item.get("source")
        source = str(getattr(raw_source, "value", raw_source) or "") or None
        if source is None and has_body:
            source = "body"
        in_body |= source == "body"
        key = item.get("key")
        errors.append({"file": source, "record": None,
                       "field": None if key in (None, "") else str(key),
                       "message": in_words(str(item.get("message", "invalid value")))})
    if in_body:
        return problem_response(422, "The request body does not validate; nothing was written.",
                                slug="invalid-data", title="Invalid data",
                                instance=request.url.path, errors=errors)
    return problem_response(400, "The request's parameters are not valid.",
                            slug="bad-request", instance=request.url.path, errors=errors)


def _http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
    status = exc.status_code
    detail = exc.detail if exc.detail and exc.detail != HTTPStatus(status).phrase else None
    if status >= 500:
        log.error("HTTP %s on %s: %s", status, request.url.path, exc.detail)
        detail = None
    return problem_response(status, detail, instance=request.url.path,
                            headers=exc.headers or None)


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem_response(500, "An unexpected error; it has been logged.",
                            slug="internal-error", instance=request.url.path)


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    InvalidData: _invalid_data,
    NotFound: _not_found,
    Conflict: _conflict,
    StoredDataInvalid: _stored_data_invalid,
    StoreError: _store_error,
    HrdscoreError: _domain_error,
    ValidationException: _validation,
    HTTPException: _http,
    Exception: _unexpected,
}

_DESCRIPTIONS = {
    400: "Bad request: a parameter is malformed or out of range.",
    401: "No API key, or an unknown or revoked one (header X-API-Key).",
    403: "The API key's role does not allow this.",
    404: "No such record (or not visible to this caller).",
    409: "Conflicts with what is stored: the id exists, or other records refer to this one.",
    413: "The request body is larger than the server accepts.",
    422: "The data does not validate; `errors` lists every problem. Nothing was written.",
    429: "Too many requests from this client; retry after the Retry-After seconds.",
}


def problem_specs(*codes: int) -> dict[int, ResponseSpec]:
    """OpenAPI descriptions of the problem responses an endpoint can give (400 and 429 always:
    any parameter can be malformed and any client rate-limited)."""
    wanted = sorted({400, 429, *codes})
    return {code: ResponseSpec(data_container=Problem, description=_DESCRIPTIONS[code],
                               media_type=PROBLEM_JSON, generate_examples=False)
            for code in wanted}
