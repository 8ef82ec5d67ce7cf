"""The scoring methodology as data (scorecards/methodology-v*.yaml), and its checks against the
catalog. Everything a scorecard's numbers depend on is here, under a version."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import Field, ValidationError, model_validator

from hrdscore.datafiles import error_location
from hrdscore.errors import InvalidData, Problem
from hrdscore.methodology_v2 import JUSTIFIED, Justification, V2Params
from hrdscore.model import Recommendation
from hrdscore.model.base import Id, NonEmptyStr, NonEmptyText, Record
from hrdscore.model.vocab import (
    SCALE_LEVELS,
    ActorKind,
    ActorRole,
    ActType,
    AddresseeGroup,
    InvolvementRole,
    Level,
    MissingState,
    RecourseType,
    ReplySubstance,
    Scale,
)

Weight = Annotated[float, Field(ge=0, le=100)]


class Pillar(Record):
    id: Id
    label: NonEmptyStr
    weight: Weight
    description: str | None = None


class KindPlan(Record):
    """What applies to one kind of actor."""

    addressees: list[AddresseeGroup] = Field(min_length=1)
    include_criteria: list[Id] = Field(
        default_factory=list, description="Criteria of other addressee groups that apply too."
    )
    exclude_criteria: list[Id] = Field(default_factory=list)
    pillars: list[Pillar] = Field(min_length=1)
    conduct_deduction: bool = Field(
        default=False, description="Apply the capped deduction for acts against defenders."
    )

    @model_validator(mode="after")
    def _pillars_unique(self) -> KindPlan:
        ids = [p.id for p in self.pillars]
        if len(ids) != len(set(ids)):
            raise ValueError("pillar ids must be unique within a kind")
        return self


class MonitoringSpan(Record):
    start: date
    end: date
    source: Id
    complete: bool = Field(
        description="True when every monitored act of the span is recorded act by act; then "
        "no recorded act means none happened. False when only some are (a sample).")
    note: str | None = None


class RuleParams(Record):
    """Parameters of the named rules (see hrdscore.scoring.rules)."""

    deadline_days: int = Field(default=15, ge=1)
    # When only the letter date is known, a reply this many days past the deadline counted from
    # the letter may still be on time from receipt: counted as 'partial', and said so.
    grace_days_when_receipt_unknown: int = Field(default=3, ge=0)
    substance_levels: dict[ReplySubstance, Level]
    severity: dict[ActType, float] = Field(description="Weight of each act type; default 1.")
    default_severity: float = 1.0
    role_weights: dict[InvolvementRole, float]
    alleged_factor: float = Field(ge=0, le=1, description="Weight of an alleged involvement.")
    red_flag_severity: float = Field(description="Acts at least this severe raise a red flag.")
    deduction_per_severity: float = Field(ge=0)
    deduction_cap: float = Field(ge=0, le=100)
    recourse_met_share: float = Field(ge=0, le=1)
    response_recourses: dict[ActorKind, list[RecourseType]]


class Methodology(Record):
    """The scoring methodology as published: what applies to whom, weights, points,
    thresholds and rule parameters, under a version."""

    kind: str = Field(pattern="^methodology$")
    version: NonEmptyStr
    released_on: date
    report: Id
    summary: NonEmptyText
    coverage_threshold: float = Field(ge=0, le=1)
    points: dict[Level, float]
    missing_points: dict[MissingState, float | None]
    kinds: dict[ActorKind, KindPlan]
    rules: RuleParams
    incident_monitoring: list[MonitoringSpan] = Field(
        min_length=1, description="Periods in which incidents were monitored."
    )
    v2: V2Params | None = Field(default=None, description="Methodology 2 and later.")
    justifications: dict[str, Justification] = Field(
        default_factory=dict, description="Parameter path -> rationale and source.")

    @property
    def is_v2(self) -> bool:
        return self.v2 is not None

    @property
    def band_labels(self) -> tuple[str, ...]:
        """The band words, highest band first; none under methodology 1."""
        return tuple(b.label for b in self.v2.bands) if self.v2 else ()

    @model_validator(mode="after")
    def _justified(self) -> Methodology:
        if self.v2 is None:
            return self
        missing = [p for p in JUSTIFIED if p not in self.justifications]
        if missing:
            raise ValueError(f"justifications missing for: {', '.join(missing)}")
        unknown = sorted(set(self.justifications) - set(JUSTIFIED))
        if unknown:
            raise ValueError(f"justifications for unknown parameters: {', '.join(unknown)}")
        return self

    @model_validator(mode="after")
    def _complete(self) -> Methodology:
        missing = [level.value for level in Level if level not in self.points]
        if missing:
            raise ValueError(f"points missing for levels: {', '.join(missing)}")
        scored = {MissingState.NO_EVIDENCE_FOUND, MissingState.ACTOR_DECLINED}
        for state in MissingState:
            value = self.missing_points.get(state)
            if (state in scored) != (value is not None):
                raise ValueError(
                    f"missing_points: {state.value} must be "
                    f"{'a number' if state in scored else 'null (excluded)'}"
                )
        return self

    def monitoring(self, start: date, end: date) -> MonitoringSpan | None:
        """The monitoring span covering the whole of [start, end], if any."""
        for span in self.incident_monitoring:
            if span.start <= start and end <= span.end:
                return span
        return None

    def monitored(self, start: date, end: date) -> bool:
        return self.monitoring(start, end) is not None

    def severity(self, act_type: ActType) -> float:
        return self.rules.severity.get(act_type, self.rules.default_severity)


def parse_methodology(raw: Any, file: str) -> Methodology:
    try:
        return Methodology.model_validate(raw)
    except ValidationError as exc:
        raise InvalidData([
            Problem(file, err["msg"], record="methodology", field=error_location(err["loc"]))
            for err in exc.errors(include_url=False)
        ]) from exc


def load_methodology(path: Path) -> Methodology:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidData([Problem(str(path), f"not valid YAML: {exc}")]) from exc
    return parse_methodology(raw, str(path))


def latest_methodology_path(directory: Path) -> Path:
    """The methodology file with the highest version number in `directory`."""
    candidates = sorted(directory.glob("methodology-v*.yaml"),
                        key=lambda p: [int(x) for x in p.stem.split("-v")[1].split(".")
                                       if x.isdigit()])
    if not candidates:
        raise InvalidData([Problem(str(directory), "no methodology-v*.yaml file")])
    return candidates[-1]


def check_methodology(m: Methodology, recommendations: list[Recommendation],
                      rule_names: set[str], file: str,
                      known_actors: set[str] | None = None) -> list[Problem]:
    """Cross-checks against the catalog: every criterion id and rule known, every criterion
    that applies to a kind has a pillar of that kind, judgement scales have points."""
    problems: list[Problem] = []
    criteria = {c.id: (r, c) for r in recommendations for c in r.criteria}
    if recommendations and m.report not in {r.report for r in recommendations}:
        problems.append(Problem(file, f"unknown report {m.report!r}", "methodology", "report"))
    for kind, plan in m.kinds.items():
        where = f"kinds.{kind.value}"
        for cid in [*plan.include_criteria, *plan.exclude_criteria]:
            if cid not in criteria:
                problems.append(Problem(file, f"unknown criterion {cid!r}", where, "criteria"))
        pillars = {p.id for p in plan.pillars}
        for _rec, criterion in applicable_criteria(m, recommendations, kind):
            if criterion.pillar not in pillars:
                problems.append(Problem(
                    file, f"criterion {criterion.id!r} counts towards pillar "
                    f"{criterion.pillar!r}, which {kind.value} has not got", where, "pillars"))
            if (criterion.assessed_by.method == "rule"
                    and criterion.assessed_by.rule not in rule_names):
                problems.append(Problem(
                    file, f"criterion {criterion.id!r} names unknown rule "
                    f"{criterion.assessed_by.rule!r}", where, "criteria"))
    names = {k.value for k in ActorKind} | {r.value for r in ActorRole}
    for _rec, criterion in criteria.values():
        unknown = [n for n in criterion.applies_to or [] if n not in names
                   and known_actors is not None and n not in known_actors]
        if unknown:
            problems.append(Problem(file, f"criterion {criterion.id!r} applies to unknown "
                                    f"kind, role or actor {', '.join(unknown)}", "methodology",
                                    "applies_to"))
    for scale in Scale:
        for level in SCALE_LEVELS[scale]:
            if level not in m.points:
                problems.append(Problem(file, f"no points for {level.value}", "methodology",
                                        "points"))
    return problems


def applicable_criteria(
    m: Methodology, recommendations: list[Recommendation] | tuple[Recommendation, ...],
    kind: ActorKind,
) -> list[tuple[Recommendation, Any]]:
    """(recommendation, criterion) pairs scored for actors of this kind, in catalog order."""
    plan = m.kinds.get(kind)
    if plan is None:
        return []
    out = []
    for rec in recommendations:
        for criterion in rec.criteria:
            kinds = criterion.kinds()
            by_group = rec.addressee in plan.addressees and (kinds is None or kind in kinds)
            if (by_group or criterion.id in plan.include_criteria) and (
                    criterion.id not in plan.exclude_criteria):
                out.append((rec, criterion))
    return out
