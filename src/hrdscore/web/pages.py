"""The reader's pages on the server: Litestar handlers over `hrdscore.web.views`.

Language: `?lang=en|ru|kk` (remembered in a cookie), else the cookie, else the browser's
Accept-Language, else English. Pages are public and read-only; they are left out of the OpenAPI
document (they are for people, not programs).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, Final

from litestar import Controller, Request, Response, get
from litestar.datastructures import Cookie
from litestar.params import PathParameter, QueryParameter

from hrdscore.api.context import Ctx
from hrdscore.errors import HrdscoreError, NotFound
from hrdscore.labels import Lang
from hrdscore.model import Period
from hrdscore.service import PeriodNotCovered, Workspace
from hrdscore.web import tables, views
from hrdscore.web.i18n import DEFAULT, as_lang, from_accept_language
from hrdscore.web.render import STATIC, Links, page_context

COOKIE: Final = "lang"
LangQuery = Annotated[str | None, QueryParameter(max_length=10, description="en, ru or kk.")]
YearQuery = Annotated[int | None, QueryParameter(ge=1901, le=2100)]
Text = Annotated[str, QueryParameter(max_length=200)]
PathId = Annotated[str, PathParameter(min_length=1, max_length=120)]
# What a page shows, worked out from a workspace (pinned to the snapshot the page is of) for
# a period and language: plain work (run in a worker thread), or a coroutine that takes the
# API's cached public scorecards first.
Builder = (Callable[[Workspace, Period, Lang], dict[str, Any]]
           | Callable[[Workspace, Period, Lang], Awaitable[dict[str, Any]]])


def _covered(exc: PeriodNotCovered) -> tuple[int, int] | None:
    """The first and last year a page can be asked for, to say so on the 404 page."""
    years = exc.years
    return (years[0] - 1, years[1] + 1) if years else None


def chosen_lang(request: Request[Any, Any, Any], asked: str | None) -> Lang:
    return (as_lang(asked) or as_lang(request.cookies.get(COOKIE))
            or from_accept_language(request.headers.get("accept-language")) or DEFAULT)


class WebPages(Controller):
    path = "/"
    include_in_schema = False

    async def _page(self, request: Request[Any, Any, Any], ctx: Ctx, template: str,
                    here: str, asked_lang: str | None, year: int | None,
                    build: Builder, here_id: str = "",
                    query: dict[str, str] | None = None) -> Response[bytes]:
        lang = chosen_lang(request, asked_lang)
        chosen = year if year is not None else await ctx.default_year()
        asked = ({k: v for k, v in query.items() if v} if query else {}) \
            | ({"year": str(year)} if year is not None else {})
        cookies = [Cookie(key=COOKIE, value=lang, max_age=365 * 86400, samesite="lax",
                          httponly=True)] if as_lang(asked_lang) else []
        # Rendered once per snapshot view: a page is a dictionary lookup until the evidence
        # changes (on a hit nothing else is built: this path is the page's whole cost).
        view = await ctx.view()
        # `asked` holds the year when one was asked for (the links then carry it).
        key = (template, here_id, chosen, lang, tuple(sorted(asked.items())))
        found: tuple[int, bytes] | None = view.get("page", key)
        if found is None:
            period = Period(start_year=chosen, end_year=chosen)
            links = Links(lang=lang, period=period.label, here=here, here_id=here_id,
                          query=asked, year_in_links=year is not None)
            status, name = 200, template
            ws = view.workspace
            try:
                view.check(period)  # a year the evidence does not reach: nothing is built
                if inspect.iscoroutinefunction(build):
                    values = await build(ws, period, lang)
                else:
                    values = await ctx.run(lambda: build(ws, period, lang))
            except PeriodNotCovered as exc:
                name, values, status = "missing.html", {"covered": _covered(exc)}, 404
            except NotFound:
                name, values, status = "missing.html", {"covered": None}, 404
            engine = request.app.template_engine  # Litestar's, over our Jinja2 environment
            if engine is None:
                raise RuntimeError("the app has no template engine: see create_app")
            page = engine.get_template(name).render(**page_context(links, **values))
            found = view.put("page", key, (status, page.encode("utf-8")))
        status, body = found
        return Response(content=body, media_type="text/html; charset=utf-8",
                        status_code=status, cookies=cookies,
                        headers={"Content-Language": lang, "Cache-Control": "no-cache",
                                 "Vary": "Accept-Language, Cookie"})

    @get("/")
    async def home(self, request: Request[Any, Any, Any], ctx: Ctx, lang: LangQuery = None,
                   year: YearQuery = None) -> Response[bytes]:
        async def build(ws: Workspace, period: Period, lg: Lang) -> dict[str, Any]:
            cards = (await ctx.public_cards(period)).ranked
            return {"home": await ctx.run(lambda: views.home(ws, period, lg, cards))}

        return await self._page(request, ctx, "home.html", "home", lang, year, build)

    @get("/scorecards")
    async def scorecards(self, request: Request[Any, Any, Any], ctx: Ctx,
                         lang: LangQuery = None, year: YearQuery = None, q: Text = "",
                         kind: Text = "", band: Text = "", sort: Text = "score") -> Response[bytes]:
        async def build(ws: Workspace, period: Period, lg: Lang) -> dict[str, Any]:
            cards = (await ctx.public_cards(period)).ranked
            return {"listing": await ctx.run(lambda: views.scorecard_list(
                ws, period, lg, q=q, kind=kind, band=band, sort=sort, cards=cards))}

        return await self._page(
            request, ctx, "scorecards.html", "scorecards", lang, year, build,
            query={"q": q, "kind": kind, "band": band, "sort": sort if sort != "score" else ""})

    @get("/actors/{actor_id:str}")
    async def actor(self, request: Request[Any, Any, Any], ctx: Ctx, actor_id: PathId,
                    lang: LangQuery = None, year: YearQuery = None) -> Response[bytes]:
        async def build(ws: Workspace, period: Period, lg: Lang) -> dict[str, Any]:
            try:
                found = await ctx.public_card(period, actor_id)
                if found is None:
                    raise NotFound("actor", actor_id)
                public = found[0]  # parsed from its JSON in the worker thread
                return {"a": await ctx.run(lambda: views.actor_page(ws, period, actor_id, lg,
                                                                    public.card))}
            except HrdscoreError as exc:  # not scored, unknown: a page that says so
                raise NotFound("actor", actor_id) from exc

        return await self._page(request, ctx, "actor.html", "actor", lang, year, build,
                                here_id=actor_id)

    @get("/responsiveness")
    async def responsiveness(self, request: Request[Any, Any, Any], ctx: Ctx,
                             lang: LangQuery = None, year: YearQuery = None) -> Response[bytes]:
        return await self._page(request, ctx, "responsiveness.html", "responsiveness", lang,
                                year, lambda ws, p, lg: {"r": views.responsiveness_page(ws, p, lg)})

    @get("/statistics")
    async def statistics(self, request: Request[Any, Any, Any], ctx: Ctx,
                         lang: LangQuery = None, year: YearQuery = None) -> Response[bytes]:
        return await self._page(request, ctx, "statistics.html", "statistics", lang, year,
                                lambda ws, p, lg: {"s": tables.statistics_page(ws, p, lg)})

    @get("/methodology")
    async def methodology(self, request: Request[Any, Any, Any], ctx: Ctx,
                          lang: LangQuery = None, year: YearQuery = None) -> Response[bytes]:
        return await self._page(request, ctx, "methodology.html", "methodology", lang, year,
                                lambda ws, p, lg: {"m": views.methodology_page(ws, lg)})

    @get("/data")
    async def data(self, request: Request[Any, Any, Any], ctx: Ctx, lang: LangQuery = None,
                   year: YearQuery = None) -> Response[bytes]:
        return await self._page(request, ctx, "data.html", "data", lang, year,
                                lambda ws, p, lg: {"d": tables.data_page(ws, p)})

    @get("/follow-up")
    async def followup(self, request: Request[Any, Any, Any], ctx: Ctx,
                       lang: LangQuery = None, year: YearQuery = None) -> Response[bytes]:
        return await self._page(request, ctx, "followup.html", "followup", lang, year,
                                lambda ws, p, lg: {"f": tables.followup_page(ws, p, lg)})

    @get("/follow-up/{rec_id:str}")
    async def timeline(self, request: Request[Any, Any, Any], ctx: Ctx, rec_id: PathId,
                       lang: LangQuery = None, year: YearQuery = None) -> Response[bytes]:
        return await self._page(request, ctx, "timeline.html", "timeline", lang, year,
                                lambda ws, p, lg: {"t": tables.timeline_page(ws, rec_id, lg)},
                                here_id=rec_id)

    @get("/static/{name:str}", media_type="text/css")
    async def static(self, name: PathId) -> Response[bytes]:
        """The pages' style sheet, and Swagger UI's files for the API docs (served here, so
        the docs work offline: no CDN)."""
        found = ASSETS.get(name)
        if found is None:
            raise NotFound("file", name)
        media = "text/css" if name.endswith(".css") else "text/javascript"
        return Response(content=found.read_bytes(), media_type=media,
                        headers={"Cache-Control": "public, max-age=3600"})


def _assets() -> dict[str, Path]:
    import swagger_ui_bundle  # type: ignore[import-untyped]

    swagger = Path(swagger_ui_bundle.swagger_ui_path)
    found = {p.name: p for p in STATIC.iterdir() if p.suffix in (".css", ".js")}
    for name in SWAGGER_FILES:
        found[name] = swagger / name
    return found


SWAGGER_FILES: Final = ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
                        "swagger-ui.css")
ASSETS: Final = _assets()
