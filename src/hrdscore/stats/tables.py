"""Count tables over acts: threats and distinct persons, by one or two dimensions.

Pure functions over `ActView`s. Conventions (DESIGN.md, "Counting incidents"):

- a threat is one act (one victim x one act type x one date); `threats` counts acts;
- `persons` counts distinct victims (people and legal entities, by pseudonymous id) in a cell,
  never a sum of other cells; the total counts each victim once;
- a dimension that puts one act in several rows (fields, months of an ongoing act, several
  source bodies) makes its rows add up to more than the total, and the table says by how much
  and why (`check`);
- recourses are counted by their own date, each once however many threats it remedies.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from hrdscore.errors import HrdscoreError
from hrdscore.model import Actor, Period
from hrdscore.model.vocab import DatePrecision, VerificationStatus
from hrdscore.perf import gc_paused
from hrdscore.snapshot.views import ActView, RecourseView
from hrdscore.stats import suppression
from hrdscore.stats.counting import Columns, Counts
from hrdscore.stats.dimensions import (
    CHRONOLOGICAL,
    RECOURSE_SPECS,
    SPECS,
    Dimension,
    DimensionSpec,
    Key,
    RecourseDimension,
    label,
    recourse_month,
    recourse_year,
)

Measure = Literal["threats", "persons", "recourses"]
Unit = Literal["threats", "recourses"]

DEFAULT_THRESHOLD = 5

UNIT_RULES: dict[str, str] = {
    "threats": "Unit: a threat is one act (one victim, one type of act, one date); 'threats' "
               "counts acts.",
    "recourses": "Unit: a recourse is one positive resolution (a release, an acquittal, a "
                 "cancelled judicial act, a registered union ...); a recourse remedying several "
                 "threats is one recourse. Recourses are counted by their own date, not by the "
                 "dates of the threats they remedy.",
}
PERSONS_RULE = ("Persons: distinct victims (people and legal entities, by pseudonymous id) in "
                "each row; a victim threatened several times counts once per row, so person "
                "rows are never added up: the total counts each victim once.")
RECOURSE_COLUMNS_RULE = ("Threats and persons of a recourse row: the distinct threats its "
                         "recourses remedy and the distinct victims in whose favour they are.")


class StatsError(HrdscoreError):
    """A statistics request that cannot be answered as asked (bad dimension, period...)."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Cell(_Model):
    """One row of a one-way table, one cell of a two-way table, a margin or the total.

    Suppressed cells carry `None` counts and `suppressed: true`; their values are not in the
    object at all, so nothing that serialises a public table can leak them."""

    key: tuple[str | None, ...] = Field(description="One key per dimension; None = not recorded.")
    label: tuple[str, ...]
    threats: int | None
    persons: int | None
    recourses: int | None = None
    suppressed: bool = False
    suppression: Literal["primary", "secondary"] | None = Field(
        default=None,
        description="primary: fewer persons than the threshold; secondary: hidden so that a "
                    "primary cell cannot be worked out from the totals.")

    def value(self, measure: Measure) -> int | None:
        found: int | None = getattr(self, measure)
        return found


class Margin(_Model):
    """Totals along one dimension of a two-way table (the one-way table of that dimension)."""

    dimension: str
    cells: tuple[Cell, ...]


class Overlap(_Model):
    """Why rows count more than the items: items counted in more than one row."""

    dimension: str
    measure: Measure
    items: int | None = Field(
        description="Threats or recourses in more than one row (None for persons, where only "
                    "the extra counts are counted, or when withheld below the threshold).")
    extra: int | None = Field(description="Counts beyond one per item (None: withheld).")
    text: str


class TableCheck(_Model):
    """Do the cells add up to the total (and, in two-way tables, to the margins)?"""

    adds_up: bool | None = Field(description="Main unit; None when suppressed cells hide it.")
    persons_add_up: bool | None
    reasons: tuple[str, ...]


class Suppression(_Model):
    threshold: int
    suppressed: int = Field(description="Cells hidden, margins and total included.")
    primary: int
    secondary: int
    text: str


