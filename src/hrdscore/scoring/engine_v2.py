"""Scoring under methodology 2: (catalog, snapshot, actor, period, methodology, as-of date)
-> Scorecard. No I/O; the same inputs give the same scorecard.

What differs from version 1 (see scorecards/methodology-v2.yaml): who is scored (scope), a band
per pillar and a total only when every weighted pillar has enough evidence, responsiveness per
request, conduct counted once and only when verified, expiring assessments from several
assessors, change only over criteria assessed in both periods, and a headline.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from hrdscore.catalog import Catalog
from hrdscore.labels import fmt_pct
from hrdscore.methodology import Methodology
from hrdscore.model import (
    Assessment,
    Change,
    Criterion,
    CriterionResult,
    Explanation,
    NotScored,
    OtherAssessment,
    Period,
    PillarResult,
    RecommendationResult,
    RedFlag,
    RuleAssessment,
    Scorecard,
)
from hrdscore.model.vocab import Level, MissingState, ReviewState
from hrdscore.perf import gc_paused
from hrdscore.scoring import conduct, replies_v2
from hrdscore.scoring.aggregate import ScoredCriterion, aggregate
from hrdscore.scoring.headline import headline, standing
from hrdscore.scoring.periods import act_in_period, fmt_date
from hrdscore.scoring.requests import requests_v2
from hrdscore.scoring.rules import RULES, RuleInput
from hrdscore.scoring.scope import Pairs, ScopeCache, criteria_for, not_scored_reason
from hrdscore.scoring.trusted import trusted
from hrdscore.snapshot.evidence import ActorEvidence, Snapshot
from hrdscore.snapshot.views import ActView

ROUND = 1
NOT_APPLICABLE = "not applicable"
# Coverages are rounded to three decimals: a few hundred distinct values, each formatted once
# (fmt_pct goes through Decimal: 5% of scoring every actor when formatted each time).
_pct = lru_cache(maxsize=4096)(fmt_pct)


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Judged:
    level: Level | None
    missing: MissingState | None
    explanation: Explanation | None
    others: list[OtherAssessment]
    fresh: bool  # assessed within the period itself (not carried from before)


def _scores(a: Assessment, ev: ActorEvidence, m: Methodology) -> bool:
    assert m.v2 is not None
    return (not a.self_assessment and a.assessor_actor != ev.actor.id
            and a.assessor_actor in (None, m.v2.scoring_assessor))


def judge(criterion: Criterion, ev: ActorEvidence, period: Period, m: Methodology,
          as_of: date, explain: bool = True) -> Judged:
    """The designated assessor's latest published assessment, if still valid; the others
    shown beside it."""
    assert m.v2 is not None
    latest: Assessment | None = None
    others: dict[str, Assessment] = {}
    for a in ev.assessments:
        if (a.criterion != criterion.id or a.review is not ReviewState.PUBLISHED
                or a.as_of > period.end):
            continue
        if _scores(a, ev, m):
            if latest is None or (a.as_of, a.id) > (latest.as_of, latest.id):
                latest = a
        elif a.assessor not in others or (a.as_of, a.id) > (
                others[a.assessor].as_of, others[a.assessor].id):
            others[a.assessor] = a
    shown = [OtherAssessment(assessment=o.id, assessor=o.assessor, as_of=o.as_of,
                             level=o.level, missing=o.missing,
                             self_assessment=o.self_assessment or o.assessor_actor == ev.actor.id)
             for _, o in sorted(others.items())] if explain else []
    if latest is None:
        text = (f"No published assessment of this criterion for {ev.actor.name} by the "
                f"designated assessor on or before {fmt_date(period.end)}.")
        return Judged(None, MissingState.NOT_ASSESSED,
                      Explanation(basis="missing", text=text) if explain else None, shown, False)
    expires = add_months(latest.as_of, m.v2.validity_months)
    if min(as_of, period.end) > expires:
        then = latest.level.value if latest.level else (latest.missing.value
                                                         if latest.missing else "")
        text = (f"Not reassessed since {fmt_date(latest.as_of)} (assessments are valid for "
                f"{m.v2.validity_months} months); it then read "
                f"{then.replace('_', ' ')}.")
        return Judged(None, MissingState.NOT_ASSESSED, Explanation(
            basis=f"expired:{latest.id}", evidence=[latest.id], text=text) if explain else None,
            shown, False)
    explanation = Explanation(
        basis=f"assessment:{latest.id}", evidence=[latest.id, *latest.evidence],
        text=f"{latest.rationale.rstrip('.')} (assessed as of {fmt_date(latest.as_of)} by "
             f"{latest.assessor}).") if explain else None
    return Judged(latest.level, latest.missing, explanation, shown,
                  period.start <= latest.as_of <= period.end)


@dataclass(frozen=True)
class _Scored:
    results: list[CriterionResult]
    items: list[ScoredCriterion]
    fresh: frozenset[str]
    inquiries: list[replies_v2.InquiryScore]


def members_of(snapshot: Snapshot, actor_id: str) -> dict[str, str]:
    """The actor and the bodies below it: id -> name."""
    return {i: snapshot.actors[i].name for i in snapshot.descendants(actor_id)
            if i in snapshot.actors}


def _score_criteria(catalog: Catalog, snapshot: Snapshot, ev: ActorEvidence, period: Period,
                    m: Methodology, as_of: date, pairs: Pairs,
                    acts: list[ActView] | None = None, *, explain: bool = True,
                    members: dict[str, str] | None = None) -> _Scored:
    """Every criterion's result and aggregation item. With explain=False (the previous
    period: the change needs only the points) no result model is built."""
    assert m.v2 is not None
    if members is None:
        members = members_of(snapshot, ev.actor.id)
    # Worked out when first needed: the previous period of a change often needs neither.
    period_acts: tuple[ActView, ...] | None = None
    inquiries = replies_v2.inquiry_scores(ev, period, m, as_of) if explain else None
    once = set(m.v2.conduct.counted_in_deduction)
    figures = replies_v2.RULE_FIGURES
    level_points, missing_points = m.points, m.missing_points
    assessed = {a.criterion for a in ev.assessments}
    unassessed: Judged | None = None  # the same for every criterion nobody assessed
    results: list[CriterionResult] = []
    items: list[ScoredCriterion] = []
    fresh: set[str] = set()
    for rec, criterion in pairs:
        method = criterion.assessed_by
        others: list[OtherAssessment] = []
        points: float | None
        explanation: Explanation | None = None
        rule, params = ((method.rule, method.params) if isinstance(method, RuleAssessment)
                        else (None, None))
        if rule is not None and rule in figures:
            if inquiries is None:
                inquiries = replies_v2.inquiry_scores(ev, period, m, as_of)
            f = replies_v2.figure(figures[rule], inquiries, ev.actor.name, period, as_of,
                                  explain=explain)
            level, missing, points = f.level, f.missing, f.points
            if explain:
                explanation = trusted(Explanation, basis=f"rule:{rule}",
                                      evidence=list(f.evidence), text=f.text)
        elif rule is not None and rule in once:
            level, missing, points = None, MissingState.NOT_APPLICABLE, None
            if explain:
                explanation = trusted(
                    Explanation, basis=f"rule:{rule}", evidence=[],
                    text="Counted once, in the conduct deduction from the total (only "
                    "corroborated or verified acts); see the deduction and the allegations.")
        elif rule is not None and params is not None:
            if period_acts is None:
                period_acts = tuple(conduct.counting(
                    [a for a in ev.acts if act_in_period(a, period)] if acts is None else acts,
                    m))
            outcome = RULES[rule](RuleInput(ev, members, period, m, params, period_acts, None))
            level, missing = outcome.level, outcome.missing
            points = None
            if explain:
                explanation = trusted(Explanation, basis=f"rule:{rule}",
                                      evidence=list(outcome.evidence), text=outcome.text)
        else:
            if criterion.id in assessed:
                judged = judge(criterion, ev, period, m, as_of, explain)
            else:
                if unassessed is None:
                    unassessed = judge(criterion, ev, period, m, as_of, explain)
                judged = unassessed
            level, missing, others = judged.level, judged.missing, judged.others
            explanation = judged.explanation
            points = None
            if judged.fresh:
                fresh.add(criterion.id)
        if points is None:
            points = level_points[level] if level is not None else (
                missing_points.get(missing) if missing is not None else None)
        if rule is not None and points is not None:
            fresh.add(criterion.id)  # rules read only the period's own evidence
        if explanation is not None:
            results.append(trusted(
                CriterionResult, criterion=criterion.id, recommendation=rec.id,
                statement=criterion.statement, pillar=criterion.pillar,
                weight=criterion.weight, level=level, missing=missing,
                points=None if points is None else round(points, ROUND),
                explanation=explanation, other_assessments=others))
        items.append(ScoredCriterion(
            criterion.id, rec.id, criterion.pillar, criterion.weight, points,
            missing is not MissingState.NOT_APPLICABLE))
    return _Scored(results, items, frozenset(fresh), inquiries or [])


def _pillar_band(score: float | None, coverage: float, applicable: int,
                 m: Methodology) -> str:
    assert m.v2 is not None
    if applicable == 0:
        return NOT_APPLICABLE
    if score is None or coverage < m.coverage_threshold:
        return m.v2.insufficient_label
    return m.v2.band(score)


def _change(catalog: Catalog, snapshot: Snapshot, ev: ActorEvidence, period: Period,
            m: Methodology, now: _Scored, weights: Mapping[str, float],
            pairs: Pairs, members: dict[str, str]) -> Change | None:
    length = period.end_year - period.start_year + 1
    if period.start_year - length < 1900:
        return None
    prev = period.previous()
    # Only criteria assessed in this period can be compared: the previous period is scored
    # on those alone (the rest would be thrown away).
    wanted = [(r, c) for r, c in pairs if c.id in now.fresh]
    then = _score_criteria(catalog, snapshot, ev, prev, m, prev.end, wanted, explain=False,
                           members=members) if wanted else None
    common = set() if then is None else (
        (now.fresh & then.fresh) & {i.key for i in now.items if i.points is not None}
        & {i.key for i in then.items if i.points is not None})
    if not common:
        return Change(previous_period=prev.label, previous_total=None, delta=None,
                      criteria_compared=0, comparable=False,
                      note=f"not comparable: no criterion was assessed in both {prev.label} "
                           f"and {period.label}")
    assert then is not None
    before = aggregate([i for i in then.items if i.key in common], weights).total
    after = aggregate([i for i in now.items if i.key in common], weights).total
    delta = None if before is None or after is None else round(after - before, ROUND)
    return Change(previous_period=prev.label, previous_total=_r(before), delta=delta,
                  criteria_compared=len(common), comparable=True,
                  note=f"over the {len(common)} criteria assessed in both periods")


def _flags(results: list[CriterionResult], name: str) -> list[RedFlag]:
    flags: list[RedFlag] = []
    for r in results:
        if r.level is Level.REGRESSED:
            flags.append(RedFlag(code="regressed", text=f"Regression on {r.criterion}: "
                                 f"{r.explanation.text}", evidence=r.explanation.evidence))
    declined = [r for r in results if r.missing is MissingState.ACTOR_DECLINED]
    if declined:
        flags.append(RedFlag(code="declined", text=f"{name} declined to provide information: "
                             f"{declined[0].explanation.text}",
                             evidence=declined[0].explanation.evidence))
    # Not for a refusal (flagged above) nor for a request still pending.
    silent = [r for r in results if r.explanation.basis == "rule:reply_received"
              and r.level is Level.NOT_MET]
    if silent:
        flags.append(RedFlag(code="no-reply", text=f"{name} did not answer: "
                             f"{silent[0].explanation.text}",
                             evidence=silent[0].explanation.evidence))
    return flags


def score_actor_v2(catalog: Catalog, snapshot: Snapshot, actor_id: str, period: Period,
                   m: Methodology, *, as_of: date | None = None,
                   with_change: bool = True, cache: ScopeCache | None = None) -> Scorecard:
    assert m.v2 is not None
    as_of = min(as_of or period.end, period.end)
    ev = snapshot.evidence_for(actor_id, include_drafts=False)
    actor = ev.actor
    plan = m.kinds[actor.kind]
    weights = {p.id: p.weight for p in plan.pillars}
    pairs = criteria_for(actor, snapshot, catalog, m, cache)
    acts = [a for a in ev.acts if act_in_period(a, period)]
    members = members_of(snapshot, actor_id)
    scored = _score_criteria(catalog, snapshot, ev, period, m, as_of, pairs, acts,
                             members=members)
    totals = aggregate(scored.items, weights)
    pillars = []
    for p in plan.pillars:
        ps = totals.pillars[p.id]
        pillars.append(PillarResult(
            pillar=p.id, label=p.label, weight=p.weight, score=_r(ps.score),
            coverage=round(ps.coverage, 3), criteria=ps.applicable,
            band=_pillar_band(ps.score, ps.coverage, ps.applicable, m)))
    weighted = [p for p in pillars if p.weight > 0 and p.band != NOT_APPLICABLE]
    short = [p for p in weighted if p.band == m.v2.insufficient_label]
    adjustment = (conduct.deduction(conduct.counting(acts, m), members, m, actor.name)
                  if plan.conduct_deduction and m.monitored(period.start, period.end) else None)
    total = before = None
    reason = None
    if not weighted:
        reason = "no pillar applies to this actor in the period"
    elif short:
        reason = (f"{m.v2.insufficient_label}: " + ", ".join(
            f"{p.label} {_pct(p.coverage)}" for p in short)
            + f" assessed; every weighted pillar needs {_pct(m.coverage_threshold)}")
    else:
        before = sum((totals.pillars[p.pillar].score or 0.0) * p.weight for p in weighted) \
            / sum(p.weight for p in weighted)
        total = max(0.0, before - adjustment.points) if adjustment else before
    band = m.v2.band(total) if total is not None else None
    allegations = conduct.allegations(acts, members, m)
    by_rec: dict[str, list[CriterionResult]] = {}
    for result in scored.results:
        by_rec.setdefault(result.recommendation, []).append(result)
    recs = {rec.id: rec for rec, _ in pairs}  # not catalog.by_id: a new dict on each call
    kept = adjustment if (adjustment and total is not None) else None
    card_pillars = pillars
    return Scorecard(
        actor=actor.id, actor_name=actor.name, actor_kind=actor.kind,
        period=period.label, methodology_version=m.version, snapshot_hash=snapshot.hash,
        total=_r(total), total_before_adjustment=_r(before) if kept else None,
        adjustment=kept, total_reason=reason, coverage=round(totals.coverage, 3),
        pillars=card_pillars,
        recommendations=[RecommendationResult(
            recommendation=rec_id, addressee=recs[rec_id].addressee.value,
            number=recs[rec_id].number, text=recs[rec_id].text,
            score=_r(totals.recommendations.get(rec_id)), criteria=results)
            for rec_id, results in by_rec.items()],
        red_flags=conduct.red_flags(acts, members, m, actor.name, period)
        + _flags(scored.results, actor.name),
        change=_change(catalog, snapshot, ev, period, m, scored, weights, pairs, members)
        if with_change else None,
        headline=headline(
            replies_v2.summary(scored.inquiries, m.rules.deadline_days, as_of),
            standing(_r(total), band, card_pillars, kept, allegations,
                     m.v2.insufficient_label)),
        band=band, allegations=allegations,
        requests=requests_v2(scored.inquiries, m),
    )


def scored_ids(catalog: Catalog, snapshot: Snapshot, m: Methodology,
               cache: ScopeCache | None = None, among: Collection[str] | None = None
               ) -> list[str]:
    """The actors scored, in id order (`among`: of these only)."""
    ids = sorted(snapshot.actors) if among is None else sorted(
        a for a in among if a in snapshot.actors)
    return [a for a in ids
            if not_scored_reason(snapshot.actors[a], snapshot, catalog, m, cache) is None]


def score_all_v2(catalog: Catalog, snapshot: Snapshot, period: Period, m: Methodology, *,
                 as_of: date | None = None,
                 only: Collection[str] | None = None) -> list[Scorecard]:
    """`only`: score just these of the scored actors (the others' cards are known)."""
    cache = ScopeCache()  # actors alike (kind, roles, addressee) share their criteria
    with gc_paused():
        return [score_actor_v2(catalog, snapshot, a, period, m, as_of=as_of, cache=cache)
                for a in scored_ids(catalog, snapshot, m, cache)
                if only is None or a in only]


def not_scored(catalog: Catalog, snapshot: Snapshot, m: Methodology) -> list[NotScored]:
    out = []
    for actor_id in sorted(snapshot.actors):
        actor = snapshot.actors[actor_id]
        reason = not_scored_reason(actor, snapshot, catalog, m)
        if reason is not None:
            out.append(NotScored(actor=actor.id, actor_name=actor.name,
                                 actor_kind=actor.kind, reason=reason))
    return out


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, ROUND)
