"""The counting engine: threats and distinct victims per key over many acts, fast.

100,000 acts and a dozen tables must take well under a second on a 2-core machine, so the
per-act work is done by C-level `map`, `zip` and `Counter` wherever possible rather than by a
Python function call per act:

- each dimension is a *column*: one key per act (`first`), plus `extra` (act, key) pairs for
  the acts that fall in more than one row (several fields, an ongoing act's later months);
  only those acts go through Python code;
- victims are numbered once per selection, and a (row, victim) pair is the integer
  `row * n_victims + victim`, so distinct persons per row are a set of ints.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import product, repeat
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from hrdscore.model.vocab import ACT_TYPE_BLOCK, DatePrecision, InvolvementRole, VictimKind
from hrdscore.snapshot.views import ActView, InvolvementView
from hrdscore.stats.dimensions import (
    LEGAL_ENTITY,
    Dimension,
    Key,
    month_key,
    month_keys,
    year_key,
)

K = TypeVar("K")
RowKey = tuple[Key, ...]

_BLOCK_OF = {t.value: b.value for t, b in ACT_TYPE_BLOCK.items()}
_NO_INVOLVEMENT = (InvolvementView(None, None, InvolvementRole.EXECUTOR, False),)
_value = attrgetter("_value_")  # an enum member's value, without the slow descriptor


class _Cache(dict[Any, str]):
    def __init__(self, make: Callable[[Any], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: Any) -> str:
        value = self[key] = self._make(key)
        return value


@dataclass
class Counts:
    """Counts of one breakdown: threats and distinct persons per row key."""

    main: dict[RowKey, int] = field(default_factory=dict)
    persons: dict[RowKey, int] = field(default_factory=dict)
    multi_items: int = 0  # items in more than one row
    extra: int = 0  # counts beyond one per item
    persons_extra: int = 0  # person counts beyond one per victim


@dataclass
class Column:
    """Keys of one dimension for every act: `first[i]` for act i, and further (act, key)
    pairs for acts in several rows."""

    first: list[Key]
    extra_acts: list[int] = field(default_factory=list)
    extra_keys: list[Key] = field(default_factory=list)


def _add_extras(column: Column, index: int, keys: Sequence[Key]) -> None:
    """Record an act's keys: the first in place, the rest (deduplicated) as extras."""
    seen = {keys[0]}
    column.first[index] = keys[0]
    for key in keys[1:]:
        if key not in seen:
            seen.add(key)
            column.extra_acts.append(index)
            column.extra_keys.append(key)