class Table(_Model):
    id: str = Field(description="e.g. 'year', 'year,field', 'recourses:year'.")
    title: str
    unit: Unit
    dimensions: tuple[str, ...]
    cells: tuple[Cell, ...]
    margins: tuple[Margin, ...] = Field(default=(), description="Two-way tables only.")
    total: Cell
    counted_more_than_once: int | None = Field(
        description="Items (threats or recourses) counted in more than one cell.")
    overlaps: tuple[Overlap, ...] = ()
    check: TableCheck
    rules: tuple[str, ...] = Field(description="The counting rules, as sentences.")
    suppression: Suppression | None = Field(default=None, description="Public tables only.")

    @property
    def public(self) -> bool:
        return self.suppression is not None


class StatsFilter(_Model):
    """Which acts to count. Period: an act belongs to the year it happened or began; one
    dated only within a range must lie wholly inside. Actor: acts involving it or any body
    below it. Verification: acts with one of the statuses (empty = all)."""

    period: Period | None = None
    actor: str | None = None
    verification: tuple[VerificationStatus, ...] = ()


# --------------------------------------------------------------------------- filtering


def _in_period(start: dt.date, precision: DatePrecision, end: dt.date | None,
               period: Period) -> bool:
    """In the period: the year it happened or began, or its whole range if only a range of
    dates is known."""
    last = end.year if precision is DatePrecision.RANGE and end is not None else start.year
    return period.start_year <= start.year and last <= period.end_year


def select_acts(
    acts: Iterable[ActView],
    flt: StatsFilter,
    *,
    bodies: Iterable[str] | None = None,
    period: bool = True,
) -> tuple[ActView, ...]:
    """The acts the filter selects. `bodies`: the actor and the bodies below it (the caller
    expands the actor, e.g. with `Snapshot.descendants`); `period=False` ignores the period
    (recourses apply it to their own dates)."""
    out: Iterable[ActView] = acts
    if period and flt.period is not None:
        within = flt.period
        out = (a for a in out if _in_period(a.date, a.precision, a.date_end, within))
    if flt.actor is not None:
        wanted = frozenset(bodies if bodies is not None else (flt.actor,))
        out = (a for a in out if any(i.actor in wanted for i in a.involvements))
    if flt.verification:
        statuses = frozenset(flt.verification)
        out = (a for a in out if a.verification in statuses)
    return tuple(out)


def descendants_from(actors: Mapping[str, Actor]) -> Callable[[str], tuple[str, ...]]:
    """`Snapshot.descendants` for a plain mapping of actors (parent links)."""
    children: dict[str, list[str]] = {}
    for actor in actors.values():
        if actor.parent:
            children.setdefault(actor.parent, []).append(actor.id)

    def descendants(actor_id: str) -> tuple[str, ...]:
        out: list[str] = []
        stack, seen = [actor_id], set()
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                out.append(current)
                stack.extend(sorted(children.get(current, ())))
        return tuple(out)

    return descendants


def scope_rules(flt: StatsFilter, *, unit: Unit, bodies: int | None = None,
                actor_name: str | None = None) -> tuple[str, ...]:
    rules: list[str] = []
    if flt.period is not None:
        if unit == "threats":
            rules.append(f"Period: threats of {flt.period.label} (a threat belongs to the year "
                         "it happened or began; one dated only within a range must lie wholly "
                         "within the period; months after the period are not shown).")
        else:
            rules.append(f"Period: recourses dated in {flt.period.label}, whatever the dates of "
                         "the threats they remedy.")
    if flt.actor is not None:
        who = f"{actor_name} ({flt.actor})" if actor_name else flt.actor
        below = ("" if not bodies or bodies < 2 else " and the body below it" if bodies == 2
                 else f" and the {bodies - 1} bodies below it")
        what = "threats in which" if unit == "threats" else "recourses remedying threats in which"
        rules.append(f"Actor: only {what} {who}{below} took part (any role, alleged included).")
    if flt.verification:
        statuses = ", ".join(s.value for s in flt.verification)
        rules.append(f"Verification: only threats whose status is {statuses}.")
    return tuple(rules)


# --------------------------------------------------------------------------- building


def _order(chronological: bool, keys: Iterable[Key], main: Mapping[Key, int],
           labels: Mapping[Key, str]) -> list[Key]:
    if chronological:
        return sorted(keys, key=lambda k: (k is None, k or ""))
    return sorted(keys, key=lambda k: (k is None, -main.get(k, 0), labels[k]))


@dataclass(frozen=True)
class _Layout:
    """What the builder needs to know about the dimensions of a table."""

    names: tuple[str, ...]
    specs: tuple[DimensionSpec, ...]
    chronological: tuple[bool, ...]


