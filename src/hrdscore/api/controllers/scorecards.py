"""Scorecards and responsiveness: the public results, computed once per evidence snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, Operation, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.params import PathParameter, QueryParameter
from pydantic import BaseModel, ConfigDict

from hrdscore.api.auth import OPTIONAL
from hrdscore.api.context import Ctx
from hrdscore.api.controllers.common import (
    CSV,
    DEFAULT_LIMIT,
    JSON,
    Limit,
    Offset,
    Page,
    json_response,
    page_of,
)
from hrdscore.api.patterns import period_pattern
from hrdscore.api.problems import problem_specs
from hrdscore.errors import HrdscoreError, NotFound
from hrdscore.model import Period, PeriodError, Scorecard
from hrdscore.model.vocab import ActorKind
from hrdscore.scoring import Responsiveness

# From 1901: a scorecard compares with the period before, and periods start in 1900. The
# pattern also refuses a range that ends before it starts, so the document promises no more
# than the server accepts.
PERIOD_PATTERN = period_pattern(1901, 2100)
YearPath = Annotated[str, PathParameter(
    pattern=PERIOD_PATTERN, min_length=4, max_length=9,
    description="A calendar year (2021) or a range of years (2016-2020).")]
YearQuery = Annotated[int | None, QueryParameter(
    ge=1901, le=2100, description="A calendar year [default: the latest year with evidence].")]
PeriodQuery = Annotated[str | None, QueryParameter(
    pattern=PERIOD_PATTERN, min_length=4, max_length=9,
    description="A range of years, e.g. 2016-2020 (or one year); not with `year`.")]
ActorFile = Annotated[str, PathParameter(
    min_length=1, max_length=104, pattern=r"^[a-z0-9][a-z0-9_.-]{0,99}(\.csv|\.pdf)?$",
    description="An actor id for the scorecard as JSON; the id followed by `.csv` for the "
                "long-format CSV (one row per criterion), or by `.pdf` for the PDF.")]
ReportFile = Annotated[str, PathParameter(
    pattern=r"^(19|20|21)\d{2}(-(19|20|21)\d{2})?\.pdf$",
    description="A year or a range of years followed by `.pdf`: 2021.pdf, 2016-2020.pdf.")]
PDF = "application/pdf"
LangQuery = Annotated[str, QueryParameter(
    pattern=r"^(en|ru|kk)$", max_length=2,
    description="Language of a PDF: en (English), ru (Russian) or kk (Kazakh). Texts that "
                "exist only in English in the data stay English, marked so.")]


class PillarScore(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pillar: str
    label: str
    score: float | None


class ScorecardSummary(BaseModel):
    """One actor's place in the ranking; the full scorecard is at `links.scorecard`."""

    model_config = ConfigDict(extra="forbid")

    rank: int | None = None
    actor: str
    actor_name: str
    actor_kind: ActorKind
    period: str
    total: float | None
    total_reason: str | None
    coverage: float
    pillars: list[PillarScore]
    red_flags: int
    scorecard: str
    csv: str


@dataclass
class _CsvOperation(Operation):
    """The scorecard operation answers JSON or, for `<actor>.csv`, CSV: say both."""

    def __post_init__(self) -> None:
        ok = (self.responses or {}).get("200")
        content = getattr(ok, "content", None)
        if content is not None:
            content[CSV] = OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))
            content[PDF] = OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING,
                                                          format=OpenAPIFormat.BINARY))


def _summary(card: Scorecard, rank: int | None, period: Period) -> dict[str, Any]:
    base = f"/api/scorecards/{period.label}/{card.actor}"
    return ScorecardSummary(
        rank=rank, actor=card.actor, actor_name=card.actor_name, actor_kind=card.actor_kind,
        period=card.period, total=card.total, total_reason=card.total_reason,
        coverage=card.coverage,
        pillars=[PillarScore(pillar=p.pillar, label=p.label, score=p.score)
                 for p in card.pillars],
        red_flags=len(card.red_flags), scorecard=base, csv=base + ".csv",
    ).model_dump(mode="json")


def _ranking_rows(ranked: list[Scorecard], kind: ActorKind | None, period: Period
                  ) -> list[dict[str, Any]]:
    rows = []
    rank = 0
    for card in ranked:
        if kind is not None and card.actor_kind is not kind:
            continue
        if card.total is not None:
            rank += 1
        rows.append(_summary(card, rank if card.total is not None else None, period))
    return rows


async def chosen_period(ctx: Ctx, year: int | None, period: str | None) -> Period:
    """The period a request asks for: `year`, `period`, or the latest year with evidence."""
    if year is not None and period is not None:
        raise HrdscoreError("give year or period, not both")
    if period is not None:
        return _checked(Period.parse(period))
    chosen = year if year is not None else await ctx.default_year()
    return Period(start_year=chosen, end_year=chosen)


def _checked(period: Period) -> Period:
    if period.start_year < 1901:  # the change is computed against the period before
        raise NotFound("period", period.label)
    return period


