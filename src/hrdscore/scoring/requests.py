"""The information requests of a scorecard, as scoring judged them.

Both methodologies judge each request (methodology 1 by its first written reply, methodology 2
by its first written reply on substance, with requests still inside their deadline pending);
the card carries those judgements so that a PDF or a web page shows the same verdicts the
scores rest on, and never works them out again.
"""

from __future__ import annotations

from datetime import date

from hrdscore.methodology import Methodology
from hrdscore.model import RequestResult
from hrdscore.model.vocab import ReplyMode, ReplySubstance
from hrdscore.scoring import replies_v2
from hrdscore.scoring.periods import fmt_date
from hrdscore.scoring.rules import InquiryStatus, timeliness

__all__ = ["requests_v1", "requests_v2"]


def _counted_from(received_on: date | None, start: date | None) -> str | None:
    if start is None:
        return None
    return "letter" if received_on is None else "receipt"


def requests_v1(statuses: list[InquiryStatus], m: Methodology) -> list[RequestResult]:
    """Methodology 1: each request judged by its first written reply."""
    deadline = m.rules.deadline_days
    out = []
    for s in statuses:
        t = timeliness(s, deadline, m.rules.grace_days_when_receipt_unknown)
        inq = s.inquiry
        out.append(RequestResult(
            inquiry=inq.id, reference=inq.reference, sent_on=inq.sent_on, sent_year=inq.year,
            received_on=inq.received_on, deadline_days=deadline,
            replied_on=s.reply.received_on if s.reply else None, days=t.days,
            counted_from=_counted_from(inq.received_on, inq.received_on or inq.sent_on),
            status=t.status, text=t.text,
            substance=s.reply.substance if s.reply else ReplySubstance.NO_REPLY,
            verbal_on=s.verbal.received_on if s.verbal else None, declined=s.declined))
    return out


def _status_v2(s: replies_v2.InquiryScore, deadline: int, m: Methodology) -> tuple[str, str]:
    letter = s.letter
    if s.pending:
        return "pending", (f"no answer yet to {letter}; the {deadline}-day deadline has not "
                           "passed, so it is not counted")
    if s.answer is None:
        return "no_reply", f"no written answer to {letter} within the {deadline}-day deadline"
    replied = f"answered on {fmt_date(s.answer.received_on)}"
    if s.days is None:
        return "unknown", f"{replied}; the request's date is unknown, so timeliness cannot " \
                          "be judged"
    since = f"{s.days} days after the {'letter' if s.from_letter else 'receipt'}"
    if s.days <= deadline:
        return "on_time", f"{replied}, {since}: within the {deadline}-day deadline"
    grace = m.rules.grace_days_when_receipt_unknown
    if s.from_letter and s.days <= deadline + grace:
        return "probably_on_time", (f"{replied}, {since}: past the deadline counted from the "
                                    "letter date, but it runs from receipt, which is not "
                                    "known: possibly on time")
    return "late", f"{replied}, {since}: past the {deadline}-day deadline"


def requests_v2(scores: list[replies_v2.InquiryScore], m: Methodology) -> list[RequestResult]:
    """Methodology 2: each request judged by its first written answer on substance."""
    deadline = m.rules.deadline_days
    out = []
    for s in scores:
        inq = s.inquiry
        status, text = _status_v2(s, deadline, m)
        verbal = s.best if s.best is not None and s.best.mode is ReplyMode.VERBAL else None
        out.append(RequestResult(
            inquiry=inq.id, reference=inq.reference, sent_on=inq.sent_on, sent_year=inq.year,
            received_on=inq.received_on, deadline_days=deadline,
            replied_on=s.answer.received_on if s.answer else None, days=s.days,
            counted_from=_counted_from(inq.received_on, inq.received_on or inq.sent_on),
            status=status, text=text, substance=s.reply_class,
            verbal_on=verbal.received_on if verbal else None, declined=s.declined))
    return out
