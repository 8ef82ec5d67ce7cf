"""Scoring one actor for one period: (catalog, snapshot, actor, period, methodology) ->
Scorecard. No I/O; the same inputs give the same scorecard."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from hrdscore.catalog import Catalog
from hrdscore.methodology import Methodology, applicable_criteria
from hrdscore.model import (
    Adjustment,
    Assessment,
    Change,
    Criterion,
    CriterionResult,
    Explanation,
    Period,
    PillarResult,
    Recommendation,
    RecommendationResult,
    RedFlag,
    RuleAssessment,
    Scorecard,
)
from hrdscore.model.vocab import ActorKind, Level, MissingState, ReviewState
from hrdscore.perf import gc_paused
from hrdscore.scoring.aggregate import ScoredCriterion, aggregate, common_totals
from hrdscore.scoring.engine_v2 import score_actor_v2, score_all_v2, scored_ids
from hrdscore.scoring.periods import act_in_period, fmt_date
from hrdscore.scoring.requests import requests_v1
from hrdscore.scoring.rules import (
    RULES,
    InquiryStatus,
    RuleInput,
    describe_acts,
    inquiry_statuses,
    involvement_of,
)
from hrdscore.snapshot.evidence import ActorEvidence, Snapshot
from hrdscore.snapshot.views import ActView

INSUFFICIENT = "insufficient evidence"
ROUND = 1


@dataclass(frozen=True)
class _Scored:
    results: list[CriterionResult]
    items: list[ScoredCriterion]
    statuses: tuple[InquiryStatus, ...] = ()


def _judge(criterion: Criterion, rec: Recommendation, ev: ActorEvidence, period: Period,
           explain: bool = True) -> tuple[Level | None, MissingState | None,
                                          Explanation | None]:
    """The latest published assessment's level; the explanation only when asked for."""
    latest: Assessment | None = None
    for a in ev.assessments:
        if (a.criterion == criterion.id and a.review is ReviewState.PUBLISHED
                and a.as_of <= period.end and (latest is None or (a.as_of, a.id)
                                               > (latest.as_of, latest.id))):
            latest = a
    if not explain:
        return (None, MissingState.NOT_ASSESSED, None) if latest is None else (
            latest.level, latest.missing, None)
    if latest is None:
        return None, MissingState.NOT_ASSESSED, Explanation(
            basis="missing", text=f"No published assessment of this criterion for "
            f"{ev.actor.name} on or before {fmt_date(period.end)}.")
    return latest.level, latest.missing, Explanation(
        basis=f"assessment:{latest.id}", evidence=[latest.id, *latest.evidence],
        text=f"{latest.rationale.rstrip('.')} (assessed as of {fmt_date(latest.as_of)} by "
        f"{latest.assessor}).")


CriteriaPlan = Mapping[ActorKind, list[tuple[Recommendation, Criterion]]]


def plan_for(catalog: Catalog, m: Methodology) -> CriteriaPlan:
    """The criteria that apply to each kind, worked out once for a batch of scorecards."""
    return {kind: applicable_criteria(m, catalog.recommendations, kind) for kind in m.kinds}


def _score_criteria(catalog: Catalog, snapshot: Snapshot, ev: ActorEvidence, period: Period,
                    m: Methodology, criteria: CriteriaPlan | None = None, *,
                    explain: bool = True) -> _Scored:
    """Every applicable criterion's result and aggregation item. With explain=False (the
    previous period: the change from it needs only the points) no result model is built;
    validating those models was a quarter of the time of `score_all`."""
    members = _members(snapshot, ev.actor.id)
    period_acts = tuple(a for a in ev.acts if act_in_period(a, period))
    statuses = tuple(inquiry_statuses(ev, period))
    results, items = [], []
    applicable = (criteria.get(ev.actor.kind, []) if criteria is not None
                  else applicable_criteria(m, catalog.recommendations, ev.actor.kind))
    for rec, criterion in applicable:
        method = criterion.assessed_by
        if isinstance(method, RuleAssessment):
            outcome = RULES[method.rule](RuleInput(ev, members, period, m, method.params,
                                                   period_acts, statuses))
            level, missing = outcome.level, outcome.missing
            explanation = (Explanation(basis=f"rule:{method.rule}",
                                       evidence=list(outcome.evidence), text=outcome.text)
                           if explain else None)
        else:
            level, missing, explanation = _judge(criterion, rec, ev, period, explain)
        points = m.points[level] if level is not None else (
            m.missing_points.get(missing) if missing is not None else None)
        if explanation is not None:
            results.append(CriterionResult(
                criterion=criterion.id, recommendation=rec.id, statement=criterion.statement,
                pillar=criterion.pillar, weight=criterion.weight, level=level,
                missing=missing, points=points, explanation=explanation))
        items.append(ScoredCriterion(
            criterion.id, rec.id, criterion.pillar, criterion.weight, points,
            applicable=missing is not MissingState.NOT_APPLICABLE))
    return _Scored(results, items, statuses)


