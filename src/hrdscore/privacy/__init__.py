"""What a public reader may see: one projection per kind of record (`records`), one for
produced scorecards (`scorecards`), built on what a snapshot withholds (`withheld`).
Pure functions: no I/O. Statistics have their own rule, in `hrdscore.stats.public`."""

from hrdscore.model.vocab import CONFIDENTIAL
from hrdscore.privacy.followup import (
    progress_report_is_public,
    public_followup_record,
    public_progress_report,
)
from hrdscore.privacy.records import (
    NON_PUBLIC_CITATION,
    NON_PUBLIC_DOCUMENT,
    NON_PUBLIC_SOURCE,
    assessment_is_public,
    incident_is_public,
    mask,
    public_act,
    public_assessment,
    public_citation,
    public_incident,
    public_source,
    source_is_public,
    with_public_citations,
)
from hrdscore.privacy.scorecards import (
    REMEDY_WITHHELD,
    TEXT_WITHHELD,
    public_scorecard,
    public_text,
)
from hrdscore.privacy.withheld import Withheld, confidential_ids, withheld_of

__all__ = [
    "CONFIDENTIAL",
    "NON_PUBLIC_CITATION",
    "NON_PUBLIC_DOCUMENT",
    "NON_PUBLIC_SOURCE",
    "REMEDY_WITHHELD",
    "TEXT_WITHHELD",
    "Withheld",
    "assessment_is_public",
    "confidential_ids",
    "incident_is_public",
    "mask",
    "progress_report_is_public",
    "public_act",
    "public_assessment",
    "public_citation",
    "public_followup_record",
    "public_incident",
    "public_progress_report",
    "public_recourse",
    "public_scorecard",
    "public_source",
    "public_text",
    "source_is_public",
    "with_public_citations",
    "withheld_of",
]
