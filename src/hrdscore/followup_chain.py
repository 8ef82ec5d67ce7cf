"""The follow-up of the same ask across reports: a recommendation's chain of `reiterates` /
`builds_on` links, each with its latest status, read from the tracker's own timelines."""

from __future__ import annotations

from typing import Any

from hrdscore.catalog_links import ChainLink, chain_of, chain_sentence
from hrdscore.followup.status import status_label
from hrdscore.followup_service import timeline_of
from hrdscore.service import Workspace

__all__ = ["chain_json", "chain_links"]


def chain_links(ws: Workspace, rec_id: str) -> list[ChainLink]:
    """The chain `rec_id` belongs to, oldest first; empty without extra catalogs."""
    if ws.catalog_set is None:
        return []
    return chain_of(ws.catalog_set, rec_id)


def _latest_status(ws: Workspace, rec_id: str, include_drafts: bool) -> tuple[str, str] | None:
    """(status in words, date) of the latest dated assessment of the recommendation."""
    dated = [e for e in timeline_of(ws, rec_id, include_drafts=include_drafts)
             if e.status and e.on is not None]
    if not dated:
        return None
    last = max(dated, key=lambda e: e.on)
    return status_label(last.status), last.on.isoformat()


def chain_json(ws: Workspace, rec_id: str, include_drafts: bool = False) -> dict[str, Any]:
    """The chain as data and as one sentence: "First made in 2021 (...), repeated in 2023
    (...); latest status: not started (acme2023-gov-01, 2023-06-30)"."""
    links = chain_links(ws, rec_id)
    items = []
    latest: tuple[str, str, str] | None = None
    for link in links:
        found = _latest_status(ws, link.recommendation.id, include_drafts)
        items.append({"recommendation": link.recommendation.id, "report": link.report.id,
                      "year": link.report.published_year, "relation": link.relation,
                      "status": found[0] if found else None,
                      "status_on": found[1] if found else None})
        if found and (latest is None or found[1] >= latest[2]):
            latest = (found[0], link.recommendation.id, found[1])
    status = (f"latest status: {latest[0]} ({latest[1]}, {latest[2]})" if latest
              else "no status recorded yet")
    return {"links": items, "sentence": chain_sentence(links, status) if len(links) > 1
            else None}
