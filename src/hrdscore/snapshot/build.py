"""Building a snapshot's parts from stored tables, from scratch or from the snapshot before.

Given the previous snapshot, records stored the same (the same dict, or an equal one) keep
its validated models, act views and hash pieces; only the others are validated, viewed and
serialised again (see `reuse`). Nothing reused is ever edited: the previous snapshot's readers
see nothing change.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import chain
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from hrdscore.model import Actor, Incident
from hrdscore.model.identifying_shape import shape
from hrdscore.references import SINGULAR
from hrdscore.snapshot.kinds import EVIDENCE_KINDS, FOLLOWUP_KINDS, MODELS, hashed_kinds
from hrdscore.snapshot.reuse import (
    UNKEPT_KINDS,
    Basis,
    HashChain,
    Piece,
    Unkept,
    changed_ids,
    hash_stream,
    record_piece,
)
from hrdscore.snapshot.views import (
    ActView,
    Interner,
    LazyModels,
    incident_act_views,
    involved_actors,
    stored_invalid,
)

if TYPE_CHECKING:
    from hrdscore.snapshot.evidence import Snapshot

# Validated whole on every build; incidents are validated when first looked up (`LazyModels`).
_VALIDATED_KINDS = ("actors", "sources", "inquiries", "replies", "assessments")

_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {
    kind: TypeAdapter(list[model]) for kind, model in MODELS.items()  # type: ignore[valid-type]
}
# The order of `Snapshot.acts_by_actor`: (date, id) over acts in incident order, a stable sort,
# is this order (act ids are unique within an incident).
BY_DATE_IN_ORDER = attrgetter("date", "id", "incident")


def build_parts(tables: Mapping[str, Mapping[str, Any]], previous: Snapshot | None
                ) -> tuple[dict[str, Any], Basis]:
    """The snapshot's fields (keyword arguments) and what the next build compares with."""
    old = previous._basis if previous is not None else None
    prev = previous if old is not None else None
    # Copies of the tables' top level: a store that edits its tables after this call
    # changes neither this snapshot nor what the next build compares with.
    raw = {kind: dict(tables.get(kind, {})) for kind in EVIDENCE_KINDS}
    changed = {kind: changed_ids(old.raw[kind] if old else None, raw[kind])
               for kind in EVIDENCE_KINDS}
    built: dict[str, Any] = {}
    for kind in (*_VALIDATED_KINDS, *FOLLOWUP_KINDS):
        before = getattr(prev, kind) if prev is not None else None
        built[kind] = _models(kind, raw[kind], changed[kind], before)
    incidents = raw["incidents"]
    kept = {} if prev is None else {k: v for k, v in _built_incidents(prev).items()
                                    if k not in changed["incidents"]}
    built["incidents"] = LazyModels(incidents, Incident, kept)
    views = _views(incidents, changed, built["actors"], prev)
    if old is not None and views is old.views:
        built["acts"] = prev.acts if prev is not None else ()
    else:
        built["acts"] = tuple(chain.from_iterable(map(views.__getitem__, sorted(incidents))))
    pieces = {kind: _pieces(kind, raw[kind], changed[kind], old.pieces[kind] if old else None)
              for kind in EVIDENCE_KINDS}
    stream = hash_stream([(k, list(pieces[k].values())) for k in hashed_kinds(raw)])

    def fill(unkept: Unkept) -> bytes:
        return record_piece(unkept.key, raw[unkept.kind][unkept.key], shape(MODELS[unkept.kind]))

    hashed = HashChain.build(stream, old.chain if old else None, fill)
    built["hash"] = hashed.hexdigest
    return built, Basis(raw=raw, pieces=pieces, views=views, chain=hashed)


