"""Right of reply over a workspace: the one set of functions the CLI and the API call.

A round is opened on a period: the public draft scorecards of the actors asked are frozen in
the database (with the snapshot hash and methodology version), so what an actor reads, and what
its letter prints, is the draft it is answering even if the evidence changes meanwhile. The
rules (deadline, ids, what the public sees) are pure and live in `hrdscore.replies`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from hrdscore.errors import Conflict, HrdscoreError, InvalidData, NotFound, Problem
from hrdscore.model import Period, Scorecard
from hrdscore.model.reply import (
    Channel,
    CriterionComment,
    Outcome,
    ReplyDecision,
    ReplyResponse,
    ReplyRound,
)
from hrdscore.replies import (
    ActorReply,
    actor_reply,
    date_in_words,
    default_deadline,
    in_time,
    next_round_id,
    respondent_key_name,
)
from hrdscore.service import Workspace
from hrdscore.store.keys import ApiKey, KeyRepository, Role, keys_in
from hrdscore.store.replies import ReplyRepository, ReplyTables, reply_tables

__all__ = ["DEFAULT_REPLY_DAYS", "ActorStatus", "ReplyRoundOpen", "close_round", "draft_card",
           "find_round", "issue_key", "open_round", "open_round_of", "published_replies",
           "record_decision", "record_response", "reply_days", "require_no_open_round",
           "round_replies", "round_status", "tables"]

DEFAULT_REPLY_DAYS = 14  # methodology 1 has no reply_round_days


class ReplyRoundOpen(HrdscoreError):
    """A period cannot be published while its reply round is open."""


def reply_days(ws: Workspace) -> int:
    v2 = ws.methodology.v2
    return v2.reply_round_days if v2 is not None else DEFAULT_REPLY_DAYS


def tables(ws: Workspace) -> ReplyTables:
    return reply_tables(ws.store.document() if ws.store.exists() else {})


def find_round(ws: Workspace, round_id: str, found: ReplyTables | None = None) -> ReplyRound:
    rounds = (found or tables(ws)).rounds
    if round_id not in rounds:
        raise NotFound("reply round", round_id)
    return rounds[round_id]


def open_round_of(found: ReplyTables, period: Period) -> ReplyRound | None:
    return next((r for r in found.rounds.values() if r.period == period.label and r.is_open),
                None)


def require_no_open_round(ws: Workspace, period: Period) -> None:
    """`ReplyRoundOpen`, naming the round, while the period's reply round is open."""
    round_ = open_round_of(tables(ws), period)
    if round_ is not None:
        raise ReplyRoundOpen(
            f"the reply round {round_.id} for {period.label} is still open (deadline "
            f"{date_in_words(round_.deadline)}): close it first with `hrdscore reply-round "
            f"close --round {round_.id}`, or publish with --without-reply-round (the report "
            "then says so on its cover)")


def open_round(ws: Workspace, period: Period, *, opened_on: date, who: str,
               deadline: date | None = None, actors: Sequence[str] = ()) -> ReplyRound:
    """Freeze the public draft scorecards of the period (of `actors`, default every scored
    actor) and open a round with a deadline (default: the methodology's reply days)."""
    cards = {c.actor: c for c in ws.public_scorecards(period)}
    unknown = [a for a in actors if a not in cards]
    if unknown:
        raise InvalidData([Problem("--actor", f"{a!r} has no scorecard for {period.label}",
                                   field="actor") for a in unknown])
    chosen = sorted(set(actors)) if actors else sorted(cards)
    if not chosen:
        raise HrdscoreError(f"no actor has a scorecard for {period.label}: nothing to answer")
    due = deadline or default_deadline(opened_on, reply_days(ws))
    if due < opened_on:
        raise HrdscoreError(f"--deadline {due.isoformat()} is before the round opens "
                            f"({opened_on.isoformat()})")
    snap_hash = cards[chosen[0]].snapshot_hash
    with ws.store.transaction(who) as tx:
        repo = ReplyRepository(tx)
        found = repo.tables()
        already = open_round_of(found, period)
        if already is not None:
            raise Conflict(f"the reply round {already.id} for {period.label} is already open "
                           f"(deadline {already.deadline.isoformat()})")
        round_ = ReplyRound(id=next_round_id(period.label, found.rounds), period=period.label,
                            methodology_version=ws.methodology.version,
                            snapshot_hash=snap_hash, opened_on=opened_on, deadline=due,
                            actors=chosen)
        repo.open_round(round_, {a: cards[a].model_dump(mode="json") for a in chosen})
    return round_


