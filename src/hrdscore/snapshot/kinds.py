"""The evidence kinds a snapshot holds, their models, and the evidence hash over them."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import orjson
from pydantic import BaseModel

from hrdscore.datafiles import KINDS as DATA_KINDS
from hrdscore.model.identifying_shape import shape
from hrdscore.snapshot.reuse import record_piece

# Order matters only for readability; the hash sorts keys.
# Follow-up records (responses, responsible bodies, measures, progress reports) come last.
FOLLOWUP_KINDS = ("responses", "responsibilities", "measures", "progress_reports")
EVIDENCE_KINDS = ("actors", "sources", "inquiries", "replies", "incidents", "assessments",
                  *FOLLOWUP_KINDS)
# The model of each kind: the data files' own table, for the kinds a snapshot holds.
MODELS: dict[str, type[BaseModel]] = {kind: DATA_KINDS[kind] for kind in EVIDENCE_KINDS}


def hashed_kinds(tables: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The kinds the evidence hash covers, sorted. An empty follow-up table adds nothing, so
    databases without follow-up records keep the hash (and the scorecards that carry it) they
    had before these kinds existed."""
    return sorted(k for k in EVIDENCE_KINDS if k not in FOLLOWUP_KINDS or tables.get(k))


def evidence_hash(tables: Mapping[str, Mapping[str, Any]]) -> str:
    """SHA-256 of `orjson.dumps({kind: table}, option=OPT_SORT_KEYS)` over the evidence kinds,
    identifying fields left out (identities, contacts, narratives that may name a person):
    nothing public is computed from them, and they are stored sealed with a random nonce, so
    including them would give the same evidence a different hash in every database it is
    loaded into, and a new one at every key rotation.

    The same bytes are fed to the hash record by record rather than built whole: at 100,000
    acts the whole document is a 50 MB string made while the snapshot's data is all alive,
    which set the peak memory of every process that reads the database."""
    digest = hashlib.sha256()
    for n, kind in enumerate(hashed_kinds(tables)):
        table = tables.get(kind, {})
        sh = shape(MODELS[kind])
        digest.update((b"{" if n == 0 else b",") + orjson.dumps(kind) + b":{")
        for m, key in enumerate(sorted(table)):
            digest.update((b"," if m else b"") + record_piece(key, table[key], sh))
        digest.update(b"}")
    digest.update(b"}")
    return digest.hexdigest()
