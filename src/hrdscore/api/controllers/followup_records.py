"""Follow-up records over HTTP: /api/responses, /api/responsibilities, /api/measures and
/api/progress-reports. Lists and reads are public through `hrdscore.privacy` (a progress report
not marked public only for an analyst key or above); writes need an editor key and are checked
and audited like every other record (see `evidence.resource_router`).

(No `from __future__ import annotations`: Litestar reads the handlers' parameter types.)
"""

from typing import Any

from litestar import Request, Response, Router, get

from hrdscore.api.auth import OPTIONAL, caller, is_analyst
from hrdscore.api.context import Ctx
from hrdscore.api.controllers.common import (
    DEFAULT_LIMIT,
    IdFilter,
    Limit,
    Offset,
    Page,
    json_response,
    page_of,
)
from hrdscore.api.controllers.evidence import READ_ERRORS, _ok, resource_router
from hrdscore.model import Measure, ProgressReport, Responsibility
from hrdscore.model import Response as ResponseRecord
from hrdscore.privacy import Withheld, public_followup_record, public_progress_report
from hrdscore.store.keys import ApiKey


def _record_view(record: Any, key: ApiKey | None, withheld: Withheld) -> Any:
    return record if is_analyst(key) else public_followup_record(record, withheld)


def _report_view(record: ProgressReport, key: ApiKey | None,
                 withheld: Withheld) -> ProgressReport | None:
    return record if is_analyst(key) else public_progress_report(record, withheld)


async def _list(request: Request[Any, Any, Any], ctx: Ctx, kind: str, recommendation: str | None,
                actor: str | None, limit: int, offset: int) -> Response[bytes]:
    view = await ctx.view()
    key = caller(request)
    shown_as = _report_view if kind == "progress_reports" else _record_view
    table: Any = getattr(view.snapshot, kind)
    items = [shown for r in (table[i] for i in sorted(table))
             if (recommendation is None or r.recommendation == recommendation)
             and (actor is None or getattr(r, "actor", None) == actor)
             and (shown := shown_as(r, key, view.withheld)) is not None]
    return json_response(page_of(request, items, limit, offset))


@get("/", summary="List responses to recommendations", security=OPTIONAL,
     responses={**_ok(Page[ResponseRecord], "Responses, by id."), **READ_ERRORS})
async def list_responses(request: Request[Any, Any, Any], ctx: Ctx,
                         recommendation: IdFilter = None, actor: IdFilter = None,
                         limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> Response[bytes]:
    return await _list(request, ctx, "responses", recommendation, actor, limit, offset)


@get("/", summary="List responsible bodies", security=OPTIONAL,
     responses={**_ok(Page[Responsibility], "Responsible bodies, by id."), **READ_ERRORS})
async def list_responsibilities(request: Request[Any, Any, Any], ctx: Ctx,
                                recommendation: IdFilter = None, actor: IdFilter = None,
                                limit: Limit = DEFAULT_LIMIT,
                                offset: Offset = 0) -> Response[bytes]:
    return await _list(request, ctx, "responsibilities", recommendation, actor, limit, offset)


@get("/", summary="List measures", security=OPTIONAL,
     responses={**_ok(Page[Measure], "Measures, by id."), **READ_ERRORS})
async def list_measures(request: Request[Any, Any, Any], ctx: Ctx,
                        recommendation: IdFilter = None, actor: IdFilter = None,
                        limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> Response[bytes]:
    return await _list(request, ctx, "measures", recommendation, actor, limit, offset)


@get("/", summary="List progress reports", security=OPTIONAL,
     description="Reports not marked public are listed only for an analyst key or above.",
     responses={**_ok(Page[ProgressReport], "Progress reports, by id."), **READ_ERRORS})
async def list_progress_reports(request: Request[Any, Any, Any], ctx: Ctx,
                                recommendation: IdFilter = None,
                                limit: Limit = DEFAULT_LIMIT,
                                offset: Offset = 0) -> Response[bytes]:
    return await _list(request, ctx, "progress_reports", recommendation, None, limit, offset)


def followup_record_routers() -> list[Router]:
    return [
        resource_router("responses", ResponseRecord, listing=list_responses,
                        view=_record_view),
        resource_router("responsibilities", Responsibility, listing=list_responsibilities,
                        view=_record_view),
        resource_router("measures", Measure, listing=list_measures, view=_record_view),
        resource_router("progress_reports", ProgressReport, path="/api/progress-reports",
                        listing=list_progress_reports, view=_report_view),
    ]
