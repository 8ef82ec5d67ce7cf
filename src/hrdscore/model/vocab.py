"""Controlled vocabularies with stable codes.

Codes are the contract with data files, the API and other systems: never rename one, add a new
code and retire the old one instead. Where the field has an established code (HURIDOCS events
standard formats, UN follow-up grades, OGP IRM completion) the mapping lives next to ours.
"""

from __future__ import annotations

from enum import StrEnum


class AddresseeGroup(StrEnum):
    GOVERNMENT = "government"
    COMPANIES = "companies"
    CIVIL_SOCIETY = "civil_society"
    INTERNATIONAL = "international"


class CriterionKind(StrEnum):
    STRUCTURAL = "structural"
    PROCESS = "process"
    OUTCOME = "outcome"


class Scale(StrEnum):
    """The scale a criterion is assessed on."""

    COMPLIANCE = "compliance"  # met / partial / not_met
    IMPLEMENTATION = "implementation"  # a state's follow-up of a recommendation


class Level(StrEnum):
    MET = "met"
    PARTIAL = "partial"
    NOT_MET = "not_met"
    NOT_STARTED = "not_started"
    PLANNED = "planned"
    LIMITED = "limited"
    SUBSTANTIAL = "substantial"
    COMPLETE = "complete"
    REGRESSED = "regressed"


SCALE_LEVELS: dict[Scale, tuple[Level, ...]] = {
    Scale.COMPLIANCE: (Level.MET, Level.PARTIAL, Level.NOT_MET),
    Scale.IMPLEMENTATION: (
        Level.NOT_STARTED,
        Level.PLANNED,
        Level.LIMITED,
        Level.SUBSTANTIAL,
        Level.COMPLETE,
        Level.REGRESSED,
    ),
}


class MissingState(StrEnum):
    """Why a criterion has no level. Missing is never silently zero."""

    NO_EVIDENCE_FOUND = "no_evidence_found"  # scores 0, shown
    ACTOR_DECLINED = "actor_declined"  # scores 0, labelled
    NOT_APPLICABLE = "not_applicable"  # excluded, reason required
    NOT_ASSESSED = "not_assessed"  # excluded, lowers coverage


# Exchange with trackers (REFERENCE.md): UN Human Rights Committee follow-up grade, OGP IRM.
UN_HRC_FOLLOW_UP_GRADE: dict[str, str] = {
    MissingState.NO_EVIDENCE_FOUND: "D",
    Level.REGRESSED: "E",
    Level.NOT_STARTED: "C",
    Level.PLANNED: "C/B2",
    Level.LIMITED: "C/B2",
    Level.SUBSTANTIAL: "B/B1",
    Level.COMPLETE: "A",
}
OGP_IRM_COMPLETION: dict[str, str] = {
    MissingState.NO_EVIDENCE_FOUND: "no evidence available",
    Level.NOT_STARTED: "not started",
    Level.LIMITED: "limited",
    Level.SUBSTANTIAL: "substantial",
    Level.COMPLETE: "complete",
}


class ActorKind(StrEnum):
    STATE_BODY = "state_body"
    COMPANY = "company"
    BANK = "bank"
    PUBLIC_ORGANISATION = "public_organisation"
    CIVIL_SOCIETY = "civil_society"
    INTERNATIONAL_BODY = "international_body"


class ActorRole(StrEnum):
    """What a state body does, so a criterion can name the bodies it is about (a district
    police department is scored on investigating threats, not on inviting UN bodies)."""

    EXECUTIVE = "executive"
    PARLIAMENT = "parliament"
    COURTS = "courts"
    PROSECUTION = "prosecution"
    LAW_ENFORCEMENT = "law_enforcement"
    SECURITY_SERVICE = "security_service"
    PENITENTIARY = "penitentiary"
    JUSTICE = "justice"
    TAX_AUTHORITY = "tax_authority"


# Which actor kinds a recommendation's addressee group covers by default.
ADDRESSEE_ACTOR_KINDS: dict[AddresseeGroup, tuple[ActorKind, ...]] = {
    AddresseeGroup.GOVERNMENT: (ActorKind.STATE_BODY,),
    AddresseeGroup.COMPANIES: (ActorKind.COMPANY, ActorKind.BANK),
    AddresseeGroup.CIVIL_SOCIETY: (ActorKind.CIVIL_SOCIETY, ActorKind.PUBLIC_ORGANISATION),
    AddresseeGroup.INTERNATIONAL: (ActorKind.INTERNATIONAL_BODY,),
}


