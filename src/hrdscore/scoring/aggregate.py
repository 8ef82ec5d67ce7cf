"""Aggregation: criterion points -> recommendation -> pillar -> total, with coverage.

Pure arithmetic over plain values, so its properties can be tested on their own: totals stay
within 0-100, excluded criteria never move a score, weights are respected.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple


class ScoredCriterion(NamedTuple):
    """One criterion's contribution. points None = excluded (not applicable / not assessed).

    A named tuple, not a frozen dataclass: scoring every actor builds tens of thousands, and a
    frozen dataclass's __init__ (one object.__setattr__ per field) was 5% of that time."""

    key: str
    recommendation: str
    pillar: str
    weight: float
    points: float | None
    applicable: bool = True  # False for not_applicable: out of coverage too


@dataclass(frozen=True)
class PillarScore:
    score: float | None
    coverage: float
    applicable: int


@dataclass(frozen=True)
class Totals:
    total: float | None  # before any threshold or adjustment
    coverage: float
    pillars: Mapping[str, PillarScore]
    recommendations: Mapping[str, float | None]


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of values weighted by weights; None when there is nothing to average."""
    num = den = 0.0
    for value, weight in pairs:
        num += value * weight
        den += weight
    return num / den if den > 0 else None


def coverage(items: Sequence[ScoredCriterion]) -> float:
    applicable = [i for i in items if i.applicable]
    den = sum(i.weight for i in applicable)
    if den <= 0:
        return 0.0
    return sum(i.weight for i in applicable if i.points is not None) / den


def _rec_scores(items: Sequence[ScoredCriterion]) -> dict[str, float | None]:
    groups: dict[str, list[ScoredCriterion]] = {}
    for item in items:
        groups.setdefault(item.recommendation, []).append(item)
    return {rec: _clamp(weighted_mean((i.points, i.weight) for i in group
                                      if i.points is not None))
            for rec, group in groups.items()}


def aggregate(items: Sequence[ScoredCriterion], pillar_weights: Mapping[str, float]) -> Totals:
    """Scores of every level. A pillar is the mean of its recommendations' parts (each the
    weighted mean of its criteria in that pillar); the total is the weighted mean of the
    pillars that have a score.

    One pass over the items (scoring every actor aggregates thousands of times). Each sum adds
    the same values in the same order as `weighted_mean`, `coverage` and `_rec_scores` do, so
    the results are the same to the last bit."""
    # pillar -> recommendation -> [sum of points x weight, sum of weights] of scored criteria
    parts: dict[str, dict[str, list[float]]] = {p: {} for p in pillar_weights}
    # pillar -> [weight scored, weight applicable, number applicable]
    covered: dict[str, list[float]] = {p: [0.0, 0.0, 0] for p in pillar_weights}
    recs: dict[str, list[float]] = {}
    scored_weight = applicable_weight = 0.0
    for item in items:
        points, weight, rec = item.points, item.weight, item.recommendation
        whole = recs.get(rec)
        if whole is None:
            whole = recs[rec] = [0.0, 0.0]
        in_pillar = parts.get(item.pillar)
        part = cover = None
        if in_pillar is not None:
            part = in_pillar.get(rec)
            if part is None:
                part = in_pillar[rec] = [0.0, 0.0]
            cover = covered[item.pillar]
        if points is not None:
            product = points * weight
            whole[0] += product
            whole[1] += weight
            if part is not None:
                part[0] += product
                part[1] += weight
        if item.applicable:
            applicable_weight += weight
            if points is not None:
                scored_weight += weight
            if cover is not None:
                cover[1] += weight
                cover[2] += 1
                if points is not None:
                    cover[0] += weight
    pillars: dict[str, PillarScore] = {}
    for pillar in pillar_weights:
        means = [_bound(num / den) for num, den in parts[pillar].values() if den > 0]
        score = _bound(sum(means) / len(means)) if means else None
        got, out_of, count = covered[pillar]
        pillars[pillar] = PillarScore(score, got / out_of if out_of > 0 else 0.0, int(count))
    total = weighted_mean((p.score, pillar_weights[k]) for k, p in pillars.items()
                          if p.score is not None)
    return Totals(total=_clamp(total),
                  coverage=scored_weight / applicable_weight if applicable_weight > 0 else 0.0,
                  pillars=pillars,
                  recommendations={r: _clamp(num / den) if den > 0 else None
                                   for r, (num, den) in recs.items()})


def _clamp(value: float | None) -> float | None:
    # Guards against float drift at the ends of the scale (100.00000000000001).
    return None if value is None else min(100.0, max(0.0, value))


def _bound(value: float) -> float:
    return min(100.0, max(0.0, value))


def common_totals(current: Sequence[ScoredCriterion], previous: Sequence[ScoredCriterion],
                  pillar_weights: Mapping[str, float]) -> tuple[float | None, float | None, int]:
    """Totals of both periods on the criteria scored in both: (previous, current, count)."""
    scored_now = {i.key for i in current if i.points is not None}
    scored_then = {i.key for i in previous if i.points is not None}
    common = scored_now & scored_then
    now = aggregate([i for i in current if i.key in common], pillar_weights).total
    then = aggregate([i for i in previous if i.key in common], pillar_weights).total
    return then, now, len(common)
