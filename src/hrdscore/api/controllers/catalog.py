"""The report's recommendations and their criteria: public, read-only, from the shipped data."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.openapi import ResponseSpec
from litestar.params import PathParameter, QueryParameter

from hrdscore.api.auth import OPTIONAL
from hrdscore.api.context import Ctx
from hrdscore.api.controllers.common import (
    DEFAULT_LIMIT,
    JSON,
    Limit,
    Offset,
    Page,
    json_response,
    page_of,
)
from hrdscore.api.problems import problem_specs
from hrdscore.errors import NotFound
from hrdscore.model import Recommendation
from hrdscore.model.vocab import AddresseeGroup

RecommendationId = Annotated[str, PathParameter(
    min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]{0,99}$",
    description="A recommendation id, e.g. kk2021-gov-06.")]


class RecommendationController(Controller):
    path = "/api/recommendations"
    tags = ["recommendations"]  # noqa: RUF012 - Litestar reads it as a class attribute
    security = OPTIONAL

    @get("/", summary="List recommendations",
         description="The report's recommendations in the order printed, each with its "
                     "criteria (statement, kind, pillar, weight, how it is assessed).",
         responses={200: ResponseSpec(data_container=Page[Recommendation], media_type=JSON,
                                      description="A page of recommendations.",
                                      generate_examples=False), **problem_specs(401)})
    async def list_recommendations(
        self, request: Request[Any, Any, Any], ctx: Ctx,
        addressee: Annotated[AddresseeGroup | None, QueryParameter(
            description="Only recommendations to this group.")] = None,
        theme: Annotated[str | None, QueryParameter(
            min_length=1, max_length=100, description="Only recommendations with this theme.")]
        = None,
        limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
    ) -> Response[bytes]:
        items = [r for r in ctx.workspace.catalog.recommendations
                 if (addressee is None or r.addressee is addressee)
                 and (theme is None or theme in r.themes)]
        return json_response(page_of(request, items, limit, offset))

    @get("/{recommendation_id:str}", summary="Get a recommendation",
         responses={200: ResponseSpec(data_container=Recommendation, media_type=JSON,
                                      description="The recommendation and its criteria.",
                                      generate_examples=False), **problem_specs(401, 404)})
    async def get_recommendation(self, ctx: Ctx,
                                 recommendation_id: RecommendationId) -> Response[bytes]:
        found = ctx.workspace.catalog.by_id.get(recommendation_id)
        if found is None:
            raise NotFound("recommendation", recommendation_id)
        return json_response(found)
