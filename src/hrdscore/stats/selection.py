"""Which acts a table counts: the filter (period, actor and the bodies below it,
verification) and the rules a table states about its scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

from hrdscore.model import Actor, Period
from hrdscore.model.vocab import DatePrecision
from hrdscore.snapshot.views import ActView
from hrdscore.stats.model import (
    StatsFilter,
    Unit,
)


def in_period(start: dt.date, precision: DatePrecision, end: dt.date | None,
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
        out = (a for a in out if in_period(a.date, a.precision, a.date_end, within))
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
