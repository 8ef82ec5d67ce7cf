"""A person's identity over HTTP, for admin keys only: the one read that opens sealed fields.

It needs the identity key on the server ($HRDSCORE_KEY_FILE or $HRDSCORE_PASSPHRASE_FILE: a
server never prompts); without it the answer is 503
saying so, and every other endpoint works as before."""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

from litestar import Controller, Request, Response, get
from litestar.openapi import ResponseSpec
from litestar.params import PathParameter
from pydantic import BaseModel, ConfigDict

from hrdscore.api.auth import REQUIRED
from hrdscore.api.context import Ctx
from hrdscore.api.controllers.common import JSON, json_response
from hrdscore.api.problems import PROBLEM_JSON, Problem, problem_response, problem_specs
from hrdscore.identity.keys import IdentityKeyError
from hrdscore.identity.persons import PersonView, show_person
from hrdscore.identity.unlock import require_key
from hrdscore.model.identifying import Consent
from hrdscore.store import Role

log = logging.getLogger(__name__)

Pseudonym = Annotated[str, PathParameter(
    min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]{0,99}$",
    description="The person's pseudonym (a victim id).")]


_NO_KEY = ResponseSpec(data_container=Problem, media_type=PROBLEM_JSON, generate_examples=False,
                      description="The server has no usable identity key (HRDSCORE_KEY_FILE).")


class PersonText(BaseModel):
    """The monitor's free text about the person, opened: an incident's summary, the
    description of one of their acts or of a recourse for one."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["incident", "act", "recourse"]
    id: str
    text: str


class PersonInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pseudonym: str
    identity: str | None
    contact: str | None
    consent: Consent | None
    incidents: list[str]
    acts: list[str]
    texts: list[PersonText]


def _info(view: PersonView) -> dict[str, Any]:
    return PersonInfo(pseudonym=view.pseudonym, identity=view.fields.get("identity"),
                      contact=view.fields.get("contact"), consent=view.consent,
                      incidents=view.incidents, acts=view.acts,
                      texts=[PersonText(kind=k, id=i, text=t) for k, i, t in view.texts],
                      ).model_dump(mode="json")


class PersonController(Controller):
    path = "/api/persons"
    tags = ["persons"]  # noqa: RUF012 - Litestar reads it as a class attribute
    security = REQUIRED
    opt = {"role": Role.ADMIN}  # noqa: RUF012

    @get("/{pseudonym:str}", summary="Who a person is",
         description="Needs an admin key, and the identity key on the server. Opens the "
                     "person's encrypted identity and contact; says their consent to be named.",
         responses={200: ResponseSpec(data_container=PersonInfo, media_type=JSON,
                                      description="The person.", generate_examples=False),
                    **problem_specs(401, 403, 404), 503: _NO_KEY})
    async def show(self, request: Request[Any, Any, Any], ctx: Ctx,
                   pseudonym: Pseudonym) -> Response[bytes]:
        store = ctx.workspace.store

        def read() -> PersonView:
            doc = store.read_document()
            return show_person(doc, pseudonym, require_key("showing a person", doc))

        try:
            view = await ctx.run(read)
        except IdentityKeyError as exc:
            log.error("person read refused: %s", exc)
            return problem_response(503, "Identities cannot be shown: the server has no usable "
                                    "identity key (HRDSCORE_KEY_FILE or "
                                    "HRDSCORE_PASSPHRASE_FILE).", slug="no-identity-key",
                                    instance=request.url.path)
        # An identity must not linger in a shared or browser cache.
        return json_response(_info(view), headers={"Cache-Control": "no-store"})
