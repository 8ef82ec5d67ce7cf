"""Evidence resources: actors, sources, inquiries, replies, incidents, assessments.

One router per resource at /api/<kind>: a list with filters and pages, a record by id, and the
writes: create (POST, editor), replace (PUT, editor), delete (DELETE, admin). Reads are public
but shaped by `hrdscore.privacy`: confidential incidents, draft assessments and non-public
sources only for an analyst key or above; victims' identities and pseudonym codes never for
the public.

(No `from __future__ import annotations` here: the write handlers are made by a factory and
Litestar reads their parameter types, so the annotations must be the model classes themselves.)
"""

from collections.abc import Callable, Iterable, Sequence
from copy import deepcopy
from typing import Annotated, Any

from litestar import Request, Response, Router, delete, get, post, put
from litestar.openapi import ResponseSpec
from litestar.params import JSONBody, PathParameter, QueryParameter
from pydantic import BaseModel, Field, create_model

from hrdscore.api.auth import OPTIONAL, REQUIRED, caller, is_analyst
from hrdscore.api.context import Ctx
from hrdscore.api.controllers.common import (
    DEFAULT_LIMIT,
    JSON,
    IdFilter,
    Limit,
    Offset,
    Page,
    json_response,
    page_of,
)
from hrdscore.api.problems import problem_specs
from hrdscore.errors import InvalidData, NotFound, Problem
from hrdscore.identity.protect import as_stored
from hrdscore.model import Actor, Assessment, Incident, Inquiry, Reply, Source
from hrdscore.model.base import Id
from hrdscore.model.identity import NATURAL_KEYS, natural_id
from hrdscore.model.vocab import ActorKind, ReviewState
from hrdscore.privacy import (
    Withheld,
    public_assessment,
    public_incident,
    public_source,
    with_public_citations,
)
from hrdscore.records import delete_record, write_record
from hrdscore.references import SINGULAR
from hrdscore.snapshot.evidence import MODELS
from hrdscore.store import Role, Snapshot
from hrdscore.store.keys import ApiKey

RecordId = Annotated[str, PathParameter(
    min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]{0,99}$",
    description="The record's stable id.")]
YearFilter = Annotated[int | None, QueryParameter(
    ge=1900, le=2100, description="Only records of this calendar year.")]

# (record, caller's key, what the snapshot withholds) -> the record as the caller may see it,
# or None when it may not see it at all. Every public read goes through `hrdscore.privacy`.
Visible = Callable[[Any, ApiKey | None, Withheld], Any]

READ_ERRORS = problem_specs(401)
ONE_ERRORS = problem_specs(401, 404)


def _cited(record: Any, key: ApiKey | None, withheld: Withheld) -> Any:
    return record if is_analyst(key) else with_public_citations(record, withheld)


def _source_view(record: Source, key: ApiKey | None, withheld: Withheld) -> Source | None:
    return record if is_analyst(key) else public_source(record)


def _assessment_view(record: Assessment, key: ApiKey | None,
                     withheld: Withheld) -> Assessment | None:
    return record if is_analyst(key) else public_assessment(record, withheld)


def _incident_view(record: Incident, key: ApiKey | None, withheld: Withheld) -> Incident | None:
    return record if is_analyst(key) else public_incident(record, withheld)


VIEWS: dict[str, Visible] = {
    "actors": _cited,
    "sources": _source_view,
    "inquiries": _cited,
    "replies": _cited,
    "incidents": _incident_view,
    "assessments": _assessment_view,
}


def _page(request: Request[Any, Any, Any], items: Sequence[Any], limit: int,
          offset: int) -> Response[bytes]:
    return json_response(page_of(request, items, limit, offset))


def _visible(kind: str, records: Iterable[Any], key: ApiKey | None,
             withheld: Withheld) -> list[Any]:
    view = VIEWS[kind]
    return [shown for r in records if (shown := view(r, key, withheld)) is not None]


def _ok(model: Any, description: str) -> dict[int, ResponseSpec]:
    return {200: ResponseSpec(data_container=model, description=description, media_type=JSON,
                              generate_examples=False)}


# --------------------------------------------------------------------------- lists


@get("/", summary="List actors", security=OPTIONAL,
     responses={**_ok(Page[Actor], "Actors, by id."), **READ_ERRORS})
async def list_actors(
    request: Request[Any, Any, Any], ctx: Ctx,
    kind: Annotated[ActorKind | None, QueryParameter(description="Only actors of this kind.")]
    = None,
    parent: IdFilter = None,
    q: Annotated[str | None, QueryParameter(
        min_length=1, max_length=200,
        description="Text in the name or an alias (case-insensitive).")] = None,
    limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
) -> Response[bytes]:
    view = await ctx.view()
    needle = q.casefold() if q else None
    items = [a for a in view.snapshot.actors.values()
             if (kind is None or a.kind is kind) and (parent is None or a.parent == parent)
             and (needle is None or any(needle in n.casefold() for n in [a.name, *a.aliases]))]
    return _page(request, _visible("actors", items, caller(request), view.withheld),
                 limit, offset)


