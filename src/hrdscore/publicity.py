"""What of an incident public outputs may print: only its editor-written `public_summary`.

Safe wording by construction: renderers call `public_summary(incident)` and never read an
incident's title, summary or acts' descriptions (internal, written for the monitor). Before
anything is written, `require_public_summaries` refuses a publication that cites an incident
without one, naming it, so an editor writes and reviews it first.
"""

from __future__ import annotations

from collections.abc import Iterable

from hrdscore.errors import HrdscoreError
from hrdscore.model import Incident, Scorecard
from hrdscore.model.vocab import Confidentiality
from hrdscore.snapshot import Snapshot


class MissingPublicSummary(HrdscoreError):
    """A cited incident has no editor-written public summary."""


def public_summary(incident: Incident) -> str:
    if incident.confidentiality is Confidentiality.CONFIDENTIAL:
        return "An incident recorded confidentially (details withheld)."
    if not incident.public_summary:
        raise MissingPublicSummary(
            f"incident {incident.id!r} has no public_summary: an editor must write one "
            "(month, region, type of act, the actor's alleged role; no names, family members, "
            "villages or exact dates) before it can be published")
    return incident.public_summary


def cited_ids(cards: Iterable[Scorecard]) -> set[str]:
    ids: set[str] = set()
    for card in cards:
        ids.update(i for f in card.red_flags for i in f.evidence)
        ids.update(i for r in card.recommendations for c in r.criteria
                   for i in c.explanation.evidence)
        ids.update(a.act for a in card.allegations)
        if card.adjustment is not None:
            ids.update(card.adjustment.acts)
    return ids


def require_public_summaries(snap: Snapshot, cards: Iterable[Scorecard]) -> None:
    """Refuse (naming them) the public incidents the cards cite that have no public summary."""
    cited = cited_ids(cards)
    incident_ids = {a.incident for a in snap.acts if a.id in cited}
    incident_ids |= cited & set(snap.incidents)
    missing = sorted(
        i for i in incident_ids
        if snap.incidents[i].confidentiality is not Confidentiality.CONFIDENTIAL
        and not snap.incidents[i].public_summary)
    if missing:
        raise MissingPublicSummary(
            f"cannot publish: incident{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} cited by the scorecards "
            f"{'have' if len(missing) > 1 else 'has'} no public_summary. An editor writes it in "
            "the incidents file (month, region, type of act, the actor's alleged role; no names, "
            "family members, villages or exact dates), then publish again.")
