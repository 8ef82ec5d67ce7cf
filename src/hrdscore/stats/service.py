"""The one function the CLI (and later the API) calls: a request in, typed tables out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from hrdscore.model import Actor, Period
from hrdscore.snapshot.views import ActView
from hrdscore.stats.dimensions import Dimension, RecourseDimension
from hrdscore.stats.model import DEFAULT_THRESHOLD, StatsError, StatsFilter, Table
from hrdscore.stats.tables import recourse_table, threat_tables


class ActSource(Protocol):
    """What statistics read from the evidence: a `Snapshot` fits."""

    @property
    def acts(self) -> tuple[ActView, ...]: ...

    @property
    def actors(self) -> Mapping[str, Actor]: ...

    @property
    def hash(self) -> str: ...

    def descendants(self, actor_id: str) -> tuple[str, ...]: ...


class StatsRequest(BaseModel):
    """Which incident tables to count, over which acts, and whether to suppress small
    cells for publication."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tables: tuple[tuple[str, ...], ...] = Field(
        default=(), description="One or two dimensions per table; empty = every one-way table.")
    filter: StatsFilter = StatsFilter()
    recourses: bool = Field(default=False, description="Count recourses instead of threats.")
    public: bool = Field(default=False, description="Suppress small cells.")
    threshold: int = Field(default=DEFAULT_THRESHOLD, ge=2,
                           description="Fewest persons a published cell may show.")


class StatsReport(BaseModel):
    """The tables a request asked for, with the filter and snapshot they come from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tables: tuple[Table, ...]
    filter: StatsFilter
    public: bool
    threshold: int | None
    snapshot: str = Field(description="Hash of the evidence snapshot the tables come from.")


def incident_statistics(source: ActSource, request: StatsRequest) -> StatsReport:
    """The tables a request asks for, over a snapshot's acts."""
    threshold = request.threshold if request.public else None
    if request.recourses:
        wanted = request.tables or tuple((d.value,) for d in RecourseDimension)
        tables = tuple(
            recourse_table(source.acts, dims, flt=request.filter, actors=source.actors,
                           descendants=source.descendants, threshold=threshold)
            for dims in wanted)
    else:
        wanted = request.tables or tuple((d.value,) for d in Dimension)
        tables = threat_tables(source.acts, wanted, actors=source.actors, flt=request.filter,
                               descendants=source.descendants, threshold=threshold)
    return StatsReport(tables=tables, filter=request.filter, public=request.public,
                       threshold=threshold, snapshot=source.hash)




def parse_period(text: str) -> Period:
    """'2017' or '2016-2020' (also 2016/2020) as a Period (see `Period.parse`)."""
    return Period.parse(text)


def parse_dimensions(text: str, *, recourses: bool = False) -> tuple[str, ...]:
    """'year,field' as ('year', 'field'), checked against the dimensions there are."""
    allowed: type[Dimension] | type[RecourseDimension] = (
        RecourseDimension if recourses else Dimension)
    names = tuple(p.strip() for p in text.split(",") if p.strip())
    if not 1 <= len(names) <= 2:
        raise StatsError(f"bad --by {text!r}: give one dimension or two separated by a comma")
    for name in names:
        if name not in {d.value for d in allowed}:
            what = "recourse dimension" if recourses else "dimension"
            raise StatsError(f"unknown {what} {name!r}; choose from "
                             f"{', '.join(d.value for d in allowed)}")
    if len(set(names)) != len(names):
        raise StatsError(f"bad --by {text!r}: a dimension appears twice")
    return names
