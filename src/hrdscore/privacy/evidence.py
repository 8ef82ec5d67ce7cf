"""The public projection of what a scorecard's PDF lists as evidence: one actor's records and
the documents they cite."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from hrdscore.model import Incident, Source
from hrdscore.privacy.records import (
    NON_PUBLIC_DOCUMENT,
    public_assessment,
    public_incident,
    with_public_citations,
)
from hrdscore.privacy.withheld import Withheld
from hrdscore.snapshot.evidence import ActorEvidence


class _PublicIncidents(Mapping[str, Incident]):
    """Incidents by id as the public sees them, each projected when first looked up;
    confidential ones are absent."""

    def __init__(self, incidents: Mapping[str, Incident], withheld: Withheld) -> None:
        self._incidents = incidents
        self._withheld = withheld
        self._shown: dict[str, Incident | None] = {}

    def _get(self, key: str) -> Incident | None:
        if key not in self._shown:
            stored = self._incidents.get(key)
            self._shown[key] = (None if stored is None
                                else public_incident(stored, self._withheld))
        return self._shown[key]

    def __getitem__(self, key: str) -> Incident:
        found = self._get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return (k for k in self._incidents if self._get(k) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def public_evidence(ev: ActorEvidence, withheld: Withheld) -> ActorEvidence:
    """The actor's evidence with every record projected: drafts dropped, confidential
    incidents absent with their acts, citations of non-public sources withheld."""
    return ActorEvidence(
        actor=with_public_citations(ev.actor, withheld),
        inquiries=tuple(with_public_citations(i, withheld) for i in ev.inquiries),
        replies=tuple(with_public_citations(r, withheld) for r in ev.replies),
        incident_ids=tuple(i for i in ev.incident_ids if i not in withheld.ids),
        acts=tuple(a for a in ev.acts if not a.confidential),
        assessments=tuple(shown for a in ev.assessments
                          if (shown := public_assessment(a, withheld)) is not None),
        _incidents=_PublicIncidents(ev.incident_models, withheld),
    )


def public_sources(sources: Mapping[str, Source]) -> dict[str, Source]:
    """Public sources by id, and one stand-in for every non-public source."""
    shown = {k: s for k, s in sources.items() if s.public}
    shown[NON_PUBLIC_DOCUMENT.id] = NON_PUBLIC_DOCUMENT
    return shown
