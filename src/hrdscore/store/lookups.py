"""What an import row may say in a person's terms rather than the database's.

A reply names its inquiry by the actor it was sent to and the inquiry's reference number, as
on the letter (`kpo` + `22`), instead of an id only the audit log shows. Validation messages
name the expected date form and the allowed values, so nobody learns them by trial and error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic_core import ErrorDetails

from hrdscore.errors import Problem
from hrdscore.snapshot.evidence import Snapshot

_DATE_ERRORS = {"date_from_datetime_parsing", "date_parsing", "date_type",
                "date_from_datetime_inexact"}
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*$")
_ISO_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def readable_message(err: ErrorDetails) -> str:
    """Pydantic's message, reworded where a person would not know what to type."""
    kind, value = err["type"], err.get("input")
    if kind in _DATE_ERRORS and isinstance(value, str) and not _ISO_SHAPE.match(value):
        hint = ""
        if match := _DAY_FIRST.match(value):
            day, month, year = match.groups()
            hint = f" (for day {int(day)}, month {int(month)}: {year}-{month:0>2}-{day:0>2})"
        return f"{value!r} is not a date in the form YYYY-MM-DD{hint}"
    if kind == "enum":
        expected = str(err.get("ctx", {}).get("expected", ""))
        allowed = ", ".join(part.strip(" '") for part in re.split(r",| or ", expected))
        return f"{value!r} is not an allowed value; allowed: {allowed}"
    return err["msg"]


@dataclass(frozen=True)
class InquiryIndex:
    """Inquiries by (actor id, reference); actors by id, name or alias, case-blind."""

    by_key: dict[tuple[str, str], list[str]]
    actors: dict[str, str]

    @classmethod
    def of(cls, snapshot: Snapshot) -> InquiryIndex:
        by_key: dict[tuple[str, str], list[str]] = {}
        for inquiry in snapshot.inquiries.values():
            if inquiry.reference is not None:
                key = (inquiry.actor, _norm(inquiry.reference))
                by_key.setdefault(key, []).append(inquiry.id)
        actors: dict[str, str] = {}
        for actor in snapshot.actors.values():
            for name in (actor.name, *actor.aliases):
                actors.setdefault(_norm(name), actor.id)
        for actor in snapshot.actors.values():  # an id wins over another actor's alias
            actors[_norm(actor.id)] = actor.id
        return cls(by_key, actors)

    def references_of(self, actor_id: str) -> list[str]:
        return sorted({ref for (actor, ref) in self.by_key if actor == actor_id})


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def resolve_reply_inquiry(raw: dict[str, Any], index: Callable[[], InquiryIndex] | None,
                          file: str, label: str) -> Problem | None:
    """Replace a reply's `actor` + `inquiry_reference` by the inquiry id they name (in place);
    a problem when they name none, several, or another inquiry than an `inquiry` also given."""
    actor_text = str(raw.pop("actor", "") or "").strip()
    reference = str(raw.pop("inquiry_reference", "") or "").strip()
    given = raw.get("inquiry")
    if not actor_text or not reference:
        if given:
            return None
        missing = "inquiry_reference" if actor_text else "actor"
        return Problem(file, "name the inquiry: fill 'inquiry' (its id), or both 'actor' and "
                       "'inquiry_reference'", record=label, field=missing)
    if index is None:
        return Problem(file, "an inquiry named by actor and reference needs the database",
                       record=label, field="actor")
    lookup = index()
    actor = lookup.actors.get(_norm(actor_text))
    if actor is None:
        return Problem(file, f"unknown actor {actor_text!r}", record=label, field="actor")
    found = lookup.by_key.get((actor, _norm(reference)), [])
    if not found:
        known = ", ".join(lookup.references_of(actor)) or "none"
        return Problem(file, f"no inquiry to {actor!r} has reference {reference!r} "
                       f"(its inquiries' references: {known})", record=label,
                       field="inquiry_reference")
    if len(found) > 1:
        return Problem(file, f"{len(found)} inquiries to {actor!r} have reference "
                       f"{reference!r} ({', '.join(sorted(found))}): give the inquiry id in "
                       "the 'inquiry' column instead", record=label, field="inquiry_reference")
    if given and given != found[0]:
        return Problem(file, f"inquiry {given!r} is not the one actor {actor!r} and reference "
                       f"{reference!r} name ({found[0]!r})", record=label, field="inquiry")
    raw["inquiry"] = found[0]
    return None