def _members(snapshot: Snapshot, actor_id: str) -> dict[str, str]:
    """The actor first, then the bodies below it: id -> name."""
    return {i: snapshot.actors[i].name for i in snapshot.descendants(actor_id)
            if i in snapshot.actors}


def _adjustment(acts: Sequence[ActView], members: Mapping[str, str], m: Methodology,
                name: str) -> Adjustment | None:
    if not acts:
        return None
    rules = m.rules
    uncapped = 0.0
    for act in acts:
        role_weight = max(rules.role_weights.get(i.role, 1.0)
                          for i in act.involvements if i.actor in members)
        _, alleged = involvement_of(act, members)
        uncapped += (m.severity(act.type) * role_weight
                     * (rules.alleged_factor if alleged else 1.0) * rules.deduction_per_severity)
    points = min(uncapped, rules.deduction_cap)
    capped = " (capped)" if uncapped > rules.deduction_cap else ""
    return Adjustment(
        points=round(points, ROUND), uncapped=round(uncapped, ROUND), cap=rules.deduction_cap,
        acts=[a.id for a in acts],
        text=f"{round(points, ROUND):g} points{capped} taken off for {len(acts)} act(s) against "
             f"defenders involving {name}, weighted by severity and role: "
             f"{describe_acts(list(acts), members)}.")


def _red_flags(results: list[CriterionResult], acts: Sequence[ActView],
               members: Mapping[str, str], m: Methodology, name: str,
               period: Period) -> list[RedFlag]:
    flags: list[RedFlag] = []
    serious = [a for a in acts if m.severity(a.type) >= m.rules.red_flag_severity]
    if serious:
        flags.append(RedFlag(
            code="serious-acts",
            text=f"{name} was involved in {len(serious)} serious act(s) against defenders in "
                 f"{period.label}: {describe_acts(serious, members)}.",
            evidence=[a.id for a in serious]))
    for r in results:
        if r.level is Level.REGRESSED:
            flags.append(RedFlag(code="regressed", text=f"Regression on {r.criterion}: "
                                 f"{r.explanation.text}", evidence=r.explanation.evidence))
    declined = [r for r in results if r.missing is MissingState.ACTOR_DECLINED]
    if declined:
        flags.append(RedFlag(code="declined", text=f"{name} declined to provide information: "
                             f"{declined[0].explanation.text}",
                             evidence=declined[0].explanation.evidence))
    unanswered = [r for r in results if r.explanation.basis == "rule:reply_received"
                  and r.level is Level.NOT_MET]
    if unanswered:
        flags.append(RedFlag(code="no-reply", text=f"{name} did not answer in writing: "
                             f"{unanswered[0].explanation.text}",
                             evidence=unanswered[0].explanation.evidence))
    return flags


