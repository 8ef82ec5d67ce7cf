"""Public tables: no cell below the threshold is shown, and no hidden cell can be recovered by
adding and subtracting the published figures.

The attacker here is independent of the implementation (which reasons with graph bridges): it
writes every relation a reader knows (cells add up to margins, margins to the total) as linear
equations, treats the hidden figures as unknowns and asks, by exact Gaussian elimination over
the rationals, whether any unknown is determined.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrdscore.model.vocab import ActType, Gender
from hrdscore.snapshot.views import ActView
from hrdscore.stats import StatsError, Table, protect, threat_table
from hrdscore.stats.suppression import bridges, plan, two_way_items

from .test_stats import act

FIELDS = ("land", "banking", "oil_industry", "housing")
YEARS = (2016, 2017, 2018, 2019)


# ----------------------------------------------------------------------------- the attacker


def _rank(rows: list[list[Fraction]]) -> int:
    m = [r[:] for r in rows]
    rank, cols = 0, len(m[0]) if m else 0
    for col in range(cols):
        pivot = next((r for r in range(rank, len(m)) if m[r][col] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        lead = m[rank][col]
        m[rank] = [x / lead for x in m[rank]]
        for r in range(len(m)):
            if r != rank and m[r][col] != 0:
                factor = m[r][col]
                m[r] = [a - factor * b for a, b in zip(m[r], m[rank], strict=True)]
        rank += 1
    return rank


def recoverable(equations: list[list[str]], hidden: list[str]) -> list[str]:
    """Hidden figures determined by equations 'sum of these figures = known'. Each equation
    lists the figures it adds with +, the one it equals last with - (e.g. cells..., total)."""
    if not hidden:
        return []
    index = {name: i for i, name in enumerate(hidden)}
    matrix: list[list[Fraction]] = []
    for eq in equations:
        row = [Fraction(0)] * len(hidden)
        *parts, whole = eq
        for name in parts:
            if name in index:
                row[index[name]] += 1
        if whole in index:
            row[index[whole]] -= 1
        if any(row):
            matrix.append(row)
    base = _rank(matrix) if matrix else 0
    found = []
    for name, i in index.items():
        unit = [Fraction(1 if j == i else 0) for j in range(len(hidden))]
        if _rank([*matrix, unit]) == base:  # the unit vector is in the row space
            found.append(name)
    return found


def _names(table: Table) -> tuple[list[list[str]], list[str]]:
    """The additive relations of a table and the names of its hidden figures."""
    def name(kind: str, key: tuple[str | None, ...]) -> str:
        return f"{kind}:{key}"

    hidden = [name("cell", c.key) for c in table.cells if c.suppressed]
    if not table.margins:
        equations = [[*(name("cell", c.key) for c in table.cells), "total"]]
    else:
        rows, cols = table.margins
        hidden += [name("row", c.key) for c in rows.cells if c.suppressed]
        hidden += [name("col", c.key) for c in cols.cells if c.suppressed]
        equations = [[*(name("cell", c.key) for c in table.cells if c.key[0] == r.key[0]),
                      name("row", r.key)] for r in rows.cells]
        equations += [[*(name("cell", c.key) for c in table.cells if c.key[1] == k.key[0]),
                       name("col", k.key)] for k in cols.cells]
        equations.append([*(name("row", r.key) for r in rows.cells), "total"])
        equations.append([*(name("col", k.key) for k in cols.cells), "total"])
    if table.total.suppressed:
        hidden.append("total")
    return equations, hidden


def assert_safe(public: Table, threshold: int) -> None:
    figures = [*public.cells, *(c for m in public.margins for c in m.cells), public.total]
    for cell in figures:
        if cell.suppressed:
            assert cell.threats is None and cell.persons is None
        else:
            assert cell.persons is not None and cell.persons >= threshold, cell
    equations, hidden = _names(public)
    assert recoverable(equations, hidden) == [], public.id
    assert public.suppression is not None
    assert public.suppression.suppressed == len(hidden)
    assert public.suppression.threshold == threshold


# ----------------------------------------------------------------------------- the attacker works


def test_the_attacker_recovers_a_lone_hidden_cell_and_a_bridge_between_two_blocks() -> None:
    assert recoverable([["a", "b", "c", "total"]], ["c"]) == ["c"]
    assert recoverable([["a", "b", "c", "total"]], ["b", "c"]) == []
    # Two 2x2 blocks of hidden cells joined by one hidden cell x: every row and column with a
    # hidden cell has two or more, yet x = r1 + r2 - c1 - c2 (each margin known).
    eqs = [["a", "b", "x", "R1"], ["c", "d", "R2"], ["a", "c", "C1"], ["b", "d", "C2"],
           ["e", "f", "R3"], ["g", "h", "R4"], ["e", "g", "x", "C3"], ["f", "h", "C4"]]
    assert recoverable(eqs, list("abcdefghx")) == ["x"]


def test_bridges_find_the_same_recoverable_cell_and_plan_closes_it() -> None:
    # Rows r0..r3, columns c0..c3; the blocks (r0,r1)x(c0,c1) and (r2,r3)x(c2,c3), plus (r0,c2).
    cells = [(r, c, 1) for r in (0, 1) for c in (0, 1)]
    cells += [(r, c, 1) for r in (2, 3) for c in (2, 3)]
    cells += [(0, 2, 1)]
    cells += [(1, 3, 50), (3, 0, 40)]  # published cells a cycle can go through
    items = two_way_items(cells, [60, 60, 60, 60], [60, 60, 60, 60], 240)
    hidden = set(range(9))
    assert bridges(items, hidden) == {8}
    result = plan(items, threshold=2)
    assert result.primary == frozenset(range(9))
    assert bridges(items, set(result.hidden)) == set()
    assert result.secondary  # something more had to be hidden


# ----------------------------------------------------------------------------- one-way rules


def _acts(spec: list[tuple[int, str, str]]) -> tuple[ActView, ...]:
    """(year, field, victim) per act."""
    return tuple(act(f"a{i}", victim, date(year, 6, 1), ActType.DETENTION, (field,),
                     gender=Gender.MALE) for i, (year, field, victim) in enumerate(spec))


def test_one_hidden_cell_takes_the_next_smallest_with_it() -> None:
    spec = [(2016, "land", f"v{i}") for i in range(10)]
    spec += [(2017, "land", f"w{i}") for i in range(5)]
    spec += [(2018, "land", f"x{i}") for i in range(4)]
    spec += [(2019, "land", "y0"), (2019, "land", "y0")]  # one person, two threats
    public = threat_table(_acts(spec), ["year"], threshold=3)
    shown = {c.key[0]: (c.threats, c.persons, c.suppression) for c in public.cells}
    assert shown == {"2016": (10, 10, None), "2017": (5, 5, None),
                     "2018": (None, None, "secondary"), "2019": (None, None, "primary")}
    assert (public.total.threats, public.total.persons) == (21, 20)
    assert public.suppression is not None
    assert (public.suppression.suppressed, public.suppression.primary,
            public.suppression.secondary) == (2, 1, 1)
    assert "fewer than 3 persons" in public.suppression.text
    assert public.suppression.text in public.rules
    assert_safe(public, 3)


def test_a_table_of_one_small_cell_hides_its_total_too() -> None:
    public = threat_table(_acts([(2016, "land", "v1"), (2016, "land", "v2")]), ["year"],
                          threshold=5)
    assert public.cells[0].suppressed and public.total.suppressed
    assert public.total.threats is None
    assert_safe(public, 5)


def test_no_cell_below_the_threshold_means_nothing_hidden() -> None:
    spec = [(y, "land", f"v{y}{i}") for y in (2016, 2017) for i in range(6)]
    public = threat_table(_acts(spec), ["year"], threshold=5)
    assert public.suppression is not None and public.suppression.suppressed == 0
    assert [c.threats for c in public.cells] == [6, 6]


def test_public_json_carries_no_hidden_value_and_withholds_small_overlap_counts() -> None:
    spec = [(2016, "land", f"v{i}") for i in range(8)] + [(2017, "land", "v0")]
    public = threat_table(_acts(spec), ["year"], threshold=5)
    dumped = public.model_dump(mode="json")
    hidden = [c for c in dumped["cells"] if c["suppressed"]]
    assert len(hidden) == 2
    assert all(c["threats"] is None and c["persons"] is None for c in hidden)
    # One person appears in two years: "1" is below the threshold, so it is not stated.
    persons_overlap = [o for o in dumped["overlaps"] if o["measure"] == "persons"]
    assert persons_overlap and persons_overlap[0]["extra"] is None
    assert "withheld" in persons_overlap[0]["text"]
    assert public.check.persons_add_up is False


def test_protect_refuses_a_threshold_below_two_and_a_second_pass() -> None:
    table = threat_table(_acts([(2016, "land", "v1")]), ["year"])
    with pytest.raises(StatsError, match="at least 2"):
        protect(table, 1)
    with pytest.raises(StatsError, match="already suppressed"):
        protect(protect(table, 3), 3)


def test_two_way_table_hides_enough_for_every_row_and_column() -> None:
    spec = [(2016, "land", f"a{i}") for i in range(9)]
    spec += [(2016, "banking", f"b{i}") for i in range(7)]
    spec += [(2017, "land", f"c{i}") for i in range(8)]
    spec += [(2017, "banking", "d0")]  # the one small cell
    spec += [(2018, "land", f"e{i}") for i in range(6)]
    spec += [(2018, "banking", f"f{i}") for i in range(6)]
    public = threat_table(_acts(spec), ["year", "field"], threshold=3)
    hidden = {c.key: c.suppression for c in public.cells if c.suppressed}
    assert hidden[("2017", "banking")] == "primary"
    # Its row and its column each need another hidden cell, closing a rectangle.
    assert sum(1 for k in hidden if k[0] == "2017") >= 2
    assert sum(1 for k in hidden if k[1] == "banking") >= 2
    assert not any(c.suppressed for m in public.margins for c in m.cells)
    assert_safe(public, 3)


# ----------------------------------------------------------------------------- property test


acts_strategy = st.lists(
    st.tuples(st.sampled_from(YEARS), st.sampled_from(FIELDS), st.integers(0, 14)),
    min_size=1, max_size=45,
)


@settings(max_examples=150, deadline=None)
@given(spec=acts_strategy, threshold=st.integers(2, 6))
@pytest.mark.slow
def test_no_public_table_lets_a_hidden_cell_be_recovered(
    spec: list[tuple[int, str, int]], threshold: int
) -> None:
    acts = _acts([(y, f, f"v{v}") for y, f, v in spec])
    for dims in (["year"], ["primary_field"], ["year", "primary_field"],
                 ["primary_field", "year"]):
        full = threat_table(acts, dims)
        public = protect(full, threshold)
        # Threats, persons and recourses of a cell are hidden together, so one attack on the
        # pattern covers persons too wherever they add up (no victim in two rows).
        assert_safe(public, threshold)
        assert [c.key for c in public.cells] == [c.key for c in full.cells]
        published = [c for c in public.cells if not c.suppressed]
        originals = {c.key: c for c in full.cells}
        for cell in published:
            assert cell == originals[cell.key]


@settings(max_examples=60, deadline=None)
@given(
    cells=st.dictionaries(st.tuples(st.integers(0, 4), st.integers(0, 4)),
                          st.integers(1, 12), min_size=1, max_size=25),
    threshold=st.integers(2, 8),
)
def test_suppression_plan_leaves_no_bridge_on_random_two_way_tables(
    cells: dict[tuple[int, int], int], threshold: int
) -> None:
    rows = sorted({r for r, _ in cells})
    cols = sorted({c for _, c in cells})
    r_index = {r: i for i, r in enumerate(rows)}
    c_index = {c: i for i, c in enumerate(cols)}
    row_totals = [sum(v for (r, _), v in cells.items() if r == row) for row in rows]
    col_totals = [sum(v for (_, c), v in cells.items() if c == col) for col in cols]
    items = two_way_items([(r_index[r], c_index[c], v) for (r, c), v in cells.items()],
                          row_totals, col_totals, sum(cells.values()))
    result = plan(items, threshold)
    hidden = result.hidden
    assert {i for i, it in enumerate(items) if 0 < it.persons < threshold} <= hidden
    assert bridges(items, set(hidden)) == set()
    # The independent attacker agrees.
    names = [f"cell{k}" for k in cells] + [f"row{r}" for r in rows] + [f"col{c}" for c in cols]
    names.append("total")
    equations = [[*(f"cell{k}" for k in cells if k[0] == r), f"row{r}"] for r in rows]
    equations += [[*(f"cell{k}" for k in cells if k[1] == c), f"col{c}"] for c in cols]
    equations.append([*(f"row{r}" for r in rows), "total"])
    equations.append([*(f"col{c}" for c in cols), "total"])
    assert recoverable(equations, [names[i] for i in sorted(hidden)]) == []



def test_public_tables_do_not_name_the_place_or_body_of_a_small_cell() -> None:
    acts = [act(f"a{i}", f"v{i}", date(2019, 5, 1), ActType.DETENTION, ("land",),
                city="Almaty", bodies=("police",)) for i in range(6)]
    acts.append(act("z", "lonely", date(2019, 5, 7), ActType.DETENTION, ("environment",),
                    city="Ақсай", bodies=("oilco",)))
    for dims in (["city"], ["source_body"], ["year", "city"]):
        private = threat_table(acts, dims)
        public = threat_table(acts, dims, threshold=5)
        everything = str(public.model_dump(mode="json"))
        small = "Ақсай" if "city" in dims else "oilco"
        assert small in str(private.model_dump(mode="json"))
        assert small not in everything, dims
        assert "withheld (fewer persons than the threshold)" in everything
        assert_safe(public, 5)
    # Rows of unnamed dimensions keep their labels: a year says nothing about a person.
    later = act("y", "w", date(2020, 1, 1), ActType.DETENTION, ("land",), city="Almaty")
    by_year = threat_table([*acts, later], ["year"], threshold=5)
    assert {c.key[0] for c in by_year.cells} == {"2019", "2020"}
