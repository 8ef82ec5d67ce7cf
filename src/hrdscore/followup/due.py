"""What is due or overdue on a date: a weekly check for the monitor.

- an information request whose legal deadline has passed with no reply (the deadline runs from
  the date the letter was received; when only the letter's date is known, from that date, and
  the entry says so);
- a measure past its target date and neither completed nor abandoned;
- an assessment past its validity: the assessor's latest finding on a criterion for an actor is
  older than the methodology allows, so it no longer scores and should be renewed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from hrdscore.followup.status import add_months, status_label
from hrdscore.model import Assessment, Recommendation
from hrdscore.model.followup import MeasureStatus
from hrdscore.model.vocab import ReviewState
from hrdscore.snapshot import Snapshot

__all__ = ["DueItem", "due"]

_CLOSED = (MeasureStatus.COMPLETED, MeasureStatus.ABANDONED)


@dataclass(frozen=True, slots=True)
class DueItem:
    kind: str  # information_request, measure, assessment
    record: str
    what: str
    due_on: date
    days_overdue: int
    actor: str | None = None
    recommendation: str | None = None
    note: str | None = None
    actor_name: str | None = None


def _requests(snapshot: Snapshot, as_of: date) -> list[DueItem]:
    out = []
    for inquiry in snapshot.inquiries.values():
        start = inquiry.received_on or inquiry.sent_on
        if start is None or start > as_of:
            continue
        deadline = start + timedelta(days=inquiry.deadline_days)
        replies = snapshot.replies_by_inquiry.get(inquiry.id, ())
        if deadline >= as_of or any(r.received_on <= as_of for r in replies):
            continue
        subject = inquiry.subject or "information request"
        ref = f" no. {inquiry.reference}" if inquiry.reference else ""
        note = None if inquiry.received_on else (
            "deadline counted from the letter's date: the date it was received is not known")
        out.append(DueItem("information_request", inquiry.id, f"Reply to request{ref}: "
                           f"{subject}", deadline, (as_of - deadline).days, inquiry.actor,
                           None, note))
    return out


def _measures(snapshot: Snapshot, as_of: date) -> list[DueItem]:
    return [DueItem("measure", m.id, m.description, m.target_date, (as_of - m.target_date).days,
                    m.actor, m.recommendation, f"status: {status_label(m.status.value)}")
            for m in snapshot.measures.values()
            if m.target_date is not None and m.target_date < as_of
            and m.status not in _CLOSED]


def _assessments(snapshot: Snapshot, as_of: date, validity_months: int,
                 owner: Mapping[str, str]) -> list[DueItem]:
    latest: dict[tuple[str, str, str], Assessment] = {}
    for a in snapshot.assessments.values():
        if a.review is not ReviewState.PUBLISHED or a.as_of > as_of:
            continue
        key = (a.criterion, a.actor, a.assessor)
        if key not in latest or (a.as_of, a.id) > (latest[key].as_of, latest[key].id):
            latest[key] = a
    out = []
    for (criterion, actor, assessor), a in latest.items():
        expires = add_months(a.as_of, validity_months)
        if expires < as_of:
            out.append(DueItem("assessment", a.id, f"Reassess {criterion} ({assessor})",
                               expires, (as_of - expires).days, actor,
                               owner.get(criterion),
                               f"assessed on {a.as_of}; valid {validity_months} months"))
    return out


def due(snapshot: Snapshot, *, as_of: date, validity_months: int | None = 24,
        recommendations: Sequence[Recommendation] = ()) -> list[DueItem]:
    """Everything overdue on `as_of`, most overdue first; `recommendations` name the
    recommendation an expired assessment belongs to. With no `validity_months` (a methodology
    whose assessments do not expire) no assessment is ever due."""
    owner = {c.id: r.id for r in recommendations for c in r.criteria}
    items = [*_requests(snapshot, as_of), *_measures(snapshot, as_of),
             *(_assessments(snapshot, as_of, validity_months, owner)
               if validity_months is not None else [])]
    named = [replace(i, actor_name=actor.name)
             if i.actor is not None and (actor := snapshot.actors.get(i.actor)) else i
             for i in items]
    return sorted(named, key=lambda i: (-i.days_overdue, i.kind, i.record))
