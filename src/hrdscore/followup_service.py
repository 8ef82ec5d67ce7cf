"""Follow-up over a workspace: the one set of functions the CLI and the API call.

The pure views live in `hrdscore.followup`; this module supplies them the catalog, the
snapshot, the methodology's validity and, for public readers, the privacy projection.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from hrdscore.errors import NotFound
from hrdscore.followup import (
    DueItem,
    Filters,
    Matrix,
    default_years,
    due,
    matrix_json,
    timeline,
    timeline_json,
    tracker,
)
from hrdscore.followup.exchange import export_rows
from hrdscore.model import Citation, Period
from hrdscore.privacy import (
    public_assessment,
    public_citation,
    public_followup_record,
    public_progress_report,
)
from hrdscore.service import Workspace

__all__ = ["TrackerQuery", "due_items", "public_timeline", "public_tracker",
           "public_tracker_csv_rows", "timeline_of", "tracker_of", "validity_months"]


@dataclass(frozen=True)
class TrackerQuery:
    as_of: date
    filters: Filters = field(default_factory=Filters)
    period: Period | None = None
    include_drafts: bool = False


def validity_months(ws: Workspace) -> int | None:
    """How long an assessment holds under the workspace's methodology (None: no expiry)."""
    v2 = ws.methodology.v2
    return v2.validity_months if v2 is not None else None


def tracker_of(ws: Workspace, query: TrackerQuery) -> Matrix:
    snap = ws.snapshot()
    body = query.filters.body
    if body is not None and body not in snap.actors:
        raise NotFound("actor", body)
    years = ((query.period.start_year, query.period.end_year) if query.period
             else default_years(ws.catalog.reports, query.as_of))
    return tracker(ws.catalog.recommendations, snap, as_of=query.as_of, years=years,
                   filters=query.filters, validity_months=validity_months(ws),
                   include_drafts=query.include_drafts)


def public_tracker(ws: Workspace, query: TrackerQuery) -> dict[str, Any]:
    """The tracker as JSON for a public reader: published assessments only, citations of
    non-public sources replaced."""
    withheld = ws.withheld()
    public = TrackerQuery(query.as_of, query.filters, query.period, include_drafts=False)

    def cite(c: Citation) -> Citation:
        return public_citation(c, withheld)

    return matrix_json(tracker_of(ws, public), cite)


def timeline_of(ws: Workspace, recommendation: str, *, include_drafts: bool = False
                ) -> list[Any]:
    rec = ws.catalog.by_id.get(recommendation)
    if rec is None:
        raise NotFound("recommendation", recommendation)
    return timeline(rec, ws.snapshot(), include_drafts=include_drafts)


def public_timeline(ws: Workspace, recommendation: str) -> dict[str, Any]:
    """The timeline for a public reader: no progress report marked not public, no draft
    assessment, no non-public source named."""
    rec = ws.catalog.by_id.get(recommendation)
    if rec is None:
        raise NotFound("recommendation", recommendation)
    withheld = ws.withheld()

    def cite(c: Citation) -> Citation:
        return public_citation(c, withheld)

    entries = timeline(rec, ws.snapshot(),
                       show_report=lambda p: public_progress_report(p, withheld), cite=cite)
    return timeline_json(rec.id, entries)


def due_items(ws: Workspace, as_of: date) -> list[DueItem]:
    return due(ws.snapshot(), as_of=as_of, validity_months=validity_months(ws),
               recommendations=ws.catalog.recommendations)


def public_tracker_csv_rows(ws: Workspace) -> list[list[str]]:
    """The tracker CSV rows (see `hrdscore.followup.exchange`) as the public may see them:
    published assessments only, no progress report marked not public, non-public sources and
    withheld evidence ids replaced."""
    snap = ws.snapshot()
    withheld = ws.withheld(snap)
    shown = replace(
        snap,
        responses={k: public_followup_record(v, withheld) for k, v in snap.responses.items()},
        responsibilities={k: public_followup_record(v, withheld)
                          for k, v in snap.responsibilities.items()},
        measures={k: public_followup_record(v, withheld) for k, v in snap.measures.items()},
        progress_reports={k: r for k, v in snap.progress_reports.items()
                          if (r := public_progress_report(v, withheld)) is not None},
        assessments={k: a for k, v in snap.assessments.items()
                     if (a := public_assessment(v, withheld)) is not None},
    )
    return export_rows(ws.catalog.recommendations, shown)
