"""The pages that show tables: incident statistics (public, suppressed), the follow-up
tracker and timelines, and the data downloads. From the same public functions the API and
`publish` use; nothing here counts or scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hrdscore.followup.views import reader_name
from hrdscore.followup_service import public_timeline
from hrdscore.labels import Lang, label, plain_words
from hrdscore.model import Period
from hrdscore.organisation import current_organisation
from hrdscore.service import Workspace
from hrdscore.stats import PUBLIC_THRESHOLD, StatsFilter, StatsRequest, public_statistics
from hrdscore.stats.model import Table
from hrdscore.web.i18n import fmt_date

BAR_WIDTH = 320


def _chart(table: Table, lang: Lang) -> dict[str, Any]:
    """A table as bars: one per cell, suppressed cells shown as such (never as 0)."""
    dimension = table.dimensions[0] if table.dimensions else ""
    cells = [(" ".join(c.label) or "—", c.threats if table.unit == "threats" else
              getattr(c, table.unit, None), c.persons, c.suppressed) for c in table.cells]
    top = max((v for _, v, _, _ in cells if v is not None), default=0) or 1
    bars = [{"label": name, "value": value, "persons": persons, "suppressed": hidden,
             "y": i * 26, "length": 0 if value is None else max(2, round(BAR_WIDTH * value / top))}
            for i, (name, value, persons, hidden) in enumerate(cells)]
    total = table.total
    return {"title": table.title, "dimension": label("dimension", dimension, lang),
            "unit": table.unit, "bars": bars, "height": max(26, 26 * len(bars)),
            "total": total.threats if total.threats is not None else None,
            "total_persons": total.persons,
            "rules": [plain_words(rule) for rule in table.rules],
            "suppression": plain_words(table.suppression.text) if table.suppression else ""}


def statistics_page(ws: Workspace, period: Period, lang: Lang) -> dict[str, Any]:
    """Threats by year over every year, and the year's one-way tables: the public catalogue
    only, small cells suppressed as in the API."""
    snap = ws.snapshot()
    across = public_statistics(snap, StatsRequest(public=True, threshold=PUBLIC_THRESHOLD))
    year = Period(start_year=period.end_year, end_year=period.end_year)
    within = public_statistics(snap, StatsRequest(filter=StatsFilter(period=year), public=True,
                                                  threshold=PUBLIC_THRESHOLD))
    return {"threshold": PUBLIC_THRESHOLD, "year": year.label,
            "charts": [_chart(t, lang) for t in (*across.tables, *within.tables)]}


@dataclass(frozen=True)
class Timeline:
    rec_id: str
    name: str
    text: str
    entries: list[dict[str, str]]
    chain: list[dict[str, str]] = field(default_factory=list)


_WHAT = {"response": "response", "measure_started": "measure started",
         "measure_due": "measure due", "progress_report": "progress report",
         "assessment": "assessment", "information_request": "information request",
         "measure": "measure"}


def followup_page(ws: Workspace, period: Period, lang: Lang) -> dict[str, Any]:
    columns, rows, notes = ws.public_tracker_table(period)
    recs = [{"id": r.id, "name": reader_name(r), "group": label("group", r.addressee, lang)}
            for r in ws.catalog.recommendations]
    return {"columns": columns, "rows": rows, "notes": [plain_words(n) for n in notes],
            "recommendations": recs}


def timeline_page(ws: Workspace, rec_id: str, lang: Lang) -> Timeline:
    """One recommendation's follow-up in date order (`NotFound` for an unknown one)."""
    from datetime import date

    data = public_timeline(ws, rec_id)
    rec = ws.catalog.by_id[rec_id]
    entries = []
    for e in data["entries"]:
        day = fmt_date(date.fromisoformat(e["date"]), lang) if e["date"] else "—"
        entries.append({"date": day, "what": _WHAT.get(e["kind"], e["kind"]),
                        "by": e["by"] or "", "status": e["label"] or "",
                        "text": plain_words(e["text"])})
    return Timeline(rec_id=rec_id, name=reader_name(rec), text=rec.text, entries=entries,
                    chain=_chain(ws, rec_id))


def _chain(ws: Workspace, rec_id: str) -> list[dict[str, str]]:
    """The same ask across reports (issue 19), oldest first, each by its report's title and
    its number there, with its latest status; empty when no other report repeats it."""
    from hrdscore.followup_chain import chain_json, chain_links

    links = chain_links(ws, rec_id)
    if len(links) < 2:
        return []
    statuses = chain_json(ws, rec_id)["links"]
    return [{"relation": "first" if n == 0 else link.relation, "year": str(
                link.report.published_year), "report": link.report.title.strip(),
             "name": reader_name(link.recommendation), "status": item["status"] or ""}
            for n, (link, item) in enumerate(zip(links, statuses, strict=True))]


def data_page(ws: Workspace, period: Period,
              files: Sequence[tuple[str, int, str]] = ()) -> dict[str, Any]:
    """The licence, the evidence snapshot and, in a publication, each file's checksum."""
    org = current_organisation()
    return {"licence": org.licence, "publisher": org.name, "example": org.example,
            "snapshot": ws.snapshot().hash, "files": list(files), "period": period.label}
