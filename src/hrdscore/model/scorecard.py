"""Scorecard result types: what scoring produces and every renderer reads."""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from typing import Any

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer

from hrdscore.errors import HrdscoreError
from hrdscore.model.base import Id, Record
from hrdscore.model.vocab import ActorKind, Level, MissingState, ReplySubstance

# The one period grammar, used by the CLI, the API and every module that reads a period:
# a year, or two years joined by a hyphen, an en dash or a slash (as spreadsheets write them).
_PERIOD = re.compile(r"\s*(\d{4})\s*(?:[-/–]\s*(\d{4}))?\s*")
FIRST_YEAR, LAST_YEAR = 1900, 2100


class PeriodError(HrdscoreError):
    """A period written in a form hrdscore does not read."""


class Period(Record):
    """A calendar year or a range of years, inclusive."""

    start_year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    end_year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)

    # Cached: scoring asks for them hundreds of thousands of times.
    @cached_property
    def start(self) -> date:
        return date(self.start_year, 1, 1)

    @cached_property
    def end(self) -> date:
        return date(self.end_year, 12, 31)

    @property
    def label(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}-{self.end_year}"

    @classmethod
    def parse(cls, text: str) -> Period:
        """'2021', '2016-2020', '2016–2020' or '2016/2020' as a period.

        >>> Period.parse("2016/2020").label
        '2016-2020'
        """
        match = _PERIOD.fullmatch(text)
        if not match:
            raise PeriodError(f"period {text!r}: give a year (2021) or a range of years "
                              "(2016-2020)")
        start = int(match.group(1))
        end = int(match.group(2) or start)
        if end < start:
            raise PeriodError(f"period {text!r}: the range ends before it starts")
        if not (FIRST_YEAR <= start <= LAST_YEAR and FIRST_YEAR <= end <= LAST_YEAR):
            raise PeriodError(f"period {text!r}: years must be between {FIRST_YEAR} and "
                              f"{LAST_YEAR}")
        return cls(start_year=start, end_year=end)

    def previous(self) -> Period:
        length = self.end_year - self.start_year + 1
        return Period(start_year=self.start_year - length, end_year=self.end_year - length)


class Explanation(Record):
    basis: str = Field(description="'rule:<name>' or 'assessment:<id>' or 'missing'.")
    evidence: list[Id] = Field(default_factory=list)
    text: str = Field(description="One sentence a reader understands.")


class OtherAssessment(Record):
    """An assessment shown beside the scoring one (a self-report, a UN body's finding)."""

    assessment: Id
    assessor: str
    as_of: date
    level: Level | None = None
    missing: MissingState | None = None
    self_assessment: bool = False


class CriterionResult(Record):
    criterion: Id
    recommendation: Id
    statement: str
    pillar: Id
    weight: float
    level: Level | None = None
    missing: MissingState | None = None
    points: float | None = Field(default=None, description="0-100, None when excluded.")
    explanation: Explanation
    other_assessments: list[OtherAssessment] = Field(
        default_factory=list, description="Methodology 2: other assessors' findings, shown.")


class RecommendationResult(Record):
    recommendation: Id
    addressee: str
    number: int
    text: str
    score: float | None
    criteria: list[CriterionResult]


class PillarResult(Record):
    pillar: Id
    label: str
    weight: float
    score: float | None
    coverage: float
    criteria: int = Field(description="Criteria of the pillar that apply to the actor.")
    band: str | None = Field(default=None, description="Methodology 2: the result in words.")


class RedFlag(Record):
    code: Id
    text: str
    evidence: list[Id] = Field(default_factory=list)


class Adjustment(Record):
    """The capped deduction for acts against defenders, shown before and after."""

    points: float = Field(ge=0, description="Points taken off the total.")
    uncapped: float = Field(ge=0)
    cap: float
    acts: list[Id]
    text: str


class Allegation(Record):
    """An act against defenders that does not lower the score (reported by one source, or
    disputed), listed with the actor's response if any."""

    act: Id
    status: str = Field(description="'alleged' or 'disputed'.")
    text: str
    response: str


class Change(Record):
    previous_period: str
    previous_total: float | None
    delta: float | None
    criteria_compared: int
    comparable: bool = True
    note: str | None = None


class RequestResult(Record):
    """One information request of the period as scoring judged it: what the responsiveness
    criteria rest on, carried on the card so renderers show it without working it out again."""

    inquiry: Id
    reference: str | None = None
    sent_on: date | None = None
    sent_year: int | None = None
    received_on: date | None = Field(default=None, description="When the actor received it.")
    deadline_days: int
    replied_on: date | None = Field(default=None,
                                    description="The written reply the deadline is judged by.")
    days: int | None = None
    counted_from: str | None = Field(default=None, description="'letter' or 'receipt'.")
    status: str = Field(description="on_time, probably_on_time, late, no_reply, unknown, or "
                                    "pending (the deadline has not passed yet).")
    text: str = Field(description="The judgement in one sentence.")
    substance: ReplySubstance
    verbal_on: date | None = Field(default=None, description="A verbal reply, if any.")
    declined: bool = Field(default=False, description="Declined to reply when called.")


class NotScored(Record):
    """An actor listed, never ranked, with the reason it is not scored."""

    actor: Id
    actor_name: str
    actor_kind: ActorKind
    reason: str


class Scorecard(Record):
    """One actor's results for a period: pillars, recommendations and criteria, each
    explained, with the methodology version and the evidence hash they come from."""

    actor: Id
    actor_name: str
    actor_kind: ActorKind
    period: str
    methodology_version: str
    snapshot_hash: str
    total: float | None
    total_before_adjustment: float | None = None
    adjustment: Adjustment | None = None
    total_reason: str | None = Field(
        default=None, description="Why total is empty, e.g. 'insufficient evidence'."
    )
    coverage: float
    pillars: list[PillarResult]
    recommendations: list[RecommendationResult]
    red_flags: list[RedFlag] = Field(default_factory=list)
    change: Change | None = None
    # Methodology 2 and later.
    headline: str | None = Field(default=None, description="One or two plain sentences.")
    band: str | None = Field(default=None, description="The total in words.")
    allegations: list[Allegation] = Field(default_factory=list)
    requests: list[RequestResult] = Field(
        default_factory=list, description="The information requests of the period, each as "
        "scoring judged it (the evidence of the responsiveness criteria).")

    @model_serializer(mode="wrap")
    def _v1_shape(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """A methodology 1 scorecard serialises exactly as before methodology 2 added its
        fields, so published version 1 scorecards are reproduced byte for byte."""
        data: dict[str, Any] = handler(self)
        if not self.methodology_version.startswith("1."):
            return data
        for key in ("headline", "band", "allegations", "requests"):
            data.pop(key, None)
        for pillar in data.get("pillars", []):
            pillar.pop("band", None)
        for rec in data.get("recommendations", []):
            for criterion in rec.get("criteria", []):
                criterion.pop("other_assessments", None)
        if isinstance(data.get("change"), dict):
            data["change"].pop("comparable", None)
            data["change"].pop("note", None)
        return data
