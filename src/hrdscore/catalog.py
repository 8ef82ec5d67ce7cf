"""The catalog: the shipped report, its recommendations and criteria, read-only and indexed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from hrdscore.dataset import Dataset
from hrdscore.model import Criterion, Recommendation, Report
from hrdscore.model.vocab import ADDRESSEE_ACTOR_KINDS, ActorKind


@dataclass(frozen=True)
class Catalog:
    reports: tuple[Report, ...]
    recommendations: tuple[Recommendation, ...]

    @classmethod
    def from_dataset(cls, ds: Dataset) -> Catalog:
        ordered = sorted(
            ds.recommendations,
            key=lambda r: (list(ADDRESSEE_ACTOR_KINDS).index(r.addressee), r.number),
        )
        return cls(reports=tuple(ds.reports), recommendations=tuple(ordered))

    @property
    def by_id(self) -> Mapping[str, Recommendation]:
        return MappingProxyType({r.id: r for r in self.recommendations})

    @property
    def criteria(self) -> Mapping[str, tuple[Recommendation, Criterion]]:
        return MappingProxyType(
            {c.id: (r, c) for r in self.recommendations for c in r.criteria}
        )


def criterion_applies(rec: Recommendation, criterion: Criterion, kind: ActorKind) -> bool:
    """Whether a criterion is assessed for actors of this kind."""
    kinds = criterion.kinds() or list(ADDRESSEE_ACTOR_KINDS[rec.addressee])
    return kind in kinds
