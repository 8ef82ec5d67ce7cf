"""Ids derived from a record's natural key, the same for an import and an API write.

An information request is known by its actor, reference and date; a reply by its request,
date and reference; an assessment by its criterion, actor and date. A record given without an
id gets one from these, so importing the same spreadsheet twice, or posting a row that was
imported before, never makes a second record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

__all__ = ["ASSESSOR_KEYS", "NATURAL_KEYS", "natural_id"]

NATURAL_KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    "inquiries": ("inq", ("actor", "reference", "sent_on")),
    "replies": ("rep", ("inquiry", "received_on", "reference")),
    "assessments": ("asm", ("criterion", "actor", "as_of")),
    "responses": ("rsp", ("recommendation", "actor", "date")),
    "responsibilities": ("rsb", ("recommendation", "actor")),
    "measures": ("msr", ("recommendation", "actor", "description")),
    "progress_reports": ("prg", ("recommendation", "date", "author")),
}
# Two assessors may assess the same criterion on the same day; the assessor joins the key only
# when an assessor organisation is named, so ids derived before that column existed still hold.
ASSESSOR_KEYS = ("assessor_actor", "assessor")


def natural_id(kind: str, raw: Mapping[str, Any]) -> str | None:
    """The id of a record of `kind` from its natural key (None for kinds without one).

    Values are read as text, an empty or missing one as "" (a blank spreadsheet cell and a
    JSON null are the same absence)."""
    if kind not in NATURAL_KEYS:
        return None
    prefix, keys = NATURAL_KEYS[kind]
    if kind == "assessments" and raw.get("assessor_actor"):
        keys = (*keys, *ASSESSOR_KEYS)
    basis = "|".join("" if raw.get(k) is None else str(raw.get(k)) for k in keys)
    return f"{prefix}-{hashlib.sha256(basis.encode()).hexdigest()[:12]}"