def _one_way_cells(layout: _Layout, index: int, counts: Counts, unit: Unit,
                   actors: Mapping[str, Actor],
                   threats: Mapping[tuple[Key, ...], int] | None = None) -> list[Cell]:
    spec = layout.specs[index]
    keys = [k[0] for k in counts.main]
    labels = {k: label(spec.name, k, actors, spec.none_label) for k in keys}
    main = {k[0]: n for k, n in counts.main.items()}
    cells = []
    for key in _order(layout.chronological[index], keys, main, labels):
        t = (key,)
        cells.append(Cell(
            key=t, label=(labels[key],),
            threats=counts.main[t] if unit == "threats" else (threats or {}).get(t, 0),
            persons=counts.persons[t],
            recourses=counts.main[t] if unit == "recourses" else None,
        ))
    return cells


def _overlaps(layout: _Layout, per_dim: Sequence[Counts], unit: Unit) -> list[Overlap]:
    out: list[Overlap] = []
    for spec, counts in zip(layout.specs, per_dim, strict=True):
        if counts.multi_items:
            out.append(Overlap(
                dimension=spec.name, measure=unit, items=counts.multi_items, extra=counts.extra,
                text=spec.overlap.format(n=counts.multi_items, extra=counts.extra)))
    for spec, counts in zip(layout.specs, per_dim, strict=True):
        if counts.persons_extra:
            out.append(Overlap(
                dimension=spec.name, measure="persons", items=None, extra=counts.persons_extra,
                text=f"Person rows count {counts.persons_extra} more than the distinct persons: "
                     f"a victim in more than one {spec.name} row counts once in each."))
    return out


def _build(layout: _Layout, unit: Unit, table_id: str, title: str,
           cells_counts: Counts, per_dim: Sequence[Counts], total: Cell,
           actors: Mapping[str, Actor], rules: Sequence[str],
           threats: Sequence[Mapping[tuple[Key, ...], int]] | None = None) -> Table:
    """A table from raw counts; `threats` (recourse tables): distinct threats per key, for
    the cells first, then per dimension."""
    if len(layout.names) == 1:
        cells = _one_way_cells(layout, 0, cells_counts, unit, actors,
                               threats[0] if threats else None)
        margins: tuple[Margin, ...] = ()
    else:
        margin_cells = [
            _one_way_cells(layout, i, counts, unit, actors,
                           threats[i + 1] if threats else None)
            for i, counts in enumerate(per_dim)
        ]
        margins = tuple(Margin(dimension=n, cells=tuple(m))
                        for n, m in zip(layout.names, margin_cells, strict=True))
        position = [{c.key[0]: i for i, c in enumerate(m)} for m in margin_cells]
        labels = [{c.key[0]: c.label[0] for c in m} for m in margin_cells]
        ordered = sorted(cells_counts.main, key=lambda k: tuple(
            position[i][k[i]] for i in range(len(k))))
        cells = [Cell(
            key=k, label=tuple(labels[i][k[i]] for i in range(len(k))),
            threats=cells_counts.main[k] if unit == "threats" else (threats[0] if threats
                                                                      else {}).get(k, 0),
            persons=cells_counts.persons[k],
            recourses=cells_counts.main[k] if unit == "recourses" else None,
        ) for k in ordered]
    overlaps = _overlaps(layout, per_dim, unit)
    same = {(o.items, o.extra) for o in overlaps if o.measure == unit}
    if len(layout.names) > 1 and cells_counts.multi_items and (
            (cells_counts.multi_items, cells_counts.extra) not in same):
        overlaps.insert(0, Overlap(
            dimension=",".join(layout.names), measure=unit, items=cells_counts.multi_items,
            extra=cells_counts.extra,
            text=f"{unit.capitalize()} in more than one cell, counted once in each: "
                 f"{cells_counts.multi_items} ({cells_counts.extra} extra counts)."))
    draft = Table(
        id=table_id, title=title, unit=unit, dimensions=layout.names, cells=tuple(cells),
        margins=margins, total=total, counted_more_than_once=cells_counts.multi_items,
        overlaps=tuple(overlaps), check=TableCheck(adds_up=None, persons_add_up=None,
                                                   reasons=()),
        rules=tuple(rules),
    )
    return draft.model_copy(update={"check": check_table(draft)})


