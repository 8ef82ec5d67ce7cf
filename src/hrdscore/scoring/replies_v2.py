"""Responsiveness under methodology 2: each information request is scored on its own, and the
requests of the period are averaged (never the best of them).

Three criteria read the same per-request figures: contact (did the actor answer at all: an
acknowledgement or a verbal-only contact is contact, not substance), timeliness (of the first
written reply on substance; an acknowledgement does not stop the clock) and substance (the reply
class, halved when the analyst flags the answer as weak and tangential). A request whose
deadline has not passed on the as-of date and that has no answer on substance yet is pending:
left out, never "no reply".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from hrdscore.labels import count_noun
from hrdscore.methodology import Methodology
from hrdscore.model import Inquiry, Period, Reply
from hrdscore.model.vocab import FollowUpOutcome, Level, MissingState, ReplyMode, ReplySubstance
from hrdscore.scoring.periods import fmt_date, inquiry_in_period
from hrdscore.snapshot.evidence import ActorEvidence

_BY_RECEIPT = attrgetter("received_on", "id")
NOT_SUBSTANCE = frozenset({ReplySubstance.NO_REPLY, ReplySubstance.ACKNOWLEDGEMENT})


@dataclass(frozen=True, slots=True)
class InquiryScore:
    inquiry: Inquiry
    pending: bool
    declined: bool
    answer: Reply | None  # the first written reply on substance
    best: Reply | None  # the reply whose class scores highest (written or verbal)
    contact: float
    timely: float | None  # None: the letter's date is unknown
    substance: float
    days: int | None
    from_letter: bool
    evidence: tuple[str, ...]

    @property
    def reply_class(self) -> ReplySubstance:
        return self.best.substance if self.best else ReplySubstance.NO_REPLY

    @property
    def letter(self) -> str:
        inq = self.inquiry
        when = (f"of {fmt_date(inq.sent_on)}" if inq.sent_on
                else f"sent in {inq.year}" if inq.year else "of unknown date")
        return f"the request {when}"


def _substance_points(reply: Reply, m: Methodology) -> float:
    assert m.v2 is not None
    r = m.v2.responsiveness
    points = r.substance_points[reply.substance] * (r.weak_factor if reply.weak else 1.0)
    return points * (r.verbal_substance_factor if reply.mode is ReplyMode.VERBAL else 1.0)


def score_inquiry(inquiry: Inquiry, replies: list[Reply], m: Methodology,
                  as_of: date) -> InquiryScore:
    assert m.v2 is not None
    r, rules = m.v2.responsiveness, m.rules
    replies = sorted(replies, key=_BY_RECEIPT)
    written = [x for x in replies if x.mode is ReplyMode.WRITTEN]
    answer = next((x for x in written if x.substance not in NOT_SUBSTANCE), None)
    declined = any(f.outcome is FollowUpOutcome.DECLINED_TO_REPLY for f in inquiry.follow_ups)
    start = inquiry.received_on or inquiry.sent_on
    from_letter = inquiry.received_on is None
    deadline = rules.deadline_days
    due = None if start is None else start + timedelta(
        days=deadline + (rules.grace_days_when_receipt_unknown if from_letter else 0))
    # On the last day of the deadline an answer may still come: pending until it has passed.
    pending = answer is None and not declined and due is not None and due >= as_of
    best = max(replies, key=lambda x: (_substance_points(x, m), x.mode is ReplyMode.WRITTEN),
               default=None)
    if answer is not None:
        contact = 100.0
    elif written:
        contact = r.acknowledgement_contact_points
    elif replies:
        contact = r.verbal_contact_points
    else:
        contact = 0.0
    days: int | None = None
    timely: float | None = 0.0
    if answer is not None:
        if start is None:
            timely = None
        else:
            days = (answer.received_on - start).days
            if days <= deadline:
                timely = 100.0
            elif from_letter and days <= deadline + rules.grace_days_when_receipt_unknown:
                timely = r.possibly_on_time_points
    substance = _substance_points(best, m) if best is not None else 0.0
    return InquiryScore(inquiry, pending, declined, answer, best, contact, timely, substance,
                        days, from_letter, (inquiry.id, *(x.id for x in replies)))


def inquiry_scores(ev: ActorEvidence, period: Period, m: Methodology,
                   as_of: date) -> list[InquiryScore]:
    by_inquiry: dict[str, list[Reply]] = {}
    for reply in ev.replies:
        by_inquiry.setdefault(reply.inquiry, []).append(reply)
    out = [score_inquiry(i, by_inquiry.get(i.id, []), m, as_of)
           for i in ev.inquiries if inquiry_in_period(i, period)]
    return sorted(out, key=lambda s: (s.inquiry.year or 0, s.inquiry.sent_on or date.min,
                                      s.inquiry.id))


@dataclass(frozen=True)
class Figure:
    """A criterion's result from the per-request scores."""

    level: Level | None
    missing: MissingState | None
    points: float | None
    evidence: tuple[str, ...]
    text: str


def _level(points: float) -> Level:
    return Level.MET if points >= 100 else Level.NOT_MET if points <= 0 else Level.PARTIAL


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _class(c: ReplySubstance) -> str:
    return c.value.replace("_", " ")


