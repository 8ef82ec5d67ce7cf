"""The follow-up tracker in a publication: its public CSV and its Data Package entry.

Kept apart from `publish` so the publication gains one resource by one registration."""

from __future__ import annotations

from typing import Any

from hrdscore.followup.exchange import COLUMNS
from hrdscore.followup_service import public_tracker_csv_rows
from hrdscore.render.tabular import to_csv
from hrdscore.service import Workspace

__all__ = ["TRACKER", "tracker_csv", "tracker_resource"]

TRACKER = "followup"
_DESCRIBED = {
    "record_type": "recommendation, response, responsible_body, measure, progress_report or "
                   "assessment",
    "recommendation_ref": "The recommendation's id (the tracker's unique reference).",
    "support_level": "IMPACT OSS support level: 2 supported, 1 supported in part, 0 noted.",
    "status": "The assessment's level or missing state; no_information on a recommendation "
              "nobody assessed.",
    "hrc_grade": "The status on the UN Human Rights Committee's follow-up grades (A-E).",
    "ogp_completion": "The status on the OGP IRM completion scale.",
}


def tracker_csv(ws: Workspace) -> bytes:
    """The public tracker CSV (published assessments, public progress reports only)."""
    return to_csv(COLUMNS, public_tracker_csv_rows(ws)).encode("utf-8")


def tracker_resource(label: str) -> tuple[str, str, str, dict[str, Any]]:
    """(file name, title, description, Table Schema) of the tracker in a Data Package."""
    fields = [{"name": col, "type": "string",
               **({"description": _DESCRIBED[col]} if col in _DESCRIBED else {})}
              for col in COLUMNS]
    return (f"followup-{label}.csv", f"Follow-up tracker, as of {label}",
            "One row per recommendation and per follow-up record (response, responsible "
            "body, measure, progress report, assessment), linked by recommendation_ref; "
            "statuses also on the UN Human Rights Committee and OGP IRM scales.",
            {"fields": fields, "missingValues": [""]})