# --------------------------------------------------------------------------- the check


def _sum(cells: Iterable[Cell], measure: Measure) -> int | None:
    total = 0
    for cell in cells:
        value = cell.value(measure)
        if value is None:
            return None
        total += value
    return total


def _adds_up(table: Table, measure: Measure) -> bool | None:
    """Cells (and margins) against the total and each other; None if suppression hides it."""
    total = table.total.value(measure)
    pairs: list[tuple[int | None, int | None]] = [(_sum(table.cells, measure), total)]
    for index, margin in enumerate(table.margins):
        pairs.append((_sum(margin.cells, measure), total))
        inner: dict[Key, int | None] = {}
        for cell in table.cells:
            key, value = cell.key[index], cell.value(measure)
            before = inner.get(key, 0)
            inner[key] = None if before is None or value is None else before + value
        pairs.extend((inner.get(c.key[0], 0), c.value(measure)) for c in margin.cells)
    if any(a is None or b is None for a, b in pairs):
        return None
    return all(a == b for a, b in pairs)


def _reasons(unit: Unit, adds_up: bool | None, persons_add_up: bool | None,
             overlaps: Sequence[Overlap]) -> list[str]:
    reasons: list[str] = []
    for measure, ok in ((unit, adds_up), ("persons", persons_add_up)):
        if ok is not False:
            continue
        explained = [o.text for o in overlaps if o.measure == measure]
        reasons.extend(explained)
        if not explained:
            reasons.append(f"The {measure} cells do not add up to the total and no counting "
                           "rule explains it: check the data.")
    return reasons


def check_table(table: Table) -> TableCheck:
    """Whether the published cells add up to the total (and to the margins), and why not.

    The reasons come from the table's recorded overlaps (threats in several fields, ongoing
    threats over several months, several bodies, persons in several rows); a difference that
    no counting rule explains is flagged as a data problem. On a public table with suppressed
    cells the sums cannot be checked (None): `Table.check` keeps the verdict made before
    suppression."""
    adds_up = _adds_up(table, table.unit)
    persons_add_up = _adds_up(table, "persons")
    reasons = _reasons(table.unit, adds_up, persons_add_up, table.overlaps)
    if adds_up is None or persons_add_up is None:
        hidden = sum(c.suppressed for c in _all_cells(table))
        reasons.insert(0, f"{hidden} suppressed figures hide whether the cells add up.")
    return TableCheck(adds_up=adds_up, persons_add_up=persons_add_up, reasons=tuple(reasons))


def _all_cells(table: Table) -> list[Cell]:
    return [*table.cells, *(c for m in table.margins for c in m.cells), table.total]


# --------------------------------------------------------------------------- suppression


# Dimensions whose row names can point at a person: a small town, a company in a dispute
# with one defender. A public table does not even say which of these rows holds a small cell.
NAMED_DIMENSIONS = frozenset({"city", "region", "source_body"})
WITHHELD_LABEL = "withheld (fewer persons than the threshold)"


def _hide(cell: Cell, kind: Literal["primary", "secondary"],
          unnamed: frozenset[int] = frozenset()) -> Cell:
    """The cell without its counts; for a primary cell, also without the names of the
    dimensions at the positions in `unnamed`."""
    update: dict[str, object] = {"threats": None, "persons": None, "recourses": None,
                                 "suppressed": True, "suppression": kind}
    if kind == "primary" and unnamed:
        update["key"] = tuple(None if i in unnamed else k for i, k in enumerate(cell.key))
        update["label"] = tuple(WITHHELD_LABEL if i in unnamed else v
                                for i, v in enumerate(cell.label))
    return cell.model_copy(update=update)


