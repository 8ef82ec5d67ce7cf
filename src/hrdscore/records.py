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

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel

from hrdscore.checks import Dataset, References, cross_check
from hrdscore.errors import Conflict, InvalidData, NotFound, Problem
from hrdscore.model import Recommendation
from hrdscore.references import EVIDENCE, SINGULAR, RefIndex, indexed_referrers, outgoing
from hrdscore.snapshot import EVIDENCE_KINDS
from hrdscore.store import Changes, Store

__all__ = ["check_record", "create_record", "delete_record", "referrers", "replace_record",
           "write_record"]

BODY = "body"


def _table(doc: Mapping[str, Any], kind: str) -> Mapping[str, Any]:
    table: Mapping[str, Any] = doc.get(kind) or {}
    return table


# The kinds whose own ids an assessment may cite as evidence (acts aside).
EVIDENCE_TABLES = ("inquiries", "replies", "incidents", "sources")


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def references(doc: Mapping[str, Any], index: RefIndex, kind: str,
               record: BaseModel) -> References:
    """What the database makes known that `record` may meet in `cross_check`, less the record
    it replaces: only the ids it names (and its actors' chain of parents), looked up, not the
    whole database. Where several stored incidents hold one act or victim, the one with the
    greatest id speaks, as the last one met in a scan of the file (ids in sorted order)."""
    record_id: str = getattr(record, "id")  # noqa: B009 - every evidence model has one
    replaced = (kind, record_id)

    def stored(k: str, i: Any) -> Mapping[str, Any] | None:
        found: Mapping[str, Any] | None = _table(doc, k).get(i)
        return None if found is None or (k, i) == replaced else found

    def holders(incidents: Iterable[str]) -> list[str]:
        return sorted(i for i in incidents if ("incidents", i) != replaced)

    named: dict[str, set[str]] = {}
    for ref in outgoing(kind, record):
        if isinstance(ref.target, str):
            named.setdefault(ref.kind, set()).add(ref.target)
    parents: dict[str, str | None] = {}
    climbing = list(named.get("actors", ()))
    while climbing:  # a cycle through this actor is found along its parents alone
        actor_id = climbing.pop()
        actor = stored("actors", actor_id)
        if actor is None or actor_id in parents:
            continue
        parents[actor_id] = actor.get("parent")
        if actor.get("parent"):
            climbing.append(actor["parent"])
    sent = {i: _date(found.get("sent_on")) for i in named.get("inquiries", ())
            if (found := stored("inquiries", i)) is not None}
    evidence = frozenset(
        i for i in named.get(EVIDENCE, ())
        if any(stored(k, i) is not None for k in EVIDENCE_TABLES)
        or holders(index.acts.get(i, ())))
    victims: dict[str, tuple[str, tuple[Any, Any]]] = {}
    act_incident: dict[str, str] = {}
    if kind == "incidents":
        for victim in getattr(record, "victims", ()):
            described = index.victims.get(victim.id, {})
            if held := holders(described):
                victims[victim.id] = (held[-1], described[held[-1]])
        for act in getattr(record, "acts", ()):
            if held := holders(index.acts.get(act.id, ())):
                act_incident[act.id] = held[-1]
    return References(
        actor_parents=parents,
        source_ids=frozenset(i for i in named.get("sources", ())
                             if stored("sources", i) is not None),
        inquiry_sent=sent,
        evidence_ids=evidence,
        victims=victims,
        act_incident=act_incident,
        measure_ids=frozenset(i for i in named.get("measures", ())
                              if stored("measures", i) is not None),
    )


def check_record(doc: Mapping[str, Any], recommendations: Sequence[Recommendation], kind: str,
                 record: BaseModel, today: date, index: RefIndex | None = None) -> list[Problem]:
    """Every problem of `record` against the stored document `doc` (empty when it may be
    written): unknown references, dates, ids another record uses. `index` is `doc`'s reference
    index (the store keeps one per version); without it one is built, which scans `doc`."""
    record_id: str = getattr(record, "id")  # noqa: B009 - every evidence model has one
    ds = Dataset(recommendations=list(recommendations))
    ds.add(kind, record, BODY, record_id)
    refs = references(doc, index if index is not None else index_of(doc), kind, record)
    return [p for p in cross_check(ds, today=today, refs=refs, strict=True) if p.file == BODY]


def referrers(doc: Mapping[str, Any], recommendations: Sequence[Recommendation], kind: str,
              record_id: str, index: RefIndex | None = None) -> list[str]:
    """Records that refer to this one, as 'kind id' (for the message of a refused delete)."""
    tables = {k: _table(doc, k) for k in EVIDENCE_KINDS}
    catalog = [("recommendations", r.id, r) for r in recommendations]
    return indexed_referrers(tables, index if index is not None else index_of(doc), kind,
                             record_id, extra=catalog)


def index_of(doc: Mapping[str, Any]) -> RefIndex:
    """The reference index of a whole document (a scan: the store keeps one per version)."""
    return RefIndex.of(doc, EVIDENCE_KINDS)


def _who_refers(names: list[str]) -> str:
    shown = ", ".join(names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def write_record(store: Store, recommendations: Sequence[Recommendation], kind: str,
                 record: BaseModel, *, who: str, today: date, create: bool) -> Changes:
    """Create (create=True) or replace one record, all checks under the lock."""
    record_id: str = getattr(record, "id")  # noqa: B009
    with store.transaction(who) as tx:
        # `tables`, not `document`: these checks only read, so the store's copy stays cheap.
        exists = record_id in _table(tx.tables, kind)
        if create and exists:
            path = kind.replace("_", "-")
            noun = SINGULAR[kind]
            article = "an" if noun[0] in "aeiou" else "a"  # "an inquiry", "an actor"
            raise Conflict(f"{article} {noun} with id {record_id!r} already exists; "
                           f"replace it instead (PUT /api/{path}/{record_id} over HTTP)")
        if not create and not exists:
            raise NotFound(SINGULAR[kind], record_id)
        problems = check_record(tx.tables, recommendations, kind, record, today,
                                tx.ref_index())
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
        if record_id not in _table(tx.tables, kind):
            raise NotFound(SINGULAR[kind], record_id)
        users = referrers(tx.tables, recommendations, kind, record_id, tx.ref_index())
        if users:
            raise Conflict(f"{record_id!r} cannot be deleted: {_who_refers(users)} refer to "
                           "it; change or delete those first")
        tx.repo(kind).delete(record_id)
        tx.record("delete", kind, Changes(deleted=[record_id]), note="api")