def draft_card(ws: Workspace, round_id: str, actor: str) -> Scorecard:
    """The draft scorecard frozen for the actor when the round opened (never re-scored)."""
    found = tables(ws)
    find_round(ws, round_id, found)
    raw = found.draft(round_id, actor)
    if raw is None:
        raise NotFound("draft scorecard", f"{round_id}/{actor}")
    return Scorecard.model_validate(raw)


def _respondent_keys(keys: dict[str, ApiKey], round_id: str, actor: str | None = None
                     ) -> list[ApiKey]:
    return [k for k in keys.values() if k.role is Role.RESPONDENT and k.reply_round == round_id
            and (actor is None or k.actor == actor)]


def issue_key(ws: Workspace, round_id: str, actor: str, *, who: str) -> tuple[ApiKey, str]:
    """A respondent key for one actor in an open round (its earlier key, if any, revoked: a
    letter sent again carries the only working key)."""
    with ws.store.transaction(who) as tx:
        found = ReplyRepository(tx).tables()
        round_ = find_round(ws, round_id, found)
        if not round_.is_open:
            raise Conflict(f"the reply round {round_id} is closed: no new keys")
        if actor not in round_.actors:
            raise NotFound("actor in reply round", actor)
        keys = KeyRepository(tx)
        earlier = _respondent_keys(keys_in(tx.document), round_id, actor)
        for key in earlier:
            if key.active:
                keys.revoke(key.name)
        name = respondent_key_name(round_id, actor, len(earlier) + 1)
        return keys.create(name, Role.RESPONDENT, by=who, scope=(actor, round_id))


def _commented_criteria(card: Scorecard) -> set[str]:
    return {c.criterion for r in card.recommendations for c in r.criteria}


def record_response(ws: Workspace, round_id: str, actor: str, *, text: str, channel: Channel,
                    received_on: date, who: str, comments: Sequence[CriterionComment] = (),
                    confidential: bool = False, signatory: str | None = None) -> ReplyResponse:
    """Record an actor's response (through its key, or by an analyst from a letter or an
    email). Refused after the deadline, in a closed round, for an actor not asked, or on a
    criterion that is not on the actor's draft."""
    with ws.store.transaction(who) as tx:
        repo = ReplyRepository(tx)
        found = repo.tables()
        round_ = find_round(ws, round_id, found)
        if not round_.is_open:
            raise Conflict(f"the reply round {round_id} closed on {round_.closed_on}")
        if actor not in round_.actors:
            raise NotFound("actor in reply round", actor)
        if received_on < round_.opened_on:
            raise HrdscoreError(f"received on {received_on.isoformat()}, before the round "
                                f"opened ({round_.opened_on.isoformat()})")
        if not in_time(round_, received_on):
            raise Conflict(f"received on {received_on.isoformat()}, after the deadline "
                           f"{round_.deadline.isoformat()}")
        raw = found.draft(round_id, actor)
        on_card = _commented_criteria(Scorecard.model_validate(raw)) if raw else set()
        stray = [c.criterion for c in comments if c.criterion not in on_card]
        if stray:
            raise InvalidData([Problem("response", f"criterion {c!r} is not on the draft "
                                       f"scorecard of {actor}", field="comments.criterion")
                               for c in stray])
        number = 1 + sum(1 for r in found.responses.values()
                         if r.round == round_id and r.actor == actor)
        response = ReplyResponse(
            id=f"{round_id}.{actor}.{number}", round=round_id, actor=actor,
            received_on=received_on, channel=channel, text=text, comments=list(comments),
            confidential=confidential, signatory=signatory)
        repo.add_response(response)
    return response


def record_decision(ws: Workspace, round_id: str, actor: str, criterion: str, *,
                    outcome: Outcome, reason: str, decided_on: date, who: str,
                    assessment: str | None = None) -> ReplyDecision:
    """The analyst's decision on a criterion the actor commented on. A change names the new
    assessment of that actor and criterion (recorded as evidence beforehand)."""
    if assessment is not None:
        found_assessment = ws.snapshot().assessments.get(assessment)
        if found_assessment is None:
            raise NotFound("assessment", assessment)
        if (found_assessment.actor, found_assessment.criterion) != (actor, criterion):
            raise HrdscoreError(f"assessment {assessment} is of {found_assessment.actor} on "
                                f"{found_assessment.criterion}, not of {actor} on {criterion}")
    with ws.store.transaction(who) as tx:
        repo = ReplyRepository(tx)
        found = repo.tables()
        round_ = find_round(ws, round_id, found)
        if not round_.is_open:
            raise Conflict(f"the reply round {round_id} is closed: its scorecards are final")
        commented = [r for r in found.responses.values()
                     if r.round == round_id and r.actor == actor
                     and any(c.criterion == criterion for c in r.comments)]
        if not commented:
            raise NotFound("comment on the criterion in a response", f"{actor}/{criterion}")
        response = max(commented, key=lambda r: (r.received_on, r.id))
        number = 1 + sum(1 for d in found.decisions.values() if d.round == round_id)
        try:
            decision = ReplyDecision(
                id=f"{round_id}.d{number}", round=round_id, actor=actor, criterion=criterion,
                response=response.id, outcome=outcome, reason=reason, assessment=assessment,
                decided_on=decided_on, decided_by=who)
        except ValueError as exc:
            raise HrdscoreError(f"decision on {criterion}: {exc}") from None
        repo.add_decision(decision)
    return decision


