"""The parameters methodology 2 adds to version 1: who is scored, bands, responsiveness per
inquiry, which acts count, which assessor scores and for how long, and a justification for
every parameter. A version 1 file has none of them and scores as it always did."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from hrdscore.model.base import Id, NonEmptyStr, Record
from hrdscore.model.vocab import ActorKind, ReplySubstance, VerificationStatus


class Band(Record):
    """A result in words: points at or above `min` (and below the next band up)."""

    label: NonEmptyStr
    min: float = Field(ge=0, le=100)
    meaning: NonEmptyStr


class Scope(Record):
    """Which actors of a kind the report addresses (and so are scored).

    all: every actor of the kind; inquiry: those sent an information request (the report
    addressed companies through its requests); country: those based in `country`; named:
    only the actors in `named`. Bodies that are not addressees are still scored on the
    criteria that name their role or their id."""

    rule: Literal["all", "inquiry", "country", "named"]
    named: list[Id] = Field(default_factory=list)
    country: str | None = None
    reason: NonEmptyStr = Field(description="Why the others of the kind are not scored.")


class Justification(Record):
    rationale: NonEmptyStr = Field(description="One sentence: why this value.")
    source: NonEmptyStr = Field(description="Where it comes from (the law, CHRB, RDR...).")


class ResponsivenessParams(Record):
    """Each inquiry is scored on its own and the inquiries of the period are averaged."""

    # Points per reply class on the substance criterion; the weak-and-tangential flag
    # multiplies them by weak_factor.
    substance_points: dict[ReplySubstance, float]
    weak_factor: float = Field(ge=0, le=1)
    # The contact criterion: a written reply on substance scores 100; an acknowledgement or
    # a verbal-only contact is contact, not substance.
    acknowledgement_contact_points: float = Field(ge=0, le=100)
    verbal_contact_points: float = Field(ge=0, le=100)
    # Whether a verbal reply's substance counts on the substance criterion, and by how much.
    verbal_substance_factor: float = Field(ge=0, le=1)
    # Timeliness: when only the letter date is known, a reply within the grace days past the
    # deadline is possibly on time and scores this.
    possibly_on_time_points: float = Field(ge=0, le=100)


class ConductParams(Record):
    # Only acts of these verification states lower a score; the others are allegations.
    counting_verification: list[VerificationStatus] = Field(min_length=1)
    # Rules whose criteria would count an act a second time beside the deduction: shown,
    # excluded from the pillars.
    counted_in_deduction: list[Id] = Field(default_factory=list)


class V2Params(Record):
    publishers: dict[Id, NonEmptyStr] = Field(
        description="Organisations that publish the scorecards: never scored, with why.")
    scope: dict[ActorKind, Scope]
    bands: list[Band] = Field(min_length=4, max_length=4)
    insufficient_label: NonEmptyStr = "insufficient evidence"
    scoring_assessor: Id = Field(description="The actor whose assessments score.")
    validity_months: int = Field(ge=1, le=120)
    responsiveness: ResponsivenessParams
    conduct: ConductParams
    # Right of reply: calendar days an actor has to answer its draft scorecard.
    reply_round_days: int = Field(default=14, ge=1, le=120)

    @model_validator(mode="after")
    def _bands_descend(self) -> V2Params:
        mins = [b.min for b in self.bands]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            raise ValueError("bands must be listed from the highest minimum down, no ties")
        if mins[-1] != 0:
            raise ValueError("the lowest band must start at 0")
        return self

    def band(self, points: float) -> str:
        for band in self.bands:
            if points >= band.min:
                return band.label
        return self.bands[-1].label


# Every parameter a v2 file must justify, as dotted paths into the file.
JUSTIFIED = (
    "coverage_threshold", "points", "missing_points", "kinds",
    "rules.deadline_days", "rules.grace_days_when_receipt_unknown", "rules.severity",
    "rules.default_severity", "rules.role_weights", "rules.alleged_factor",
    "rules.red_flag_severity", "rules.deduction_per_severity", "rules.deduction_cap",
    "rules.recourse_met_share", "rules.response_recourses", "incident_monitoring",
    "v2.publishers", "v2.scope", "v2.bands", "v2.scoring_assessor", "v2.validity_months",
    "v2.responsiveness.substance_points", "v2.responsiveness.weak_factor",
    "v2.responsiveness.acknowledgement_contact_points",
    "v2.responsiveness.verbal_contact_points", "v2.responsiveness.verbal_substance_factor",
    "v2.responsiveness.possibly_on_time_points", "v2.conduct.counting_verification",
    "v2.conduct.counted_in_deduction", "v2.reply_round_days",
)
