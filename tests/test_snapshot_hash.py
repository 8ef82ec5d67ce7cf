"""The evidence hash covers what scoring and statistics read, and leaves out the identifying
fields: the same evidence gives the same hash whether its identities are in clear, sealed under
one key or another (a random nonce each time), or absent; any other change moves it."""

from __future__ import annotations

import copy
from typing import Any

from hrdscore.snapshot.evidence import evidence_hash


def _tables(identity: str | None, contact: str | None, summary: str | None,
            description: str | None) -> dict[str, Any]:
    victim: dict[str, Any] = {"id": "v-1", "kind": "person", "gender": "female"}
    if identity is not None:
        victim["identity"] = identity
    if contact is not None:
        victim["contact"] = contact
    act: dict[str, Any] = {"id": "a-1", "victim": "v-1", "type": "detention",
                           "date": "2021-05-04", "fields": ["trade_unions"],
                           "primary_field": "trade_unions"}
    if description is not None:
        act["description"] = description
    incident: dict[str, Any] = {"id": "inc-1", "title": "Detention of a union member",
                                "victims": [victim], "acts": [act],
                                "citations": [{"source": "src-1", "locator": "p. 2"}]}
    if summary is not None:
        incident["summary"] = summary
    return {"actors": {"kpo": {"id": "kpo", "name": "KPO", "kind": "company"}},
            "incidents": {"inc-1": incident}}


CLEAR = _tables("Айгүл Сәбитқызы", "+7 701 555 0199", "Сводка: вызвана в акимат",
                "taken from her flat")
SEALED_ONE_WAY = _tables("enc:v1:0123456789abcdef:AAAA", "enc:v1:0123456789abcdef:BBBB",
                         "enc:v1:0123456789abcdef:CCCC", "enc:v1:0123456789abcdef:DDDD")
SEALED_OTHER_WAY = _tables("enc:v1:fedcba9876543210:EEEE", "enc:v1:fedcba9876543210:FFFF",
                           "enc:v1:fedcba9876543210:GGGG", "enc:v1:fedcba9876543210:HHHH")
NONE = _tables(None, None, None, None)


def test_identifying_fields_do_not_move_the_hash() -> None:
    expected = evidence_hash(NONE)
    for tables in (CLEAR, SEALED_ONE_WAY, SEALED_OTHER_WAY):
        assert evidence_hash(tables) == expected


def test_each_identifying_field_on_its_own_is_left_out() -> None:
    # One field at a time, so that leaving out any single one of them is checked.
    base = evidence_hash(NONE)
    for args in (("X", None, None, None), (None, "X", None, None),
                 (None, None, "X", None), (None, None, None, "X")):
        assert evidence_hash(_tables(*args)) == base, args


def test_every_other_change_moves_the_hash() -> None:
    base = evidence_hash(CLEAR)
    edits = [
        ("incidents", lambda t: t["incidents"]["inc-1"]["acts"][0].update(date="2021-05-05")),
        ("incidents", lambda t: t["incidents"]["inc-1"]["victims"][0].update(gender="male")),
        ("incidents", lambda t: t["incidents"]["inc-1"].update(title="Another title")),
        ("actors", lambda t: t["actors"]["kpo"].update(name="KPO B.V.")),
        ("actors", lambda t: t["actors"].pop("kpo")),
    ]
    for _, edit in edits:
        changed = copy.deepcopy(CLEAR)
        edit(changed)
        assert evidence_hash(changed) != base


def test_the_hash_leaves_the_stored_records_as_they_were() -> None:
    tables = copy.deepcopy(SEALED_ONE_WAY)
    evidence_hash(tables)
    assert tables == SEALED_ONE_WAY


def test_a_snapshot_built_from_the_one_before_leaves_them_out_too() -> None:
    from hrdscore.snapshot import Snapshot

    first = Snapshot.from_tables(copy.deepcopy(NONE))
    assert first.hash == evidence_hash(NONE)
    # Only an identity, a contact and two narratives change: re-hashed, the same hash.
    again = Snapshot.from_tables(copy.deepcopy(SEALED_ONE_WAY), first)
    assert again.hash == first.hash
    moved = copy.deepcopy(SEALED_ONE_WAY)
    moved["incidents"]["inc-1"]["acts"][0]["date"] = "2021-05-05"
    assert Snapshot.from_tables(moved, again).hash == evidence_hash(moved) != first.hash
