"""Laying counts out as a table (rows, columns, margins, overlaps) and checking whether
its cells add up, and why not."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from hrdscore.model import Actor
from hrdscore.stats.counting import Counts
from hrdscore.stats.dimensions import (
    DimensionSpec,
    Key,
    label,
)
from hrdscore.stats.model import (
    Cell,
    Margin,
    Measure,
    Overlap,
    Table,
    TableCheck,
    Unit,
)


def _order(chronological: bool, keys: Iterable[Key], main: Mapping[Key, int],
           labels: Mapping[Key, str]) -> list[Key]:
    if chronological:
        return sorted(keys, key=lambda k: (k is None, k or ""))
    return sorted(keys, key=lambda k: (k is None, -main.get(k, 0), labels[k]))


@dataclass(frozen=True)
class Layout:
    """What the builder needs to know about the dimensions of a table."""

    names: tuple[str, ...]
    specs: tuple[DimensionSpec, ...]
    chronological: tuple[bool, ...]


def _one_way_cells(layout: Layout, index: int, counts: Counts, unit: Unit,
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


def _overlaps(layout: Layout, per_dim: Sequence[Counts], unit: Unit) -> list[Overlap]:
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


def build(layout: Layout, unit: Unit, table_id: str, title: str,
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


def sum_reasons(unit: Unit, adds_up: bool | None, persons_add_up: bool | None,
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
    reasons = sum_reasons(table.unit, adds_up, persons_add_up, table.overlaps)
    if adds_up is None or persons_add_up is None:
        hidden = sum(c.suppressed for c in all_cells(table))
        reasons.insert(0, f"{hidden} suppressed figures hide whether the cells add up.")
    return TableCheck(adds_up=adds_up, persons_add_up=persons_add_up, reasons=tuple(reasons))


def all_cells(table: Table) -> list[Cell]:
    return [*table.cells, *(c for m in table.margins for c in m.cells), table.total]
