"""The right of reply over HTTP.

- GET /api/reply-rounds: the rounds (public: id, period, dates, number of actors);
- GET /api/reply-rounds/{round}/me: a respondent key's own draft scorecard, frozen when the
  round opened, and the responses it has sent;
- POST /api/reply-rounds/{round}/responses: a response. A respondent key answers for its own
  actor only; an editor key records one received by post or email, naming the actor;
- POST /api/reply-rounds/{round}/decisions: an editor's decision on a contested criterion;
- GET /api/reply-rounds/{round}/replies/{actor}: once the round is closed, what the public
  sees: the public response verbatim or "did not respond by", and the feedback log.

A respondent key is refused (403) everywhere else, by `hrdscore.api.auth.role_guard`.

(No `from __future__ import annotations`: Litestar reads the handlers' parameter types.)
"""

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.openapi import ResponseSpec
from litestar.params import JSONBody, PathParameter
from pydantic import BaseModel, ConfigDict, Field

from hrdscore.api.auth import OPTIONAL, REQUIRED, caller
from hrdscore.api.context import Ctx
from hrdscore.api.controllers.common import JSON, json_response
from hrdscore.api.problems import problem_specs
from hrdscore.errors import InvalidData, NotFound, Problem
from hrdscore.model.base import Id, NonEmptyStr
from hrdscore.model.reply import (
    Channel,
    Outcome,
    ReplyDecision,
    ReplyResponse,
    ResponseInput,
)
from hrdscore.reply_service import (
    draft_card,
    record_decision,
    record_response,
    round_replies,
    tables,
)
from hrdscore.store.keys import ApiKey, Role

RoundId = Annotated[str, PathParameter(
    min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]{0,99}$",
    description="A reply round's id, e.g. reply-2021.")]
ActorId = Annotated[str, PathParameter(
    min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]{0,99}$",
    description="An actor's id.")]
RESPONDENT = {"role": Role.RESPONDENT, "respondent": True}


class DecisionInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    actor: Id
    criterion: Id
    outcome: Outcome
    reason: NonEmptyStr = Field(max_length=300)
    assessment: Id | None = None


class RoundInfo(BaseModel):
    id: str
    period: str
    opened_on: str
    deadline: str
    closed_on: str | None
    actors: int = Field(description="How many actors were asked.")


def _spec(model: Any, description: str, status: int = 200) -> dict[int, ResponseSpec]:
    return {status: ResponseSpec(data_container=model, description=description,
                                 media_type=JSON, generate_examples=False)}


def _own_round(key: ApiKey, round_id: str) -> str:
    """The actor a respondent key answers for, in its own round only."""
    if key.role is not Role.RESPONDENT or key.actor is None:
        raise PermissionDeniedException(detail="Only a respondent key has a draft to read here.")
    if key.reply_round != round_id:
        raise PermissionDeniedException(
            detail=f"Key {key.name!r} answers in reply round {key.reply_round}, not {round_id}.")
    return key.actor


