"""Where a recommendation stands in one assessor's eyes on a date.

An assessment is of one criterion; a recommendation stands where its least advanced assessed
criterion stands (a regressed criterion makes it regressed), so a recommendation is never shown
further along than any part of it an assessor judged. "No information" is a status of its own:
the assessor has said nothing about the recommendation by that date.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from hrdscore.model import Assessment, Citation, Recommendation
from hrdscore.model.vocab import (
    OGP_IRM_COMPLETION,
    UN_HRC_FOLLOW_UP_GRADE,
    Level,
    MissingState,
    ReviewState,
)

__all__ = ["NO_INFORMATION", "AssessmentIndex", "Cell", "add_months", "hrc_grade",
           "ogp_completion", "status_label", "summarise"]

NO_INFORMATION = "no_information"

# Least advanced first: the summary of several criteria is the first of these found.
_ORDER: tuple[str, ...] = (
    Level.REGRESSED, Level.NOT_STARTED, Level.NOT_MET, Level.PLANNED, Level.LIMITED,
    Level.PARTIAL, Level.SUBSTANTIAL, Level.COMPLETE, Level.MET,
    MissingState.ACTOR_DECLINED, MissingState.NO_EVIDENCE_FOUND, MissingState.NOT_APPLICABLE,
    MissingState.NOT_ASSESSED,
)
_LABELS = {NO_INFORMATION: "no information", Level.NOT_MET: "not met",
           Level.NOT_STARTED: "not started", MissingState.NO_EVIDENCE_FOUND: "no evidence found",
           MissingState.ACTOR_DECLINED: "actor declined",
           MissingState.NOT_APPLICABLE: "not applicable",
           MissingState.NOT_ASSESSED: "not assessed"}


def status_label(status: str) -> str:
    """The words a reader sees for a status code."""
    return _LABELS.get(status, status.replace("_", " "))


def hrc_grade(status: str) -> str:
    """The UN Human Rights Committee follow-up grade (A-E) of a status; '' when none maps.
    With no information the Committee's grade is D (no cooperation), as for no evidence."""
    key = MissingState.NO_EVIDENCE_FOUND if status == NO_INFORMATION else status
    return UN_HRC_FOLLOW_UP_GRADE.get(key, "")


def ogp_completion(status: str) -> str:
    """The OGP IRM completion level of a status; '' when the IRM scale has none."""
    key = MissingState.NO_EVIDENCE_FOUND if status == NO_INFORMATION else status
    return OGP_IRM_COMPLETION.get(key, "")


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _code(a: Assessment) -> str:
    found = a.level if a.level is not None else a.missing
    assert found is not None  # the model requires one of them
    return str(found.value)


def summarise(codes: Iterable[str]) -> str:
    """The least advanced of the criteria's statuses (see the module's docstring)."""
    present = set(codes)
    for code in _ORDER:
        if code in present:
            return code
    return NO_INFORMATION


@dataclass(frozen=True, slots=True)
class Cell:
    """One assessor's view of one recommendation at a date."""

    assessor: str
    status: str
    as_of: date | None = None
    assessments: tuple[str, ...] = ()
    criteria: tuple[tuple[str, str], ...] = ()  # (criterion id, status) per assessed criterion
    citations: tuple[Citation, ...] = ()
    self_assessment: bool = False
    expired: bool = False


class AssessmentIndex:
    """Assessments by (criterion, assessor), each list in date order, for lookups by date."""

    def __init__(self, assessments: Iterable[Assessment], *, include_drafts: bool = False) -> None:
        groups: dict[tuple[str, str], list[Assessment]] = defaultdict(list)
        by_criterion: dict[str, set[str]] = defaultdict(set)
        for a in assessments:
            if not include_drafts and a.review is not ReviewState.PUBLISHED:
                continue
            groups[(a.criterion, a.assessor)].append(a)
            by_criterion[a.criterion].add(a.assessor)
        self._groups = {k: sorted(v, key=lambda a: (a.as_of, a.id)) for k, v in groups.items()}
        self._dates = {k: [a.as_of for a in v] for k, v in self._groups.items()}
        self._assessors: Mapping[str, set[str]] = by_criterion

    def assessors(self, recs: Iterable[Recommendation]) -> tuple[str, ...]:
        """Everyone who assessed any of these recommendations, sorted."""
        return tuple(sorted({x for r in recs for c in r.criteria
                            for x in self._assessors.get(c.id, ())}))

    def history(self, criterion: str, assessor: str) -> Sequence[Assessment]:
        return self._groups.get((criterion, assessor), ())

    def latest(self, criterion: str, assessor: str, on: date) -> Assessment | None:
        dates = self._dates.get((criterion, assessor))
        if not dates:
            return None
        at = bisect_right(dates, on)
        return self._groups[(criterion, assessor)][at - 1] if at else None

    def cell(self, rec: Recommendation, assessor: str, on: date,
             validity_months: int | None = None) -> Cell:
        found = [a for c in rec.criteria if (a := self.latest(c.id, assessor, on)) is not None]
        if not found:
            return Cell(assessor, NO_INFORMATION)
        # The actor's word about itself: shown beside the others, never mistaken for them.
        is_self = any(a.self_assessment or a.assessor_actor == a.actor for a in found)
        as_of = max(a.as_of for a in found)
        oldest = min(a.as_of for a in found)
        expired = (validity_months is not None
                   and add_months(oldest, validity_months) < on)
        citations: list[Citation] = []
        for a in found:
            citations += [c for c in a.citations if c not in citations]
        return Cell(assessor, summarise(_code(a) for a in found), as_of,
                    tuple(a.id for a in found), tuple((a.criterion, _code(a)) for a in found),
                    tuple(citations), is_self, expired)
