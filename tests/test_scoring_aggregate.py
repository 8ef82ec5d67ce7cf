"""Properties of the aggregation (hypothesis): bounds, exclusions, weights."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from hrdscore.scoring.aggregate import ScoredCriterion, aggregate, common_totals, weighted_mean

PILLARS = {"a": 30.0, "b": 50.0, "c": 20.0}
points = st.sampled_from([0.0, 25.0, 50.0, 75.0, 100.0])
items = st.lists(
    st.builds(
        ScoredCriterion,
        key=st.uuids().map(str),
        recommendation=st.sampled_from(["r1", "r2", "r3"]),
        pillar=st.sampled_from(list(PILLARS)),
        weight=st.floats(min_value=0.1, max_value=10),
        points=st.one_of(st.none(), points),
        applicable=st.booleans(),
    ).map(lambda i: i if i.applicable or i.points is None else
          ScoredCriterion(i.key, i.recommendation, i.pillar, i.weight, None, False)),
    max_size=30,
)


@given(items)
def test_totals_and_pillars_stay_within_0_and_100(xs: list[ScoredCriterion]) -> None:
    totals = aggregate(xs, PILLARS)
    assert totals.total is None or 0 <= totals.total <= 100
    assert 0 <= totals.coverage <= 1
    for pillar in totals.pillars.values():
        assert pillar.score is None or 0 <= pillar.score <= 100


@given(items, st.lists(st.tuples(st.sampled_from(list(PILLARS)), st.booleans()), max_size=5))
def test_excluded_criteria_never_change_a_score(xs: list[ScoredCriterion],
                                                extra: list[tuple[str, bool]]) -> None:
    before = aggregate(xs, PILLARS)
    excluded = [ScoredCriterion(f"x{n}", "r1", pillar, 5.0, None, applicable)
                for n, (pillar, applicable) in enumerate(extra)]
    after = aggregate(xs + excluded, PILLARS)
    assert after.total == before.total
    assert {k: p.score for k, p in after.pillars.items()} == {
        k: p.score for k, p in before.pillars.items()}


@given(items, st.sampled_from(list(PILLARS)))
def test_adding_a_not_applicable_criterion_changes_neither_score_nor_coverage(
    xs: list[ScoredCriterion], pillar: str
) -> None:
    before = aggregate(xs, PILLARS)
    excluded = ScoredCriterion("na", "r2", pillar, 3.0, None, applicable=False)
    after = aggregate([*xs, excluded], PILLARS)
    assert (after.total, after.coverage) == (before.total, before.coverage)


def test_weights_are_respected_within_a_recommendation() -> None:
    xs = [ScoredCriterion("c1", "r1", "a", 3.0, 100.0), ScoredCriterion("c2", "r1", "a", 1.0, 0.0)]
    totals = aggregate(xs, {"a": 1.0})
    assert totals.recommendations["r1"] == 75.0
    assert totals.total == 75.0


def test_pillar_weights_are_respected_in_the_total() -> None:
    xs = [ScoredCriterion("c1", "r1", "a", 1.0, 100.0), ScoredCriterion("c2", "r2", "b", 1.0, 0.0)]
    totals = aggregate(xs, {"a": 30.0, "b": 10.0})
    assert totals.total == 75.0
    # A pillar without any scored criterion does not dilute the others.
    totals = aggregate(xs, {"a": 30.0, "b": 10.0, "empty": 60.0})
    assert totals.total == 75.0


def test_recommendations_weigh_equally_within_a_pillar() -> None:
    # r1 has three criteria, r2 one: the pillar is the mean of the two recommendations.
    xs = [ScoredCriterion(f"c{n}", "r1", "a", 1.0, 100.0) for n in range(3)]
    xs.append(ScoredCriterion("d", "r2", "a", 1.0, 0.0))
    assert aggregate(xs, {"a": 1.0}).pillars["a"].score == 50.0


@given(st.lists(st.tuples(points, st.floats(min_value=0.1, max_value=10)), min_size=1))
def test_weighted_mean_is_between_min_and_max(pairs: list[tuple[float, float]]) -> None:
    mean = weighted_mean(pairs)
    assert mean is not None
    lo, hi = min(p for p, _ in pairs), max(p for p, _ in pairs)
    assert lo - 1e-9 <= mean <= hi + 1e-9


def test_coverage_counts_scored_weight_over_applicable_weight() -> None:
    xs = [ScoredCriterion("a", "r", "a", 2.0, 100.0), ScoredCriterion("b", "r", "a", 1.0, None),
          ScoredCriterion("c", "r", "a", 5.0, None, applicable=False)]
    assert math.isclose(aggregate(xs, {"a": 1.0}).coverage, 2 / 3)


def test_change_uses_only_criteria_scored_in_both_periods() -> None:
    now = [ScoredCriterion("a", "r", "a", 1.0, 100.0), ScoredCriterion("b", "r", "a", 1.0, 0.0)]
    then = [ScoredCriterion("a", "r", "a", 1.0, 50.0), ScoredCriterion("b", "r", "a", 1.0, None)]
    previous, current, compared = common_totals(now, then, {"a": 1.0})
    assert (previous, current, compared) == (50.0, 100.0, 1)


def _by_definition(xs: list[ScoredCriterion], pillars: dict[str, float]) -> tuple[object, ...]:
    """Every figure of `aggregate`, worked out the slow, literal way: filter, group, average."""
    def clamp(v: float | None) -> float | None:
        return None if v is None else min(100.0, max(0.0, v))

    def recs(group: list[ScoredCriterion]) -> dict[str, float | None]:
        out: dict[str, list[ScoredCriterion]] = {}
        for i in group:
            out.setdefault(i.recommendation, []).append(i)
        return {r: clamp(weighted_mean((i.points, i.weight) for i in g if i.points is not None))
                for r, g in out.items()}

    def cover(group: list[ScoredCriterion]) -> float:
        den = sum(i.weight for i in group if i.applicable)
        return sum(i.weight for i in group if i.applicable and i.points is not None) / den \
            if den > 0 else 0.0

    per_pillar = {}
    for p in pillars:
        group = [i for i in xs if i.pillar == p]
        parts = [s for s in recs(group).values() if s is not None]
        per_pillar[p] = (clamp(sum(parts) / len(parts)) if parts else None, cover(group),
                         sum(1 for i in group if i.applicable))
    total = weighted_mean((s, pillars[p]) for p, (s, _, _) in per_pillar.items() if s is not None)
    return clamp(total), cover(xs), per_pillar, list(recs(xs).items())


@given(items, st.floats(min_value=0.0, max_value=5.0))
def test_one_pass_gives_the_definition_to_the_last_bit(xs: list[ScoredCriterion],
                                                        weight_a: float) -> None:
    # Exact equality, not isclose: a scorecard's bytes must not change with the arithmetic's
    # order. An item of a pillar the methodology does not weigh ("zz") counts only in the
    # overall coverage and its recommendation.
    pillars = {**PILLARS, "a": weight_a}
    xs = [*xs, ScoredCriterion("z", "r9", "zz", 1.0, 40.0)]
    totals = aggregate(xs, pillars)
    got = (totals.total, totals.coverage,
           {k: (p.score, p.coverage, p.applicable) for k, p in totals.pillars.items()},
           list(totals.recommendations.items()))
    assert got == _by_definition(xs, pillars)


def test_sums_run_in_the_items_order() -> None:
    # (0.1 + 0.2) + 0.3 == 0.6000000000000001 but (0.3 + 0.2) + 0.1 == 0.6: summed in any
    # other order than the items', the pillar (and a scorecard's bytes) would change.
    xs = [ScoredCriterion(f"c{n}", f"r{n}", "a", 1.0, p) for n, p in enumerate((0.1, 0.2, 0.3))]
    assert aggregate(xs, {"a": 1.0}).pillars["a"].score == (0.1 + 0.2 + 0.3) / 3
    assert (0.1 + 0.2 + 0.3) / 3 != (0.3 + 0.2 + 0.1) / 3
