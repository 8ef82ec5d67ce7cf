"""Right of reply: a round in which every scored actor sees its draft scorecard and may answer
before the scorecards of a period are published.

A round freezes the drafts (their snapshot hash and methodology version are recorded), gives
each actor a deadline, and collects responses (through the actor's own key, or recorded by an
analyst from a letter or an email). For each criterion an actor comments on, an analyst records
a decision: the score changed (through a new assessment, so the audit log shows it) or not, and
one sentence why. Responses marked confidential are never published.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from hrdscore.model.base import BoundedDate, Id, Line, NonEmptyStr, NonEmptyText, Record

__all__ = [
    "Channel",
    "CriterionComment",
    "Outcome",
    "ReplyDecision",
    "ReplyResponse",
    "ReplyRound",
    "ResponseInput",
]


class Channel(StrEnum):
    """How a response reached the monitor."""

    API = "api"
    POST = "post"
    EMAIL = "email"


class Outcome(StrEnum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"


class ReplyRound(Record):
    """One round of the right of reply for a period."""

    id: Id
    period: NonEmptyStr = Field(description="The period's label, e.g. '2021'.")
    methodology_version: NonEmptyStr
    snapshot_hash: str = Field(pattern=r"^[0-9a-f]{64}$",
                               description="Evidence the draft scorecards were computed from.")
    opened_on: BoundedDate
    deadline: dt.date = Field(description="Last day a response is accepted (inclusive).")
    closed_on: BoundedDate | None = None
    final_snapshot_hash: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{64}$",
        description="Evidence the final scorecards were computed from, set on closing.")
    actors: list[Id] = Field(min_length=1, description="The actors asked to respond.")

    @model_validator(mode="after")
    def _dates_in_order(self) -> ReplyRound:
        if self.deadline < self.opened_on:
            raise ValueError(f"the deadline {self.deadline} is before the round opens "
                             f"({self.opened_on})")
        if self.closed_on is not None and self.closed_on < self.opened_on:
            raise ValueError(f"the round cannot close ({self.closed_on}) before it opens "
                             f"({self.opened_on})")
        if len(set(self.actors)) != len(self.actors):
            raise ValueError("an actor is listed twice")
        return self

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class CriterionComment(Record):
    """What the actor says about one criterion of its draft, with the sources it offers."""

    criterion: Id
    comment: NonEmptyText
    sources: list[NonEmptyStr] = Field(
        default_factory=list, description="Documents or links the actor cites.")


class ReplyResponse(Record):
    """An actor's answer to its draft scorecard."""

    id: Id
    round: Id
    actor: Id
    received_on: BoundedDate
    channel: Channel
    text: NonEmptyText = Field(description="The response, published verbatim unless "
                                           "confidential.")
    comments: list[CriterionComment] = Field(default_factory=list)
    confidential: bool = Field(default=False, description="Never published when true.")
    signatory: Line | None = Field(default=None, description="Who signed it (role), if known.")

    @model_validator(mode="after")
    def _one_comment_per_criterion(self) -> ReplyResponse:
        seen = [c.criterion for c in self.comments]
        if len(set(seen)) != len(seen):
            raise ValueError("comment on each criterion once")
        return self


class ResponseInput(Record):
    """A response as submitted: through the API (a respondent key answers for its own actor;
    an editor names the actor and the channel) or from a file (`hrdscore reply-round
    response FILE`)."""

    actor: Id | None = Field(default=None, description="Who responds (not needed with a "
                                                       "respondent key).")
    text: NonEmptyText
    comments: list[CriterionComment] = Field(default_factory=list)
    confidential: bool = False
    channel: Channel | None = Field(default=None, description="post or email when an analyst "
                                                              "records it; api otherwise.")
    received_on: BoundedDate | None = Field(default=None, description="[default: today]")
    signatory: Line | None = None


class ReplyDecision(Record):
    """The analyst's decision on one criterion an actor commented on."""

    id: Id
    round: Id
    actor: Id
    criterion: Id
    response: Id = Field(description="The response that commented on the criterion.")
    outcome: Outcome
    reason: NonEmptyStr = Field(max_length=300, description="One sentence: why.")
    assessment: Id | None = Field(
        default=None, description="The new assessment that changed the score (required when "
                                  "the outcome is 'changed').")
    decided_on: BoundedDate
    decided_by: NonEmptyStr

    @model_validator(mode="after")
    def _changed_names_assessment(self) -> ReplyDecision:
        if "\n" in self.reason or "\r" in self.reason:
            raise ValueError("the reason is one sentence, on one line")
        if self.outcome is Outcome.CHANGED and self.assessment is None:
            raise ValueError("a changed score names the new assessment that changed it")
        if self.outcome is Outcome.UNCHANGED and self.assessment is not None:
            raise ValueError("an unchanged score names no new assessment")
        return self
