"""The registry of named rules that assess criteria from evidence.

A rule reads one actor's evidence for one period and returns a level (or a missing state), the
evidence ids it used and one sentence a reader understands. Rules are pure functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hrdscore.methodology import Methodology
from hrdscore.model import Inquiry, Period, Reply
from hrdscore.model.vocab import (
    FollowUpOutcome,
    InvolvementRole,
    Level,
    MissingState,
    ReplyMode,
)
from hrdscore.scoring.periods import (
    act_in_period,
    fmt_act_date,
    fmt_date,
    fmt_recourse_date,
    inquiry_in_period,
)
from hrdscore.snapshot.evidence import ActorEvidence
from hrdscore.snapshot.views import ActView
from hrdscore.text import clip, sentence


@dataclass(frozen=True)
class RuleInput:
    evidence: ActorEvidence
    descendants: Mapping[str, str]  # the actor and the bodies below it: id -> name
    period: Period
    methodology: Methodology
    params: Mapping[str, Any]
    # The actor's acts in the period and its inquiries' statuses, worked out once per
    # scorecard rather than once per rule.
    period_acts: tuple[ActView, ...] | None = None
    statuses: tuple[InquiryStatus, ...] | None = None

    def acts_in_period(self) -> tuple[ActView, ...]:
        if self.period_acts is not None:
            return self.period_acts
        return tuple(a for a in self.evidence.acts if act_in_period(a, self.period))

    def inquiry_statuses(self) -> tuple[InquiryStatus, ...]:
        if self.statuses is not None:
            return self.statuses
        return tuple(inquiry_statuses(self.evidence, self.period))

    @property
    def name(self) -> str:
        return self.evidence.actor.name


@dataclass(frozen=True)
class Outcome:
    level: Level | None
    missing: MissingState | None
    evidence: tuple[str, ...]
    text: str


Rule = Callable[[RuleInput], Outcome]
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    def register(func: Rule) -> Rule:
        RULES[name] = func
        return func
    return register


def _missing(state: MissingState, text: str, evidence: Sequence[str] = ()) -> Outcome:
    return Outcome(None, state, tuple(evidence), text)


def _level(level: Level, text: str, evidence: Sequence[str]) -> Outcome:
    return Outcome(level, None, tuple(evidence), text)


# Inquiries and replies


@dataclass(frozen=True)
class InquiryStatus:
    inquiry: Inquiry
    reply: Reply | None  # the first written reply, if any
    verbal: Reply | None
    declined: bool

    @property
    def letter(self) -> str:
        ref = f"No. {self.inquiry.reference}" if self.inquiry.reference else "without a number"
        when = (f"of {fmt_date(self.inquiry.sent_on)}" if self.inquiry.sent_on
                else f"sent in {self.inquiry.year}" if self.inquiry.year else "of unknown date")
        return f"the information request {ref} {when}"

    @property
    def ids(self) -> list[str]:
        ids = [self.inquiry.id]
        ids += [r.id for r in (self.reply, self.verbal) if r is not None]
        return ids


def inquiry_statuses(ev: ActorEvidence, period: Period) -> list[InquiryStatus]:
    by_inquiry: dict[str, list[Reply]] = {}
    for reply in ev.replies:
        by_inquiry.setdefault(reply.inquiry, []).append(reply)
    out = []
    for inquiry in ev.inquiries:
        if not inquiry_in_period(inquiry, period):
            continue
        replies = sorted(by_inquiry.get(inquiry.id, []), key=lambda r: (r.received_on, r.id))
        written = next((r for r in replies if r.mode is ReplyMode.WRITTEN), None)
        verbal = next((r for r in replies if r.mode is ReplyMode.VERBAL), None)
        declined = any(f.outcome is FollowUpOutcome.DECLINED_TO_REPLY for f in inquiry.follow_ups)
        out.append(InquiryStatus(inquiry, written, verbal, declined))
    return sorted(out, key=lambda s: (s.inquiry.year or 0, s.inquiry.sent_on or s.inquiry.id,
                                      s.inquiry.id))


def _no_inquiry(inp: RuleInput) -> Outcome:
    return _missing(MissingState.NOT_ASSESSED,
                    f"No information request to {inp.name} is recorded for {inp.period.label}.")


def _note(text: str) -> str:
    return text.strip().rstrip(".").strip()


def _declined_text(status: InquiryStatus) -> str:
    notes = [_note(f.note) for f in status.inquiry.follow_ups
             if f.outcome is FollowUpOutcome.DECLINED_TO_REPLY and f.note]
    return f"Declined to answer {status.letter}" + (f" ({notes[0]})" if notes else "") + "."


@rule("reply_received")
def reply_received(inp: RuleInput) -> Outcome:
    statuses = inp.inquiry_statuses()
    if not statuses:
        return _no_inquiry(inp)
    ids = [i for s in statuses for i in s.ids]
    replied = [s for s in statuses if s.reply]
    if len(replied) == len(statuses):
        dates = "; ".join(f"{s.letter}: reply of {fmt_date(s.reply.received_on)}"
                          for s in replied if s.reply)
        return _level(Level.MET, f"Replied in writing to every information request ({dates}).",
                      ids)
    if replied or any(s.verbal for s in statuses):
        return _level(Level.PARTIAL,
                      f"Replied in writing to {len(replied)} of {len(statuses)} information "
                      f"requests; the others had at most a verbal answer.", ids)
    declined = [s for s in statuses if s.declined]
    if declined:
        return _missing(MissingState.ACTOR_DECLINED, _declined_text(declined[0]), ids)
    texts = []
    for s in statuses:
        follow = "; ".join(_note(f.note) if f.note else f.outcome.value.replace("_", " ")
                           for f in s.inquiry.follow_ups)
        texts.append(f"no written reply to {s.letter}" + (f" (follow-up: {follow})"
                                                          if follow else ""))
    return _level(Level.NOT_MET, sentence("; ".join(texts)), ids)


@dataclass(frozen=True)
class Timeliness:
    status: str  # on_time, probably_on_time, late, no_reply, unknown
    days: int | None
    from_letter: bool
    text: str


def timeliness(s: InquiryStatus, deadline: int, grace: int) -> Timeliness:
    start = s.inquiry.received_on or s.inquiry.sent_on
    from_letter = s.inquiry.received_on is None
    if s.reply is None:
        return Timeliness("no_reply", None, from_letter,
                          f"no written reply to {s.letter} within the {deadline}-day deadline")
    if start is None:
        return Timeliness("unknown", None, from_letter,
                          f"replied on {fmt_date(s.reply.received_on)} to {s.letter}; "
                          "its date is unknown, so timeliness cannot be judged")
    days = (s.reply.received_on - start).days
    since = (f"{days} days after the letter of {fmt_date(start)}" if from_letter
             else f"{days} days after receipt on {fmt_date(start)}")
    base = f"replied on {fmt_date(s.reply.received_on)}, {since}"
    if days <= deadline:
        status, verdict = "on_time", f"within the legal deadline of {deadline} calendar days"
    elif from_letter and days <= deadline + grace:
        status = "probably_on_time"
        verdict = (f"past the {deadline}-day deadline counted from the letter date, but the "
                   f"deadline runs from receipt, which is not known: possibly on time")
    else:
        status, verdict = "late", f"past the legal deadline of {deadline} calendar days"
    note = ("; counted from the letter date, as the date of receipt is not known"
            if from_letter and status == "on_time" else "")
    return Timeliness(status, days, from_letter, f"{base}: {verdict}{note}")


@rule("reply_on_time")
def reply_on_time(inp: RuleInput) -> Outcome:
    statuses = inp.inquiry_statuses()
    if not statuses:
        return _no_inquiry(inp)
    deadline = int(inp.params.get("deadline_days", inp.methodology.rules.deadline_days))
    grace = inp.methodology.rules.grace_days_when_receipt_unknown
    ids = [i for s in statuses for i in s.ids]
    if not any(s.reply for s in statuses) and any(s.declined for s in statuses):
        return _missing(MissingState.ACTOR_DECLINED,
                        _declined_text(next(s for s in statuses if s.declined)), ids)
    results = [timeliness(s, deadline, grace) for s in statuses]
    judged = [r for r in results if r.status != "unknown"]
    text = sentence("; ".join(r.text for r in results))
    if not judged:
        return _missing(MissingState.NO_EVIDENCE_FOUND, text, ids)
    on_time = sum(r.status == "on_time" for r in judged)
    if on_time == len(judged):
        return _level(Level.MET, text, ids)
    if on_time or any(r.status == "probably_on_time" for r in judged):
        return _level(Level.PARTIAL, text, ids)
    return _level(Level.NOT_MET, text, ids)


@rule("reply_substance")
def reply_substance(inp: RuleInput) -> Outcome:
    statuses = inp.inquiry_statuses()
    if not statuses:
        return _no_inquiry(inp)
    ids = [i for s in statuses for i in s.ids]
    replies = [r for s in statuses for r in (s.reply, s.verbal) if r is not None]
    if not replies:
        declined = [s for s in statuses if s.declined]
        if declined:
            return _missing(MissingState.ACTOR_DECLINED, _declined_text(declined[0]), ids)
        return _level(Level.NOT_MET, f"No reply was received to {statuses[0].letter}.", ids)
    mapping = inp.methodology.rules.substance_levels
    order = list(mapping)  # from no reply to full answer
    best = max(replies, key=lambda r: order.index(r.substance))
    level = mapping[best.substance]
    quote = f": “{clip(best.excerpt)}”" if best.excerpt else ""
    return _level(level, f"The {best.mode.value} reply of {fmt_date(best.received_on)} is "
                  f"a {best.substance.value.replace('_', ' ')}{quote}", ids)


# Acts against defenders


def _acts(inp: RuleInput) -> list[ActView]:
    roles = {InvolvementRole(r) for r in inp.params.get("roles", list(InvolvementRole))}
    return [a for a in inp.acts_in_period()
            if any(i.actor in inp.descendants and i.role in roles for i in a.involvements)]


def involvement_of(act: ActView, members: Mapping[str, str]) -> tuple[str, bool]:
    """The actor's strongest role in the act, and whether it is only alleged."""
    mine = [i for i in act.involvements if i.actor in members]
    established = [i for i in mine if not i.alleged]
    chosen = established or mine
    if len(chosen) == 1:  # most acts: no set to sort
        return chosen[0].role.value, not established
    roles = sorted({i.role.value for i in chosen})
    return "/".join(roles), not established


