"""What a public reader may see. Pure functions over the models: no I/O.

The rules, applied by the API to every response a caller without an analyst key gets:

- a confidential incident is invisible: not listed, not found by id, and its id and its acts'
  ids are replaced by `CONFIDENTIAL` wherever a scorecard cites them as evidence;
- a public incident is shown without any victim's `identity`, and its victims are renamed
  `victim-1`, `victim-2`... within the incident, so the pseudonym codes (which link one
  person's incidents together) are not published either;
- draft assessments are invisible; sources marked not public are invisible.

Statistics have their own protection (small-cell suppression in `hrdscore.stats`).
"""

from __future__ import annotations

from collections.abc import Iterable

from hrdscore.model import Assessment, Incident, Scorecard, Source
from hrdscore.model.vocab import Confidentiality, ReviewState

CONFIDENTIAL = "confidential"


def incident_is_public(incident: Incident) -> bool:
    return incident.confidentiality is not Confidentiality.CONFIDENTIAL


def public_incident(incident: Incident) -> Incident | None:
    """The incident as the public may see it, or None when it is confidential."""
    if not incident_is_public(incident):
        return None
    alias = {v.id: f"victim-{n}" for n, v in enumerate(incident.victims, start=1)}
    raw = incident.model_dump(mode="json", exclude_none=True)
    for victim in raw["victims"]:
        victim.pop("identity", None)
        victim["id"] = alias[victim["id"]]
    for act in raw["acts"]:
        act["victim"] = alias[act["victim"]]
    return Incident.model_validate(raw)


def assessment_is_public(assessment: Assessment) -> bool:
    return assessment.review is ReviewState.PUBLISHED


def source_is_public(source: Source) -> bool:
    return source.public


def confidential_ids(acts: Iterable[tuple[str, str, bool]]) -> frozenset[str]:
    """Ids of confidential incidents and of their acts, from (act id, incident id,
    confidential) triples: every incident has at least one act."""
    hidden: set[str] = set()
    for act_id, incident_id, confidential in acts:
        if confidential:
            hidden.update((act_id, incident_id))
    return frozenset(hidden)


def public_scorecard(card: Scorecard, hidden: frozenset[str]) -> Scorecard:
    """The scorecard with evidence ids of confidential incidents replaced by `CONFIDENTIAL`.
    Scores, texts and counts stay as they are: the public sees that such evidence counted,
    not which record it is."""
    if not hidden:
        return card

    def mask(ids: list[str]) -> list[str]:
        return [CONFIDENTIAL if i in hidden else i for i in ids]

    raw = card.model_dump(mode="json")
    changed = False
    for rec in raw["recommendations"]:
        for crit in rec["criteria"]:
            masked = mask(crit["explanation"]["evidence"])
            changed |= masked != crit["explanation"]["evidence"]
            crit["explanation"]["evidence"] = masked
    for flag in raw["red_flags"]:
        masked = mask(flag["evidence"])
        changed |= masked != flag["evidence"]
        flag["evidence"] = masked
    if raw.get("adjustment"):
        masked = mask(raw["adjustment"]["acts"])
        changed |= masked != raw["adjustment"]["acts"]
        raw["adjustment"]["acts"] = masked
    return Scorecard.model_validate(raw) if changed else card
