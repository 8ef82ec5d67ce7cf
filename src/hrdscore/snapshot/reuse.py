"""What a snapshot keeps so that the next one is built from the records that changed only.

A server applies every committed write to its snapshot. Building one from scratch at 100,000
acts validates every record, builds every act view and serialises the whole document for the
hash: seconds holding the GIL, during which its readers wait. Given the snapshot before it, a
build compares stored records (`is` first, then `==`, both in C) and redoes only what changed.

The evidence hash keeps its definition (SHA-256 of the sorted JSON of the evidence tables,
identifying fields left out), so a build from the previous snapshot gives the hash a build from
scratch gives. The hashed byte stream is kept as pieces (one per
record, the same bytes on every build), with the digest state every `CHECKPOINT_EVERY` pieces:
after a change, hashing resumes from the checkpoint before the first piece that moved. The
pieces of `UNKEPT_KINDS` (incidents: most of the bytes) are not kept but made again from the
stored records when a resumed hash reaches them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, compress, count, islice, repeat
from operator import eq, is_not
from typing import TYPE_CHECKING, Any

import orjson

from hrdscore.model.identifying_shape import Shape, without_identifying

if TYPE_CHECKING:
    from hrdscore.snapshot.views import ActView

CHECKPOINT_EVERY = 512
_SORT = orjson.OPT_SORT_KEYS
# Separators are these very objects on every build: a stream compares piece by piece with `is`.
_OPEN = b"{"
_CLOSE = b"}"
_COMMA = b","


def record_piece(key: str, value: Any, sh: Shape | None = None) -> bytes:
    """One record's bytes in the hashed stream: `"key":{...}` with sorted keys, without the
    identifying fields `sh` (its kind's) names: see `hrdscore.snapshot.kinds`."""
    body = orjson.dumps(value, option=_SORT)
    if sh is not None and not sh.empty and _may_name(body, sh):
        body = orjson.dumps(without_identifying(value, sh), option=_SORT)
    return orjson.dumps(key) + b":" + body


def _may_name(body: bytes, sh: Shape) -> bool:
    """Whether the JSON `body` may hold an identifying field `sh` names (at any depth).

    Walking every record for them took two thirds of the hash at 100,000 acts, where most
    records hold none. A field present is in the bytes as `"name":` (compact JSON; a quote
    inside a string is escaped, so a value can only make this say yes wrongly, which costs
    the walk and nothing else)."""
    found = _MARKERS.get(id(sh))
    if found is None or found[0] is not sh:
        found = _MARKERS[id(sh)] = (sh, _marker_pattern(sh))
    return found[1].search(body) is not None


# By the shape's identity (shapes are made once per model and kept): hashing a Shape, a tree
# of tuples, on every record cost more than the search.
_MARKERS: dict[int, tuple[Shape, re.Pattern[bytes]]] = {}


def _marker_pattern(sh: Shape) -> re.Pattern[bytes]:
    names = set(sh.fields)
    stack = [sub for _, sub in sh.nested]
    while stack:
        sub = stack.pop()
        names.update(sub.fields)
        stack.extend(inner for _, inner in sub.nested)
    return re.compile(b"|".join(re.escape(orjson.dumps(name) + b":") for name in sorted(names)))


def changed_ids(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> set[str]:
    """Ids of records in `new` that `old` lacks or stores differently."""
    if old is None:
        return set(new)
    keys = list(new)
    # Records the store kept are the very same objects: find the others at C speed, then
    # compare only those (a process that re-read the file has equal but new dicts).
    candidates = compress(keys, map(is_not, map(old.get, keys), new.values()))
    return {key for key in candidates if key not in old or old[key] != new[key]}


def share_equal(tables: dict[str, Any], kept: Mapping[str, Mapping[str, Any]]) -> None:
    """Put into freshly parsed `tables` (the caller's own) the very record objects of `kept`
    (a snapshot's, see `Snapshot.stored_records`) wherever they are equal, under `kept`'s
    own id strings.

    A process that parses the file again (another writer changed it, or its first write)
    would otherwise hold two copies of every record: the snapshot's act views keep the
    strings of the first parse alive beside the new one. Swapping the records is not enough:
    one id string of the new parse kept as a key holds on to the allocator's whole arena it
    sits in, among the freed records (~300 MiB kept at 100,000 acts). Shared, the next build
    also finds the unchanged records by identity."""
    for kind, old in kept.items():
        new = tables.get(kind)
        if not old or not isinstance(new, dict):
            continue
        keys = list(new)
        values = list(new.values())
        olds = list(map(old.get, keys))
        ids = {key: key for key in old}  # an id string -> the equal one `kept` holds
        # Equal records found at C speed (`==` of nested dicts); the file's order kept.
        tables[kind] = dict(zip(map(ids.get, keys, keys),
                                map(_either, map(eq, olds, values), olds, values), strict=True))


def _either(same: bool, old: Any, new: Any) -> Any:
    return old if same else new


_HEADS: dict[tuple[str, bool], bytes] = {}


def _head(kind: str, first: bool) -> bytes:
    found = _HEADS.get((kind, first))
    if found is None:
        found = _HEADS[(kind, first)] = (b"" if first else b",") + orjson.dumps(kind) + b":{"
    return found


def hash_stream(pieces: Sequence[tuple[str, Sequence[Piece]]]) -> list[Piece]:
    """The hashed byte stream of the given kinds (sorted by name, each with its records' pieces
    in id order): exactly `orjson.dumps({kind: table, ...}, option=OPT_SORT_KEYS)`."""
    out: list[Piece] = [_OPEN]
    for n, (kind, records) in enumerate(pieces):
        out.append(_head(kind, n == 0))
        # Each record after a comma, the first one's comma dropped (C speed, no loop here).
        out.extend(islice(chain.from_iterable(zip(repeat(_COMMA), records)), 1, None))
        out.append(_CLOSE)
    out.append(_CLOSE)
    return out


@dataclass(frozen=True, slots=True, eq=False)
class Unkept:
    """A record's place in a kept stream whose bytes are not kept (`UNKEPT_KINDS`): made again
    from the record when a resumed hash needs them. Compared by identity, like a piece: the
    same object while the record is stored the same, a new one when it changes."""

    kind: str
    key: str


# Kinds whose pieces a snapshot does not keep: incidents are 43 of the 51 MB of a 100,000-act
# database, and their pieces are needed again only after a change to an actor, an assessment
# or an incident (kinds sorted before or at incidents), from the changed one on.
UNKEPT_KINDS = frozenset({"incidents"})
Piece = bytes | Unkept
Fill = Callable[[Unkept], bytes]


@dataclass(frozen=True, slots=True)
class HashChain:
    """A hashed stream with the digest state before every `CHECKPOINT_EVERY`-th piece
    (`states[k]` has been fed `stream[:k * CHECKPOINT_EVERY]`, and a resume starts at most at
    `states[len(stream) // CHECKPOINT_EVERY]`); never fed again once built. Pieces that are
    `Unkept` are made by `fill` when hashed."""

    stream: tuple[Piece, ...]
    states: tuple[Any, ...]
    hexdigest: str

    @classmethod
    def build(cls, stream: list[Piece], previous: HashChain | None = None,
              fill: Fill | None = None) -> HashChain:
        old = previous.stream if previous is not None else ()
        # The first piece that is not the very object hashed before (C speed: map + compress).
        first = next(compress(count(), map(is_not, old, stream)), min(len(old), len(stream)))
        if previous is not None and first == len(old) == len(stream):
            return previous
        block = first // CHECKPOINT_EVERY if previous is not None else 0
        states = list(previous.states[:block + 1]) if previous is not None else [
            hashlib.sha256()]
        digest = states[block].copy()
        for start in range(block * CHECKPOINT_EVERY, len(stream), CHECKPOINT_EVERY):
            digest.update(b"".join(_bytes(stream[start:start + CHECKPOINT_EVERY], fill)))
            # After a last, partial chunk this state sits past the index any resume uses.
            states.append(digest.copy())
        return cls(tuple(stream), tuple(states), digest.hexdigest())


def _bytes(chunk: list[Piece], fill: Fill | None) -> list[bytes]:
    if fill is None:
        assert not any(isinstance(p, Unkept) for p in chunk), "an unkept piece needs a fill"
        return chunk  # type: ignore[return-value]
    return [p if p.__class__ is bytes else fill(p) for p in chunk]  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Basis:
    """What a snapshot was built from, for the next build to compare with. Every mapping here
    is the snapshot's own (a copy of the tables' top level), never shared with the store."""

    raw: Mapping[str, Mapping[str, Any]]
    pieces: Mapping[str, Mapping[str, Piece]]
    views: Mapping[str, tuple[ActView, ...]]
    chain: HashChain
