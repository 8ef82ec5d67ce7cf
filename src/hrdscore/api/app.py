"""The Litestar application: `create_app(settings)`."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from litestar import Litestar, Request
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, Tag
from litestar.plugins.pydantic import PydanticPlugin

from hrdscore import __version__
from hrdscore.api.auth import SCHEME, SECURITY_SCHEME, role_guard
from hrdscore.api.context import ApiContext
from hrdscore.api.controllers.catalog import RecommendationController
from hrdscore.api.controllers.evidence import evidence_routers
from hrdscore.api.controllers.followup import FollowupController
from hrdscore.api.controllers.followup_records import followup_record_routers
from hrdscore.api.controllers.health import health
from hrdscore.api.controllers.keys import KeyController
from hrdscore.api.controllers.persons import PersonController
from hrdscore.api.controllers.reply_rounds import ReplyRoundController
from hrdscore.api.controllers.scorecards import (
    ReportController,
    ResponsivenessController,
    ScorecardController,
)
from hrdscore.api.controllers.statistics import StatisticsController
from hrdscore.api.limits import HeaderLimit, refuse_deep_json
from hrdscore.api.options import complete_allow
from hrdscore.api.problems import EXCEPTION_HANDLERS
from hrdscore.api.queries import reject_unknown_query
from hrdscore.api.ratelimit import RateLimit
from hrdscore.api.settings import ApiSettings
from hrdscore.service import Workspace, open_workspace
from hrdscore.web import template_config
from hrdscore.web.pages import WebPages

DESCRIPTION = """\
Scorecards of governments and companies against the recommendations of a human-rights report,
and the evidence behind them.

Reading is public: recommendations, actors, scorecards (JSON and CSV), responsiveness to
information requests, incident statistics (small cells suppressed), and the evidence records
a public reader may see. Writing needs an API key in the `X-API-Key` header: an **editor** key
creates and replaces evidence, an **admin** key also deletes it and manages keys; an
**analyst** key (and the others) also reads confidential incidents and draft assessments.

Errors are RFC 9457 problem details (`application/problem+json`).
"""


async def check_request(request: Request[Any, Any, Any]) -> None:
    """Before any handler: parameters the endpoint does not take (400), then JSON nested
    deeper than a record needs (422)."""
    await reject_unknown_query(request)
    await refuse_deep_json(request)


def create_app(settings: ApiSettings, workspace: Workspace | None = None) -> Litestar:
    """The app over the database `settings.db`. `workspace` (catalog, methodology and a store
    on the same file) may be given to reuse an already loaded catalog."""
    if workspace is None:
        workspace = open_workspace(settings.db, date.today())
    elif workspace.store.path != settings.db:
        raise ValueError("the workspace's store must be the database of the settings")
    # A PostgreSQL store follows the change feed, so that writes made by other server
    # processes are seen within a second without a query per request.
    follow = getattr(workspace.store, "follow_changes", None)
    if follow is not None:
        follow()
    ctx = ApiContext(settings=settings, workspace=workspace)

    async def provide_ctx() -> ApiContext:
        return ctx

    openapi = OpenAPIConfig(
        title="hrdscore API",
        version=__version__,
        description=DESCRIPTION,
        path="/schema",
        # Swagger UI from files the app serves itself: the docs work offline (no CDN).
        render_plugins=[SwaggerRenderPlugin(
            js_url="/static/swagger-ui-bundle.js", css_url="/static/swagger-ui.css",
            standalone_preset_js_url="/static/swagger-ui-standalone-preset.js",
            favicon="<link rel=\"icon\" href=\"data:,\">")],
        components=Components(security_schemes={SCHEME: SECURITY_SCHEME}),
        tags=[Tag(name="scorecards", description="Scores and responsiveness, by year."),
              Tag(name="recommendations", description="The report's recommendations."),
              Tag(name="statistics", description="Incident tables, safe to publish.")],
        use_handler_docstrings=False,
    )
    middleware: list[Any] = [HeaderLimit()]
    if settings.rate_limit:
        middleware.append(RateLimit(settings.rate_limit, settings.rate_window_seconds))

    def start_warm_up() -> None:
        if settings.warm_up:
            threading.Thread(target=ctx.warm_up, name="hrdscore-warm-up", daemon=True).start()

    return Litestar(
        route_handlers=[health, RecommendationController, ScorecardController,
                        ResponsivenessController, ReportController, StatisticsController,
                        FollowupController, KeyController, PersonController,
                        ReplyRoundController,
                        *evidence_routers(), *followup_record_routers(), WebPages],
        template_config=template_config(),
        dependencies={"ctx": Provide(provide_ctx, use_cache=True)},
        guards=[role_guard],
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=middleware,
        request_max_body_size=settings.max_body_bytes,
        before_request=check_request,
        before_send=[complete_allow],
        openapi_config=openapi,
        plugins=[PydanticPlugin()],
        state=State({"ctx": ctx}),
        on_startup=[start_warm_up],
        debug=False,
    )