@get("/", summary="List sources", security=OPTIONAL,
     description="Sources not marked public are listed only for an analyst key or above.",
     responses={**_ok(Page[Source], "Sources, by id."), **READ_ERRORS})
async def list_sources(request: Request[Any, Any, Any], ctx: Ctx,
                       limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> Response[bytes]:
    view = await ctx.view()
    return _page(request, _visible("sources", view.snapshot.sources.values(), caller(request),
                                   view.withheld), limit, offset)


@get("/", summary="List information requests", security=OPTIONAL,
     responses={**_ok(Page[Inquiry], "Inquiries, by id."), **READ_ERRORS})
async def list_inquiries(request: Request[Any, Any, Any], ctx: Ctx,
                         actor: IdFilter = None, year: YearFilter = None,
                         limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> Response[bytes]:
    view = await ctx.view()
    items = [i for i in view.snapshot.inquiries.values()
             if (actor is None or i.actor == actor) and (year is None or i.year == year)]
    return _page(request, _visible("inquiries", items, caller(request), view.withheld),
                 limit, offset)


@get("/", summary="List replies to information requests", security=OPTIONAL,
     responses={**_ok(Page[Reply], "Replies, by id."), **READ_ERRORS})
async def list_replies(request: Request[Any, Any, Any], ctx: Ctx,
                       inquiry: IdFilter = None, year: YearFilter = None,
                       limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> Response[bytes]:
    view = await ctx.view()
    items = [r for r in view.snapshot.replies.values()
             if (inquiry is None or r.inquiry == inquiry)
             and (year is None or r.received_on.year == year)]
    return _page(request, _visible("replies", items, caller(request), view.withheld),
                 limit, offset)


@get("/", summary="List incidents", security=OPTIONAL,
     description="The public sees public incidents only, without victims' identities and with "
                 "victims renamed victim-1, victim-2... within each incident. An analyst key or "
                 "above sees every incident as recorded.",
     responses={**_ok(Page[Incident], "Incidents, by id."), **READ_ERRORS})
async def list_incidents(request: Request[Any, Any, Any], ctx: Ctx,
                         actor: IdFilter = None, year: YearFilter = None,
                         limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> Response[bytes]:
    view = await ctx.view()
    snap = view.snapshot
    key = caller(request)
    # Filter on the light act views; build full models only for the page shown.
    wanted = _incident_ids(snap, actor, year, include_confidential=is_analyst(key))
    page = page_of(request, wanted, limit, offset)
    page["items"] = [_dump(_incident_view(snap.incidents[i], key, view.withheld))
                     for i in page["items"]]
    return json_response(page)


def _incident_ids(snap: Snapshot, actor: str | None, year: int | None, *,
                  include_confidential: bool) -> list[str]:
    members = frozenset(snap.descendants(actor)) if actor is not None else None
    found: set[str] = set()
    for act in snap.acts:
        if act.confidential and not include_confidential:
            continue
        if year is not None and act.date.year != year:
            continue
        if members is not None and not (act.actor_ids & members):
            continue
        found.add(act.incident)
    return sorted(found)


@get("/", summary="List assessments", security=OPTIONAL,
     description="Draft assessments are listed only for an analyst key or above.",
     responses={**_ok(Page[Assessment], "Assessments, by id."), **READ_ERRORS})
async def list_assessments(
    request: Request[Any, Any, Any], ctx: Ctx,
    actor: IdFilter = None,
    criterion: IdFilter = None,
    review: Annotated[ReviewState | None, QueryParameter(
        description="Only assessments in this review state.")] = None,
    limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
) -> Response[bytes]:
    view = await ctx.view()
    items = [a for a in _visible("assessments", view.snapshot.assessments.values(),
                                 caller(request), view.withheld)
             if (actor is None or a.actor == actor)
             and (criterion is None or a.criterion == criterion)
             and (review is None or a.review is review)]
    return _page(request, items, limit, offset)


LISTS = {
    "actors": list_actors,
    "sources": list_sources,
    "inquiries": list_inquiries,
    "replies": list_replies,
    "incidents": list_incidents,
    "assessments": list_assessments,
}


def _dump(record: Any) -> Any:
    return record.model_dump(mode="json") if isinstance(record, BaseModel) else record


# --------------------------------------------------------------------------- one record


def new_record_model(kind: str, model: type[BaseModel]) -> type[BaseModel]:
    """The body of a create: the record itself, with the id optional for the kinds whose id
    an import derives from the natural key (so a spreadsheet row and a JSON body are the same
    record and get the same id)."""
    if kind not in NATURAL_KEYS:
        return model
    keys = ", ".join(NATURAL_KEYS[kind][1])
    return create_model(
        f"New{model.__name__}", __base__=model, __doc__=model.__doc__,
        id=(Id | None, Field(default=None, description=f"Leave it out to have it derived from "
                                                       f"{keys}, as an import derives it.")))


def with_id(kind: str, model: type[BaseModel], data: BaseModel) -> BaseModel:
    """`data` as the stored record, its id derived from the natural key when left out."""
    if type(data) is model:
        return data
    raw = data.model_dump(mode="json")
    if raw.get("id") is None:
        raw["id"] = natural_id(kind, raw)
    return model.model_validate(raw)


def resource_router(kind: str, model: type[BaseModel], *, path: str | None = None,
                    listing: Any = None, view: Visible | None = None) -> Router:
    """The router of one kind at `path` (default /api/<kind>): its list (`listing`, default
    the kind's own), a record by id shown through `view`, and the writes."""
    name = SINGULAR[kind]
    path = path or f"/api/{kind}"
    shown_as = view or VIEWS[kind]
    article = "an" if name[0] in "aeiou" else "a"
    new_model = new_record_model(kind, model)

    @get("/{record_id:str}", summary=f"Get {article} {name}", security=OPTIONAL,
         responses={**_ok(model, f"The {name}."), **ONE_ERRORS})
    async def get_one(request: Request[Any, Any, Any], ctx: Ctx,
                      record_id: RecordId) -> Response[bytes]:
        view = await ctx.view()
        table: Any = getattr(view.snapshot, kind)
        stored = table.get(record_id)
        shown = (shown_as(stored, caller(request), view.withheld)
                 if stored is not None else None)
        if shown is None:
            raise NotFound(name, record_id)
        return json_response(shown)

    @post("/", summary=f"Create {article} {name}", security=REQUIRED,
          opt={"role": Role.EDITOR}, status_code=201,
          description=f"Needs an editor key. The {name} is checked against the stored "
                      "evidence (unknown ids, dates...) and written with an audit entry.",
          responses={201: ResponseSpec(data_container=model, description=f"The new {name}; "
                                       "Location gives its URL.", media_type=JSON,
                                       generate_examples=False),
                     **problem_specs(401, 403, 409, 413, 422)})
    async def create(request: Request[Any, Any, Any], ctx: Ctx,
                     data: JSONBody[new_model]) -> Response[bytes]:  # type: ignore[valid-type]
        key = caller(request)
        assert key is not None  # the guard let only an editor key through
        record = with_id(kind, model, data)
        await ctx.run(lambda: write_record(
            ctx.workspace.store, ctx.workspace.catalog.recommendations, kind, record,
            who=key.who, today=ctx.today(), create=True))
        record_id = getattr(record, "id")  # noqa: B009
        stored = await ctx.run(lambda: as_stored(ctx.workspace.store, kind, record))
        return json_response(stored, 201, headers={"Location": f"{path}/{record_id}"})

    @put("/{record_id:str}", summary=f"Replace {article} {name}", security=REQUIRED,
         opt={"role": Role.EDITOR},
         description=f"Needs an editor key. The body is the whole {name}; its id must be the "
                     "one in the path.",
         responses={**_ok(model, f"The {name} as now stored."),
                    **problem_specs(401, 403, 404, 413, 422)})
    async def replace(request: Request[Any, Any, Any], ctx: Ctx, record_id: RecordId,
                      data: JSONBody[model]) -> Response[bytes]:  # type: ignore[valid-type]
        key = caller(request)
        assert key is not None
        record: BaseModel = data
        if getattr(record, "id") != record_id:  # noqa: B009
            raise InvalidData([Problem("body", f"the id in the body must be {record_id!r}, "
                                       "the id in the path", record=record_id, field="id")])
        await ctx.run(lambda: write_record(
            ctx.workspace.store, ctx.workspace.catalog.recommendations, kind, record,
            who=key.who, today=ctx.today(), create=False))
        return json_response(await ctx.run(lambda: as_stored(ctx.workspace.store, kind, record)))

    @delete("/{record_id:str}", summary=f"Delete {article} {name}", security=REQUIRED,
            opt={"role": Role.ADMIN}, status_code=204,
            description="Needs an admin key. Refused (409) while other records refer to it.",
            responses=problem_specs(401, 403, 404, 409))
    async def remove(request: Request[Any, Any, Any], ctx: Ctx,
                     record_id: RecordId) -> None:
        key = caller(request)
        assert key is not None
        await ctx.run(lambda: delete_record(
            ctx.workspace.store, ctx.workspace.catalog.recommendations, kind, record_id,
            who=key.who))

    return Router(path=path, tags=[kind],
                  route_handlers=[deepcopy(listing or LISTS[kind]), get_one, create, replace,
                                  remove])




def evidence_routers() -> list[Router]:
    return [resource_router(kind, model) for kind, model in MODELS.items() if kind in LISTS]

