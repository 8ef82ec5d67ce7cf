"""The follow-up tracker over HTTP: GET /api/followup (the matrix) and
GET /api/followup/{recommendation} (one recommendation's timeline).

Public: both pass through the privacy projection (published assessments only, progress reports
marked not public never shown, citations of non-public sources replaced), whoever asks.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Response, get
from litestar.openapi import ResponseSpec
from litestar.params import PathParameter, QueryParameter

from hrdscore.api.auth import OPTIONAL
from hrdscore.api.context import Ctx
from hrdscore.api.controllers.common import JSON, IdFilter, json_response
from hrdscore.api.controllers.scorecards import PeriodQuery
from hrdscore.api.problems import problem_specs
from hrdscore.followup import Filters
from hrdscore.followup_service import TrackerQuery, public_timeline, public_tracker
from hrdscore.model import Period
from hrdscore.model.vocab import AddresseeGroup

RecommendationId = Annotated[str, PathParameter(
    min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]{0,99}$",
    description="A recommendation's id, e.g. kk2021-gov-06.")]


def _spec(description: str) -> dict[int, ResponseSpec]:
    return {200: ResponseSpec(data_container=dict[str, Any], description=description,
                              media_type=JSON, generate_examples=False)}


class FollowupController(Controller):
    path = "/api/followup"
    tags = ["follow-up"]  # noqa: RUF012 - Litestar reads it as a class attribute
    security = OPTIONAL

    @get("/", summary="The follow-up tracker",
         description="Each recommendation (filtered) with its response, responsible bodies, "
                     "measures and, per year of the period and per named assessor, its status "
                     "(or `no_information`), with the sources and the UN Human Rights "
                     "Committee (A-E) and OGP IRM equivalents; `latest_change` says what last "
                     "moved. `as_of` gives the tracker as it read on that date.",
         responses={**_spec("The tracker."), **problem_specs(400, 401, 404)})
    async def tracker(
        self, ctx: Ctx,
        addressee: Annotated[AddresseeGroup | None, QueryParameter(
            description="Only recommendations to this group.")] = None,
        # Litestar reserves the name `body` for the raw request body.
        responsible: Annotated[str | None, QueryParameter(
            name="body", min_length=1, max_length=100,
            description="Only recommendations this body (or one below it) is responsible "
                        "for: an actor id.")] = None,
        theme: IdFilter = None,
        status: Annotated[str | None, QueryParameter(
            min_length=1, max_length=40, pattern=r"^[a-z_]+$",
            description="Only recommendations some assessor gives this status.")] = None,
        as_of: Annotated[date | None, QueryParameter(
            description="The date to read the tracker at [default: today].")] = None,
        period: PeriodQuery = None,
    ) -> Response[bytes]:
        query = TrackerQuery(as_of or ctx.today(), Filters(
            addressee.value if addressee else None, responsible, theme, status),
            Period.parse(period) if period else None)
        return json_response(await ctx.run(lambda: public_tracker(ctx.workspace, query)))

    @get("/{recommendation:str}", summary="The follow-up timeline of one recommendation",
         description="Response, measures (start and target dates), progress reports and "
                     "assessments in date order, each with its sources.",
         responses={**_spec("The timeline."), **problem_specs(401, 404)})
    async def timeline(self, ctx: Ctx, recommendation: RecommendationId) -> Response[bytes]:
        return json_response(await ctx.run(
            lambda: public_timeline(ctx.workspace, recommendation)))
