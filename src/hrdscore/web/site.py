"""The static site: the same pages as the server, as HTML files with relative links, so a
publication folder can be put on any web host (or opened from the disk) without a server.

    site/index.html, scorecards.html, actors/<actor>.html, responsiveness.html, ...
    site/ru/...,  site/kk/...        the same pages in Russian and Kazakh
    site/static/site.css

Downloads point at the publication's own files one folder up (../actors/<actor>.pdf). The
same inputs give the same bytes: no clock is read, files and rows come in a fixed order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hrdscore.errors import HrdscoreError
from hrdscore.labels import LANGS, Lang
from hrdscore.model import Period
from hrdscore.service import Workspace
from hrdscore.web import tables, views
from hrdscore.web.render import PAGES, STATIC, Links, render
from hrdscore.web.search import FOLD_MAP

# (relative path inside the site, bytes)
Writer = Callable[[str, bytes], None]


def site_files(ws: Workspace, period: Period,
               files: Sequence[tuple[str, int, str]] = ()) -> list[tuple[str, bytes]]:
    """Every file of the static site for `period`; `files` (path, bytes, SHA-256) are the
    publication's other files, listed with their checksums on the data page."""
    out: list[tuple[str, bytes]] = [
        (f"static/{asset.name}", asset.read_bytes()) for asset in sorted(STATIC.iterdir())
        if asset.suffix in (".css", ".js")]
    actors = sorted(c.actor for c in ws.public_scorecards(period))
    recs = [r.id for r in ws.catalog.recommendations]
    for lang in LANGS:
        def page(name: str, template: str, values: dict[str, Any], here_id: str = "",
                 lang: Lang = lang) -> None:
            links = Links(lang=lang, period=period.label, static=True, here=name,
                          here_id=here_id)
            folder = "" if lang == "en" else f"{lang}/"
            path = folder + PAGES[name][1].format(id=here_id)
            out.append((path, render(template, links, **values).encode("utf-8")))

        page("home", "home.html", {"home": views.home(ws, period, lang)})
        page("scorecards", "scorecards.html",
             {"listing": views.scorecard_list(ws, period, lang), "fold_map": FOLD_MAP})
        for actor in actors:
            page("actor", "actor.html", {"a": views.actor_page(ws, period, actor, lang)},
                 here_id=actor)
        page("responsiveness", "responsiveness.html",
             {"r": views.responsiveness_page(ws, period, lang)})
        page("statistics", "statistics.html", {"s": tables.statistics_page(ws, period, lang)})
        page("methodology", "methodology.html", {"m": views.methodology_page(ws, lang)})
        page("data", "data.html", {"d": tables.data_page(ws, period, files)})
        page("followup", "followup.html", {"f": tables.followup_page(ws, period, lang)})
        for rec in recs:
            page("timeline", "timeline.html", {"t": tables.timeline_page(ws, rec, lang)},
                 here_id=rec)
    paths = [p for p, _ in out]
    if len(paths) != len(set(paths)):
        raise HrdscoreError("two pages of the static site would share a file name")
    return out