def score_actor(catalog: Catalog, snapshot: Snapshot, actor_id: str, period: Period,
                methodology: Methodology, *, with_change: bool = True,
                criteria: CriteriaPlan | None = None, as_of: date | None = None) -> Scorecard:
    """One actor's internal scorecard for a period, from a snapshot, under a methodology.

    as_of (methodology 2): the date the scoring describes; information requests whose
    deadline has not passed by then are pending. Defaults to the end of the period."""
    m = methodology
    if m.is_v2:
        return score_actor_v2(catalog, snapshot, actor_id, period, m, as_of=as_of,
                              with_change=with_change)
    ev = snapshot.evidence_for(actor_id, include_drafts=False)
    actor = ev.actor
    plan = m.kinds.get(actor.kind)
    pillar_weights = {p.id: p.weight for p in plan.pillars} if plan else {}
    scored = _score_criteria(catalog, snapshot, ev, period, m, criteria)
    totals = aggregate(scored.items, pillar_weights)
    members = _members(snapshot, actor_id)
    acts = [a for a in ev.acts if act_in_period(a, period)]
    adjustment = (_adjustment(acts, members, m, actor.name)
                  if plan and plan.conduct_deduction and m.monitored(period.start, period.end)
                  else None)
    total = before = totals.total
    reason = None
    if not scored.items:
        total, reason = None, f"no criteria apply to a {actor.kind.value}"
    elif totals.coverage < m.coverage_threshold:
        total = None
        reason = (f"{INSUFFICIENT}: {totals.coverage:.0%} of the applicable criteria are "
                  f"assessed; the methodology needs {m.coverage_threshold:.0%}")
    elif total is not None and adjustment is not None:
        total = max(0.0, total - adjustment.points)

    change = None
    length = period.end_year - period.start_year + 1
    if with_change and period.start_year - length >= 1900:
        prev = period.previous()
        prev_scored = _score_criteria(catalog, snapshot, ev, prev, m, criteria,
                                      explain=False)
        then, now, compared = common_totals(scored.items, prev_scored.items, pillar_weights)
        change = Change(previous_period=prev.label, previous_total=_r(then),
                        delta=_r(now - then) if now is not None and then is not None else None,
                        criteria_compared=compared)
    labels = {p.id: p.label for p in plan.pillars} if plan else {}
    by_rec: dict[str, list[CriterionResult]] = {}
    for result in scored.results:
        by_rec.setdefault(result.recommendation, []).append(result)
    recs = catalog.by_id
    return Scorecard(
        actor=actor.id, actor_name=actor.name, actor_kind=actor.kind,
        period=period.label, methodology_version=m.version, snapshot_hash=snapshot.hash,
        total=_r(total),
        total_before_adjustment=_r(before) if (adjustment and total is not None) else None,
        adjustment=adjustment if (adjustment and total is not None) else None,
        total_reason=reason, coverage=round(totals.coverage, 3),
        pillars=[PillarResult(pillar=p, label=labels[p], weight=w,
                              score=_r(totals.pillars[p].score),
                              coverage=round(totals.pillars[p].coverage, 3),
                              criteria=totals.pillars[p].applicable)
                 for p, w in pillar_weights.items()],
        recommendations=[RecommendationResult(
            recommendation=rec_id, addressee=recs[rec_id].addressee.value,
            number=recs[rec_id].number, text=recs[rec_id].text,
            score=_r(totals.recommendations.get(rec_id)), criteria=results)
            for rec_id, results in by_rec.items()],
        red_flags=_red_flags(scored.results, acts, members, m, actor.name, period),
        change=change,
        requests=requests_v1(list(scored.statuses), m),
    )


def score_all(catalog: Catalog, snapshot: Snapshot, period: Period, methodology: Methodology,
              *, kind: ActorKind | None = None, as_of: date | None = None,
              only: Collection[str] | None = None) -> list[Scorecard]:
    """Scorecards of every actor (of a kind) the methodology covers, in id order. Under
    methodology 2, only the actors it scores (see `not_scored`). `only`: just these of them."""
    if methodology.is_v2:
        return [c for c in score_all_v2(catalog, snapshot, period, methodology, as_of=as_of,
                                        only=only)
                if kind is None or c.actor_kind is kind]
    criteria = plan_for(catalog, methodology)
    with gc_paused():
        return [score_actor(catalog, snapshot, actor_id, period, methodology, criteria=criteria)
                for actor_id in scored_actor_ids(catalog, snapshot, methodology)
                if (kind is None or snapshot.actors[actor_id].kind is kind)
                and (only is None or actor_id in only)]


def scored_actor_ids(catalog: Catalog, snapshot: Snapshot, methodology: Methodology,
                     among: Collection[str] | None = None) -> list[str]:
    """The actors the methodology scores, in id order (whose cards `score_all` gives);
    `among`: of these only."""
    if methodology.is_v2:
        return scored_ids(catalog, snapshot, methodology, among=among)
    ids = sorted(snapshot.actors) if among is None else sorted(
        a for a in among if a in snapshot.actors)
    return [a for a in ids if snapshot.actors[a].kind in methodology.kinds]


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, ROUND)
