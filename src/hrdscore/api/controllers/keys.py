"""API keys over HTTP, for admin keys: list, create (the token is shown once), revoke."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.openapi import ResponseSpec
from litestar.params import JSONBody, PathParameter
from pydantic import BaseModel, ConfigDict, Field

from hrdscore.api.auth import REQUIRED, caller
from hrdscore.api.context import Ctx
from hrdscore.api.controllers.common import JSON, json_response
from hrdscore.api.problems import problem_specs
from hrdscore.store import Role
from hrdscore.store.keys import ApiKey, KeyName, create_key, list_keys, revoke_key

KeyPath = Annotated[str, PathParameter(
    min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$",
    description="The key's name.")]


class KeyInfo(BaseModel):
    """A key as listed: never its token, nor its hash."""

    model_config = ConfigDict(extra="forbid")

    name: str
    role: Role
    created_at: str
    created_by: str
    revoked_at: str | None
    active: bool


class NewKey(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: KeyName
    role: Role


class CreatedKey(KeyInfo):
    token: str = Field(description="The key itself. Shown this once; only its hash is kept.")


def _info(key: ApiKey) -> dict[str, Any]:
    return KeyInfo(name=key.name, role=key.role, created_at=key.created_at,
                   created_by=key.created_by, revoked_at=key.revoked_at,
                   active=key.active).model_dump(mode="json")


class KeyController(Controller):
    path = "/api/keys"
    tags = ["keys"]  # noqa: RUF012 - Litestar reads it as a class attribute
    security = REQUIRED
    opt = {"role": Role.ADMIN}  # noqa: RUF012

    @get("/", summary="List API keys", description="Needs an admin key.",
         responses={200: ResponseSpec(data_container=list[KeyInfo], media_type=JSON,
                                      description="Every key, revoked ones included.",
                                      generate_examples=False), **problem_specs(401, 403)})
    async def list_api_keys(self, ctx: Ctx) -> Response[bytes]:
        keys = await ctx.run(lambda: list_keys(ctx.workspace.store))
        return json_response([_info(k) for k in keys])

    @post("/", summary="Create an API key", status_code=201,
          description="Needs an admin key. The response holds the token, once.",
          responses={201: ResponseSpec(data_container=CreatedKey, media_type=JSON,
                                       description="The new key and its token.",
                                       generate_examples=False),
                     **problem_specs(401, 403, 409, 413, 422)})
    async def create_api_key(self, request: Request[Any, Any, Any], ctx: Ctx,
                             data: JSONBody[NewKey]) -> Response[bytes]:
        admin = caller(request)
        assert admin is not None
        key, token = await ctx.run(lambda: create_key(ctx.workspace.store, data.name,
                                                      data.role, who=admin.who))
        return json_response({**_info(key), "token": token}, 201)

    @delete("/{name:str}", summary="Revoke an API key", status_code=200,
            description="Needs an admin key. The key stops working at once; it stays listed.",
            responses={200: ResponseSpec(data_container=KeyInfo, media_type=JSON,
                                         description="The revoked key.",
                                         generate_examples=False),
                       **problem_specs(401, 403, 404, 409)})
    async def revoke_api_key(self, request: Request[Any, Any, Any], ctx: Ctx,
                             name: KeyPath) -> Response[bytes]:
        admin = caller(request)
        assert admin is not None
        key = await ctx.run(lambda: revoke_key(ctx.workspace.store, name, who=admin.who))
        return json_response(_info(key))