def describe_acts(acts: Sequence[ActView], members: Mapping[str, str], limit: int = 4, *,
                  when: Callable[[ActView], str] = fmt_act_date) -> str:
    """'detention (7 May 2019; executor: Burlinsky District Department...)'. The body is named
    when it is one below the actor, so a roll-up says who acted. Methodology 2 passes
    `fmt_public_act_date` (the month, never the day); methodology 1 keeps its wording."""
    top = next(iter(members), None)
    parts = []
    for act in acts[:limit]:
        if act.confidential:
            # A confidential incident is counted, never described: its type and date could
            # single out the defender.
            parts.append("an act in a confidential incident (details withheld)")
            continue
        role, alleged = involvement_of(act, members)
        bodies = sorted({members[a] for a in act.actor_ids if a in members and a != top})
        by = f": {', '.join(bodies)}" if bodies else ""
        parts.append(f"{act.type.value.replace('_', ' ')} ({when(act)}; "
                     f"{role}{', alleged' if alleged else ''}{by})")
    more = f" and {len(acts) - limit} more" if len(acts) > limit else ""
    return ", ".join(parts) + more


def _coverage_gap(inp: RuleInput, acts: Sequence[ActView]) -> Outcome | None:
    """not_assessed when the period is outside incident monitoring, or when monitoring is
    only partly recorded and no act was found (absence then proves nothing)."""
    spans = ", ".join(f"{s.start.year}-{s.end.year}" for s in inp.methodology.incident_monitoring)
    span = inp.methodology.monitoring(inp.period.start, inp.period.end)
    if span is None:
        return _missing(MissingState.NOT_ASSESSED,
                        f"Incidents against defenders were monitored in {spans} only, so "
                        f"{inp.period.label} cannot be assessed.")
    if not acts and not span.complete:
        return _missing(MissingState.NOT_ASSESSED,
                        f"No act involving {inp.name} is recorded for {inp.period.label}, but "
                        f"the records for {span.start.year}-{span.end.year} hold only some of "
                        f"the monitored acts, so their absence shows nothing.")
    return None


