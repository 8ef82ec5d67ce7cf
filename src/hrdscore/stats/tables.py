"""Count tables over acts: threats and distinct persons, by one or two dimensions.

Pure functions over `ActView`s. Conventions:

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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product

from hrdscore.model import Actor, Period
from hrdscore.perf import gc_paused
from hrdscore.snapshot.views import ActView, RecourseView
from hrdscore.stats.build import Layout, build
from hrdscore.stats.counting import Columns, Counts
from hrdscore.stats.dimensions import (
    CHRONOLOGICAL,
    RECOURSE_SPECS,
    SPECS,
    Dimension,
    Key,
    RecourseDimension,
    recourse_month,
    recourse_year,
)
from hrdscore.stats.model import (
    PERSONS_RULE,
    RECOURSE_COLUMNS_RULE,
    UNIT_RULES,
    Cell,
    StatsError,
    StatsFilter,
    Table,
)
from hrdscore.stats.selection import descendants_from, in_period, scope_rules, select_acts
from hrdscore.stats.withhold import protect


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
    layout = Layout(names, tuple(SPECS[d] for d in dims),
                     tuple(d in CHRONOLOGICAL for d in dims))
    per_dim = [keys.counts([d]) for d in dims]
    cells_counts = per_dim[0] if len(dims) == 1 else keys.counts(dims)
    total = Cell(key=(), label=("total",), threats=len(acts), persons=keys.n_victims)
    rules = [UNIT_RULES["threats"], PERSONS_RULE, *(s.rule for s in layout.specs), *scope]
    title = " by ".join(["Threats and persons", *(s.title.lower() for s in layout.specs)])
    table = build(layout, "threats", ",".join(names), title, cells_counts, per_dim, total,
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


def recourse_rows(acts: Iterable[ActView], period: Period | None) -> list[_Recourse]:
    found: dict[tuple[str, str], _Recourse] = {}
    for act in acts:
        for view in act.recourses:
            if period is not None and not in_period(view.date, view.precision, view.date_end,
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


def recourse_keys(rec: _Recourse, dim: RecourseDimension) -> tuple[Key, ...]:
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
        combos = list(product(*(recourse_keys(rec, d) for d in dims)))
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
    recs = recourse_rows(select_acts(acts, flt, bodies=bodies, period=False), flt.period)
    layout = Layout(names, tuple(RECOURSE_SPECS[d] for d in dims),
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
    table = build(layout, "recourses", "recourses:" + ",".join(names), title, cells_counts,
                   [c for c, _ in counted], total, actors, rules,
                   threats=[cell_threats, *(t for _, t in counted)])
    return protect(table, threshold) if threshold is not None else table