def figure(which: str, scores: list[InquiryScore], name: str, period: Period,
           as_of: date, *, explain: bool = True) -> Figure:
    """which: 'contact', 'timely' or 'substance'. With explain=False, the result without its
    text and evidence (the previous period of a change needs only the points)."""
    if not explain:
        return _figure_points(which, scores)
    ids = tuple(i for s in scores for i in s.evidence)
    if not scores:
        return Figure(None, MissingState.NOT_ASSESSED, None, (),
                      f"No information request to {name} is recorded for {period.label}.")
    counted = [s for s in scores if not s.pending]
    pending = len(scores) - len(counted)
    verb = "is" if pending == 1 else "are"
    note = (f" {count_noun(pending, 'request')} still inside the deadline on "
            f"{fmt_date(as_of)} {verb} pending and left out." if pending else "")
    if not counted:
        return Figure(None, MissingState.NOT_ASSESSED, None, ids,
                      f"Every request to {name} in {period.label} is pending: its deadline "
                      f"had not passed on {fmt_date(as_of)}.")
    if all(s.declined and s.best is None for s in counted):
        return Figure(None, MissingState.ACTOR_DECLINED, None, ids,
                      f"{name} declined to answer {counted[0].letter}.{note}")
    values = [getattr(s, which) for s in counted]
    judged = [v for v in values if v is not None]
    if not judged:
        return Figure(None, MissingState.NO_EVIDENCE_FOUND, None, ids,
                      "The requests' dates are unknown, so timeliness cannot be judged."
                      + note)
    points = _mean(judged)
    parts = [_part(which, s) for s in counted]
    text = (f"Average of {count_noun(len(judged), 'request')}: {points:.0f} points ("
            + "; ".join(parts) + ")." + note)
    return Figure(_level(points), None, points, ids, text)


def _figure_points(which: str, scores: list[InquiryScore]) -> Figure:
    """`figure`'s level, missing state and points, decided as it decides them."""
    counted = [s for s in scores if not s.pending]
    if not counted:
        return Figure(None, MissingState.NOT_ASSESSED, None, (), "")
    if all(s.declined and s.best is None for s in counted):
        return Figure(None, MissingState.ACTOR_DECLINED, None, (), "")
    judged = [v for v in (getattr(s, which) for s in counted) if v is not None]
    if not judged:
        return Figure(None, MissingState.NO_EVIDENCE_FOUND, None, (), "")
    points = _mean(judged)
    return Figure(_level(points), None, points, (), "")


def _part(which: str, s: InquiryScore) -> str:
    if which == "contact":
        how = ("written reply on substance" if s.answer else
               "acknowledgement only" if s.best and s.best.mode is ReplyMode.WRITTEN else
               "verbal contact only" if s.best else "no reply")
        return f"{s.letter}: {how}, {s.contact:g}"
    if which == "timely":
        if s.answer is None:
            return f"{s.letter}: no written answer on substance, 0"
        if s.days is None:
            return f"{s.letter}: date unknown, not judged"
        since = "the letter" if s.from_letter else "receipt"
        return f"{s.letter}: answered {s.days} days after {since}, {s.timely:g}"
    weak = ", flagged weak and tangential" if s.best and s.best.weak else ""
    mode = " (verbal)" if s.best and s.best.mode is ReplyMode.VERBAL else ""
    return f"{s.letter}: {_class(s.reply_class)}{mode}{weak}, {s.substance:g}"


RULE_FIGURES = {"reply_received": "contact", "reply_on_time": "timely",
                "reply_substance": "substance"}


def summary(scores: list[InquiryScore], deadline: int, as_of: date) -> str | None:
    """The headline's sentence on information requests, or None when there were none."""
    if not scores:
        return None
    counted = [s for s in scores if not s.pending]
    pending = len(scores) - len(counted)
    tail = (f"; {count_noun(pending, 'request')} pending (deadline not passed on "
            f"{fmt_date(as_of)})"
            if pending else "")
    answered = [s for s in counted if s.answer is not None]
    if not counted:
        return f"{count_noun(pending, 'information request')} pending: the deadline had not "\
               "passed on " \
               f"{fmt_date(as_of)}."
    if not answered:
        first = counted[0]
        if first.declined and first.best is None:
            what = f"Declined to answer {first.letter}"
        elif first.best is not None:
            how = "verbally only" if first.best.mode is ReplyMode.VERBAL else \
                "with an acknowledgement only"
            what = f"Answered {first.letter} {how}, no written answer on substance"
        else:
            what = f"No written reply to {first.letter}"
        more = f" (and {count_noun(len(counted) - 1, 'other request')})" if len(counted) > 1 else ""
        return f"{what}{more}{tail}."
    days = [f"{s.days} days after {'the letter' if s.from_letter else 'receipt'}"
            for s in answered if s.days is not None]
    when = f", {' and '.join(days)}" if days else ""
    classes = ", ".join(_class(s.reply_class) for s in answered)
    return (f"Replied to {len(answered)} of {len(counted)} information requests{when} (legal "
            f"deadline {deadline} days from receipt); {classes}{tail}.")