def protect(table: Table, threshold: int = DEFAULT_THRESHOLD, *,
            withhold: Collection[tuple[Key, ...]] = ()) -> Table:
    """The public version of a table: cells with fewer than `threshold` persons (but at least
    one) hidden, and enough further cells, margins or the total hidden that no hidden cell
    can be worked out by adding and subtracting published figures. `withhold`: keys of inner
    cells (`()` for the total) to hide whatever their size, e.g. because another public table
    withholds the same figure."""
    if threshold < 2:
        raise StatsError(f"the suppression threshold must be at least 2, not {threshold}")
    if table.suppression is not None:
        raise StatsError(f"table {table.id} is already suppressed")
    total_persons = table.total.persons or 0
    if not table.margins:
        items = suppression.one_way_items([c.persons or 0 for c in table.cells], total_persons)
    else:
        rows = {c.key[0]: i for i, c in enumerate(table.margins[0].cells)}
        cols = {c.key[0]: i for i, c in enumerate(table.margins[1].cells)}
        items = suppression.two_way_items(
            [(rows[c.key[0]], cols[c.key[1]], c.persons or 0) for c in table.cells],
            [c.persons or 0 for c in table.margins[0].cells],
            [c.persons or 0 for c in table.margins[1].cells],
            total_persons,
        )
    forced = {i for i, c in enumerate(table.cells) if c.key in withhold}
    if () in withhold:
        forced.add(len(items) - 1)  # the total is the last item of both layouts
    plan = suppression.plan(items, threshold, frozenset(forced))
    flat = _all_cells(table)
    named = frozenset(i for i, d in enumerate(table.dimensions) if d in NAMED_DIMENSIONS)

    def shown(index: int, unnamed: frozenset[int]) -> Cell:
        if index in plan.primary:
            return _hide(flat[index], "primary", unnamed)
        if index in plan.secondary:
            return _hide(flat[index], "secondary")
        return flat[index]

    n_cells = len(table.cells)
    cells = tuple(shown(i, named) for i in range(n_cells))
    margins: list[Margin] = []
    at = n_cells
    for position, margin in enumerate(table.margins):
        # A margin cell has one key: the dimension at `position`.
        unnamed = frozenset({0}) if position in named else frozenset()
        margins.append(margin.model_copy(update={
            "cells": tuple(shown(i, unnamed) for i in range(at, at + len(margin.cells)))}))
        at += len(margin.cells)
    total = shown(at, frozenset())
    hidden = len(plan.hidden)
    text = (f"Public table: cells with fewer than {threshold} persons (and at least one) are "
            f"suppressed, and further cells, margins or the total so that no suppressed cell "
            f"can be worked out by adding and subtracting published figures; {hidden} of "
            f"{len(flat)} figures suppressed ({len(plan.primary)} below the threshold, "
            f"{len(plan.secondary)} to protect them). Not covered: differencing against other "
            "tables released with different filters.")

    def withheld(n: int | None) -> int | None:
        return n if n is None or n == 0 or n >= threshold else None

    overlaps = tuple(
        o.model_copy(update={"items": withheld(o.items), "extra": withheld(o.extra),
                             "text": o.text if withheld(o.items) == o.items
                             and withheld(o.extra) == o.extra
                             else _vague(o)})
        for o in table.overlaps
    )
    public = table.model_copy(update={
        "cells": cells, "margins": tuple(margins), "total": total, "overlaps": overlaps,
        "counted_more_than_once": withheld(table.counted_more_than_once),
        "suppression": Suppression(threshold=threshold, suppressed=hidden,
                                   primary=len(plan.primary), secondary=len(plan.secondary),
                                   text=text),
    })
    # The arithmetic was checked on the full table: keep the verdict, explain it with the
    # (possibly withheld) overlaps, and never show sums that would include hidden cells.
    check = TableCheck(
        adds_up=table.check.adds_up, persons_add_up=table.check.persons_add_up,
        reasons=(*(["The check was made before suppression."] if hidden else []),
                 *_reasons(table.unit, table.check.adds_up, table.check.persons_add_up,
                           overlaps)))
    return public.model_copy(update={"check": check, "rules": (*table.rules, text)})


def _vague(overlap: Overlap) -> str:
    """An overlap sentence without counts below the threshold."""
    if overlap.measure == "persons":
        return (f"Some persons appear in more than one {overlap.dimension} row, so person rows "
                "add up to more than the distinct persons (how many is withheld: fewer than the "
                "threshold).")
    return (f"Some {overlap.measure} count in more than one {overlap.dimension} row (how many "
            "is withheld: fewer than the threshold), so rows add up to more than the total.")


# --------------------------------------------------------------------------- public API


def _resolve(dimensions: Sequence[str | Dimension], allowed: type[Dimension] |
             type[RecourseDimension]) -> tuple[str, ...]:
    if not 1 <= len(dimensions) <= 2:
        raise StatsError(f"a table has one or two dimensions, not {len(dimensions)}")
    names = []
    for d in dimensions:
        try:
            names.append(allowed(d).value)
        except ValueError:
            choices = ", ".join(m.value for m in allowed)
            raise StatsError(f"unknown dimension {str(d)!r}; choose from {choices}") from None
    if len(set(names)) != len(names):
        raise StatsError(f"a dimension appears twice: {','.join(names)}")
    return tuple(names)


