"""Shared pieces of the controllers: pages, links, parameters, JSON responses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import urlencode

import orjson
from litestar import Request, Response
from litestar.params import QueryParameter
from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
JSON = "application/json"
CSV = "text/csv"  # Litestar adds "; charset=utf-8"

Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT,
                                      description=f"Items per page (at most {MAX_LIMIT}).")]
Offset = Annotated[int, QueryParameter(ge=0, le=10_000_000,
                                       description="Items to skip before the page starts.")]
Year = Annotated[int, QueryParameter(ge=1900, le=2100, description="A calendar year.")]
IdFilter = Annotated[str | None, QueryParameter(
    min_length=1, max_length=100, description="Only records referring to this id.")]


class Links(BaseModel):
    model_config = ConfigDict(extra="forbid")

    self: str
    first: str
    next: str | None = None
    prev: str | None = None


class Page(BaseModel, Generic[T]):
    """One page of a list. `total` counts every item the filters select."""

    model_config = ConfigDict(extra="forbid")

    items: list[T]
    total: int = Field(ge=0)
    limit: int = Field(ge=1)
    offset: int = Field(ge=0)
    links: Links


def _url(request: Request[Any, Any, Any], offset: int, limit: int) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items()
              if k not in ("offset", "limit")]
    params += [("limit", str(limit)), ("offset", str(offset))]
    return f"{request.url.path}?{urlencode(params)}"


def page_of(request: Request[Any, Any, Any], items: Sequence[Any], limit: int,
            offset: int) -> dict[str, Any]:
    """A page as a plain dict (encoded with orjson by `json_response`)."""
    total = len(items)
    chosen = items[offset:offset + limit]
    links = {
        "self": _url(request, offset, limit),
        "first": _url(request, 0, limit),
        "next": _url(request, offset + limit, limit) if offset + limit < total else None,
        "prev": _url(request, max(offset - limit, 0), limit) if offset > 0 else None,
    }
    return {"items": [dump(i) for i in chosen], "total": total, "limit": limit,
            "offset": offset, "links": links}


def dump(item: Any) -> Any:
    if isinstance(item, BaseModel):
        return item.model_dump(mode="json")
    return item


def json_response(data: Any, status_code: int = 200,
                  headers: dict[str, str] | None = None) -> Response[bytes]:
    body = data if isinstance(data, bytes) else orjson.dumps(dump(data))
    return Response(content=body, status_code=status_code, media_type=JSON,
                    headers=headers or {})
