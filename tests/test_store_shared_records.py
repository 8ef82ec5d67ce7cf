"""A Store that parses its file again (another process wrote it, or the file has no write stamp
to trust) keeps one copy of each unchanged record: the very objects, and id strings, its last
snapshot holds. Two copies cost ~300 MiB at 100,000 acts."""

from __future__ import annotations

from hrdscore.store import Store

from .conftest import make_actor, make_inquiry

# Longer than the 64 bytes under which orjson shares the strings of dict keys between parses
# by itself: an id string is shared here only if the Store shares it.
LONG = "kpo-" + "k" * 80


def _key(table: dict[str, object], wanted: str) -> str:
    return next(k for k in table if k == wanted)


def test_records_parsed_again_are_the_snapshots_own_objects(store: Store) -> None:
    with store.transaction("t") as tx:
        tx.actors.put_many([make_actor(LONG, "Қарашығанақ"), make_actor("mvd")])
        tx.inquiries.put(make_inquiry("inq-1", LONG))
    held = store.snapshot().stored_records()
    other = Store(store.path)  # another process: its own Store, the same file
    with other.transaction("other") as tx:
        tx.actors.put(make_actor("mvd", "Министрлік"))
    actors = store.document()["actors"]  # parsed again: the file changed
    assert actors[LONG] is held["actors"][LONG]
    assert _key(actors, LONG) is _key(dict(held["actors"]), LONG)
    assert store.document()["inquiries"]["inq-1"] is held["inquiries"]["inq-1"]
    assert actors["mvd"] is not held["actors"]["mvd"]  # changed: the new record
    assert actors["mvd"]["name"] == "Министрлік"
    snap = store.snapshot()
    assert snap.actors["mvd"].name == "Министрлік"
    assert snap.actors[LONG].name == "Қарашығанақ"
    assert list(actors) == sorted([LONG, "mvd"])  # the file's order


def test_a_record_removed_by_another_writer_is_not_brought_back(store: Store) -> None:
    with store.transaction("t") as tx:
        tx.actors.put_many([make_actor("kpo"), make_actor("mvd")])
    store.snapshot()
    with Store(store.path).transaction("other") as tx:
        tx.actors.delete("mvd")
    assert sorted(store.document()["actors"]) == ["kpo"]
    assert sorted(store.snapshot().actors) == ["kpo"]
