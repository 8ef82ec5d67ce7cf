"""The audit log: one entry per committed change, chained by hashes so an edit of the history
shows. Entries are only ever appended; nothing in hrdscore updates or deletes one."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict

AUDIT_TABLE = "_audit"


class AuditEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    seq: int
    at: str  # ISO 8601, UTC
    who: str  # "cli:<user>" or "key:<name>"
    action: str  # init, import, create, update, delete, restore, migrate
    kind: str | None = None
    ids: list[str] = []
    counts: dict[str, int] = {}
    note: str | None = None
    prev: str  # hash of the previous entry ("" for the first)
    hash: str


def entry_hash(fields: Mapping[str, Any]) -> str:
    body = {k: v for k, v in fields.items() if k != "hash"}
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


def seq_key(seq: int) -> str:
    # Zero-padded so the stored file lists entries in order.
    return f"{seq:09d}"


def chained(log: Mapping[str, Mapping[str, Any]], pending: list[dict[str, Any]], who: str,
            at: str) -> dict[str, dict[str, Any]]:
    """The entries that append `pending` (what a transaction queued) to the log `log` (stored
    entries by key), each linked to the one before by its hash. Both stores call this: one
    chain, whichever store holds it."""
    last = max(log) if log else None
    seq = int(last) if last else 0
    prev: str = log[last]["hash"] if last else ""
    out: dict[str, dict[str, Any]] = {}
    for queued in pending:
        seq += 1
        fields = {"seq": seq, "at": at, "who": who, "prev": prev, **queued}
        fields["hash"] = entry_hash(fields)
        out[seq_key(seq)] = fields
        prev = fields["hash"]
    return out


def verify_chain(entries: list[AuditEntry]) -> list[str]:
    """Problems with the chain: a changed, removed or reordered entry breaks it."""
    problems = []
    prev = ""
    for expected_seq, entry in enumerate(entries, start=1):
        if entry.seq != expected_seq:
            problems.append(f"entry {entry.seq}: expected sequence number {expected_seq}")
        if entry.prev != prev:
            problems.append(f"entry {entry.seq}: does not follow the previous entry")
        if entry_hash(entry.model_dump()) != entry.hash:
            problems.append(f"entry {entry.seq}: content does not match its hash")
        prev = entry.hash
    return problems
