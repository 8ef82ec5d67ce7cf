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

from hrdscore.checks import Dataset, References, cross_check
from hrdscore.errors import Conflict, InvalidData, NotFound, Problem
from hrdscore.model import Recommendation
from hrdscore.references import SINGULAR
from hrdscore.references import referrers as graph_referrers
from hrdscore.snapshot import EVIDENCE_KINDS
from hrdscore.store import Changes, Store

__all__ = ["check_record", "create_record", "delete_record", "referrers", "replace_record",
           "write_record"]

BODY = "body"


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
        measure_ids=frozenset(i for i, _ in others("measures")),
    )


def check_record(doc: Mapping[str, Any], recommendations: Sequence[Recommendation], kind: str,
                 record: BaseModel, today: date) -> list[Problem]:
    """Every problem of `record` against the stored document `doc` (empty when it may be
    written): unknown references, dates, ids another record uses."""
    record_id: str = getattr(record, "id")  # noqa: B009 - every evidence model has one
    ds = Dataset(recommendations=list(recommendations))
    ds.add(kind, record, BODY, record_id)
    refs = references(doc, kind=kind, record_id=record_id)
    return [p for p in cross_check(ds, today=today, refs=refs, strict=True) if p.file == BODY]


def referrers(doc: Mapping[str, Any], recommendations: Sequence[Recommendation], kind: str,
              record_id: str) -> list[str]:
    """Records that refer to this one, as 'kind id' (for the message of a refused delete)."""
    tables = {k: _table(doc, k) for k in EVIDENCE_KINDS}
    catalog = [("recommendations", r.id, r) for r in recommendations]
    return graph_referrers(tables, kind, record_id, extra=catalog)


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
            path = kind.replace("_", "-")
            raise Conflict(f"a {SINGULAR[kind]} with id {record_id!r} already exists; "
                           f"replace it instead (PUT /api/{path}/{record_id} over HTTP)")
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