class Instrument(StrEnum):
    """Instruments a recommendation rests on."""

    UNGP = "ungp"  # UN Guiding Principles on Business and Human Rights
    ICCPR = "iccpr"
    ICESCR = "icescr"
    UDHR = "udhr"
    UN_DECLARATION_HRD = "un_declaration_hrd"
    AARHUS = "aarhus"
    ILO = "ilo"  # ILO fundamental conventions and declarations
    OECD_GUIDELINES = "oecd_guidelines"
    UN_GLOBAL_COMPACT = "un_global_compact"
    RESPONSIBLE_CONTRACTS = "responsible_contracts"
    KZ_CONSTITUTION = "kz_constitution"
    KZ_ACCESS_TO_INFORMATION = "kz_access_to_information"
    KZ_LABOUR_CODE = "kz_labour_code"
    KZ_TRADE_UNIONS_LAW = "kz_trade_unions_law"
    KZ_PEACEFUL_ASSEMBLIES_LAW = "kz_peaceful_assemblies_law"


class ReplyMode(StrEnum):
    WRITTEN = "written"
    VERBAL = "verbal"


class ReplySubstance(StrEnum):
    """How much a reply answers, from nothing to everything asked."""

    NO_REPLY = "no_reply"
    ACKNOWLEDGEMENT = "acknowledgement"
    REFUSAL_WITHOUT_REASONS = "refusal_without_reasons"
    REFUSAL_WITH_REASONS = "refusal_with_reasons"
    PARTIAL_ANSWER = "partial_answer"
    FULL_ANSWER = "full_answer"


SUBSTANTIVE_REPLIES = frozenset({ReplySubstance.PARTIAL_ANSWER, ReplySubstance.FULL_ANSWER})


class FollowUpOutcome(StrEnum):
    """What a follow-up contact (a phone call, a visit) on an inquiry produced."""

    NO_ANSWER = "no_answer"
    CALL_BACK_REQUESTED = "call_back_requested"
    PERSON_AWAY = "person_away"
    NOT_YET_READ = "not_yet_read"
    PROMISED_REPLY = "promised_reply"
    DECLINED_TO_REPLY = "declined_to_reply"


class ThreatBlock(StrEnum):
    """The report's five blocks of threat types."""

    CRIMINAL = "criminal"  # in criminal law proceedings
    CRIMINAL_EXECUTIVE = "criminal_executive"  # in criminal-executive (penitentiary) proceedings
    ADMINISTRATIVE = "administrative"  # in administrative law proceedings
    CIVIL = "civil"  # in civil law proceedings
    OTHER = "other"  # "different types of threats"


class ActType(StrEnum):
    """Local act codes. HURIDOCS has no neutral term for several (summons, charge, fines,
    forewarnings, extremist listing), so ours are primary and HURIDOCS is a cross-reference."""

    # criminal law proceedings
    DETENTION = "detention"
    CRIMINAL_CHARGE = "criminal_charge"
    INTERROGATION = "interrogation"
    POLICE_SUMMONS = "police_summons"
    CRIMINAL_CASE_OPENED = "criminal_case_opened"
    MOTIONS_REFUSED = "motions_refused"
    GUILTY_VERDICT = "guilty_verdict"
    APPEAL_REJECTED = "appeal_rejected"
    SEARCH = "search"
    SEIZURE = "seizure"
    # criminal-executive law proceedings
    EXTREMIST_LISTING = "extremist_listing"
    POOR_DETENTION_CONDITIONS = "poor_detention_conditions"
    # administrative law proceedings
    ADMINISTRATIVE_PENALTY = "administrative_penalty"
    FOREWARNING = "forewarning"
    # civil law proceedings
    LAWSUIT = "lawsuit"
    REPUTATION_DAMAGES_AWARD = "reputation_damages_award"
    # different types of threats
    DISMISSAL = "dismissal"
    DEFAMATION = "defamation"
    HOSPITALISATION = "hospitalisation"
    INSPECTION = "inspection"
    REGISTRATION_OBSTRUCTED = "registration_obstructed"
    PRESSURE_ON_RELATIVES = "pressure_on_relatives"
    INTIMIDATION = "intimidation"
    PHYSICAL_ATTACK = "physical_attack"
    SURVEILLANCE = "surveillance"
    OTHER = "other"


