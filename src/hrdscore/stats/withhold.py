"""Withholding small cells of a finished table (primary and secondary suppression),
without naming the place or body of a withheld cell."""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from hrdscore.stats import suppression
from hrdscore.stats.build import all_cells, sum_reasons
from hrdscore.stats.dimensions import Key
from hrdscore.stats.model import (
    DEFAULT_THRESHOLD,
    Cell,
    Margin,
    Overlap,
    StatsError,
    Suppression,
    Table,
    TableCheck,
)

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
    flat = all_cells(table)
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
                 *sum_reasons(table.unit, table.check.adds_up, table.check.persons_add_up,
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
