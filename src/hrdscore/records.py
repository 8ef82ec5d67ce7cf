"""Record writes: one record, checked like an import, written in one transaction.

The same functions serve Python callers, the CLI and the HTTP API (which adds only keys and
status codes), so using them pulls in no web framework. A record is checked with its model and
then against the database under the lock, with the same `cross_check` an import uses: unknown
actor, source or inquiry, a reply before its inquiry, an act id another incident uses, a date
in the future... raise `InvalidData` with every problem named (422 over HTTP). A create with an
id already used raises `Conflict` (409); so does a delete of a record other records refer to.
Each change is audited under the caller's name (`who`).

The checks read the stored dicts directly, not a `Snapshot`: building one for a database of
100,000 acts takes seconds, and a write needs only the ids.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel

from hrdscore.dataset import Dataset, References, cross_check
from hrdscore.errors import Conflict, InvalidData, NotFound, Problem
from hrdscore.model import Recommendation
from hrdscore.store import Changes, Store

__all__ = ["check_record", "create_record", "delete_record", "referrers", "replace_record",
           "write_record"]

BODY = "body"
SINGULAR = {"actors": "actor", "sources": "source", "inquiries": "inquiry",
            "replies": "reply", "incidents": "incident", "assessments": "assessment"}


def _table(doc: Mapping[str, Any], kind: str) -> Mapping[str, Any]:
    table: Mapping[str, Any] = doc.get(kind) or {}
    return table


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def references(doc: Mapping[str, Any], *, kind: str, record_id: str) -> References:
    """What the database makes known, less the record being replaced."""

    def others(k: str) -> Iterator[tuple[str, Any]]:
        return ((i, r) for i, r in _table(doc, k).items() if not (k == kind and i == record_id))

    victims: dict[str, tuple[str, tuple[Any, Any]]] = {}
    act_incident: dict[str, str] = {}
    for incident_id, inc in others("incidents"):
        for victim in inc.get("victims", ()):
            victims[victim["id"]] = (incident_id, (victim.get("kind"), victim.get("gender")))
        for act in inc.get("acts", ()):
            act_incident[act["id"]] = incident_id
    return References(
        actor_parents={i: r.get("parent") for i, r in others("actors")},
        source_ids=frozenset(i for i, _ in others("sources")),
        inquiry_sent={i: _date(r.get("sent_on")) for i, r in others("inquiries")},
        evidence_ids=frozenset([*(i for k in ("inquiries", "replies", "incidents", "sources")
                                  for i, _ in others(k)), *act_incident]),
        victims=victims,
        act_incident=act_incident,
    )


def check_record(doc: Mapping[str, Any], recommendations: Sequence[Recommendation], kind: str,
                 record: BaseModel, today: date) -> list[Problem]:
    """Every problem of `record` against the stored document `doc` (empty when it may be
    written): unknown references, dates, ids another record uses."""
    record_id: str = getattr(record, "id")  # noqa: B009 - every evidence model has one
    ds = Dataset(recommendations=list(recommendations))
    ds.add(kind, record, BODY, record_id)
    refs = references(doc, kind=kind, record_id=record_id)
    problems = [p for p in cross_check(ds, today=today, refs=refs) if p.file == BODY]
    return problems + _unchecked(refs, kind, record)


def _unchecked(refs: References, kind: str, record: BaseModel) -> list[Problem]:
    """References `cross_check` leaves alone when the database holds none of the kind they
    point at (it checks a data file on its own that way); a write always needs them."""
    record_id: str = getattr(record, "id")  # noqa: B009
    problems = []

    def add(fld: str, message: str) -> None:
        problems.append(Problem(BODY, message, record=record_id, field=fld))

    actor = getattr(record, "actor", None)
    if kind in ("inquiries", "assessments") and not refs.actor_parents and actor:
        add("actor", f"unknown actor {actor!r}")
    if kind == "incidents" and not refs.actor_parents:
        for act in getattr(record, "acts", ()):
            for n, inv in enumerate(act.involvements):
                if inv.actor is not None:
                    add(f"acts.{act.id}.involvements[{n}].actor", f"unknown actor {inv.actor!r}")
    if kind == "replies" and not refs.inquiry_sent:
        add("inquiry", f"unknown inquiry {getattr(record, 'inquiry', '')!r}")
    if not refs.source_ids and kind != "sources":
        for n, citation in enumerate(getattr(record, "citations", ())):
            add(f"citations[{n}].source", f"unknown source {citation.source!r}")
    return problems


def referrers(doc: Mapping[str, Any], recommendations: Sequence[Recommendation], kind: str,
              record_id: str) -> list[str]:
    """Records that refer to this one, as 'kind id' (at most a few, for the message)."""
    found: list[str] = []
    if kind == "actors":
        found += [f"actor {i}" for i, r in _table(doc, "actors").items()
                  if r.get("parent") == record_id]
        found += [f"inquiry {i}" for i, r in _table(doc, "inquiries").items()
                  if r.get("actor") == record_id]
        found += [f"assessment {i}" for i, r in _table(doc, "assessments").items()
                  if r.get("actor") == record_id]
        found += [f"incident {i}" for i, r in _table(doc, "incidents").items()
                  if any(inv.get("actor") == record_id for act in r.get("acts", ())
                         for inv in act.get("involvements", ()))]
    elif kind == "sources":
        for k in ("actors", "inquiries", "replies", "incidents", "assessments"):
            found += [f"{SINGULAR[k]} {i}"
                      for i, r in _table(doc, k).items()
                      if any(c.get("source") == record_id for c in r.get("citations", ()))]
        found += [f"recommendation {r.id}" for r in recommendations
                  if r.citation.source == record_id]
    elif kind == "inquiries":
        found += [f"reply {i}" for i, r in _table(doc, "replies").items()
                  if r.get("inquiry") == record_id]
    if kind in ("inquiries", "replies", "incidents", "sources"):
        ids = {record_id}
        if kind == "incidents":
            ids |= {a["id"] for a in _table(doc, "incidents").get(record_id, {}).get("acts", ())}
        found += [f"assessment {i}" for i, r in _table(doc, "assessments").items()
                  if ids & set(r.get("evidence", ()))]
    return sorted(set(found))


def _who_refers(names: list[str]) -> str:
    shown = ", ".join(names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def write_record(store: Store, recommendations: Sequence[Recommendation], kind: str,
                 record: BaseModel, *, who: str, today: date, create: bool) -> Changes:
    """Create (create=True) or replace one record, all checks under the lock."""
    record_id: str = getattr(record, "id")  # noqa: B009
    with store.transaction(who) as tx:
        exists = record_id in _table(tx.document, kind)
        if create and exists:
            raise Conflict(f"a {SINGULAR[kind]} with id {record_id!r} already exists; "
                           f"replace it instead (PUT /api/{kind}/{record_id} over HTTP)")
        if not create and not exists:
            raise NotFound(SINGULAR[kind], record_id)
        problems = check_record(tx.document, recommendations, kind, record, today)
        if problems:
            raise InvalidData(problems)
        changes = tx.repo(kind).put(record)
        if changes.changed:
            tx.record("create" if create else "update", kind, changes, note="api")
    return changes


def create_record(store: Store, recommendations: Sequence[Recommendation], kind: str,
                  record: BaseModel, *, who: str, today: date) -> Changes:
    """Add a new record of `kind` ("inquiries", "replies"...); `Conflict` if its id is used,
    `InvalidData` naming every problem otherwise found. Nothing is written on error."""
    return write_record(store, recommendations, kind, record, who=who, today=today, create=True)


def replace_record(store: Store, recommendations: Sequence[Recommendation], kind: str,
                   record: BaseModel, *, who: str, today: date) -> Changes:
    """Replace a stored record with the same id; `NotFound` if there is none."""
    return write_record(store, recommendations, kind, record, who=who, today=today,
                        create=False)


def delete_record(store: Store, recommendations: Sequence[Recommendation], kind: str,
                  record_id: str, *, who: str) -> None:
    """Delete a record; `Conflict` (naming them) while other records refer to it."""
    with store.transaction(who) as tx:
        if record_id not in _table(tx.document, kind):
            raise NotFound(SINGULAR[kind], record_id)
        users = referrers(tx.document, recommendations, kind, record_id)
        if users:
            raise Conflict(f"{record_id!r} cannot be deleted: {_who_refers(users)} refer to "
                           "it; change or delete those first")
        tx.repo(kind).delete(record_id)
        tx.record("delete", kind, Changes(deleted=[record_id]), note="api")
