"""What a public reader may see of follow-up records.

Responses, responsible bodies and measures are public, with citations of non-public sources
replaced; a progress report marked not public is never shown."""

from __future__ import annotations

from typing import TypeVar

from hrdscore.model import Measure, ProgressReport, Response, Responsibility
from hrdscore.privacy.records import with_public_citations
from hrdscore.privacy.withheld import Withheld

__all__ = ["progress_report_is_public", "public_followup_record", "public_progress_report"]

F = TypeVar("F", Response, Responsibility, Measure)


def progress_report_is_public(report: ProgressReport) -> bool:
    return report.public


def public_progress_report(report: ProgressReport, withheld: Withheld) -> ProgressReport | None:
    """The report with public citations only; None when it is marked not public."""
    if not progress_report_is_public(report):
        return None
    return with_public_citations(report, withheld)


def public_followup_record(record: F, withheld: Withheld) -> F:
    """A response, responsible body or measure with its citations projected."""
    return with_public_citations(record, withheld)
