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
    pillars that have a score."""
    by_pillar: dict[str, list[ScoredCriterion]] = {p: [] for p in pillar_weights}
    for item in items:  # one pass; each group keeps the items' order, so sums are unchanged
        group = by_pillar.get(item.pillar)
        if group is not None:
            group.append(item)
    pillars: dict[str, PillarScore] = {}
    for pillar in pillar_weights:
        in_pillar = by_pillar[pillar]
        parts = [s for s in _rec_scores(in_pillar).values() if s is not None]
        score = _clamp(sum(parts) / len(parts)) if parts else None
        pillars[pillar] = PillarScore(score, coverage(in_pillar),
                                      sum(1 for i in in_pillar if i.applicable))
    total = weighted_mean((p.score, pillar_weights[k]) for k, p in pillars.items()
                          if p.score is not None)
    return Totals(total=_clamp(total), coverage=coverage(items), pillars=pillars,
                  recommendations=_rec_scores(items))


def _clamp(value: float | None) -> float | None:
    # Guards against float drift at the ends of the scale (100.00000000000001).
    return None if value is None else min(100.0, max(0.0, value))


def common_totals(current: Sequence[ScoredCriterion], previous: Sequence[ScoredCriterion],
                  pillar_weights: Mapping[str, float]) -> tuple[float | None, float | None, int]:
    """Totals of both periods on the criteria scored in both: (previous, current, count)."""
    scored_now = {i.key for i in current if i.points is not None}
    scored_then = {i.key for i in previous if i.points is not None}
    common = scored_now & scored_then
    now = aggregate([i for i in current if i.key in common], pillar_weights).total
    then = aggregate([i for i in previous if i.key in common], pillar_weights).total
    return then, now, len(common)
