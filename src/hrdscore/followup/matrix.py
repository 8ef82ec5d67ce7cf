"""The tracker matrix: recommendation x year, where each named assessor says it stands.

For every year of the period the state is taken at the year's end (or at `as_of`, if earlier),
from the latest assessment on or before that day: `as_of` therefore gives the tracker as it
read on any date. The latest change of each recommendation (a new assessment that moved its
status) is carried so views can highlight it.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from hrdscore.followup.status import AssessmentIndex, Cell
from hrdscore.model import Measure, Recommendation, Report, Response, Responsibility
from hrdscore.model.followup import BodyRole
from hrdscore.snapshot import Snapshot

__all__ = ["Change", "Filters", "Matrix", "Row", "default_years", "tracker"]


@dataclass(frozen=True, slots=True)
class Change:
    """An assessment that moved a recommendation's status in one assessor's eyes."""

    on: date
    assessor: str
    before: str
    after: str
    assessments: tuple[str, ...]


@dataclass(frozen=True)
class Filters:
    """Which recommendations the tracker shows; each given filter must hold."""

    addressee: str | None = None
    body: str | None = None  # an actor id: the body or one below it is responsible
    theme: str | None = None
    status: str | None = None  # some assessor's status at as_of


@dataclass(frozen=True)
class Row:
    recommendation: Recommendation
    responses: tuple[Response, ...]
    bodies: tuple[Responsibility, ...]
    measures: tuple[Measure, ...]
    years: tuple[tuple[int, tuple[Cell, ...]], ...]
    current: tuple[Cell, ...]
    latest_change: Change | None = None

    @property
    def response(self) -> Response | None:
        """The latest response on or before the tracker's date."""
        return self.responses[-1] if self.responses else None


@dataclass(frozen=True)
class Matrix:
    as_of: date
    years: tuple[int, ...]
    assessors: tuple[str, ...]
    rows: tuple[Row, ...] = field(default_factory=tuple)


def default_years(reports: Iterable[Report], as_of: date) -> tuple[int, int]:
    """From the year the report's monitoring ends (its recommendations' starting point) to the
    tracker's date."""
    ends = [r.period_end.year for r in reports if r.period_end is not None]
    start = min(ends) if ends else as_of.year
    return min(start, as_of.year), as_of.year


R = TypeVar("R", Response, Responsibility, Measure)


def _by_recommendation(records: Iterable[R]) -> Mapping[str, list[R]]:
    groups: dict[str, list[R]] = defaultdict(list)
    for record in records:
        groups[record.recommendation].append(record)
    return groups


def _history(index: AssessmentIndex, rec: Recommendation, assessors: Sequence[str],
             cutoffs: Sequence[date], validity_months: int | None
             ) -> tuple[tuple[tuple[Cell, ...], ...], Change | None]:
    """Per cutoff, each assessor's status; and the latest change (the newest, on a tie the
    assessor last by name)."""
    columns: list[list[str]] = []
    latest: tuple[date, str, str, str] | None = None
    for assessor in assessors:
        statuses, moved = index.walk(rec, assessor, cutoffs)
        columns.append(statuses)
        if moved is not None and (latest is None or (moved[0], assessor) > latest[:2]):
            latest = (moved[0], assessor, moved[1], moved[2])
    per_cutoff = tuple(tuple(Cell(a, columns[n][k]) for n, a in enumerate(assessors))
                       for k in range(len(cutoffs)))
    if latest is None:
        return per_cutoff, None
    # Only the change shown needs its assessments (the cell on that day).
    shown = index.cell(rec, latest[1], latest[0], validity_months)
    return per_cutoff, Change(latest[0], latest[1], latest[2], latest[3], shown.assessments)


def tracker(recommendations: Sequence[Recommendation], snapshot: Snapshot, *, as_of: date,
            years: tuple[int, int], filters: Filters = Filters(), validity_months: int | None = 24,
            include_drafts: bool = False, index: AssessmentIndex | None = None) -> Matrix:
    """The tracker for `recommendations` (catalog order kept) over the years `years` (first,
    last; years after `as_of` are left out), as it read on `as_of`."""
    # Tens of thousands of small objects and no reference cycles: the cyclic collector's
    # passes over the snapshot cost a third of the time (as in `hrdscore.perf.gc_paused`,
    # which this pure module may not import).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _tracker(recommendations, snapshot, as_of=as_of, years=years, filters=filters,
                        validity_months=validity_months, include_drafts=include_drafts,
                        index=index)
    finally:
        if was_enabled:
            gc.enable()


def _tracker(recommendations: Sequence[Recommendation], snapshot: Snapshot, *, as_of: date,
             years: tuple[int, int], filters: Filters, validity_months: int | None,
             include_drafts: bool, index: AssessmentIndex | None) -> Matrix:
    index = index or AssessmentIndex(snapshot.assessments.values(),
                                     include_drafts=include_drafts)
    first, last = years
    year_list = tuple(range(first, min(last, as_of.year) + 1))
    responses = _by_recommendation(r for r in snapshot.responses.values()
                                   if r.date is None or r.date <= as_of)
    bodies = _by_recommendation(snapshot.responsibilities.values())
    measures = _by_recommendation(m for m in snapshot.measures.values()
                                  if m.start_date is None or m.start_date <= as_of)
    members = frozenset(snapshot.descendants(filters.body)) if filters.body else None
    chosen = [r for r in recommendations
              if (filters.addressee is None or r.addressee == filters.addressee)
              and (filters.theme is None or filters.theme in r.themes)
              and (members is None or any(
                  getattr(x, "actor", None) in members
                  for x in [*bodies.get(r.id, []), *measures.get(r.id, [])]))]
    assessors = index.assessors(chosen)
    rows = []
    for rec in chosen:
        cells = tuple(index.cell(rec, a, as_of, validity_months) for a in assessors)
        if filters.status is not None and not any(c.status == filters.status for c in cells):
            continue
        # The years' ends, then as_of itself, so the walk also finds the latest change.
        cutoffs = [min(date(year, 12, 31), as_of) for year in year_list]
        per_cutoff, change = _history(index, rec, assessors, [*cutoffs, as_of],
                                      validity_months)
        per_year = tuple(zip(year_list, per_cutoff[:-1], strict=True))
        rows.append(Row(
            recommendation=rec,
            responses=tuple(sorted(responses.get(rec.id, ()),
                                   key=lambda r: (r.date or date.min, r.id))),
            bodies=tuple(sorted(bodies.get(rec.id, ()),
                                key=lambda b: (b.role != BodyRole.PRIMARY, b.actor, b.id))),
            measures=tuple(sorted(measures.get(rec.id, ()),
                                  key=lambda m: (m.start_date or date.min, m.id))),
            years=per_year, current=cells,
            latest_change=change))
    return Matrix(as_of=as_of, years=year_list, assessors=assessors, rows=tuple(rows))
