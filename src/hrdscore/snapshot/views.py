"""Light, read-only views of acts for scoring and statistics.

A pydantic model per act costs ~25 microseconds to build on the 2-core machine; 100,000 acts
would take seconds on every snapshot. The stored data was validated when it was written, so the
snapshot builds these slotted dataclasses straight from the stored dicts instead, and builds the
full `Incident` models only for the incidents someone asks for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from hrdscore.datafiles import error_location
from hrdscore.errors import StoredDataInvalid
from hrdscore.model import Actor
from hrdscore.model.base import check_date_bounds
from hrdscore.model.vocab import (
    ACT_TYPE_BLOCK,
    ACTOR_KIND_SOURCE_CATEGORY,
    ActType,
    Confidentiality,
    DatePrecision,
    Field,
    Gender,
    InvolvementRole,
    RecourseType,
    SourceCategory,
    ThreatBlock,
    VerificationStatus,
    VictimKind,
)

M = TypeVar("M", bound=BaseModel)
V = TypeVar("V")
E = TypeVar("E", bound=Enum)


class _Members(dict[Any, E]):
    """`cls(value)` as a dictionary lookup (`table[value]`, in C): 100,000 acts make close to a
    million of these conversions, and `Enum.__call__` was the largest cost of a snapshot. An
    unknown value still gets the Enum's own error."""

    def __init__(self, cls: type[E]) -> None:
        super().__init__((member.value, member) for member in cls)
        self.cls = cls

    def __missing__(self, value: Any) -> E:
        return self.cls(value)


_RECOURSE_TYPE = _Members(RecourseType)
_PRECISION = _Members(DatePrecision)
_SOURCE_CATEGORY = _Members(SourceCategory)
_ROLE = _Members(InvolvementRole)
_VICTIM_KIND = _Members(VictimKind)
_GENDER = _Members(Gender)
_ACT_TYPE = _Members(ActType)
_FIELD = _Members(Field)
_VERIFICATION = _Members(VerificationStatus)


@dataclass(frozen=True, slots=True)
class InvolvementView:
    actor: str | None
    category: SourceCategory | None
    role: InvolvementRole
    alleged: bool


@dataclass(frozen=True, slots=True)
class RecourseView:
    id: str
    type: RecourseType
    date: date
    precision: DatePrecision = DatePrecision.DAY
    date_end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ActView:
    id: str
    incident: str
    victim: str
    victim_kind: VictimKind
    victim_gender: Gender | None
    type: ActType
    date: date
    date_end: dt.date | None
    precision: DatePrecision
    fields: tuple[Field, ...]
    primary_field: Field
    region: str | None
    city: str | None
    involvements: tuple[InvolvementView, ...]
    verification: VerificationStatus
    recourses: tuple[RecourseView, ...]
    confidential: bool

    @property
    def block(self) -> ThreatBlock:
        return ACT_TYPE_BLOCK[self.type]

    @property
    def actor_ids(self) -> frozenset[str]:
        return frozenset(i.actor for i in self.involvements if i.actor)


def act_views(incidents: Mapping[str, Any], actors: Mapping[str, Actor]) -> tuple[ActView, ...]:
    """Views of every act, in incident-id then act order, from stored incident dicts."""
    interner = Interner()
    out: list[ActView] = []
    for incident_id in sorted(incidents):
        out.extend(incident_act_views(incident_id, incidents[incident_id], actors, interner))
    return tuple(out)


class Interner:
    """Equal parts of act views, shared rather than built per act (dates, field tuples,
    involvements: a few thousand distinct values across 100,000 acts). They are immutable, so
    sharing changes nothing but memory: about 30 MB less per 100,000 acts, held for the
    snapshot's life. Each is also looked up by its stored form, so it is converted once per
    build, not once per act (which was most of the time of building the views)."""

    def __init__(self) -> None:
        self._shared: dict[Any, Any] = {}
        self.days: dict[str, date] = {}  # by the stored text, checked
        self.fields: dict[tuple[str, ...], tuple[Field, ...]] = {}  # by the stored list
        # By the stored involvements' items: valid for one set of actors (a category left out
        # is the kind of the actor named), which is why an Interner serves one build only.
        self.involvements: dict[tuple[Any, ...], tuple[InvolvementView, ...]] = {}

    def day(self, text: str, incident_id: str, where: str) -> date:
        found = self.days.get(text)
        if found is None:
            # Checked once per distinct date: a date out of bounds kept from before they were
            # enforced would stretch every time series (or fail deep inside a report).
            try:
                found = check_date_bounds(date.fromisoformat(text))
            except ValueError as exc:
                raise StoredDataInvalid("incident", incident_id, where, str(exc)) from None
            self.days[text] = found
        return found

    def one(self, value: V) -> V:
        found: V = self._shared.setdefault(value, value)
        return found


