"""Who is scored under methodology 2, and on which criteria.

An actor is scored only on the criteria of recommendations addressed to it. The methodology
says, per kind, which actors are addressees; a criterion's `applies_to` narrows it to kinds,
roles or named actors. A body that is not itself an addressee (a district police department)
is scored only on the criteria that name its role or its id. The publishing organisations and
actors with no criterion left are "not scored", with the reason, and never ranked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hrdscore.catalog import Catalog
from hrdscore.methodology import Methodology
from hrdscore.model import Actor, Criterion, Recommendation
from hrdscore.snapshot.evidence import Snapshot

Pairs = list[tuple[Recommendation, Criterion]]


@dataclass
class ScopeCache:
    """Criteria worked out once per kind of actor within one batch (same catalog,
    methodology and snapshot): (kind, roles, addressee, id when a criterion names it)."""

    names: frozenset[str] | None = None
    pairs: dict[tuple[object, ...], Pairs] = field(default_factory=dict)


def is_addressee(actor: Actor, snapshot: Snapshot, m: Methodology) -> bool:
    assert m.v2 is not None
    scope = m.v2.scope.get(actor.kind)
    if scope is None:
        return False
    if scope.rule == "all":
        return True
    if scope.rule == "inquiry":
        return bool(snapshot.inquiries_by_actor.get(actor.id))
    if scope.rule == "country":
        return actor.country == scope.country
    return actor.id in scope.named


def criteria_for(actor: Actor, snapshot: Snapshot, catalog: Catalog, m: Methodology,
                 cache: ScopeCache | None = None) -> Pairs:
    """The (recommendation, criterion) pairs the actor is scored on, in catalog order.
    `cache`: shared by the actors of one batch (same catalog, methodology and snapshot)."""
    plan = m.kinds.get(actor.kind)
    if plan is None or m.v2 is None or actor.id in m.v2.publishers:
        return []
    addressee = is_addressee(actor, snapshot, m)
    if cache is None:
        return _pairs(actor, catalog, m, addressee)
    if cache.names is None:
        cache.names = frozenset(n for r in catalog.recommendations for c in r.criteria
                                for n in c.applies_to or [])
    key = (actor.kind, tuple(actor.roles), addressee,
           actor.id if actor.id in cache.names else None)
    found = cache.pairs.get(key)
    if found is None:
        found = cache.pairs[key] = _pairs(actor, catalog, m, addressee)
    return found


def _pairs(actor: Actor, catalog: Catalog, m: Methodology, addressee: bool) -> Pairs:
    plan = m.kinds[actor.kind]
    out: Pairs = []
    for rec in catalog.recommendations:
        for c in rec.criteria:
            if c.id in plan.exclude_criteria or not (
                    rec.addressee in plan.addressees or c.id in plan.include_criteria):
                continue
            names = c.applies_to
            if names is None:
                ok = addressee
            else:
                ok = (actor.id in names or any(r in names for r in actor.roles)
                      or (addressee and actor.kind in names))
            if ok:
                out.append((rec, c))
    return out


def not_scored_reason(actor: Actor, snapshot: Snapshot, catalog: Catalog,
                      m: Methodology, cache: ScopeCache | None = None) -> str | None:
    """Why the actor is not scored, or None when it is."""
    assert m.v2 is not None
    if actor.id in m.v2.publishers:
        return " ".join(m.v2.publishers[actor.id].split())
    if actor.kind not in m.kinds:
        return f"The methodology scores no {actor.kind.value.replace('_', ' ')}."
    if criteria_for(actor, snapshot, catalog, m, cache):
        return None
    scope = m.v2.scope.get(actor.kind)
    return " ".join(scope.reason.split()) if scope else "No recommendation is addressed to it."
