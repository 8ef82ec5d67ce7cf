"""Follow-up of recommendations: the tracker matrix, timelines and due dates.

Pure: reads a catalog's recommendations and an evidence snapshot, never storage, so
`import hrdscore.followup` loads no database or web library."""

from hrdscore.followup.due import DueItem, due
from hrdscore.followup.matrix import Change, Filters, Matrix, Row, default_years, tracker
from hrdscore.followup.status import (
    NO_INFORMATION,
    AssessmentIndex,
    Cell,
    hrc_grade,
    ogp_completion,
    status_label,
)
from hrdscore.followup.timeline import Entry, timeline
from hrdscore.followup.views import (
    due_json,
    due_rows,
    matrix_json,
    matrix_rows,
    timeline_json,
    timeline_rows,
)

__all__ = [
    "NO_INFORMATION",
    "AssessmentIndex",
    "Cell",
    "Change",
    "DueItem",
    "Entry",
    "Filters",
    "Matrix",
    "Row",
    "default_years",
    "due",
    "due_json",
    "due_rows",
    "hrc_grade",
    "matrix_json",
    "matrix_rows",
    "ogp_completion",
    "status_label",
    "timeline",
    "timeline_json",
    "timeline_rows",
    "tracker",
]
