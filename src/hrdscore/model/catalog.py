"""The report and its recommendations, turned into assessable criteria."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from hrdscore.model.base import (
    BoundedDate,
    BoundedYear,
    Citation,
    Id,
    Line,
    NonEmptyStr,
    NonEmptyText,
    Record,
    Text,
)
from hrdscore.model.vocab import (
    ActorKind,
    AddresseeGroup,
    CriterionKind,
    Instrument,
    Scale,
)


class Report(Record):
    id: Id
    title: NonEmptyStr
    publishers: list[NonEmptyStr] = Field(min_length=1)
    published_on: BoundedDate | None = Field(
        default=None, description="Exact date when known; otherwise leave empty and set year."
    )
    published_year: BoundedYear
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2}$")]] = Field(min_length=1)
    period_start: BoundedDate | None = None
    period_end: BoundedDate | None = None
    source: Id = Field(description="Id of the Source record holding the report's text.")
    summary: Text | None = None

    @model_validator(mode="after")
    def _period_in_order(self) -> Report:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")
        return self


class InstrumentRef(Record):
    instrument: Instrument
    provision: Line | None = Field(
        default=None, description="Article, principle or paragraph, e.g. 'Principle 26'."
    )


class RuleAssessment(Record):
    """Assessed by a named rule over evidence, with parameters."""

    method: Literal["rule"] = "rule"
    rule: Id = Field(description="Name of a rule in the scoring registry.")
    params: dict[str, Any] = Field(default_factory=dict)


class JudgementAssessment(Record):
    """Assessed by an analyst's judgement on a stated scale, following the guidance."""

    method: Literal["judgement"] = "judgement"
    scale: Scale
    guidance: NonEmptyText = Field(description="What each level means for this criterion.")


AssessmentMethod = Annotated[RuleAssessment | JudgementAssessment, Field(discriminator="method")]


class Criterion(Record):
    id: Id
    statement: NonEmptyText = Field(description="A statement a person could check.")
    kind: CriterionKind
    pillar: Id = Field(description="Pillar id in the methodology, e.g. 'responsiveness'.")
    weight: float = Field(default=1.0, gt=0, le=100)
    assessed_by: AssessmentMethod
    # One string type (not a union) so the published JSON Schema stays unambiguous; the
    # names are checked against the kinds, roles and actors by `hrdscore validate`.
    applies_to: list[Id] | None = Field(
        default=None,
        description="Actor kinds (e.g. company), roles (e.g. law_enforcement) or actor ids "
        "assessed; empty means the addressee group's default kinds.",
    )

    def kinds(self) -> list[ActorKind] | None:
        """The actor kinds named in applies_to; None when it names none (roles and actors
        are read by methodology 2 only, so version 1 scores as it always did)."""
        if self.applies_to is None:
            return None
        kinds = [ActorKind(x) for x in self.applies_to if x in _KIND_CODES]
        return kinds or None


_KIND_CODES = frozenset(k.value for k in ActorKind)


class Recommendation(Record):
    """One recommendation of a report, quoted verbatim, with the criteria that make it
    assessable."""

    id: Id
    report: Id
    addressee: AddresseeGroup
    addressee_as_printed: NonEmptyStr
    number: int = Field(ge=1, le=999, description="Number as printed within its addressee group.")
    text: NonEmptyText = Field(description="The recommendation, quoted from the report.")
    citation: Citation
    themes: list[Id] = Field(default_factory=list)
    instruments: list[InstrumentRef] = Field(default_factory=list)
    criteria: list[Criterion] = Field(min_length=1)
    # Links across reports (any loaded catalog): the same ask made again, or a new ask that
    # develops an earlier one. Checked against the whole catalog set.
    reiterates: list[Id] | None = Field(
        default=None, description="Ids of earlier recommendations this one repeats.")
    builds_on: list[Id] | None = Field(
        default=None, description="Ids of earlier recommendations this one develops.")

    @model_validator(mode="after")
    def _criteria_ids_are_scoped(self) -> Recommendation:
        for criterion in self.criteria:
            if not criterion.id.startswith(self.id + "."):
                raise ValueError(
                    f"criterion id {criterion.id!r} must start with {self.id + '.'!r}"
                )
        return self


class RecommendationFile(Record):
    """One YAML file of recommendations: shared defaults plus the list."""

    recommendations: list[Recommendation]
