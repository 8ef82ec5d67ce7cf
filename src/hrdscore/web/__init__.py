"""Web pages for readers (English, Russian, Kazakh) and the static site: Jinja2 templates over
the same public results the API serves. See `hrdscore.web.pages` (server) and
`hrdscore.web.site` (static copy)."""

from __future__ import annotations

from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template import TemplateConfig

from hrdscore.web.render import environment

__all__ = ["template_config"]


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    """Litestar's template engine over the pages' one Jinja2 environment."""
    return TemplateConfig(engine=JinjaTemplateEngine.from_environment(environment()))