ACT_TYPE_BLOCK: dict[ActType, ThreatBlock] = {
    ActType.DETENTION: ThreatBlock.CRIMINAL,
    ActType.CRIMINAL_CHARGE: ThreatBlock.CRIMINAL,
    ActType.INTERROGATION: ThreatBlock.CRIMINAL,
    ActType.POLICE_SUMMONS: ThreatBlock.CRIMINAL,
    ActType.CRIMINAL_CASE_OPENED: ThreatBlock.CRIMINAL,
    ActType.MOTIONS_REFUSED: ThreatBlock.CRIMINAL,
    ActType.GUILTY_VERDICT: ThreatBlock.CRIMINAL,
    ActType.APPEAL_REJECTED: ThreatBlock.CRIMINAL,
    ActType.SEARCH: ThreatBlock.CRIMINAL,
    ActType.SEIZURE: ThreatBlock.CRIMINAL,
    ActType.EXTREMIST_LISTING: ThreatBlock.CRIMINAL_EXECUTIVE,
    ActType.POOR_DETENTION_CONDITIONS: ThreatBlock.CRIMINAL_EXECUTIVE,
    ActType.ADMINISTRATIVE_PENALTY: ThreatBlock.ADMINISTRATIVE,
    ActType.FOREWARNING: ThreatBlock.ADMINISTRATIVE,
    ActType.LAWSUIT: ThreatBlock.CIVIL,
    ActType.REPUTATION_DAMAGES_AWARD: ThreatBlock.CIVIL,
    ActType.DISMISSAL: ThreatBlock.OTHER,
    ActType.DEFAMATION: ThreatBlock.OTHER,
    ActType.HOSPITALISATION: ThreatBlock.OTHER,
    ActType.INSPECTION: ThreatBlock.OTHER,
    ActType.REGISTRATION_OBSTRUCTED: ThreatBlock.OTHER,
    ActType.PRESSURE_ON_RELATIVES: ThreatBlock.OTHER,
    ActType.INTIMIDATION: ThreatBlock.OTHER,
    ActType.PHYSICAL_ATTACK: ThreatBlock.OTHER,
    ActType.SURVEILLANCE: ThreatBlock.OTHER,
    ActType.OTHER: ThreatBlock.OTHER,
}

# HURIDOCS events-format act types, where a faithful one exists (REFERENCE.md).
ACT_TYPE_HURIDOCS: dict[ActType, str] = {
    ActType.DETENTION: "030102000000",
    ActType.DEFAMATION: "140101000000",
    ActType.DISMISSAL: "300104030100",
}


class Field(StrEnum):
    """The report's 15 fields of activity (footnote 20)."""

    LAND = "land"
    BANKING = "banking"
    OIL_INDUSTRY = "oil_industry"
    ENVIRONMENT = "environment"
    HOUSING = "housing"
    CONSTRUCTION = "construction"
    COAL_INDUSTRY = "coal_industry"
    HEALTH_CARE = "health_care"
    INFORMATION = "information"
    ENERGY = "energy"
    TRADE_UNIONS = "trade_unions"
    BUSINESS = "business"
    TAX_COLLECTION = "tax_collection"
    ANTI_CORRUPTION = "anti_corruption"
    METALLURGY = "metallurgy"


class SourceCategory(StrEnum):
    """Categories of threat sources (footnote 21)."""

    GOVERNMENT_AGENCY = "government_agency"
    COMPANY = "company"
    UNKNOWN_PERSON = "unknown_person"
    BANK = "bank"
    PUBLIC_ORGANISATION = "public_organisation"
    CITIZEN = "citizen"


ACTOR_KIND_SOURCE_CATEGORY: dict[ActorKind, SourceCategory] = {
    ActorKind.STATE_BODY: SourceCategory.GOVERNMENT_AGENCY,
    ActorKind.COMPANY: SourceCategory.COMPANY,
    ActorKind.BANK: SourceCategory.BANK,
    ActorKind.PUBLIC_ORGANISATION: SourceCategory.PUBLIC_ORGANISATION,
    ActorKind.CIVIL_SOCIETY: SourceCategory.PUBLIC_ORGANISATION,
    ActorKind.INTERNATIONAL_BODY: SourceCategory.PUBLIC_ORGANISATION,
}


class InvolvementRole(StrEnum):
    INITIATOR = "initiator"  # HURIDOCS: planned / gave orders
    DECIDER = "decider"  # e.g. a court
    EXECUTOR = "executor"  # HURIDOCS: directly carried out


class VerificationStatus(StrEnum):
    REPORTED = "reported"  # one source, not yet checked
    CORROBORATED = "corroborated"  # two independent sources
    VERIFIED = "verified"  # documents or direct testimony checked by the monitor
    DISPUTED = "disputed"


class VictimKind(StrEnum):
    PERSON = "person"
    LEGAL_ENTITY = "legal_entity"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    OTHER = "other"
    UNKNOWN = "unknown"


class RecourseType(StrEnum):
    """Positive resolutions the report counts as 'recourses' (footnote 16)."""

    RELEASE = "release"
    ACQUITTAL = "acquittal"
    CASE_CLOSED = "case_closed"
    INVESTIGATION_SUSPENDED = "investigation_suspended"
    JUDICIAL_ACT_CANCELLED = "judicial_act_cancelled"
    CLAIM_REJECTED = "claim_rejected"
    CLAIM_WITHDRAWN = "claim_withdrawn"
    PROPERTY_RETURNED = "property_returned"
    UNION_REGISTERED = "union_registered"
    REINSTATED = "reinstated"
    OTHER = "other"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"  # only known to fall between `date` and `date_end`


class ReviewState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


# Written in place of any withheld id (a confidential incident, act or recourse, a non-public
# source, a draft assessment): the public sees that such a record counted, not which it is.
CONFIDENTIAL = "confidential"


class Confidentiality(StrEnum):
    PUBLIC = "public"
    CONFIDENTIAL = "confidential"