class Columns:
    """Columns of one selection of acts, computed once per dimension."""

    def __init__(self, acts: Sequence[ActView], until: dt.date | None) -> None:
        self.acts = acts
        self.until = until
        victims = list(map(attrgetter("victim"), acts))
        numbers = {v: i for i, v in enumerate(dict.fromkeys(victims))}
        self.victims = list(map(numbers.__getitem__, victims))
        self.n_victims = len(numbers)
        self._columns: dict[Dimension, Column] = {}
        self._special: list[int] | None = None

    @property
    def special(self) -> list[int]:
        """Acts not simply dated to one day: ongoing, or known only to a month, year, range."""
        if self._special is None:
            day = DatePrecision.DAY
            self._special = [i for i, (end, precision) in enumerate(zip(
                map(attrgetter("date_end"), self.acts), map(attrgetter("precision"), self.acts),
                strict=True)) if end is not None or precision is not day]
        return self._special

    def column(self, dim: Dimension) -> Column:
        found = self._columns.get(dim)
        if found is None:
            found = self._columns[dim] = self._compute(dim)
        return found

    def _compute(self, dim: Dimension) -> Column:
        acts = self.acts
        if dim is Dimension.YEAR:
            years = _Cache(str)
            first: list[Key] = list(map(years.__getitem__, map(attrgetter("date.year"), acts)))
            for i in self.special:
                first[i] = year_key(acts[i])
            return Column(first)
        if dim is Dimension.MONTH:
            months = _Cache(lambda d: month_key(d.year, d.month))
            col = Column(list(map(months.__getitem__, map(attrgetter("date"), acts))))
            for i in self.special:
                _add_extras(col, i, month_keys(acts[i], self.until))
            return col
        if dim is Dimension.PRIMARY_FIELD:
            return Column(list(map(attrgetter("primary_field._value_"), acts)))
        if dim is Dimension.ACT_TYPE:
            return Column(list(map(attrgetter("type._value_"), acts)))
        if dim is Dimension.BLOCK:
            types = map(attrgetter("type._value_"), acts)
            return Column(list(map(_BLOCK_OF.__getitem__, types)))
        if dim is Dimension.REGION:
            return Column(list(map(attrgetter("region"), acts)))
        if dim is Dimension.CITY:
            return Column(list(map(attrgetter("city"), acts)))
        if dim is Dimension.VICTIM_KIND:
            return Column(list(map(attrgetter("victim_kind._value_"), acts)))
        if dim is Dimension.VERIFICATION:
            return Column(list(map(attrgetter("verification._value_"), acts)))
        if dim is Dimension.GENDER:
            legal = VictimKind.LEGAL_ENTITY
            return Column([
                LEGAL_ENTITY if kind is legal else
                gender._value_ if gender is not None else "unknown"
                for kind, gender in zip(map(attrgetter("victim_kind"), acts),
                                        map(attrgetter("victim_gender"), acts), strict=True)])
        if dim is Dimension.FIELD:
            fields = list(map(attrgetter("fields"), acts))
            col = Column(list(map(_value, map(itemgetter(0), fields))))
            for i, n in enumerate(map(len, fields)):
                if n > 1:
                    _add_extras(col, i, [f._value_ for f in fields[i]])
            return col
        if dim in (Dimension.SOURCE_BODY, Dimension.SOURCE_CATEGORY):
            return self._sources(dim is Dimension.SOURCE_BODY)
        raise ValueError(f"unknown dimension {dim!r}")  # pragma: no cover

    def _sources(self, bodies: bool) -> Column:
        involvements = [inv or _NO_INVOLVEMENT for inv in map(attrgetter("involvements"),
                                                               self.acts)]
        firsts = map(itemgetter(0), involvements)
        if bodies:
            col = Column(list(map(attrgetter("actor"), firsts)))
        else:
            col = Column([c._value_ if c is not None else None
                          for c in map(attrgetter("category"), firsts)])
        for i, n in enumerate(map(len, involvements)):
            if n > 1:
                if bodies:
                    found = sorted({v.actor for v in involvements[i] if v.actor})
                else:
                    found = sorted({v.category._value_ for v in involvements[i]
                                    if v.category is not None})
                _add_extras(col, i, found or [None])
        return col

    # Counting

    def counts(self, dims: Sequence[Dimension]) -> Counts:
        columns = [self.column(d) for d in dims]
        if len(columns) == 1:
            col = columns[0]
            rows = col.extra_acts
            threats, persons, pairs = _count(col.first + col.extra_keys,
                                             self._victims_with(rows))
            # One-way keys become 1-tuples once per row, not once per act.
            counts = Counts(main={(k,): n for k, n in threats.items()},
                            persons={(k,): n for k, n in persons.items()})
        else:
            keys, rows = self._combine(columns)
            threats2, persons2, pairs = _count(keys, self._victims_with(rows))
            counts = Counts(main=threats2, persons=persons2)
        counts.multi_items = len(set(rows))
        counts.extra = len(rows)
        # Every victim is in at least one row, so pairs beyond one per victim are the extra.
        counts.persons_extra = pairs - self.n_victims
        return counts

    def _victims_with(self, rows: Sequence[int]) -> list[int]:
        """Each act's victim, then the victim of each extra (act, key) pair."""
        return self.victims + list(map(self.victims.__getitem__, rows))

    def _combine(self, columns: Sequence[Column]) -> tuple[list[Any], list[int]]:
        """Key pairs of a two-way table: one per act, plus extras for acts in several cells."""
        first_a, first_b = (c.first for c in columns)
        extra_a, extra_b = (_extras_by_act(c) for c in columns)
        keys: list[Any] = list(zip(first_a, first_b, strict=True))
        rows: list[int] = []
        extra: list[Any] = []
        for i in sorted(extra_a.keys() | extra_b.keys()):
            more_a, more_b = extra_a.get(i), extra_b.get(i)
            if more_b is None:
                key_b = first_b[i]
                combos = [(k, key_b) for k in more_a or ()]
            elif more_a is None:
                key_a = first_a[i]
                combos = [(key_a, k) for k in more_b]
            else:
                combos = list(product([first_a[i], *more_a], [first_b[i], *more_b]))[1:]
            extra.extend(combos)
            rows.extend(repeat(i, len(combos)))
        return keys + extra, rows


def _extras_by_act(column: Column) -> dict[int, list[Key]]:
    found: dict[int, list[Key]] = {}
    for i, key in zip(column.extra_acts, column.extra_keys, strict=True):
        found.setdefault(i, []).append(key)
    return found


def _count(keys: Sequence[K], victims: Sequence[int]) -> tuple[dict[K, int], dict[K, int], int]:
    """Threats per key, distinct victims per key and the number of (key, victim) pairs, for
    parallel lists of keys and victim numbers.

    A plain loop adding victim numbers to one set per key beats any map/Counter pipeline
    here: the numbers already exist, so nothing is allocated per act."""
    threats: Counter[K] = Counter(keys)
    sets: dict[K, set[int]] = {k: set() for k in threats}
    adders = {k: s.add for k, s in sets.items()}
    for key, victim in zip(keys, victims, strict=True):
        adders[key](victim)
    persons = {k: len(s) for k, s in sets.items()}
    return dict(threats), persons, sum(persons.values())
