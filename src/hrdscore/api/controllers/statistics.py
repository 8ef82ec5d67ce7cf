"""Incident statistics (the report's tables): public callers always get suppressed tables."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.openapi import ResponseSpec
from litestar.params import QueryParameter

from hrdscore.api.auth import OPTIONAL, caller, is_analyst
from hrdscore.api.context import Ctx
from hrdscore.api.controllers.common import JSON, json_response
from hrdscore.api.problems import problem_specs
from hrdscore.errors import HrdscoreError
from hrdscore.model.vocab import VerificationStatus
from hrdscore.stats import (
    DEFAULT_THRESHOLD,
    Dimension,
    RecourseDimension,
    StatsFilter,
    StatsReport,
    StatsRequest,
    parse_dimensions,
    parse_period,
)

_DIMS = ", ".join(d.value for d in Dimension)
_RDIMS = ", ".join(d.value for d in RecourseDimension)


class StatisticsController(Controller):
    path = "/api/statistics"
    tags = ["statistics"]  # noqa: RUF012 - Litestar reads it as a class attribute
    security = OPTIONAL

    @get("/incidents", summary="Threats and persons, by one or two dimensions",
         description="Counts threats (acts) and distinct persons, with the counting rules "
                     "under every table. Callers without an analyst key always get public "
                     "tables: cells with fewer persons than the threshold are suppressed, and "
                     "enough others that none can be worked out from the totals.",
         responses={200: ResponseSpec(data_container=StatsReport, media_type=JSON,
                                      description="The tables.", generate_examples=False),
                    **problem_specs(401)})
    async def incidents(
        self, request: Request[Any, Any, Any], ctx: Ctx,
        by: Annotated[list[str] | None, QueryParameter(
            max_items=10, description=f"A dimension, or two separated by a comma, per table; "
                                      f"repeat for several tables [default: every one-way "
                                      f"table]. Dimensions: {_DIMS}; with recourses: {_RDIMS}.")]
        = None,
        year: Annotated[int | None, QueryParameter(
            ge=1900, le=2100, description="Only acts of this year.")] = None,
        period: Annotated[str | None, QueryParameter(
            max_length=20, description="Only acts of these years, e.g. 2016-2020.")] = None,
        actor: Annotated[str | None, QueryParameter(
            min_length=1, max_length=100,
            description="Only threats involving this actor or any body below it.")] = None,
        verification: Annotated[list[VerificationStatus] | None, QueryParameter(
            description="Only threats with these verification statuses.")] = None,
        recourses: Annotated[bool, QueryParameter(
            description="Count recourses by their own date instead of threats.")] = False,
        public: Annotated[bool, QueryParameter(
            description="Suppress small cells. Always true without an analyst key.")] = True,
        threshold: Annotated[int, QueryParameter(
            ge=2, le=1000, description="Fewest persons a public cell may show; without an "
                                       f"analyst key at least {DEFAULT_THRESHOLD}.")]
        = DEFAULT_THRESHOLD,
    ) -> Response[bytes]:
        if year is not None and period is not None:
            raise HrdscoreError("give year or period, not both")
        chosen = parse_period(str(year)) if year is not None else (
            parse_period(period) if period is not None else None)
        privileged = is_analyst(caller(request))
        stats_request = StatsRequest(
            tables=tuple(parse_dimensions(text, recourses=recourses) for text in by or ()),
            filter=StatsFilter(period=chosen, actor=actor, verification=tuple(verification or ())),
            recourses=recourses,
            public=public or not privileged,
            threshold=threshold if privileged else max(threshold, DEFAULT_THRESHOLD),
        )
        return json_response(await ctx.statistics(stats_request))