def threat_table(
    acts: Sequence[ActView],
    dimensions: Sequence[str | Dimension],
    *,
    actors: Mapping[str, Actor] | None = None,
    scope: Sequence[str] = (),
    until: dt.date | None = None,
    threshold: int | None = None,
) -> Table:
    """Threats and distinct persons of `acts` (already selected) by one or two dimensions.

    `scope`: rule sentences describing the selection; `until`: the end of the period (months
    of ongoing threats after it are not shown); `threshold`: make it a public table."""
    with gc_paused():
        return _threat_table(Columns(acts, until), dimensions, actors or {}, scope, threshold)


def _threat_table(keys: Columns, dimensions: Sequence[str | Dimension],
                  actors: Mapping[str, Actor], scope: Sequence[str],
                  threshold: int | None) -> Table:
    names = _resolve(dimensions, Dimension)
    dims = tuple(Dimension(n) for n in names)
    acts = keys.acts
    layout = _Layout(names, tuple(SPECS[d] for d in dims),
                     tuple(d in CHRONOLOGICAL for d in dims))
    per_dim = [keys.counts([d]) for d in dims]
    cells_counts = per_dim[0] if len(dims) == 1 else keys.counts(dims)
    total = Cell(key=(), label=("total",), threats=len(acts), persons=keys.n_victims)
    rules = [UNIT_RULES["threats"], PERSONS_RULE, *(s.rule for s in layout.specs), *scope]
    title = " by ".join(["Threats and persons", *(s.title.lower() for s in layout.specs)])
    table = _build(layout, "threats", ",".join(names), title, cells_counts, per_dim, total,
                   actors, rules)
    return protect(table, threshold) if threshold is not None else table


def threat_tables(
    acts: Sequence[ActView],
    tables: Sequence[Sequence[str | Dimension]],
    *,
    actors: Mapping[str, Actor] | None = None,
    flt: StatsFilter | None = None,
    descendants: Callable[[str], Iterable[str]] | None = None,
    threshold: int | None = None,
) -> tuple[Table, ...]:
    """Tables of the acts the filter selects, one per entry of `tables` (one or two
    dimensions each); keys are computed once for all of them. `descendants` expands the
    filter's actor to the bodies below it (default: from the actors' parent links);
    `threshold` makes them public tables."""
    flt = flt or StatsFilter()
    actors = actors or {}
    for dims in tables:
        _resolve(dims, Dimension)  # every table is valid before any work is done
    bodies = _bodies(flt, actors, descendants)
    scope = scope_rules(flt, unit="threats", bodies=len(bodies) if bodies else None,
                        actor_name=_actor_name(flt, actors))
    until = flt.period.end if flt.period is not None else None
    # Many short-lived tuples and sets, no reference cycles: the collector would only rescan
    # the acts again and again (see hrdscore.perf).
    with gc_paused():
        keys = Columns(select_acts(acts, flt, bodies=bodies), until)
        return tuple(_threat_table(keys, dims, actors, scope, threshold) for dims in tables)


def _bodies(flt: StatsFilter, actors: Mapping[str, Actor],
            descendants: Callable[[str], Iterable[str]] | None) -> tuple[str, ...] | None:
    if flt.actor is None:
        return None
    if actors and flt.actor not in actors:
        raise StatsError(f"unknown actor {flt.actor!r}")
    expand = descendants or descendants_from(actors)
    return tuple(expand(flt.actor))


def _actor_name(flt: StatsFilter, actors: Mapping[str, Actor]) -> str | None:
    actor = actors.get(flt.actor) if flt.actor else None
    return actor.name if actor is not None else None


# --------------------------------------------------------------------------- recourses


@dataclass
class _Recourse:
    view: RecourseView
    acts: set[str] = field(default_factory=set)
    victims: set[str] = field(default_factory=set)
    regions: set[Key] = field(default_factory=set)
    cities: set[Key] = field(default_factory=set)


