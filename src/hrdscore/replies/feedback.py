"""What the public sees of a closed round, per actor: the actor's public response verbatim (or
that it did not respond by the deadline) and the feedback log: what the actor contested, what
the analyst decided and why.

Confidential responses are left out here, before anything is rendered: a confidential response
is reported only as the fact that the actor answered in confidence, and its comments give no
feedback log entry (the analyst's reason could repeat what was said in confidence)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from hrdscore.model.reply import Outcome, ReplyDecision, ReplyResponse, ReplyRound
from hrdscore.replies.rounds import in_time
from hrdscore.replies.words import date_in_words

__all__ = ["ActorReply", "FeedbackEntry", "PublicResponse", "actor_reply", "public_responses"]


@dataclass(frozen=True)
class PublicResponse:
    received_on: date
    channel: str
    text: str


@dataclass(frozen=True)
class FeedbackEntry:
    criterion: str
    statement: str  # the criterion as a reader knows it
    contested: str  # the actor's comment, verbatim
    sources: tuple[str, ...]
    outcome: Outcome | None  # None: no decision recorded yet
    reason: str | None
    decided_on: date | None

    @property
    def outcome_words(self) -> str:
        if self.outcome is Outcome.CHANGED:
            return "score changed"
        if self.outcome is Outcome.UNCHANGED:
            return "score unchanged"
        return "no decision recorded"


@dataclass(frozen=True)
class ActorReply:
    round: str
    actor: str
    actor_name: str
    deadline: date
    responses: tuple[PublicResponse, ...]
    answered_in_confidence: bool
    feedback: tuple[FeedbackEntry, ...]

    @property
    def responded(self) -> bool:
        return bool(self.responses) or self.answered_in_confidence

    @property
    def status(self) -> str:
        """One sentence a reader understands."""
        if self.responses:
            days = ", ".join(date_in_words(r.received_on) for r in self.responses)
            return f"{self.actor_name} responded on {days}; the response is published verbatim."
        if self.answered_in_confidence:
            return (f"{self.actor_name} responded in confidence by "
                    f"{date_in_words(self.deadline)}; the response is not published.")
        return f"{self.actor_name} did not respond by {date_in_words(self.deadline)}."

    def as_json(self) -> dict[str, Any]:
        return {
            "round": self.round,
            "deadline": self.deadline.isoformat(),
            "responded": self.responded,
            "status": self.status,
            "responses": [{"received_on": r.received_on.isoformat(), "channel": r.channel,
                           "text": r.text} for r in self.responses],
            "feedback_log": [{
                "criterion": f.criterion, "statement": f.statement, "contested": f.contested,
                "sources": list(f.sources),
                "outcome": f.outcome.value if f.outcome else None,
                "outcome_words": f.outcome_words, "reason": f.reason,
                "decided_on": f.decided_on.isoformat() if f.decided_on else None,
            } for f in self.feedback],
        }


def public_responses(responses: Iterable[ReplyResponse]) -> list[ReplyResponse]:
    """The responses a public reader may see: never a confidential one."""
    return [r for r in responses if not r.confidential]


def actor_reply(round_: ReplyRound, actor: str, actor_name: str,
                responses: Iterable[ReplyResponse], decisions: Iterable[ReplyDecision],
                statements: Mapping[str, str]) -> ActorReply:
    """The public view of one actor in a round. `statements`: criterion id -> its statement."""
    mine = sorted((r for r in responses if r.round == round_.id and r.actor == actor
                   and in_time(round_, r.received_on)), key=lambda r: (r.received_on, r.id))
    shown = public_responses(mine)
    latest: dict[str, ReplyDecision] = {}
    for decision in sorted(decisions, key=lambda d: (d.decided_on, d.id)):
        if decision.round == round_.id and decision.actor == actor:
            latest[decision.criterion] = decision
    entries = []
    for response in shown:
        for c in response.comments:
            d = latest.get(c.criterion)
            entries.append(FeedbackEntry(
                c.criterion, statements.get(c.criterion, c.criterion), c.comment,
                tuple(c.sources), d.outcome if d else None, d.reason if d else None,
                d.decided_on if d else None))
    return ActorReply(round_.id, actor, actor_name, round_.deadline,
                      tuple(PublicResponse(r.received_on, r.channel.value, r.text)
                            for r in shown),
                      answered_in_confidence=len(shown) < len(mine), feedback=tuple(entries))
