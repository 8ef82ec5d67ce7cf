"""Incident statistics (the report's tables). Public callers get only the tables of the public
catalogue (`hrdscore.stats.public`), suppressed with one threshold; anything else needs an
analyst key (403)."""

from __future__ import annotations

from enum import StrEnum
from itertools import permutations
from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.exceptions import PermissionDeniedException
from litestar.openapi import ResponseSpec
from litestar.params import QueryParameter

from hrdscore.api.auth import OPTIONAL, caller, is_analyst
from hrdscore.api.context import Ctx
from hrdscore.api.controllers.common import JSON, json_response
from hrdscore.api.patterns import period_pattern
from hrdscore.api.problems import problem_specs
from hrdscore.errors import HrdscoreError, NotFound
from hrdscore.model.scorecard import FIRST_YEAR, LAST_YEAR
from hrdscore.model.vocab import VerificationStatus
from hrdscore.stats import (
    DEFAULT_THRESHOLD,
    PUBLIC_THRESHOLD,
    RECOURSE_YEAR_DIMENSIONS,
    YEAR_DIMENSIONS,
    Dimension,
    PublicQueryError,
    RecourseDimension,
    StatsFilter,
    StatsReport,
    StatsRequest,
    parse_dimensions,
    parse_period,
    public_tables_for,
)

_DIMS = ", ".join(d.value for d in Dimension)
_RDIMS = ", ".join(d.value for d in RecourseDimension)
_NAMES = list(dict.fromkeys([*Dimension, *RecourseDimension]))
# Every table a `by` value can name: one dimension, or two different ones in either order. As
# an enum the document lists exactly what the server parses (whether threat or recourse
# dimensions apply depends on `recourses`, which no schema of one parameter can say).
Table = StrEnum("StatisticsTable", [(text, text) for text in  # type: ignore[misc]
                          [*_NAMES, *(f"{a},{b}" for a, b in permutations(_NAMES, 2))]])


class StatisticsController(Controller):
    path = "/api/statistics"
    tags = ["statistics"]  # noqa: RUF012 - Litestar reads it as a class attribute
    security = OPTIONAL

    @get("/incidents", summary="Threats and persons, by one or two dimensions",
         description="Counts threats (acts) and distinct persons, with the counting rules "
                     "under every table. Callers without an analyst key get only public "
                     "tables, which leave out acts of confidential incidents and suppress "
                     f"cells with fewer than {PUBLIC_THRESHOLD} persons (and enough others "
                     "that none can be worked out): threats or recourses by year (`by=year`, "
                     "no year), or by one of "
                     f"{', '.join(YEAR_DIMENSIONS)} (recourses: "
                     f"{', '.join(RECOURSE_YEAR_DIMENSIONS)}) within one year "
                     "(`by=field&year=2019`). Any other combination (actor, verification, a "
                     "range of years, two dimensions, another threshold) answers 403 without "
                     "an analyst key, since two such tables could be subtracted to reveal a "
                     "suppressed figure.",
         responses={200: ResponseSpec(data_container=StatsReport, media_type=JSON,
                                      description="The tables.", generate_examples=False),
                    **problem_specs(401, 403, 404)})
    async def incidents(
        self, request: Request[Any, Any, Any], ctx: Ctx,
        by: Annotated[list[Table] | None, QueryParameter(
            max_items=10, description=f"A dimension, or two separated by a comma, per table; "
                                      f"repeat for several tables [default: every one-way "
                                      f"table]. Dimensions: {_DIMS}; with recourses: {_RDIMS}.")]
        = None,
        year: Annotated[int | None, QueryParameter(
            ge=1900, le=2100, description="Only acts of this year.")] = None,
        period: Annotated[str | None, QueryParameter(
            pattern=period_pattern(FIRST_YEAR, LAST_YEAR), min_length=4, max_length=9,
            description="Only acts of these years, e.g. 2016-2020 (or one year); not with "
                        "`year`.")] = None,
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
                                       f"analyst key only {PUBLIC_THRESHOLD}.")]
        = DEFAULT_THRESHOLD,
    ) -> Response[bytes]:
        if year is not None and period is not None:
            raise HrdscoreError("give year or period, not both")
        chosen = parse_period(str(year)) if year is not None else (
            parse_period(period) if period is not None else None)
        if actor is not None and actor not in (await ctx.snapshot()).actors:
            # A filter naming no stored actor is a missing resource, as on the actor's own URL.
            raise NotFound("actor", actor)
        privileged = is_analyst(caller(request))
        stats_request = StatsRequest(
            tables=tuple(parse_dimensions(str(text), recourses=recourses)
                         for text in by or ()),
            filter=StatsFilter(period=chosen, actor=actor, verification=tuple(verification or ())),
            recourses=recourses,
            public=public or not privileged,
            threshold=threshold,
        )
        if not privileged:
            try:
                public_tables_for(stats_request)
            except PublicQueryError as exc:
                raise PermissionDeniedException(detail=str(exc)) from None
        return json_response(await ctx.statistics(stats_request, catalogue=not privileged))
