"""The Jinja2 environment of the pages and the links between them.

One environment serves both the server (through Litestar's `JinjaTemplateEngine`) and the static
site. Translations are not installed into the environment (it is shared by concurrent
requests): each render gets its own `_` in the template context (`page_context`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlencode

import jinja2
from markupsafe import Markup, escape

from hrdscore import __version__
from hrdscore.labels import LANGS, Lang
from hrdscore.web.i18n import NATIVE, translations

STATIC: Final = Path(__file__).parent / "static"
# page name -> (server path, static file) with {id} for pages about one thing.
PAGES: Final[Mapping[str, tuple[str, str]]] = {
    "home": ("/", "index.html"),
    "scorecards": ("/scorecards", "scorecards.html"),
    "actor": ("/actors/{id}", "actors/{id}.html"),
    "responsiveness": ("/responsiveness", "responsiveness.html"),
    "statistics": ("/statistics", "statistics.html"),
    "methodology": ("/methodology", "methodology.html"),
    "data": ("/data", "data.html"),
    "followup": ("/follow-up", "follow-up.html"),
    "timeline": ("/follow-up/{id}", "follow-up/{id}.html"),
}
NAV: Final = ("home", "scorecards", "responsiveness", "statistics", "followup", "methodology",
              "data")


@dataclass
class Links:
    """Where pages and files are: on the server (paths from the root, the year and any filter
    in the query) or in the static site (relative file names, one folder per language)."""

    lang: Lang
    period: str
    static: bool = False
    here: str = "home"  # the page being rendered, and its id
    here_id: str = ""
    query: dict[str, str] = field(default_factory=dict)  # the server page's own parameters
    year_in_links: bool = False

    def _root(self) -> str:
        """The static site's root, relative to the page being rendered."""
        depth = (self.lang != "en") + PAGES[self.here][1].format(id=self.here_id).count("/")
        return "../" * depth

    def page(self, name: str, id: str = "", **params: str) -> str:
        server, static = PAGES[name]
        if self.static:
            folder = "" if self.lang == "en" else f"{self.lang}/"
            return self._root() + folder + static.format(id=id)
        query = {"year": self.period} if self.year_in_links else {}
        query.update({k: v for k, v in params.items() if v})
        return server.format(id=id) + (f"?{urlencode(query)}" if query else "")

    def asset(self, name: str) -> str:
        return (self._root() + "static/" if self.static else "/static/") + name

    def download(self, actor: str, kind: str) -> str:
        """An actor's scorecard as pdf, json or csv."""
        if self.static:  # the publication's own files, one folder above the site
            if kind == "csv":
                return self._root() + f"../scorecards-{self.period}.csv"
            return self._root() + f"../actors/{actor}.{kind}"
        suffix = "" if kind == "json" else f".{kind}"
        return f"/api/scorecards/{self.period}/{actor}{suffix}"

    def file(self, path: str) -> str:
        """A file of the publication (static site) by its path there."""
        return self._root() + "../" + path

    def switch(self, lang: Lang) -> str:
        """This page in another language."""
        if self.static:
            return self._root() + ("" if lang == "en" else f"{lang}/") + \
                PAGES[self.here][1].format(id=self.here_id)
        server = PAGES[self.here][0].format(id=self.here_id)
        return server + "?" + urlencode({**self.query, "lang": lang})


def _gettext(lang: Lang) -> Callable[..., str]:
    catalog = translations(lang)

    def gettext(message: str, **values: Any) -> str:
        text = catalog.gettext(message)
        # With values: escaped, then filled in (a value marked safe, e.g. a <span>, stays).
        return Markup(escape(text)) % values if values else text

    return gettext


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("hrdscore.web", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    # Placeholders only, so the i18n extension is complete; each render passes its own `_`.
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


def page_context(links: Links, **values: Any) -> dict[str, Any]:
    """What every template gets: the language, `_`, links, the switcher."""
    return {"lang": links.lang, "_": _gettext(links.lang), "links": links,
            "nav": NAV, "langs": [(lang, NATIVE[lang]) for lang in LANGS],
            "version": __version__, "period": links.period, **values}


def render(name: str, links: Links, **values: Any) -> str:
    """A template rendered to text (the static site; the server goes through Litestar)."""
    return environment().get_template(name).render(page_context(links, **values))
