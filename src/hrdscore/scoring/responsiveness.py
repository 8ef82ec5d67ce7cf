"""Responsiveness to information requests: one row per inquiry, and the published figures
(response rate, substantive-response rate, median days to reply), as in the report's annex."""

from __future__ import annotations

from datetime import date
from statistics import median

from pydantic import Field

from hrdscore.methodology import Methodology
from hrdscore.model import Period
from hrdscore.model.base import Id, Record
from hrdscore.model.vocab import SUBSTANTIVE_REPLIES, ReplySubstance
from hrdscore.scoring import replies_v2
from hrdscore.scoring.periods import fmt_date
from hrdscore.scoring.rules import Timeliness, inquiry_statuses, timeliness
from hrdscore.snapshot.evidence import Snapshot


class InquiryRow(Record):
    inquiry: Id
    actor: Id
    actor_name: str
    reference: str | None
    sent_on: str | None  # ISO date, or None when the source gives none
    sent_year: int | None
    replied_on: str | None
    reply: Id | None
    days_to_reply: int | None
    counted_from: str | None = Field(description="'letter' or 'receipt'")
    on_time: bool | None
    timeliness: str
    substance: ReplySubstance
    follow_ups: list[str]
    explanation: str


class Summary(Record):
    inquiries: int
    replies: int
    response_rate: float | None
    substantive_replies: int
    substantive_response_rate: float | None
    on_time: int
    median_days_to_reply: float | None
    pending: int = Field(default=0, description="Requests whose deadline had not passed on "
                         "the as-of date (methodology 2): listed, left out of the rates.")


class Responsiveness(Record):
    """Every information request of a period against its deadline, and the published
    figures."""

    period: str
    methodology_version: str
    snapshot_hash: str
    deadline_days: int
    rows: list[InquiryRow]
    summary: Summary


def responsiveness(snapshot: Snapshot, period: Period, m: Methodology,
                   as_of: date | None = None) -> Responsiveness:
    """One row per inquiry of the period and the summary: response rate, substantive
    response rate, median days to reply. Under methodology 2 a request with no answer whose
    deadline has not passed on `as_of` (default: the end of the period) is pending, as on the
    scorecards: listed, and left out of the rates."""
    deadline = m.rules.deadline_days
    on = as_of or period.end
    grace = m.rules.grace_days_when_receipt_unknown
    rows: list[InquiryRow] = []
    for actor_id in sorted(snapshot.inquiries_by_actor):
        if actor_id not in snapshot.actors:
            continue
        ev = snapshot.evidence_for(actor_id)
        for status in inquiry_statuses(ev, period):
            t = timeliness(status, deadline, grace)
            inq, reply = status.inquiry, status.reply
            if m.is_v2 and replies_v2.score_inquiry(
                    inq, [r for r in ev.replies if r.inquiry == inq.id], m, on).pending:
                t = Timeliness("pending", None, t.from_letter,
                               f"no answer yet to {status.letter}; its {deadline}-day deadline "
                               f"had not passed on {fmt_date(on)}, so it is not counted")
            rows.append(InquiryRow(
                inquiry=inq.id, actor=actor_id, actor_name=ev.actor.name,
                reference=inq.reference,
                sent_on=inq.sent_on.isoformat() if inq.sent_on else None,
                sent_year=inq.year,
                replied_on=reply.received_on.isoformat() if reply else None,
                reply=reply.id if reply else None,
                days_to_reply=t.days,
                counted_from=("letter" if t.from_letter else "receipt") if t.days is not None
                else None,
                on_time={"on_time": True, "late": False, "no_reply": False}.get(t.status),
                timeliness=t.status,
                substance=reply.substance if reply else ReplySubstance.NO_REPLY,
                follow_ups=[f.outcome.value for f in inq.follow_ups],
                explanation=t.text[:1].upper() + t.text[1:] + ".",
            ))
    rows.sort(key=lambda r: (r.sent_on or f"{r.sent_year or 9999}-99", r.inquiry))
    counted = [r for r in rows if r.timeliness != "pending"]
    replied = [r for r in counted if r.reply]
    substantive = [r for r in replied if r.substance in SUBSTANTIVE_REPLIES]
    days = [r.days_to_reply for r in replied if r.days_to_reply is not None]
    n = len(counted)
    return Responsiveness(
        period=period.label, methodology_version=m.version, snapshot_hash=snapshot.hash,
        deadline_days=deadline, rows=rows,
        summary=Summary(
            inquiries=len(rows), replies=len(replied),
            response_rate=round(len(replied) / n, 3) if n else None,
            substantive_replies=len(substantive),
            substantive_response_rate=round(len(substantive) / n, 3) if n else None,
            on_time=sum(1 for r in rows if r.on_time),
            median_days_to_reply=float(median(days)) if days else None,
            pending=len(rows) - n,
        ),
    )
