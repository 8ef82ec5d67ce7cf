"""The rules of a reply round, as pure functions: its id, its deadline, whether a response
counts, what a respondent key is called."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, timedelta

from hrdscore.model.reply import ReplyRound

__all__ = ["default_deadline", "in_time", "next_round_id", "respondent_key_name"]


def default_deadline(opened_on: date, days: int) -> date:
    """`days` calendar days after the round opens (the methodology's `reply_round_days`)."""
    return opened_on + timedelta(days=days)


def in_time(round_: ReplyRound, received_on: date) -> bool:
    """A response counts when it arrives on or before the deadline day."""
    return received_on <= round_.deadline


def next_round_id(period_label: str, existing: Iterable[str]) -> str:
    """`reply-2021`, then `reply-2021-2`... for a period's later rounds."""
    taken = set(existing)
    base = f"reply-{period_label}"
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def respondent_key_name(round_id: str, actor: str, issue: int) -> str:
    """A key name (at most 64 characters, see `hrdscore.store.keys`) for the `issue`-th key of
    an actor in a round; long ids are shortened with a digest so names stay distinct."""
    name = f"{round_id}.{actor}.{issue}"
    if len(name) <= 64:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    return f"{name[:53]}.{digest}"