class ScorecardController(Controller):
    path = "/api/scorecards"
    tags = ["scorecards"]  # noqa: RUF012 - Litestar reads it as a class attribute
    security = OPTIONAL

    @get("/", summary="Scorecards of a year, ranked",
         description="Summaries of every scored actor, highest total first; actors with "
                     "insufficient evidence come last, without a rank. A year the evidence "
                     "does not reach (one year either side allowed) is a 404.",
         responses={200: ResponseSpec(data_container=Page[ScorecardSummary], media_type=JSON,
                                      description="A page of the ranking.",
                                      generate_examples=False), **problem_specs(401, 404)})
    async def ranking(self, request: Request[Any, Any, Any], ctx: Ctx,
                      year: YearQuery = None, period: PeriodQuery = None,
                      kind: Annotated[ActorKind | None, QueryParameter(
                          description="Only actors of this kind.")] = None,
                      limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> Response[bytes]:
        chosen = await chosen_period(ctx, year, period)
        cards = await ctx.public_cards(chosen)
        rows = cards.summaries.get(kind)
        if rows is None:  # the same rows for every page and every reader of this version
            # In a worker thread: 2,000 summaries take the event loop's time from everyone.
            rows = await ctx.run(lambda: _ranking_rows(cards.ranked, kind, chosen))
            cards.summaries[kind] = rows
        return json_response(page_of(request, rows, limit, offset))

    @get("/{year:str}/{actor_id:str}", summary="One actor's scorecard",
         operation_class=_CsvOperation,
         description="The full scorecard: every pillar, recommendation and criterion with its "
                     "explanation and evidence ids, red flags, change from the previous year. "
                     "Evidence from confidential incidents is cited as `confidential`. Add "
                     "`.csv` to the actor id for the long-format CSV.",
         responses={200: ResponseSpec(data_container=Scorecard, media_type=JSON,
                                      description="The scorecard (JSON, or CSV for `.csv`).",
                                      generate_examples=False),
                    304: ResponseSpec(data_container=None,
                                      description="Not modified: the `If-None-Match` ETag "
                                                  "is the current one."),
                    **problem_specs(401, 404)})
    async def internal_scorecard(self, request: Request[Any, Any, Any], ctx: Ctx,
                        year: YearPath, actor_id: ActorFile,
                        lang: LangQuery = "en") -> Response[bytes]:
        period = _checked(Period.parse(year))
        kind = "json"
        known = (await ctx.snapshot()).actors
        for suffix in (".csv", ".pdf"):
            if actor_id not in known and actor_id.endswith(suffix):
                kind, actor_id = suffix[1:], actor_id.removesuffix(suffix)
        answer = await ctx.public_card(period, actor_id)
        if answer is None:
            raise NotFound("scored actor", actor_id)
        found, snapshot_hash = answer
        as_csv = kind == "csv"
        if kind == "pdf":
            pdf = await ctx.pdf("scorecard", period, found.actor, lang)
            suffix = "" if lang == "en" else f".{lang}"
            return Response(content=pdf, media_type=PDF, headers={
                "Cache-Control": "public, max-age=60", "Content-Language": lang,
                "Content-Disposition":
                f'inline; filename="scorecard-{found.actor}-{period.label}{suffix}.pdf"'})
        etag = f'"{snapshot_hash[:20]}-{period.label}-{found.actor}-{kind}"'
        headers = {"ETag": etag, "Cache-Control": "public, max-age=60"}
        # A reader who has this version already gets 304: the body is the same.
        if etag in (t.strip() for t in request.headers.get("if-none-match", "").split(",")):
            return Response(content=b"", status_code=304, headers=headers)
        if as_csv:
            return Response(content=found.csv, media_type=CSV, headers={
                **headers, "Content-Disposition":
                f'inline; filename="scorecard-{found.actor}-{period.label}.csv"'})
        return Response(content=found.json, media_type=JSON, headers=headers)


class ReportController(Controller):
    path = "/api/reports"
    tags = ["scorecards"]  # noqa: RUF012
    security = OPTIONAL

    @get("/{name:str}", summary="The annual report as PDF",
         description="The annual report for a year: ranking by actor kind, responsiveness, "
                     "incident charts from public (suppressed) tables, one section per actor "
                     "and the methodology annex.",
         responses={200: ResponseSpec(data_container=bytes, media_type=PDF,
                                      description="The report (application/pdf).",
                                      generate_examples=False), **problem_specs(401, 404)})
    async def report(self, ctx: Ctx, name: ReportFile, lang: LangQuery = "en",
                     ) -> Response[bytes]:
        try:
            period = _checked(Period.parse(name.removesuffix(".pdf")))
        except PeriodError:
            raise NotFound("report", name) from None
        pdf = await ctx.pdf("report", period, lang=lang)
        suffix = "" if lang == "en" else f".{lang}"
        return Response(content=pdf, media_type=PDF, headers={
            "Cache-Control": "public, max-age=60", "Content-Language": lang,
            "Content-Disposition":
            f'inline; filename="hrdscore-report-{period.label}{suffix}.pdf"'})


class ResponsivenessController(Controller):
    path = "/api/responsiveness"
    tags = ["scorecards"]  # noqa: RUF012
    security = OPTIONAL

    @get("/", summary="Responsiveness to information requests",
         description="One row per information request sent in the year (days to reply, on "
                     "time or not, substance) and the published figures: response rate, "
                     "substantive-response rate, median days to reply. A year the evidence "
                     "does not reach (one year either side allowed) is a 404.",
         responses={200: ResponseSpec(data_container=Responsiveness, media_type=JSON,
                                      description="The requests and the summary.",
                                      generate_examples=False), **problem_specs(401, 404)})
    async def responsiveness(self, ctx: Ctx, year: YearQuery = None,
                             period: PeriodQuery = None) -> Response[bytes]:
        return json_response(await ctx.responsiveness(await chosen_period(ctx, year, period)))
