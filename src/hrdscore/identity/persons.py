"""A person, known by their pseudonym (a victim id): where they appear, who they are (with the
key), and their consent to be named."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hrdscore.errors import NotFound
from hrdscore.identity.keys import IdentityKey, is_sealed
from hrdscore.identity.protect import record_slots
from hrdscore.model.evidence import Victim
from hrdscore.model.identifying import Consent, ConsentLevel
from hrdscore.model.identifying_shape import shape
from hrdscore.store.database import Store


def appearances(doc: Mapping[str, Any],
                pseudonym: str) -> Iterator[tuple[str, MutableMapping[str, Any]]]:
    """(incident id, stored incident) for every incident that names this victim."""
    for incident_id, incident in sorted((doc.get("incidents") or {}).items()):
        if any(v.get("id") == pseudonym for v in incident.get("victims", ())):
            yield incident_id, incident


@dataclass
class PersonView:
    pseudonym: str
    fields: dict[str, str] = field(default_factory=dict)  # identifying field -> clear value
    consent: Consent | None = None
    incidents: list[str] = field(default_factory=list)
    acts: list[str] = field(default_factory=list)
    # The monitor's free text about them, opened: (kind, record id, text) for each incident's
    # summary, their acts' descriptions and the descriptions of recourses for their acts.
    texts: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def consent_words(self) -> str:
        if self.consent is None:
            return "none recorded (not to be named)"
        return (f"{self.consent.level.words} (recorded {self.consent.on.isoformat()} by "
                f"{self.consent.recorded_by})")


def show_person(doc: Mapping[str, Any], pseudonym: str, key: IdentityKey) -> PersonView:
    """The person's identifying fields opened with `key`, consent and where they appear."""
    view = PersonView(pseudonym)
    for incident_id, stored in appearances(doc, pseudonym):
        view.incidents.append(incident_id)
        view.acts += [a["id"] for a in stored.get("acts", ()) if a.get("victim") == pseudonym]
        incident = copy.deepcopy(stored)
        mine = f"incidents/{incident_id}/victims/{pseudonym}/"
        acts = {a["id"] for a in stored.get("acts", ()) if a.get("victim") == pseudonym}
        for slot in record_slots("incidents", incident_id, incident):
            if slot.name.startswith(mine) and is_sealed(slot.value):
                slot.holder[slot.field] = key.open(slot.value, slot.name)
        view.texts += _texts(incident_id, incident, acts, key)
        for victim in incident.get("victims", ()):
            if victim.get("id") != pseudonym:
                continue
            for name in shape(Victim).fields:
                if isinstance(victim.get(name), str):
                    view.fields.setdefault(name, victim[name])
            if victim.get("consent"):  # its note opened above
                view.consent = Consent.model_validate(victim["consent"])
    if not view.incidents:
        raise NotFound("person", pseudonym)
    return view


def _texts(incident_id: str, incident: Mapping[str, Any], acts: set[str],
           key: IdentityKey) -> list[tuple[str, str, str]]:
    """The incident's summary and the free text of the person's acts and their recourses;
    never another victim's act (it may name someone this analyst asks nothing about)."""
    def opened(value: Any, name: str) -> str | None:
        return key.open(value, name) if is_sealed(value) else value

    where = f"incidents/{incident_id}"
    found: list[tuple[str, str, str | None]] = [
        ("incident", incident_id, opened(incident.get("summary"), f"{where}/summary"))]
    found += [("act", a["id"], opened(a.get("description"),
                                       f"{where}/acts/{a['id']}/description"))
              for a in incident.get("acts", ()) if a.get("id") in acts]
    found += [("recourse", r["id"], opened(r.get("description"),
                                            f"{where}/recourses/{r['id']}/description"))
              for r in incident.get("recourses", ()) if acts & set(r.get("remedies", ()))]
    return [(kind, record, text) for kind, record, text in found if text]


def record_consent(store: Store, pseudonym: str, level: ConsentLevel, *, on: date,
                   recorded_by: str, who: str) -> list[str]:
    """Set the person's consent on every incident naming them; the incident ids changed."""
    consent = Consent(level=level, on=on, recorded_by=recorded_by).model_dump(mode="json",
                                                                              exclude_none=True)
    with store.transaction(who) as tx:
        changed = []
        for incident_id, incident in appearances(tx.document, pseudonym):
            for victim in incident["victims"]:
                if victim.get("id") == pseudonym:
                    victim["consent"] = consent
            changed.append(incident_id)
        if not changed:
            raise NotFound("person", pseudonym)
        tx.record("consent", "incidents", ids=changed, note=f"consent: {level.value}")
    return changed
