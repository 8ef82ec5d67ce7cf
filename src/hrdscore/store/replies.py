"""Right of reply in the database: rounds, the frozen draft scorecards, responses and
decisions, each in its own table of the document (like the keys), written inside a
`Store.transaction` so every change is in the audit log.

They are not evidence: they stay out of the snapshot and its hash, so opening a round or
recording a response changes no scorecard. A decision that changes a score points at the new
assessment, which is evidence and goes through the normal records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from hrdscore.errors import Conflict, StoredDataInvalid
from hrdscore.model.reply import ReplyDecision, ReplyResponse, ReplyRound
from hrdscore.store.database import Transaction

__all__ = ["DECISIONS", "DRAFTS", "RESPONSES", "ROUNDS", "ReplyRepository", "ReplyTables",
           "reply_tables"]

ROUNDS = "_reply_rounds"
DRAFTS = "_reply_drafts"  # "<round>/<actor>" -> the public draft scorecard, as JSON
RESPONSES = "_reply_responses"
DECISIONS = "_reply_decisions"

M = TypeVar("M", bound=BaseModel)


def _load(document: Mapping[str, Any], table: str, model: type[M]) -> dict[str, M]:
    raw = document.get(table) or {}
    out: dict[str, M] = {}
    for key, value in sorted(raw.items()):
        try:
            out[key] = model.model_validate(value)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise StoredDataInvalid(table.strip("_"), key,
                                    ".".join(str(p) for p in err["loc"]) or "record",
                                    err["msg"]) from None
    return out


class ReplyTables:
    """Everything of the right of reply in one database document, read-only."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.rounds = _load(document, ROUNDS, ReplyRound)
        self.responses = _load(document, RESPONSES, ReplyResponse)
        self.decisions = _load(document, DECISIONS, ReplyDecision)
        self._drafts: Mapping[str, Any] = dict(document.get(DRAFTS) or {})  # as read

    def draft(self, round_id: str, actor: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = self._drafts.get(f"{round_id}/{actor}")
        return found

    def of_round(self, round_id: str) -> tuple[list[ReplyResponse], list[ReplyDecision]]:
        return ([r for r in self.responses.values() if r.round == round_id],
                [d for d in self.decisions.values() if d.round == round_id])


def reply_tables(document: Mapping[str, Any]) -> ReplyTables:
    return ReplyTables(document)


class ReplyRepository:
    """Writes of the right of reply inside one transaction."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def _table(self, name: str) -> dict[str, Any]:
        table: dict[str, Any] = self._tx.document.setdefault(name, {})
        return table

    def tables(self) -> ReplyTables:
        return ReplyTables(self._tx.document)

    def open_round(self, round_: ReplyRound, drafts: Mapping[str, dict[str, Any]]) -> None:
        if round_.id in self._table(ROUNDS):
            raise Conflict(f"a reply round {round_.id!r} already exists")
        self._table(ROUNDS)[round_.id] = round_.model_dump(mode="json")
        table = self._table(DRAFTS)
        for actor, card in drafts.items():
            table[f"{round_.id}/{actor}"] = card
        self._tx.record("reply-round-open", "reply_rounds", ids=[round_.id],
                        note=f"period {round_.period}, {len(round_.actors)} actors, deadline "
                             f"{round_.deadline.isoformat()}")

    def close_round(self, closed: ReplyRound) -> None:
        self._table(ROUNDS)[closed.id] = closed.model_dump(mode="json")
        self._tx.record("reply-round-close", "reply_rounds", ids=[closed.id],
                        note=f"closed on {closed.closed_on}")

    def add_response(self, response: ReplyResponse) -> None:
        if response.id in self._table(RESPONSES):
            raise Conflict(f"a reply response {response.id!r} already exists")
        self._table(RESPONSES)[response.id] = response.model_dump(mode="json")
        self._tx.record("reply-response", "reply_responses", ids=[response.id],
                        note=f"{response.actor}, by {response.channel.value}"
                             f"{', confidential' if response.confidential else ''}")

    def add_decision(self, decision: ReplyDecision) -> None:
        if decision.id in self._table(DECISIONS):
            raise Conflict(f"a reply decision {decision.id!r} already exists")
        self._table(DECISIONS)[decision.id] = decision.model_dump(mode="json")
        self._tx.record("reply-decision", "reply_decisions", ids=[decision.id],
                        note=f"{decision.actor} {decision.criterion}: {decision.outcome.value}")