def _involvements(stored: list[dict[str, Any]], actors: Mapping[str, Actor],
                  interner: Interner) -> tuple[InvolvementView, ...]:
    out = []
    for inv in stored:
        actor_id: str | None = inv.get("actor")
        category = inv.get("source_category")
        resolved: SourceCategory | None
        if category is None and actor_id is not None and actor_id in actors:
            resolved = ACTOR_KIND_SOURCE_CATEGORY[actors[actor_id].kind]
        else:
            resolved = _SOURCE_CATEGORY[category] if category else None
        out.append(interner.one(InvolvementView(
            actor_id, resolved, _ROLE[inv["role"]], inv.get("alleged", False))))
    return interner.one(tuple(out))


def incident_act_views(incident_id: str, inc: Mapping[str, Any], actors: Mapping[str, Actor],
                       interner: Interner) -> tuple[ActView, ...]:
    """Views of one stored incident's acts, in their stored order. They depend on nothing
    outside the incident but the kinds of the actors its involvements name without a source
    category (see `involved_actors`)."""
    day, one = interner.day, interner.one
    days, fields, involved = interner.days, interner.fields, interner.involvements
    out: list[ActView] = []
    victims = {v["id"]: v for v in inc["victims"]}
    remedies: dict[str, list[RecourseView]] = {}
    for rc in inc.get("recourses", ()):
        end = rc.get("date_end")
        where = f"recourses.{rc['id']}"
        view = RecourseView(rc["id"], _RECOURSE_TYPE[rc["type"]],
                            day(rc["date"], incident_id, f"{where}.date"),
                            _PRECISION[rc.get("date_precision", "day")],
                            day(end, incident_id, f"{where}.date_end") if end else None)
        for act_id in rc["remedies"]:
            remedies.setdefault(act_id, []).append(view)
    confidential = inc.get("confidentiality") == Confidentiality.CONFIDENTIAL
    inc_place = inc.get("place") or {}
    for act in inc["acts"]:
        act_id = act["id"]
        victim = victims[act["victim"]]
        place = act.get("place") or inc_place
        stored = act.get("involvements", ())
        key = tuple(tuple(inv.items()) for inv in stored)
        involvements = involved.get(key)
        if involvements is None:
            involvements = involved[key] = _involvements(stored, actors, interner)
        names = tuple(act["fields"])
        kinds = fields.get(names)
        if kinds is None:
            kinds = fields[names] = one(tuple(_FIELD[name] for name in names))
        end = act.get("date_end")
        gender = victim.get("gender")
        # A date object is never false: `or` falls back to checking a date not seen yet.
        out.append(ActView(
            id=act_id,
            incident=incident_id,
            victim=act["victim"],
            victim_kind=_VICTIM_KIND[victim["kind"]],
            victim_gender=_GENDER[gender] if gender else None,
            type=_ACT_TYPE[act["type"]],
            date=days.get(act["date"]) or day(act["date"], incident_id, f"acts.{act_id}.date"),
            date_end=(days.get(end) or day(end, incident_id, f"acts.{act_id}.date_end"))
            if end else None,
            precision=_PRECISION[act.get("date_precision", "day")],
            fields=kinds,
            primary_field=_FIELD[act["primary_field"]],
            region=place.get("region"),
            city=place.get("city"),
            involvements=involvements,
            verification=_VERIFICATION[act.get("verification", "reported")],
            recourses=tuple(remedies.get(act_id, ())),
            confidential=confidential,
        ))
    return tuple(out)


def involved_actors(views: tuple[ActView, ...]) -> set[str]:
    """Every actor the acts name: a change to one of these actors' kinds changes the views."""
    return {inv.actor for act in views for inv in act.involvements if inv.actor}


class LazyModels(Mapping[str, M], Generic[M]):
    """A read-only mapping of stored dicts that builds each model on first access."""

    def __init__(self, raw: Mapping[str, Any], model: type[M],
                 built: Mapping[str, M] | None = None) -> None:
        self._raw = raw
        self._model = model
        # Models already built from these same stored dicts (by an earlier snapshot).
        self._built: dict[str, M] = dict(built or {})

    def built(self) -> Mapping[str, M]:
        """The models built so far (a copy: this mapping's cache stays its own)."""
        return dict(self._built)

    def __getitem__(self, key: str) -> M:
        found = self._built.get(key)
        if found is None:
            try:
                found = self._model.model_validate(self._raw[key])
            except ValidationError as exc:
                raise stored_invalid(self._model.__name__.lower(), key, exc) from None
            self._built[key] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._raw))

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, key: object) -> bool:
        return key in self._raw


def stored_invalid(kind: str, record_id: str, exc: ValidationError,
                   skip: int = 0) -> StoredDataInvalid:
    """The first problem of a stored record that no longer validates, as a refusal (`skip`
    drops leading parts of the location, e.g. the index in a list of records)."""
    first = exc.errors(include_url=False)[0]
    return StoredDataInvalid(kind, record_id, error_location(first["loc"][skip:]),
                             first["msg"].removeprefix("Value error, "))