def _recourses(acts: Iterable[ActView], period: Period | None) -> list[_Recourse]:
    found: dict[tuple[str, str], _Recourse] = {}
    for act in acts:
        for view in act.recourses:
            if period is not None and not _in_period(view.date, view.precision, view.date_end,
                                                     period):
                continue
            rec = found.get((act.incident, view.id))
            if rec is None:
                rec = found[(act.incident, view.id)] = _Recourse(view)
            rec.acts.add(act.id)
            rec.victims.add(act.victim)
            rec.regions.add(act.region)
            rec.cities.add(act.city)
    return [found[k] for k in sorted(found)]


def _recourse_keys(rec: _Recourse, dim: RecourseDimension) -> tuple[Key, ...]:
    if dim is RecourseDimension.YEAR:
        return (recourse_year(rec.view),)
    if dim is RecourseDimension.MONTH:
        return (recourse_month(rec.view),)
    if dim is RecourseDimension.RECOURSE_TYPE:
        return (rec.view.type.value,)
    places = rec.regions if dim is RecourseDimension.REGION else rec.cities
    return tuple(sorted(places, key=lambda k: (k is None, k or "")))


def _count_recourses(recs: Sequence[_Recourse], dims: Sequence[RecourseDimension]
                     ) -> tuple[Counts, dict[tuple[Key, ...], int]]:
    counts = Counts()
    main: Counter[tuple[Key, ...]] = Counter()
    acts: dict[tuple[Key, ...], set[str]] = {}
    persons: dict[tuple[Key, ...], set[str]] = {}
    per_person: dict[str, set[tuple[Key, ...]]] = {}
    for rec in recs:
        combos = list(product(*(_recourse_keys(rec, d) for d in dims)))
        if len(combos) > 1:
            counts.multi_items += 1
            counts.extra += len(combos) - 1
        for combo in combos:
            main[combo] += 1
            acts.setdefault(combo, set()).update(rec.acts)
            persons.setdefault(combo, set()).update(rec.victims)
            for victim in rec.victims:
                per_person.setdefault(victim, set()).add(combo)
    counts.main = dict(main)
    counts.persons = {k: len(v) for k, v in persons.items()}
    counts.persons_extra = sum(len(v) - 1 for v in per_person.values())
    return counts, {k: len(v) for k, v in acts.items()}


def recourse_table(
    acts: Sequence[ActView],
    dimensions: Sequence[str | RecourseDimension],
    *,
    flt: StatsFilter | None = None,
    actors: Mapping[str, Actor] | None = None,
    descendants: Callable[[str], Iterable[str]] | None = None,
    threshold: int | None = None,
) -> Table:
    """Recourses (each once, by its own date), the threats they remedy and the persons in
    whose favour they are, by one or two recourse dimensions. The filter's actor and
    verification select the remedied threats; its period selects recourse dates."""
    flt = flt or StatsFilter()
    actors = actors or {}
    names = _resolve(dimensions, RecourseDimension)
    dims = tuple(RecourseDimension(n) for n in names)
    bodies = _bodies(flt, actors, descendants)
    recs = _recourses(select_acts(acts, flt, bodies=bodies, period=False), flt.period)
    layout = _Layout(names, tuple(RECOURSE_SPECS[d] for d in dims),
                     tuple(d in (RecourseDimension.YEAR, RecourseDimension.MONTH) for d in dims))
    counted = [_count_recourses(recs, [d]) for d in dims]
    cells_counts, cell_threats = (counted[0] if len(dims) == 1
                                  else _count_recourses(recs, dims))
    all_acts = set().union(*(r.acts for r in recs)) if recs else set()
    all_victims = set().union(*(r.victims for r in recs)) if recs else set()
    total = Cell(key=(), label=("total",), threats=len(all_acts), persons=len(all_victims),
                 recourses=len(recs))
    rules = [UNIT_RULES["recourses"], PERSONS_RULE, RECOURSE_COLUMNS_RULE,
             *(s.rule for s in layout.specs),
             *scope_rules(flt, unit="recourses", bodies=len(bodies) if bodies else None,
                          actor_name=_actor_name(flt, actors))]
    title = " by ".join(["Recourses", *(s.title.lower() for s in layout.specs)])
    table = _build(layout, "recourses", "recourses:" + ",".join(names), title, cells_counts,
                   [c for c, _ in counted], total, actors, rules,
                   threats=[cell_threats, *(t for _, t in counted)])
    return protect(table, threshold) if threshold is not None else table