@rule("acts_attributed")
def acts_attributed(inp: RuleInput) -> Outcome:
    acts = _acts(inp)
    if (gap := _coverage_gap(inp, acts)) is not None:
        return gap
    if not acts:
        return _level(Level.MET, f"No act against defenders involving {inp.name} (or bodies "
                      f"under it) was recorded in {inp.period.label}.", [])
    ids = [a.id for a in acts]
    listing = describe_acts(acts, inp.descendants)
    if all(involvement_of(a, inp.descendants)[1] for a in acts):
        return _level(Level.PARTIAL, f"{len(acts)} act(s) against defenders in "
                      f"{inp.period.label} in which {inp.name}'s involvement is alleged by the "
                      f"victim, not established: {listing}.", ids)
    return _level(Level.NOT_MET, f"{len(acts)} act(s) against defenders in {inp.period.label} "
                  f"involved {inp.name}: {listing}.", ids)


@rule("incident_response")
def incident_response(inp: RuleInput) -> Outcome:
    acts = _acts(inp)
    if (gap := _coverage_gap(inp, acts)) is not None:
        return gap
    if not acts:
        return _missing(MissingState.NOT_APPLICABLE, f"No act involving {inp.name} was "
                        f"recorded in {inp.period.label}, so there was nothing to respond to.")
    kind = inp.evidence.actor.kind
    remedial = set(inp.methodology.rules.response_recourses.get(kind, []))
    if not remedial:
        return _missing(MissingState.NOT_APPLICABLE,
                        f"The methodology defines no remedial step for a {kind.value}.")
    incidents: dict[str, list[ActView]] = {}
    for act in acts:
        incidents.setdefault(act.incident, []).append(act)
    responded = {inc for inc, group in incidents.items()
                 if any(r.type in remedial for a in group for r in a.recourses)}
    ids = sorted(incidents)
    steps = sorted({f"{r.type.value.replace('_', ' ')} ({fmt_recourse_date(r)})"
                    for a in acts for r in a.recourses if r.type in remedial})
    detail = f": {', '.join(steps)}" if steps else ""
    text = (f"{inp.name} took a remedial step in {len(responded)} of {len(incidents)} "
            f"incident(s) it was involved in{detail}.")
    if len(responded) == len(incidents):
        return _level(Level.MET, text, ids)
    return _level(Level.PARTIAL if responded else Level.NOT_MET, text, ids)


@rule("recourse_share")
def recourse_share(inp: RuleInput) -> Outcome:
    acts = _acts(inp)
    if (gap := _coverage_gap(inp, acts)) is not None:
        return gap
    if not acts:
        return _missing(MissingState.NOT_APPLICABLE, f"No act involving {inp.name} was "
                        f"recorded in {inp.period.label}, so none needed a remedy.")
    remedied = [a for a in acts if a.recourses]
    share = len(remedied) / len(acts)
    kinds = sorted({f"{r.type.value.replace('_', ' ')} ({fmt_recourse_date(r)})"
                    for a in remedied for r in a.recourses})
    text = (f"{len(remedied)} of {len(acts)} act(s) involving {inp.name} in "
            f"{inp.period.label} ({share:.0%}) were remedied"
            + (f": {', '.join(kinds)}." if kinds else "."))
    ids = [a.id for a in acts]
    if share >= inp.methodology.rules.recourse_met_share:
        return _level(Level.MET, text, ids)
    return _level(Level.PARTIAL if remedied else Level.NOT_MET, text, ids)

