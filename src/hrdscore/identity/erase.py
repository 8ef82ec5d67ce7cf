"""Erasure on request: a person's identity, and what exists only because of them, removed.

The rule (README, "Erasing a person"):

- by default the person's victim entries and their acts go; an incident left with no victim
  goes with them; a recourse keeps only the acts still there and goes when none is left. Other
  victims of a shared incident, and their acts, stay. Statistics then count the person's acts
  no more, in every period.
- with `keep_acts_pseudonymised` the acts stay for the statistics under a new, random
  pseudonym: the victim entry keeps only kind, gender and defender category (what statistics
  count); identity, contact, consent and the acts' internal descriptions go. Statistics are
  unchanged.

A removal that other records refer to (an assessment citing the incident or an act) is refused
naming them: change those first, or keep the acts pseudonymised. The same rule is applied to
the copies the store keeps (kept copies are cleaned even when the database no longer names the
person, so a second run finishes an interrupted one).
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from hrdscore.errors import Conflict, NotFound
from hrdscore.identity.copies import kept_copies, rewrite_copy
from hrdscore.identity.fields import Slot, identifying_kinds
from hrdscore.identity.keys import IdentityKey, is_sealed
from hrdscore.identity.persons import appearances
from hrdscore.identity.protect import record_slots
from hrdscore.identity.unlock import configured_key
from hrdscore.store.database import Store
from hrdscore.store.storage import read_json_file

_STATISTICAL = ("id", "kind", "gender", "hrd_category")


@dataclass
class Erasure:
    pseudonym: str
    keep_acts: bool
    new_pseudonym: str | None = None
    incidents_removed: list[str] = field(default_factory=list)
    incidents_changed: list[str] = field(default_factory=list)
    acts_removed: list[str] = field(default_factory=list)
    acts_pseudonymised: list[str] = field(default_factory=list)
    recourses_removed: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)  # names of the kept copies cleaned
    # Records whose free text still holds the person's identity after the erasure, to review
    # by hand (None: not looked for, there was no key to open the identity with).
    mentions: list[str] | None = None

    @property
    def found(self) -> bool:
        return bool(self.incidents_removed or self.incidents_changed)


def _plan_and_apply(doc: dict[str, Any], plan: Erasure) -> None:
    incidents = doc.get("incidents") or {}
    for incident_id, incident in list(appearances(doc, plan.pseudonym)):
        mine = [a["id"] for a in incident["acts"] if a.get("victim") == plan.pseudonym]
        if plan.keep_acts:
            assert plan.new_pseudonym is not None
            for victim in incident["victims"]:
                if victim.get("id") == plan.pseudonym:
                    for key in [k for k in victim if k not in _STATISTICAL]:
                        del victim[key]
                    victim["id"] = plan.new_pseudonym
            for act in incident["acts"]:
                if act.get("victim") == plan.pseudonym:
                    act["victim"] = plan.new_pseudonym
                    act.pop("description", None)
            plan.acts_pseudonymised += mine
            plan.incidents_changed.append(incident_id)
            continue
        plan.acts_removed += mine
        victims = [v for v in incident["victims"] if v.get("id") != plan.pseudonym]
        if not victims:
            del incidents[incident_id]
            plan.incidents_removed.append(incident_id)
            continue
        incident["victims"] = victims
        incident["acts"] = [a for a in incident["acts"] if a["id"] not in mine]
        kept_recourses = []
        for recourse in incident.get("recourses", ()):
            recourse["remedies"] = [a for a in recourse["remedies"] if a not in mine]
            if recourse["remedies"]:
                kept_recourses.append(recourse)
            else:
                plan.recourses_removed.append(recourse["id"])
        incident["recourses"] = kept_recourses
        plan.incidents_changed.append(incident_id)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, Mapping):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _opened(slot: Slot, key: IdentityKey) -> str:
    value: str = slot.value
    return key.open(value, slot.name) if is_sealed(value) else value


def _identities(doc: Mapping[str, Any], pseudonym: str, key: IdentityKey) -> set[str]:
    """The person's identity and contact in clear (not their consent's note: it is no name)."""
    found = set()
    for incident_id, incident in appearances(doc, pseudonym):
        for slot in record_slots("incidents", incident_id, dict(incident)):
            if (slot.name.endswith(f"/victims/{pseudonym}/{slot.field}")
                    and isinstance(slot.value, str)):
                found.add(_opened(slot, key))
    return {name for name in found if len(name.strip()) >= 3}


def _readable(kind: str, record_id: str, record: Any, key: IdentityKey) -> Any:
    """The record with its sealed free text opened: a summary naming the person is
    ciphertext on disk, and only its clear text can be searched."""
    if kind not in identifying_kinds() or not isinstance(record, MutableMapping):
        return record
    record = copy.deepcopy(record)
    for slot in list(record_slots(kind, record_id, record)):
        if isinstance(slot.value, str):
            slot.holder[slot.field] = _opened(slot, key)
    return record


def _mentions(doc: Mapping[str, Any], names: set[str], key: IdentityKey) -> list[str]:
    """Records whose text holds one of `names` (a quote, a summary that names the person)."""
    found = []
    for kind, table in sorted(doc.items()):
        if kind.startswith("_") or not isinstance(table, Mapping):
            continue
        for record_id, record in sorted(table.items()):
            text = _strings(_readable(kind, str(record_id), record, key))
            if any(name in s for s in text for name in names):
                found.append(f"{kind} {record_id}")
    return found


def _look_for_mentions(before: Mapping[str, Any], after: dict[str, Any], plan: Erasure,
                       key: IdentityKey | None) -> None:
    key = key if key is not None else configured_key(after)
    if key is not None:
        plan.mentions = _mentions(after, _identities(before, plan.pseudonym, key), key)


def _referrers(doc: Mapping[str, Any], gone: set[str]) -> list[str]:
    """Records outside the incidents that name an id about to go."""
    found = []
    for kind, table in sorted(doc.items()):
        if kind.startswith("_") or kind == "incidents" or not isinstance(table, Mapping):
            continue
        for record_id, record in sorted(table.items()):
            if any(s in gone for s in _strings(record)):
                found.append(f"{kind} {record_id}")
    return found


def _refuse_if_referred(doc: Mapping[str, Any], plan: Erasure) -> None:
    users = _referrers(doc, {*plan.incidents_removed, *plan.acts_removed})
    if users:
        raise Conflict(f"erasing {plan.pseudonym!r} would remove records that "
                       f"{', '.join(users[:5])} refer to; change those first, or keep "
                       "the acts pseudonymised (--keep-acts-pseudonymised)")


def erase_person(store: Store, pseudonym: str, *, who: str, keep_acts: bool = False,
                 key: IdentityKey | None = None) -> Erasure:
    """Erase the person in one transaction, then in each kept copy; audit-logged by ids.
    `key` (else the configured one) opens the text searched for what still names them."""
    plan = Erasure(pseudonym, keep_acts,
                   f"v-erased-{secrets.token_hex(6)}" if keep_acts else None)
    with store.transaction(who) as tx:
        before = copy.deepcopy(tx.document.get("incidents") or {})
        _plan_and_apply(tx.document, plan)
        _refuse_if_referred(tx.document, plan)  # raising here writes nothing
        _look_for_mentions({"incidents": before}, tx.document, plan, key)
        if plan.found:
            tx.record("erase-person", "incidents",
                      ids=[*plan.incidents_removed, *plan.incidents_changed],
                      note=f"erasure on request: {len(plan.acts_removed)} acts removed, "
                      f"{len(plan.acts_pseudonymised)} kept pseudonymised, "
                      f"{len(plan.incidents_removed)} incidents removed")
    return _finish(store, plan)


def _finish(store: Store, plan: Erasure) -> Erasure:
    for kept in kept_copies(store):
        def change(doc: dict[str, Any]) -> bool:
            inner = Erasure(plan.pseudonym, plan.keep_acts, plan.new_pseudonym)
            _plan_and_apply(doc, inner)
            return inner.found
        if rewrite_copy(kept, change):
            plan.copies.append(kept.name)
    if not plan.found and not plan.copies:
        raise NotFound("person", plan.pseudonym)
    return plan


def preview_erasure(store: Store, pseudonym: str, *, keep_acts: bool = False,
                    key: IdentityKey | None = None) -> Erasure:
    """What `erase_person` would do, written nowhere (the kept copies listed that hold them)."""
    plan = Erasure(pseudonym, keep_acts, "v-erased-(new)" if keep_acts else None)
    doc = store.read_document()
    before = copy.deepcopy(doc.get("incidents") or {})
    _plan_and_apply(doc, plan)
    _refuse_if_referred(doc, plan)
    _look_for_mentions({"incidents": before}, doc, plan, key)
    for kept in kept_copies(store):
        kept_doc = read_json_file(kept) or {}
        if any(True for _ in appearances(kept_doc, pseudonym)):
            plan.copies.append(kept.name)
    if not plan.found and not plan.copies:
        raise NotFound("person", pseudonym)
    return plan
