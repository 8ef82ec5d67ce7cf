"""What the public may ask of the statistics: a fixed catalogue of tables, safe together.

Suppressing small cells table by table is not enough once a reader may ask for any table:
two tables whose cells nest (the same breakdown with and without a filter, a type of act and
its block, a city and its region) give a suppressed cell back by subtraction. So public callers
(the API without an analyst key, `hrdscore stats --public`, the annual report, `publish`) get
only tables from this catalogue, each suppressed with the same threshold:

- `year`: threats (or recourses) by year, over every recorded year: the only table spanning
  years;
- one dimension of `YEAR_DIMENSIONS` (or `RECOURSE_YEAR_DIMENSIONS`) for one calendar year.

Nothing else: no actor or verification filter, no range of years, no two-way table, no other
threshold. Tables of different years count disjoint acts; within one year the dimensions
offered never nest (of each nested pair only one is offered: block not type of act, region not
city, category not body of the source, field not primary field, gender not kind of victim).
The one figure two tables share is a year's count, the cell of `year` and the total of that
year's tables: it is withheld in both or in neither (the year's tables are then protected as
if their total were a small cell). And since a published total minus the published cells gives
the withheld cells' figures together, those must hold at least the threshold of persons too:
otherwise the smallest published cell is withheld as well.

Acts of confidential incidents are not counted at all: the public lists every other incident
in full (`/api/incidents`), so any count that included them would give them away by
subtraction from what is listed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hrdscore.model import Actor, Period
from hrdscore.snapshot.views import ActView
from hrdscore.stats.counting import Columns
from hrdscore.stats.dimensions import Dimension, Key, RecourseDimension
from hrdscore.stats.model import DEFAULT_THRESHOLD, StatsError, StatsFilter, Table
from hrdscore.stats.selection import select_acts
from hrdscore.stats.service import ActSource, StatsReport, StatsRequest, incident_statistics
from hrdscore.stats.tables import recourse_keys, recourse_rows
from hrdscore.stats.withhold import protect

PUBLIC_THRESHOLD = DEFAULT_THRESHOLD
ACROSS_YEARS = "year"
YEAR_DIMENSIONS: tuple[str, ...] = (
    Dimension.MONTH, Dimension.FIELD, Dimension.SOURCE_CATEGORY, Dimension.BLOCK,
    Dimension.REGION, Dimension.GENDER)
RECOURSE_YEAR_DIMENSIONS: tuple[str, ...] = (
    RecourseDimension.MONTH, RecourseDimension.RECOURSE_TYPE, RecourseDimension.REGION)
RULE = ("Public statistics: only threats (or recourses) by year over every year, or by one of "
        "a fixed set of breakdowns within one calendar year, all with the same threshold and "
        "without acts of confidential incidents, so that no two public tables can be "
        "subtracted to reveal a withheld figure.")


class PublicQueryError(StatsError):
    """A statistics request outside the public catalogue."""


def _refuse(why: str) -> PublicQueryError:
    return PublicQueryError(
        f"public statistics cannot {why}. Public tables are: by year over every year (no "
        f"year given), or by one of {', '.join(YEAR_DIMENSIONS)} (recourses: "
        f"{', '.join(RECOURSE_YEAR_DIMENSIONS)}) within one year (e.g. by field in 2019), "
        f"threshold {PUBLIC_THRESHOLD}. Other tables need an analyst key (API) or leaving out "
        "--public (CLI), and are not for publication")


def public_tables_for(request: StatsRequest) -> tuple[tuple[str, ...], ...]:
    """The tables a public request asks for, checked against the catalogue; refused with the
    rule it breaks."""
    flt = request.filter
    if flt.actor is not None:
        raise _refuse("be filtered by actor")
    if flt.verification:
        raise _refuse("be filtered by verification status")
    if request.threshold != PUBLIC_THRESHOLD:
        raise _refuse(f"use a threshold other than {PUBLIC_THRESHOLD}")
    period = flt.period
    if period is not None and period.start_year != period.end_year:
        raise _refuse("cover a range of years")
    offered = RECOURSE_YEAR_DIMENSIONS if request.recourses else YEAR_DIMENSIONS
    if request.tables:
        tables = request.tables
    elif period is None:
        tables = ((ACROSS_YEARS,),)
    else:
        tables = tuple((d,) for d in offered)
    for dims in tables:
        if len(dims) != 1:
            raise _refuse(f"cross two dimensions ({','.join(dims)})")
        (dim,) = dims
        if dim == ACROSS_YEARS and period is not None:
            raise _refuse("break one year down by year (leave out the year)")
        if dim != ACROSS_YEARS and period is None:
            raise _refuse(f"give {dim} over every year: choose a year")
        if dim != ACROSS_YEARS and dim not in offered:
            raise _refuse(f"break down by {dim}")
    return tables


@dataclass(frozen=True)
class _PublicActs:
    """The acts public tables count: those of incidents that are not confidential."""

    source: ActSource
    acts: tuple[ActView, ...]

    @property
    def actors(self) -> Mapping[str, Actor]:
        return self.source.actors

    @property
    def hash(self) -> str:
        return self.source.hash

    def descendants(self, actor_id: str) -> tuple[str, ...]:
        return self.source.descendants(actor_id)


def public_acts(source: ActSource) -> ActSource:
    return _PublicActs(source, tuple(a for a in source.acts if not a.confidential))


def _withheld_persons(table: Table, acts: Sequence[ActView], period: Period | None) -> int:
    """Persons counted only in withheld cells of a one-way table: with the total published,
    a reader gets their figures together by subtraction."""
    published = {c.key[0] for c in table.cells if not c.suppressed}
    (name,) = table.dimensions
    victims: set[str] = set()
    if table.unit == "recourses":
        dim = RecourseDimension(name)
        for rec in recourse_rows(acts, period):
            if not published.intersection(recourse_keys(rec, dim)):
                victims |= rec.victims
        return len(victims)
    column = Columns(acts, period.end if period is not None else None).column(Dimension(name))
    keys: list[set[Key]] = [{k} for k in column.first]
    for index, key in zip(column.extra_acts, column.extra_keys, strict=True):
        keys[index].add(key)
    return len({a.victim for a, k in zip(acts, keys, strict=True) if not published & k})


def _protect(table: Table, acts: Sequence[ActView], period: Period | None,
             withhold: set[tuple[Key, ...]]) -> Table:
    """`protect`, then: if the withheld cells together hold fewer than the threshold of
    persons (and the total is published), the smallest published cell is withheld too, so
    that together they hold at least as many as it does."""
    shown = protect(table, PUBLIC_THRESHOLD, withhold=withhold)
    for _ in table.cells:  # one more cell withheld each time: bounded by the cells
        if shown.total.suppressed or not 0 < _withheld_persons(
                shown, acts, period) < PUBLIC_THRESHOLD:
            break
        published = [c for c in shown.cells if not c.suppressed]
        if not published:
            break
        smallest = min(published, key=lambda c: (c.persons or 0, c.key[0] or ""))
        withhold = {*withhold, smallest.key}
        shown = protect(table, PUBLIC_THRESHOLD, withhold=withhold)
    return shown


def public_statistics(source: ActSource, request: StatsRequest) -> StatsReport:
    """The public tables a request asks for (see the module docstring)."""
    wanted = public_tables_for(request)
    counted = public_acts(source)
    acts = counted.acts
    # Always worked out: which years it withholds decides the totals of the year's tables.
    by_year = _protect(incident_statistics(counted, StatsRequest(
        tables=((ACROSS_YEARS,),), recourses=request.recourses)).tables[0], acts, None, set())
    period = request.filter.period
    tables: list[Table] = []
    if period is None:
        tables = [by_year for _ in wanted]
    else:
        withheld_year = any(c.suppressed for c in by_year.cells
                            if c.key == (str(period.start_year),))
        raw = incident_statistics(counted, request.model_copy(
            update={"tables": wanted, "public": False}))
        selected = acts if request.recourses else select_acts(acts, request.filter)
        tables = [_protect(t, selected, period, {()} if withheld_year else set())
                  for t in raw.tables]
    tables = [t.model_copy(update={"rules": (*t.rules, RULE)}) for t in tables]
    return StatsReport(tables=tuple(tables), filter=request.filter, public=True,
                       threshold=PUBLIC_THRESHOLD, snapshot=source.hash)


@dataclass(frozen=True)
class _Acts:
    """Bare acts as an `ActSource` (the annual report has no actors to expand)."""

    acts: tuple[ActView, ...]
    actors: Mapping[str, Actor]
    hash: str = ""

    def descendants(self, actor_id: str) -> tuple[str, ...]:
        return (actor_id,)


def catalogue_tables(acts: Sequence[ActView], year: int | None,
                     dimensions: Sequence[str]) -> tuple[Table, ...]:
    """Public tables of the catalogue straight from acts (what the annual report charts):
    `year` None for the table by year, else one table per dimension for that year."""
    source = _Acts(tuple(acts), {})
    if year is None:
        return public_statistics(source, StatsRequest(tables=((ACROSS_YEARS,),),
                                                      public=True)).tables
    return public_statistics(source, StatsRequest(
        tables=tuple((d,) for d in dimensions), public=True,
        filter=StatsFilter(period=Period(start_year=year, end_year=year)))).tables
