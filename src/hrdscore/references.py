"""The reference graph: which record refers to which, declared once.

Validation (`dataset.cross_check`), imports and record writes (`records`) all ask the same
question, "what does this record point at?", and its inverse, "who points at this record?".
Both are answered here, over models and stored dicts alike, so a new kind of reference is
added in one place and every check learns it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from hrdscore.perf import gc_paused

__all__ = ["EVIDENCE", "Ref", "RefIndex", "outgoing", "referrers"]

# What an assessment's `evidence` list may name: any record a finding can rest on, acts too.
EVIDENCE = "evidence"
# Follow-up records: each is about one recommendation of the catalog.
FOLLOWUP = ("responses", "responsibilities", "measures", "progress_reports")

# The singular a message uses for a record of each kind ("actor kpo", "unknown inquiry ...").
SINGULAR = {"actors": "actor", "sources": "source", "inquiries": "inquiry",
            "replies": "reply", "incidents": "incident", "assessments": "assessment",
            "recommendations": "recommendation", "report": "report", "criteria": "criterion",
            "responses": "response", "responsibilities": "responsible body",
            "measures": "measure", "progress_reports": "progress report",
            EVIDENCE: "evidence id"}


@dataclass(frozen=True, slots=True)
class Ref:
    """One reference: `field` of the referring record names `target` of kind `kind`."""

    field: str
    kind: str
    target: str


def _get(record: Any, name: str) -> Any:
    """A field of a model or of its stored dict: the graph reads both."""
    if isinstance(record, Mapping):
        return record.get(name)
    return getattr(record, name, None)


def _citations(record: Any) -> Iterator[Ref]:
    for n, citation in enumerate(_get(record, "citations") or ()):
        source = _get(citation, "source")
        if source:
            yield Ref(f"citations[{n}].source", "sources", source)


def outgoing(kind: str, record: Any) -> Iterator[Ref]:
    """Every reference `record` (of `kind`: "replies", "incidents"...) makes to another."""
    if kind == "recommendations":
        yield Ref("report", "report", _get(record, "report"))
        citation = _get(record, "citation")
        if citation is not None:
            yield Ref("citation", "sources", _get(citation, "source"))
        return
    if kind == "report":
        yield Ref("source", "sources", _get(record, "source"))
        return
    if kind == "actors" and _get(record, "parent"):
        yield Ref("parent", "actors", _get(record, "parent"))
    if kind in FOLLOWUP:
        yield Ref("recommendation", "recommendations", _get(record, "recommendation"))
        if _get(record, "actor"):
            yield Ref("actor", "actors", _get(record, "actor"))
    if kind == "progress_reports":
        if _get(record, "author_actor"):
            yield Ref("author_actor", "actors", _get(record, "author_actor"))
        if _get(record, "measure"):
            yield Ref("measure", "measures", _get(record, "measure"))
    if kind in ("inquiries", "assessments"):
        yield Ref("actor", "actors", _get(record, "actor"))
    if kind == "replies":
        yield Ref("inquiry", "inquiries", _get(record, "inquiry"))
    if kind == "incidents":
        for act in _get(record, "acts") or ():
            for n, involvement in enumerate(_get(act, "involvements") or ()):
                actor = _get(involvement, "actor")
                if actor is not None:
                    yield Ref(f"acts.{_get(act, 'id')}.involvements[{n}].actor", "actors", actor)
    if kind == "assessments":
        yield Ref("criterion", "criteria", _get(record, "criterion"))
        for evidence_id in _get(record, "evidence") or ():
            yield Ref("evidence", EVIDENCE, evidence_id)
    yield from _citations(record)


def evidence_ids(kind: str, record: Any) -> Iterator[str]:
    """The ids by which an assessment may cite `record` as evidence (an incident: its acts too)."""
    if kind in ("inquiries", "replies", "incidents", "sources"):
        yield _get(record, "id")
    if kind == "incidents":
        for act in _get(record, "acts") or ():
            yield _get(act, "id")


def referrers(tables: Mapping[str, Mapping[str, Any]], kind: str, record_id: str,
              extra: Iterable[tuple[str, str, Any]] = ()) -> list[str]:
    """Records that refer to `record_id` of `kind`, as 'kind id' labels, sorted.

    `tables` maps each kind to its stored records by id; `extra` adds (kind, id, record)
    triples held elsewhere (the catalog's recommendations)."""
    stored = tables.get(kind, {}).get(record_id)
    targets = {(kind, record_id)}
    if stored is not None:
        targets |= {(EVIDENCE, i) for i in evidence_ids(kind, stored)}
    found: set[str] = set()
    everything = [(k, i, r) for k, table in tables.items() for i, r in table.items()]
    for other_kind, other_id, record in [*everything, *extra]:
        if (other_kind, other_id) == (kind, record_id):
            continue
        if any((ref.kind, ref.target) in targets for ref in outgoing(other_kind, record)):
            found.add(f"{SINGULAR.get(other_kind, other_kind)} {other_id}")
    return sorted(found)


Key = tuple[str, str]  # (kind, id)


class RefIndex:
    """The reference graph of stored records, indexed: which incidents hold each act and
    each victim, and (built on first use: only a refused delete needs it) who points at each
    (kind, id). A write then checks its one record with lookups instead of walking every
    incident and act (1.4 s at 100,000 acts).

    Built over a document's tables (kind -> id -> stored dict, not models) and kept current
    record by record with `remove` and `add`, which must see the same stored dict: records are
    replaced, never changed in place, so the one that was added is the one removed. `follow`
    then names the tables it now describes."""

    __slots__ = ("_kinds", "_pointing", "_tables", "acts", "victims")

    def __init__(self, tables: Mapping[str, Mapping[str, Any]], kinds: Iterable[str]) -> None:
        self._tables = tables
        self._kinds = tuple(kinds)
        self._pointing: dict[tuple[str, Any], set[Key]] | None = None
        # act id -> incidents holding it (one, unless the data are wrong)
        self.acts: dict[str, list[str]] = {}
        # victim id -> {incident id: (kind, gender) as that incident describes them}
        self.victims: dict[str, dict[str, tuple[Any, Any]]] = {}
        with gc_paused():  # ~10^5 small objects among millions: no collector passes
            for record_id, record in (tables.get("incidents") or {}).items():
                self._add_incident(record_id, record)

    @classmethod
    def of(cls, tables: Mapping[str, Mapping[str, Any]], kinds: Iterable[str]) -> RefIndex:
        return cls(tables, kinds)

    @property
    def pointing(self) -> dict[tuple[str, Any], set[Key]]:
        """(kind, id) pointed at -> the (kind, id) of every stored record pointing at it."""
        if self._pointing is None:
            pointing: dict[tuple[str, Any], set[Key]] = {}
            with gc_paused():
                for kind in self._kinds:
                    for record_id, record in (self._tables.get(kind) or {}).items():
                        for ref in outgoing(kind, record):
                            pointing.setdefault((ref.kind, ref.target), set()).add(
                                (kind, record_id))
            self._pointing = pointing
        return self._pointing

    def follow(self, tables: Mapping[str, Mapping[str, Any]]) -> None:
        """The tables the index describes now that `add` and `remove` brought it to them."""
        self._tables = tables

    def _add_incident(self, record_id: str, record: Mapping[str, Any]) -> None:
        acts, victims = self.acts, self.victims
        for act in record.get("acts") or ():
            acts.setdefault(act.get("id"), []).append(record_id)
        for victim in record.get("victims") or ():
            # The last description within one incident wins, as in a scan of the incident.
            victims.setdefault(victim.get("id"), {})[record_id] = (
                victim.get("kind"), victim.get("gender"))

    def add(self, kind: str, record_id: str, record: Mapping[str, Any]) -> None:
        if self._pointing is not None:
            for ref in outgoing(kind, record):
                self._pointing.setdefault((ref.kind, ref.target), set()).add((kind, record_id))
        if kind == "incidents":
            self._add_incident(record_id, record)

    def remove(self, kind: str, record_id: str, record: Mapping[str, Any]) -> None:
        if self._pointing is not None:
            for ref in outgoing(kind, record):
                _discard(self._pointing, (ref.kind, ref.target), (kind, record_id))
        if kind != "incidents":
            return
        for act in record.get("acts") or ():
            holders = self.acts.get(act.get("id"))
            if holders is not None and record_id in holders:
                holders.remove(record_id)
                if not holders:
                    del self.acts[act.get("id")]
        for victim in record.get("victims") or ():
            held = self.victims.get(victim.get("id"))
            if held is not None:
                held.pop(record_id, None)
                if not held:
                    del self.victims[victim.get("id")]

    def pointing_at(self, targets: Iterable[tuple[str, Any]]) -> set[Key]:
        found: set[Key] = set()
        for target in targets:
            found |= self.pointing.get(target, set())
        return found


def _discard(index: dict[Any, set[Any]], key: Any, value: Any) -> None:
    held = index.get(key)
    if held is not None:
        held.discard(value)
        if not held:
            del index[key]


def indexed_referrers(tables: Mapping[str, Mapping[str, Any]], index: RefIndex, kind: str,
                      record_id: str, extra: Iterable[tuple[str, str, Any]] = ()) -> list[str]:
    """`referrers`, answered from `index` (built over `tables`) instead of a scan."""
    stored = tables.get(kind, {}).get(record_id)
    targets = {(kind, record_id)}
    if stored is not None:
        targets |= {(EVIDENCE, i) for i in evidence_ids(kind, stored)}
    found = {f"{SINGULAR.get(k, k)} {i}" for k, i in index.pointing_at(targets)
             if (k, i) != (kind, record_id)}
    for other_kind, other_id, record in extra:  # the catalog: a few hundred, not indexed
        if (other_kind, other_id) == (kind, record_id):
            continue
        if any((ref.kind, ref.target) in targets for ref in outgoing(other_kind, record)):
            found.add(f"{SINGULAR.get(other_kind, other_kind)} {other_id}")
    return sorted(found)