class ReplyRoundController(Controller):
    path = "/api/reply-rounds"
    tags = ["right of reply"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", summary="Reply rounds", security=OPTIONAL,
         description="Each round: its period, when it opened, the deadline, when it closed.",
         responses={**_spec(list[RoundInfo], "The rounds."), **problem_specs(401, 403)})
    async def rounds(self, ctx: Ctx) -> Response[bytes]:
        found = await ctx.run(lambda: tables(ctx.workspace))
        return json_response([{
            "id": r.id, "period": r.period, "opened_on": r.opened_on.isoformat(),
            "deadline": r.deadline.isoformat(),
            "closed_on": r.closed_on.isoformat() if r.closed_on else None,
            "actors": len(r.actors)} for r in found.rounds.values()])

    @get("/{round_id:str}/me", summary="My draft scorecard", security=REQUIRED,
         opt=RESPONDENT,
         description="Needs the respondent key sent with the letter: the actor's draft "
                     "scorecard as frozen when the round opened, the deadline, and the "
                     "responses already sent.",
         responses={**_spec(dict[str, Any], "The draft and the responses sent."),
                    **problem_specs(401, 403, 404)})
    async def me(self, request: Request[Any, Any, Any], ctx: Ctx,
                 round_id: RoundId) -> Response[bytes]:
        key = caller(request)
        assert key is not None
        actor = _own_round(key, round_id)

        def read() -> dict[str, Any]:
            found = tables(ctx.workspace)
            round_ = found.rounds[round_id]
            mine = [r.model_dump(mode="json") for r in found.responses.values()
                    if r.round == round_id and r.actor == actor]
            return {"round": round_id, "period": round_.period, "actor": actor,
                    "deadline": round_.deadline.isoformat(),
                    "scorecard": draft_card(ctx.workspace, round_id, actor).model_dump(
                        mode="json"),
                    "responses": mine}

        return json_response(await ctx.run(read))

    @post("/{round_id:str}/responses", summary="Submit a response", security=REQUIRED,
          opt=RESPONDENT, status_code=201,
          description="With a respondent key: the actor's own response (text, optional "
                      "comments per criterion with sources, confidential or not). With an "
                      "editor key: a response received by post or email; give actor, channel "
                      "and received_on.",
          responses={**_spec(ReplyResponse, "The response as recorded.", 201),
                     **problem_specs(401, 403, 404, 409, 413, 422)})
    async def respond(self, request: Request[Any, Any, Any], ctx: Ctx, round_id: RoundId,
                      data: JSONBody[ResponseInput]) -> Response[bytes]:
        key = caller(request)
        assert key is not None
        today = ctx.today()
        if key.role is Role.RESPONDENT:
            actor = _own_round(key, round_id)
            if data.actor not in (None, actor):
                raise PermissionDeniedException(
                    detail=f"Key {key.name!r} answers for {actor} only.")
            if data.channel not in (None, Channel.API) or data.received_on not in (None, today):
                raise PermissionDeniedException(
                    detail="A response through the API is received today, by the API.")
            channel, received_on = Channel.API, today
        else:
            if not key.role.allows(Role.EDITOR):
                raise PermissionDeniedException(
                    detail=f"Key {key.name!r} has the {key.role.value} role; recording a "
                           "response needs editor or above.")
            if data.actor is None or data.channel not in (Channel.POST, Channel.EMAIL):
                raise InvalidData([Problem("request body", "give the actor and the channel "
                                           "(post or email) of a response received by an "
                                           "analyst", field="actor" if data.actor is None
                                           else "channel")])
            actor, channel, received_on = data.actor, data.channel, data.received_on or today
        saved = await ctx.run(lambda: record_response(
            ctx.workspace, round_id, actor, text=data.text, channel=channel,
            received_on=received_on, who=key.who, comments=data.comments,
            confidential=data.confidential, signatory=data.signatory))
        return json_response(saved.model_dump(mode="json"), 201)

    @post("/{round_id:str}/decisions", summary="Record a decision", security=REQUIRED,
          opt={"role": Role.EDITOR}, status_code=201,
          description="Needs an editor key: on a criterion the actor contested, the score "
                      "changed (naming the new assessment) or not, and one sentence why.",
          responses={**_spec(ReplyDecision, "The decision as recorded.", 201),
                     **problem_specs(401, 403, 404, 409, 413, 422)})
    async def decide(self, request: Request[Any, Any, Any], ctx: Ctx, round_id: RoundId,
                     data: JSONBody[DecisionInput]) -> Response[bytes]:
        key = caller(request)
        assert key is not None
        saved = await ctx.run(lambda: record_decision(
            ctx.workspace, round_id, data.actor, data.criterion, outcome=data.outcome,
            reason=data.reason, assessment=data.assessment, decided_on=ctx.today(),
            who=key.who))
        return json_response(saved.model_dump(mode="json"), 201)

    @get("/{round_id:str}/replies/{actor_id:str}", summary="An actor's published reply",
         security=OPTIONAL,
         description="Once the round is closed: the actor's public response verbatim, or "
                     "that it did not respond by the deadline, and the feedback log (what it "
                     "contested, what changed and why). Confidential responses never appear.",
         responses={**_spec(dict[str, Any], "The published reply."),
                    **problem_specs(401, 403, 404, 409)})
    async def published(self, ctx: Ctx, round_id: RoundId,
                        actor_id: ActorId) -> Response[bytes]:
        replies = await ctx.run(lambda: round_replies(ctx.workspace, round_id))
        if actor_id not in replies:
            raise NotFound("actor in reply round", actor_id)
        return json_response({"actor": actor_id, "actor_name": replies[actor_id].actor_name,
                              **replies[actor_id].as_json()})