def close_round(ws: Workspace, round_id: str, *, closed_on: date, who: str,
                before_deadline: bool = False) -> ReplyRound:
    """Close the round: the final scorecards' snapshot hash is recorded and every respondent
    key of the round is revoked. Refused on or before the deadline day (the actors were
    promised until then) unless `before_deadline`."""
    final_hash = ws.snapshot().hash
    with ws.store.transaction(who) as tx:
        repo = ReplyRepository(tx)
        round_ = find_round(ws, round_id, repo.tables())
        if not round_.is_open:
            raise Conflict(f"the reply round {round_id} already closed on {round_.closed_on}")
        if in_time(round_, closed_on) and not before_deadline:
            raise Conflict(f"the reply round {round_id} runs until "
                           f"{round_.deadline.isoformat()} inclusive: close it after that "
                           "day, or say --before-deadline")
        if closed_on < round_.opened_on:
            raise HrdscoreError(f"cannot close on {closed_on.isoformat()}, before the round "
                                f"opened ({round_.opened_on.isoformat()})")
        keys = KeyRepository(tx)
        for key in _respondent_keys(keys_in(tx.document), round_id):
            if key.active:
                keys.revoke(key.name)
        closed = round_.model_copy(update={"closed_on": closed_on,
                                           "final_snapshot_hash": final_hash})
        repo.close_round(closed)
    return closed


@dataclass(frozen=True)
class ActorStatus:
    actor: str
    actor_name: str
    responses: int
    confidential: int
    comments: int
    decisions: int
    key_active: bool


def round_status(ws: Workspace, round_id: str) -> tuple[ReplyRound, list[ActorStatus]]:
    """For analysts: per actor, what came in and what was decided (confidential counted)."""
    found = tables(ws)
    round_ = find_round(ws, round_id, found)
    responses, decisions = found.of_round(round_id)
    keys = keys_in(ws.store.document()) if ws.store.exists() else {}
    rows = []
    for actor in round_.actors:
        raw = found.draft(round_id, actor) or {}
        mine = [r for r in responses if r.actor == actor]
        rows.append(ActorStatus(
            actor, str(raw.get("actor_name", actor)), len(mine),
            sum(1 for r in mine if r.confidential), sum(len(r.comments) for r in mine),
            sum(1 for d in decisions if d.actor == actor),
            any(k.active for k in _respondent_keys(keys, round_id, actor))))
    return round_, rows


def published_replies(ws: Workspace, period: Period, found: ReplyTables | None = None
                      ) -> dict[str, ActorReply] | None:
    """What the public sees of the period's latest closed round, per actor; None when the
    period had no closed round. `found`: the reply tables when the caller has them (reading
    them reads the whole database)."""
    found = found if found is not None else tables(ws)
    closed = [r for r in found.rounds.values() if r.period == period.label and not r.is_open]
    if not closed:
        return None
    round_ = max(closed, key=lambda r: (r.closed_on or r.opened_on, r.id))
    return _replies_of(ws, found, round_)


def round_replies(ws: Workspace, round_id: str) -> dict[str, ActorReply]:
    """What the public sees of a closed round (`Conflict` while it is open)."""
    found = tables(ws)
    round_ = find_round(ws, round_id, found)
    if round_.is_open:
        raise Conflict(f"the reply round {round_id} is still open: responses are published "
                       "when it closes")
    return _replies_of(ws, found, round_)


def _replies_of(ws: Workspace, found: ReplyTables, round_: ReplyRound
                ) -> dict[str, ActorReply]:
    responses, decisions = found.of_round(round_.id)
    statements = {cid: c.statement for cid, (_, c) in ws.catalog.criteria.items()}
    out = {}
    for actor in round_.actors:
        raw = found.draft(round_.id, actor) or {}
        out[actor] = actor_reply(round_, actor, str(raw.get("actor_name", actor)), responses,
                                 decisions, statements)
    return out
