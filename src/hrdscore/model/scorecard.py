"""Scorecard result types: what scoring produces and every renderer reads."""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property

from pydantic import Field

from hrdscore.errors import HrdscoreError
from hrdscore.model.base import Id, Record
from hrdscore.model.vocab import ActorKind, Level, MissingState

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


class Change(Record):
    previous_period: str
    previous_total: float | None
    delta: float | None
    criteria_compared: int


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
