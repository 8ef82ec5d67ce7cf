"""Evidence: actors, inquiries and replies, incidents against defenders, assessments, sources.

Incidents follow the HURIDOCS events format: an event groups acts; one act is one threat (one
victim x one act type x one date). Victims are pseudonymous; a real identity may be kept only in
the confidential `identity` field, which no public output ever carries.
"""

from __future__ import annotations

from typing import Annotated, Literal

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
    Url,
)
from hrdscore.model.identifying import Consent, IdentifyingLine, IdentifyingText
from hrdscore.model.vocab import (
    ActorKind,
    ActorRole,
    ActType,
    Confidentiality,
    DatePrecision,
    FollowUpOutcome,
    Gender,
    InvolvementRole,
    Level,
    MissingState,
    RecourseType,
    ReplyMode,
    ReplySubstance,
    ReviewState,
    SourceCategory,
    VerificationStatus,
    VictimKind,
)
from hrdscore.model.vocab import Field as ActivityField

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
# The law gives 15 days, extendable; a deadline over a year is a typo.
MAX_DEADLINE_DAYS = 365


class Actor(Record):
    """A company, state body, civil-society or international body that can be scored."""

    id: Id
    name: NonEmptyStr = Field(description="Name in its original spelling, Kazakh letters kept.")
    aliases: list[NonEmptyStr] = Field(default_factory=list)
    kind: ActorKind
    sector: ActivityField | None = None
    parent: Id | None = Field(default=None, description="Parent actor this one rolls up to.")
    roles: list[ActorRole] = Field(
        default_factory=list, description="What a state body does (criteria name roles).")
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = "KZ"
    huridocs_perpetrator_type: Annotated[str, Field(pattern=r"^\d{12}$")] | None = None
    website: Url | None = None
    notes: Text | None = None
    citations: list[Citation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_own_parent(self) -> Actor:
        if self.parent == self.id:
            raise ValueError("an actor cannot be its own parent")
        return self


class FollowUp(Record):
    """A contact after the letter (a phone call, a visit) and what it produced."""

    on: BoundedDate | None = None
    channel: Literal["phone", "visit", "email", "other"] = "phone"
    outcome: FollowUpOutcome
    note: Text | None = None


class Inquiry(Record):
    """An information request sent to an actor."""

    id: Id
    actor: Id
    reference: Line | None = Field(
        default=None, description="Outgoing reference number; empty when the source gives none."
    )
    sent_on: BoundedDate | None = Field(
        default=None, description="Date of the letter; empty when the source gives none."
    )
    sent_year: BoundedYear | None = Field(
        default=None,
        description="Year the letter was sent, when the exact date is unknown.",
    )
    received_on: BoundedDate | None = Field(
        default=None,
        description="Date the actor received it; the legal deadline runs from this date.",
    )
    deadline_days: int = Field(
        default=15,
        ge=1,
        le=MAX_DEADLINE_DAYS,
        description="Calendar days to answer (Law 'On Access to Information', art. 11(10)).",
    )
    subject: Text | None = None
    follow_ups: list[FollowUp] = Field(default_factory=list)
    citations: list[Citation] = Field(min_length=1)
    missing_reason: Text | None = Field(
        default=None, description="Why reference or date are unknown, when they are."
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Inquiry:
        if self.sent_on and self.received_on and self.received_on < self.sent_on:
            raise ValueError("received_on is before sent_on")
        if (self.sent_on is None or self.reference is None) and not self.missing_reason:
            raise ValueError("missing_reason is required when reference or sent_on is unknown")
        if self.sent_on and self.sent_year and self.sent_on.year != self.sent_year:
            raise ValueError("sent_year differs from the year of sent_on")
        return self

    @property
    def year(self) -> int | None:
        """The year the letter was sent, exact or as recorded."""
        return self.sent_on.year if self.sent_on else self.sent_year


class Reply(Record):
    """What came back to an information request: when, how, and how much it answered."""

    id: Id
    inquiry: Id
    received_on: BoundedDate
    mode: ReplyMode = ReplyMode.WRITTEN
    reference: Line | None = None
    signatory_role: Line | None = Field(
        default=None, description="The signatory's position, e.g. 'Technical Director'."
    )
    substance: ReplySubstance
    excerpt: Text | None = Field(
        default=None, description="A short excerpt; names of private persons withheld."
    )
    weak: bool = Field(
        default=False, description="Analyst's flag: the answer is weak and tangential.")
    citations: list[Citation] = Field(min_length=1)


class Involvement(Record):
    """Links an act to a perpetrator."""

    actor: Id | None = Field(default=None, description="Empty when the perpetrator is unknown.")
    source_category: SourceCategory | None = Field(
        default=None, description="Needed when actor is empty; otherwise taken from the actor."
    )
    role: InvolvementRole
    alleged: bool = Field(default=False, description="True when attributed only by the victim.")

    @model_validator(mode="after")
    def _someone(self) -> Involvement:
        if self.actor is None and self.source_category is None:
            raise ValueError("an involvement needs an actor or a source_category")
        return self


class Place(Record):
    region: NonEmptyStr | None = None
    city: NonEmptyStr | None = None


class Victim(Record):
    id: Id = Field(description="A pseudonym code, e.g. 'v-0001'. Never a name.")
    kind: VictimKind
    gender: Gender | None = Field(default=None, description="For persons only.")
    hrd_category: Line | None = Field(default=None, description="e.g. trade unionist, journalist")
    identity: IdentifyingLine | None = Field(
        default=None,
        description="CONFIDENTIAL: real identity, kept only for the monitor; never published. "
        "Stored encrypted (see `hrdscore identity-key`).",
    )
    contact: IdentifyingLine | None = Field(
        default=None, description="CONFIDENTIAL: how to reach the person; stored encrypted.")
    consent: Consent | None = Field(
        default=None, description="The person's consent to be named; none recorded = none.")

    @model_validator(mode="after")
    def _gender_for_persons(self) -> Victim:
        if self.kind is VictimKind.LEGAL_ENTITY and self.gender not in (None, Gender.UNKNOWN):
            raise ValueError("a legal entity has no gender")
        return self


class Act(Record):
    """One threat: one victim x one act type x one date."""

    id: Id
    victim: Id
    type: ActType
    date: BoundedDate
    date_precision: DatePrecision = DatePrecision.DAY
    date_end: BoundedDate | None = Field(
        default=None, description="Last day of an ongoing act, or of the range when imprecise."
    )
    fields: list[ActivityField] = Field(min_length=1)
    primary_field: ActivityField
    place: Place | None = None
    involvements: list[Involvement] = Field(default_factory=list)
    verification: VerificationStatus = VerificationStatus.REPORTED
    description: IdentifyingText | None = Field(
        default=None, description="CONFIDENTIAL: what happened, for the monitor (it may name "
        "the victim, a relative, a village); stored encrypted.")
    public_summary: Text | None = Field(
        default=None, description="What public outputs may print of this act, written and "
        "reviewed by an editor: month, region, type of act, the actor's alleged role; no "
        "persons, family members, villages or exact dates.")

    @model_validator(mode="after")
    def _consistent(self) -> Act:
        if self.primary_field not in self.fields:
            raise ValueError("primary_field must be one of fields")
        if self.date_end is not None and self.date_end < self.date:
            raise ValueError("date_end is before date")
        if self.date_precision is DatePrecision.RANGE and self.date_end is None:
            raise ValueError("a date range needs date_end")
        return self


class Recourse(Record):
    """A positive resolution that remedies one or more acts."""

    id: Id
    type: RecourseType
    date: BoundedDate
    date_precision: DatePrecision = DatePrecision.DAY
    date_end: BoundedDate | None = Field(
        default=None, description="End of the range when imprecise.")
    remedies: list[Id] = Field(min_length=1, description="Ids of the acts it remedies.")
    description: IdentifyingText | None = Field(
        default=None, description="CONFIDENTIAL: how it came about, for the monitor; stored "
        "encrypted.")

    @model_validator(mode="after")
    def _range(self) -> Recourse:
        if self.date_end is not None and self.date_end < self.date:
            raise ValueError("date_end is before date")
        if self.date_precision is DatePrecision.RANGE and self.date_end is None:
            raise ValueError("a date range needs date_end")
        return self


class Incident(Record):
    """An event: a group of acts that belong together."""

    id: Id
    title: NonEmptyStr = Field(description="Public title: must not single out a victim.")
    summary: IdentifyingText | None = Field(
        default=None, description="CONFIDENTIAL: internal summary, for the monitor; stored "
        "encrypted.")
    public_summary: Text | None = Field(
        default=None, description="The only text of the incident public outputs print, "
        "written and reviewed by an editor: month, region, type of act, the actor's alleged "
        "role; no persons, family members, villages or exact dates. Publishing refuses an "
        "incident a scorecard cites without one.")
    confidentiality: Confidentiality = Confidentiality.PUBLIC
    place: Place | None = None
    victims: list[Victim] = Field(min_length=1)
    acts: list[Act] = Field(min_length=1)
    recourses: list[Recourse] = Field(default_factory=list)
    citations: list[Citation] = Field(min_length=1)

    @model_validator(mode="after")
    def _references_resolve(self) -> Incident:
        victim_ids = [v.id for v in self.victims]
        act_ids = [a.id for a in self.acts]
        problems = [f"duplicate victim id {v!r}" for v in _duplicates(victim_ids)]
        problems += [f"duplicate act id {a!r}" for a in _duplicates(act_ids)]
        known_victims, known_acts = set(victim_ids), set(act_ids)
        problems += [
            f"act {a.id!r} names unknown victim {a.victim!r}"
            for a in self.acts
            if a.victim not in known_victims
        ]
        problems += [
            f"recourse {r.id!r} remedies unknown act {act!r}"
            for r in self.recourses
            for act in r.remedies
            if act not in known_acts
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Assessment(Record):
    """An analyst's dated finding on one criterion for one actor."""

    id: Id
    criterion: Id
    actor: Id
    as_of: BoundedDate = Field(description="The date the finding describes the situation at.")
    level: Level | None = None
    missing: MissingState | None = Field(
        default=None, description="Instead of a level: why there is none."
    )
    rationale: NonEmptyText
    evidence: list[Id] = Field(default_factory=list, description="Ids of evidence records.")
    citations: list[Citation] = Field(default_factory=list)
    assessor: NonEmptyStr
    assessor_actor: Id | None = Field(
        default=None, description="The assessing organisation's actor id, when it is one.")
    self_assessment: bool = Field(
        default=False, description="The actor's statement about itself: shown, never scored.")
    review: ReviewState = ReviewState.DRAFT

    @model_validator(mode="after")
    def _level_or_missing(self) -> Assessment:
        if (self.level is None) == (self.missing is None):
            raise ValueError("give exactly one of level or missing")
        # An actor cannot be the judge of its own score: its statement is kept as a
        # self-assessment, shown beside the scoring one.
        if self.assessor_actor == self.actor and not self.self_assessment:
            raise ValueError(f"the assessor {self.assessor_actor!r} is the actor assessed: a "
                             "scoring assessment must come from someone else; mark it "
                             "self_assessment: true to keep it as a self-assessment")
        return self


class Source(Record):
    """A document backing evidence."""

    id: Id
    title: NonEmptyStr
    url: Url | None = None
    file: Line | None = Field(default=None, description="File name of the kept copy.")
    published_on: BoundedDate | None = None
    sha256: Sha256 | None = Field(default=None, description="SHA-256 of the kept copy.")
    public: bool = True
    language: Line | None = None


def _duplicates(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    dupes: list[str] = []
    for i in ids:
        if i in seen and i not in dupes:
            dupes.append(i)
        seen.add(i)
    return dupes
