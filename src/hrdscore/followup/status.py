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
    # The enum member itself: a StrEnum equals, hashes and prints as its code, and skipping
    # `.value` halves the cost of indexing 60,000 assessments.
    return found


_RANK = {code: n for n, code in enumerate(_ORDER)}


def summarise(codes: Iterable[str]) -> str:
    """The least advanced of the criteria's statuses (see the module's docstring)."""
    return min(codes, key=_RANK.__getitem__, default=NO_INFORMATION)


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
        # (date, id, code, assessment) tuples: sorted natively, read once per assessment.
        groups: dict[tuple[str, str], list[tuple[date, str, str, Assessment]]] = {}
        by_criterion: dict[str, set[str]] = defaultdict(set)
        published = ReviewState.PUBLISHED
        for a in assessments:
            if not include_drafts and a.review is not published:
                continue
            key = (a.criterion, a.assessor)
            found = groups.get(key)
            if found is None:
                groups[key] = found = []
                by_criterion[a.criterion].add(a.assessor)
            found.append((a.as_of, a.id, _code(a), a))
        self._groups: dict[tuple[str, str], list[Assessment]] = {}
        self._dates: dict[tuple[str, str], list[date]] = {}
        # The status codes beside the dates: the matrix reads only these for most cells.
        self._codes: dict[tuple[str, str], list[str]] = {}
        for key, rows in groups.items():
            rows.sort()
            self._groups[key] = [r[3] for r in rows]
            self._dates[key] = [r[0] for r in rows]
            self._codes[key] = [r[2] for r in rows]
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

    def status(self, rec: Recommendation, assessor: str, on: date) -> str:
        """Only the status of `cell` (no sources): what a year column shows."""
        codes = []
        for c in rec.criteria:
            dates = self._dates.get((c.id, assessor))
            if dates:
                at = bisect_right(dates, on)
                if at:
                    codes.append(self._codes[(c.id, assessor)][at - 1])
        return str(summarise(codes))

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
        citations: dict[tuple[str, str, str | None], Citation] = {}
        for a in found:
            for c in a.citations:
                citations.setdefault((c.source, c.locator, c.quote), c)
        return Cell(assessor, str(summarise(_code(a) for a in found)), as_of,
                    tuple(a.id for a in found),
                    tuple((a.criterion, str(_code(a))) for a in found),
                    tuple(citations.values()), is_self, expired)

    def walk(self, rec: Recommendation, assessor: str, cutoffs: Sequence[date]
             ) -> tuple[list[str], tuple[date, str, str] | None]:
        """The status at each cutoff (ascending) and the last change on or before the last
        cutoff as (day, before, after): one pass over the assessor's assessments of `rec`."""
        events = sorted((d, n, code) for n, c in enumerate(rec.criteria)
                        for d, code in zip(self._dates.get((c.id, assessor), ()),
                                           self._codes.get((c.id, assessor), ()),
                                           strict=True))
        current: dict[int, str] = {}
        statuses: list[str] = []
        moved: tuple[date, str, str] | None = None
        before: str = NO_INFORMATION
        at, last = 0, len(events)
        for cutoff in cutoffs:
            while at < last and events[at][0] <= cutoff:
                day = events[at][0]
                while at < last and events[at][0] == day:  # a day's assessments together
                    current[events[at][1]] = events[at][2]
                    at += 1
                status = summarise(current.values())
                if status != before:
                    moved = (day, str(before), str(status))
                before = status
            statuses.append(str(before))
        return statuses, moved
