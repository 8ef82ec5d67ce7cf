"""Consent to be named, as a rule every output goes through: a person is named to an audience
only as far as their recorded consent goes (none recorded = none)."""

from __future__ import annotations

from hrdscore.errors import HrdscoreError
from hrdscore.model import Incident
from hrdscore.model.evidence import Victim
from hrdscore.model.identifying import Consent, ConsentLevel
from hrdscore.model.identifying_shape import shape

# What an output must drop from a victim unless it may name them: every identifying field,
# and the consent record (it names who recorded it).
PERSONAL_FIELDS: tuple[str, ...] = (*shape(Victim).fields, "consent")


class ConsentRefused(HrdscoreError):
    """An output would name a person beyond their recorded consent."""


def may_name(consent: Consent | None, audience: ConsentLevel) -> bool:
    """Whether a person may be named to `audience`: only as far as recorded consent goes."""
    return (audience is not ConsentLevel.NONE and consent is not None
            and consent.level.allows(audience))


def refuse_naming_without_consent(incident: Incident, audience: ConsentLevel) -> None:
    """Raise when `incident`, as about to be shown to `audience`, names a person (any
    identifying field filled in) whose consent does not reach that audience."""
    named = [v.id for v in incident.victims
             if any(getattr(v, f) is not None for f in shape(Victim).fields)
             and not may_name(v.consent, audience)]
    if named:
        raise ConsentRefused(f"incident {incident.id}: would name {len(named)} person(s) "
                             f"without recorded consent to be named {audience.value}ly; "
                             "their identity is left out of every such output")