def acts_by_actor_after(previous: Snapshot, acts_by_actor: Mapping[str, tuple[ActView, ...]],
                        views: Mapping[str, tuple[ActView, ...]]
                        ) -> dict[str, tuple[ActView, ...]]:
    """`acts_by_actor` of a snapshot whose act views by incident are `views`, from the
    previous snapshot's: only the groups of actors named by an incident whose views changed
    are grouped and sorted again."""
    before = previous._basis.views if previous._basis is not None else {}
    redone = {i for i, v in views.items() if before.get(i) is not v}
    redone |= before.keys() - views.keys()
    touched: set[str] = set()
    for incident_id in redone:
        touched |= involved_actors(before.get(incident_id, ()))
        touched |= involved_actors(views.get(incident_id, ()))
    out = dict(acts_by_actor)
    fresh: dict[str, list[ActView]] = {}
    for incident_id in redone:
        for act in views.get(incident_id, ()):
            for actor_id in act.actor_ids:
                fresh.setdefault(actor_id, []).append(act)
    for actor_id in touched:
        group = [a for a in acts_by_actor.get(actor_id, ()) if a.incident not in redone]
        group += fresh.get(actor_id, ())
        if group:
            out[actor_id] = tuple(sorted(group, key=BY_DATE_IN_ORDER))
        else:
            out.pop(actor_id, None)
    return out



def _same_records(raw: Mapping[str, Any], changed: set[str], before: Mapping[str, Any] | None
                  ) -> bool:
    """Whether a table holds exactly the records `before` was built from: nothing changed
    and nothing removed (every id of `raw` not changed is in `before`, so equal sizes do)."""
    return before is not None and not changed and len(raw) == len(before)


def _models(kind: str, raw: Mapping[str, Any], changed: set[str],
            before: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Models of one kind by id (in id order), validating only the records in `changed`."""
    if before is not None and _same_records(raw, changed, before):
        return before
    fresh = sorted(changed)
    try:
        records = _ADAPTERS[kind].validate_python([raw[i] for i in fresh])
    except ValidationError as exc:
        # The location starts with the index in the list: name the record instead.
        index = int(exc.errors(include_url=False)[0]["loc"][0])
        raise stored_invalid(SINGULAR[kind], fresh[index], exc, skip=1) from None
    new = dict(zip(fresh, records, strict=True))
    old = before or {}
    return MappingProxyType({i: new[i] if i in new else old[i] for i in sorted(raw)})


def _built_incidents(previous: Snapshot) -> Mapping[str, Incident]:
    incidents = previous.incidents
    return incidents.built() if isinstance(incidents, LazyModels) else {}


def _moved_actors(previous: Snapshot, changed: set[str], actors: Mapping[str, Actor]
                  ) -> set[str]:
    """Actors added, removed or of another kind: an involvement that names one without a
    source category takes its category from the actor's kind."""
    moved: set[str] = set()
    for actor_id in changed | (previous.actors.keys() - actors.keys()):
        was, now = previous.actors.get(actor_id), actors.get(actor_id)
        if (was.kind if was else None) != (now.kind if now else None):
            moved.add(actor_id)
    return moved


def _views(incidents: Mapping[str, Any], changed: Mapping[str, set[str]],
           actors: Mapping[str, Actor], previous: Snapshot | None
           ) -> Mapping[str, tuple[ActView, ...]]:
    """Act views by incident (in id order), reusing those of incidents stored the same whose
    actors kept their kinds."""
    old = previous._basis.views if previous is not None and previous._basis else None
    moved = _moved_actors(previous, changed["actors"], actors) if previous else set()
    if old is not None and not moved and _same_records(incidents, changed["incidents"], old):
        return old
    interner = Interner()
    out: dict[str, tuple[ActView, ...]] = {}
    for incident_id in sorted(incidents):
        reused = old.get(incident_id) if old is not None else None
        if (reused is not None and incident_id not in changed["incidents"]
                and not (moved and involved_actors(reused) & moved)):
            out[incident_id] = reused
        else:
            out[incident_id] = incident_act_views(incident_id, incidents[incident_id], actors,
                                                  interner)
    return out


def _pieces(kind: str, raw: Mapping[str, Any], changed: set[str],
            before: Mapping[str, Piece] | None) -> Mapping[str, Piece]:
    """Each record's place in the hashed stream, in id order: its bytes, serialising only
    `changed`, or for `UNKEPT_KINDS` an `Unkept` (the same one while the record is)."""
    if before is not None and _same_records(raw, changed, before):
        return before
    old = before or {}
    if kind in UNKEPT_KINDS:
        return {key: Unkept(kind, key) if key in changed else old[key] for key in sorted(raw)}
    sh = shape(MODELS[kind])
    return {key: record_piece(key, raw[key], sh) if key in changed else old[key]
            for key in sorted(raw)}
