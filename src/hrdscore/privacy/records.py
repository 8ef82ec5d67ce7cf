"""The public projection of each kind of record. Pure functions over the models: no I/O.

Every public output (API reads, scorecards as JSON, CSV and PDF, the annual report, `publish`)
shows records only through these functions:

- citation: one to a non-public source keeps neither the source's id, nor its locator, nor its
  quote: it becomes `NON_PUBLIC_CITATION`, so a reader still sees that a document was cited;
- source: a non-public source is invisible;
- incident: a confidential incident is invisible (with its acts and recourses); a public one
  is shown without any field the model marks identifying (a victim's identity and contact, the
  internal summary, acts' and recourses' descriptions: its `public_summary` speaks for it) nor
  any victim's consent, its victims renamed `victim-1`, `victim-2`...
  within the incident (the pseudonym codes link one person's incidents together), and with
  its citations projected;
- act and recourse: shown only inside their public incident (an act's victim by its alias);
  scorecards' texts describe a confidential recourse only as withheld (`scorecards`);
- assessment: a draft is invisible; a published one has withheld ids in `evidence` replaced by
  `confidential` and its citations projected;
- actor, inquiry, reply: their citations projected.

Scorecards have their own projection (`hrdscore.privacy.scorecards`), statistics theirs
(`hrdscore.stats.public`).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from hrdscore.identity.consent import PERSONAL_FIELDS, refuse_naming_without_consent
from hrdscore.identity.fields import walk_record
from hrdscore.model import Act, Assessment, Citation, Incident, Source
from hrdscore.model.identifying import ConsentLevel
from hrdscore.model.identifying_shape import shape
from hrdscore.model.vocab import CONFIDENTIAL, Confidentiality, ReviewState
from hrdscore.privacy.withheld import Withheld

M = TypeVar("M", bound=BaseModel)

NON_PUBLIC_SOURCE = "non-public"
NON_PUBLIC_CITATION = Citation(source=NON_PUBLIC_SOURCE,
                               locator="a non-public document kept by the monitor (withheld)")
# Stands for every non-public source in the documents a public scorecard lists.
NON_PUBLIC_DOCUMENT = Source(id=NON_PUBLIC_SOURCE, title="A non-public document", public=False)


def incident_is_public(incident: Incident) -> bool:
    return incident.confidentiality is not Confidentiality.CONFIDENTIAL


def assessment_is_public(assessment: Assessment) -> bool:
    return assessment.review is ReviewState.PUBLISHED


def source_is_public(source: Source) -> bool:
    return source.public


def mask(ids: list[str], withheld: Withheld) -> list[str]:
    return [CONFIDENTIAL if i in withheld.ids else i for i in ids]


def public_citation(citation: Citation, withheld: Withheld) -> Citation:
    if withheld.source_is_public(citation.source) and citation.source not in withheld.ids:
        return citation
    return NON_PUBLIC_CITATION


def _citations(raw: list[dict[str, Any]], withheld: Withheld) -> list[dict[str, Any]]:
    return [public_citation(Citation.model_validate(c), withheld).model_dump(
        mode="json", exclude_none=True) for c in raw]


def public_source(source: Source) -> Source | None:
    return source if source_is_public(source) else None


def public_act(act: Act, alias: dict[str, str]) -> Act:
    """An act of a public incident, its victim named by the incident-local alias, without
    its internal description (or any other field the model marks identifying)."""
    raw = act.model_dump(mode="json", exclude_none=True)
    for slot in list(walk_record(raw, shape(Act), "acts", act.id)):
        del slot.holder[slot.field]
    raw["victim"] = alias[act.victim]
    return Act.model_validate(raw)


def public_incident(incident: Incident, withheld: Withheld | None = None) -> Incident | None:
    """The incident as the public may see it, or None when it is confidential."""
    if not incident_is_public(incident):
        return None
    withheld = withheld or Withheld()
    alias = {v.id: f"victim-{n}" for n, v in enumerate(incident.victims, start=1)}
    raw = incident.model_dump(mode="json", exclude_none=True)
    for slot in list(walk_record(raw, shape(Incident), "incidents", incident.id)):
        del slot.holder[slot.field]  # sealed, or internal text in a database without a key
    for victim in raw["victims"]:
        for name in PERSONAL_FIELDS:  # no public output names anyone (see identity.consent)
            victim.pop(name, None)
        victim["id"] = alias[victim["id"]]
    raw["acts"] = [public_act(a, alias).model_dump(mode="json", exclude_none=True)
                   for a in incident.acts]
    raw["citations"] = _citations(raw["citations"], withheld)
    shown = Incident.model_validate(raw)
    refuse_naming_without_consent(shown, ConsentLevel.PUBLIC)
    return shown


def public_assessment(assessment: Assessment, withheld: Withheld) -> Assessment | None:
    """A published assessment without withheld ids or non-public citations; a draft: None."""
    if not assessment_is_public(assessment):
        return None
    raw = assessment.model_dump(mode="json", exclude_none=True)
    raw["evidence"] = mask(assessment.evidence, withheld)
    raw["citations"] = _citations(raw["citations"], withheld)
    return Assessment.model_validate(raw)


def with_public_citations(record: M, withheld: Withheld) -> M:
    """An actor, inquiry or reply with its citations projected (the rest is public)."""
    citations: list[Citation] = getattr(record, "citations", [])
    shown = [public_citation(c, withheld) for c in citations]
    if shown == citations:
        return record
    return record.model_copy(update={"citations": shown})

