"""The store: atomic UTF-8 writes, ids as keys, audit log, snapshots, migrations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hrdscore.errors import StoreError
from hrdscore.store import Snapshot, Store, verify_chain
from hrdscore.store.migrations import SCHEMA_VERSION

from .conftest import make_actor, make_inquiry

KAZAKH = "ҚҰрылыс Әлемі ҒҢӨҰҮҺІ — Комитет национальной безопасности"


def test_kazakh_names_round_trip_exactly_in_file_and_on_reading(store: Store) -> None:
    with store.transaction("test") as tx:
        tx.actors.put(make_actor("kz-1", KAZAKH, aliases=["BozashyTransҚұrylys"]))
    raw = store.path.read_bytes()
    assert KAZAKH.encode("utf-8") in raw  # written as UTF-8, not \u-escaped
    assert b"\\u04" not in raw
    assert store.snapshot().actors["kz-1"].name == KAZAKH
    assert store.snapshot().actors["kz-1"].aliases == ["BozashyTransҚұrylys"]
    assert json.loads(raw)["actors"]["kz-1"]["name"] == KAZAKH


def test_records_are_keyed_by_id_so_putting_twice_does_not_duplicate(store: Store) -> None:
    with store.transaction("t") as tx:
        first = tx.actors.put_many([make_actor("a"), make_actor("b")])
    with store.transaction("t") as tx:
        second = tx.actors.put_many([make_actor("a"), make_actor("b", "Renamed")])
    assert first.created == ["a", "b"]
    assert second.unchanged == ["a"] and second.updated == ["b"]
    snap = store.snapshot()
    assert sorted(snap.actors) == ["a", "b"]
    assert snap.actors["b"].name == "Renamed"


def test_a_transaction_that_raises_writes_nothing(store: Store) -> None:
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("a"))
    before = store.path.read_bytes()
    with pytest.raises(RuntimeError), store.transaction("t") as tx:
        tx.actors.put(make_actor("b"))
        raise RuntimeError("boom")
    assert store.path.read_bytes() == before


def test_unchanged_write_leaves_file_bytes_alone(store: Store) -> None:
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("a"))
        tx.record("create", "actors", ids=["a"])
    before = store.path.read_bytes()
    with store.transaction("t") as tx:
        changes = tx.actors.put(make_actor("a"))
    assert changes.unchanged == ["a"]
    assert store.path.read_bytes() == before


def test_audit_log_is_chained_and_names_who(store: Store) -> None:
    for name in ("a", "b", "c"):
        with store.transaction(f"key:{name}-editor") as tx:
            changes = tx.actors.put(make_actor(name))
            tx.record("create", "actors", changes)
    entries = store.audit_log()
    assert [e.seq for e in entries] == [1, 2, 3]
    assert [e.who for e in entries] == ["key:a-editor", "key:b-editor", "key:c-editor"]
    assert entries[1].ids == ["b"] and entries[1].counts["created"] == 1
    assert verify_chain(entries) == []
    doc = json.loads(store.path.read_text(encoding="utf-8"))
    doc["_audit"]["000000002"]["who"] = "someone-else"
    store.path.write_text(json.dumps(doc), encoding="utf-8")
    problems = verify_chain(store.audit_log())
    assert any("entry 2" in p for p in problems)


def test_snapshot_is_frozen_hashable_and_tracks_changes(store: Store) -> None:
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("a"))
        tx.inquiries.put(make_inquiry("q1", "a"))
    snap = store.snapshot()
    assert store.snapshot() is snap  # cached while the file is unchanged
    assert len({snap, Snapshot.from_tables(store.read_document())}) == 1
    with pytest.raises(TypeError):
        snap.actors["x"] = make_actor("x")  # type: ignore[index]
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("b"))
    assert store.snapshot().hash != snap.hash
    assert snap.evidence_for("a").inquiries[0].id == "q1"


def test_snapshot_hash_ignores_the_audit_log(store: Store) -> None:
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("a"))
    first = store.snapshot().hash
    with store.transaction("t") as tx:
        tx.record("note", None, note="audit only")
    assert store.snapshot().hash == first


def test_acts_roll_up_from_child_bodies(store: Store, shipped) -> None:  # type: ignore[no-untyped-def]
    from hrdscore.store import seed

    seed(store, shipped, who="t")
    snap = store.snapshot()
    district = {a.id for a in snap.acts_involving("burlinsky-police")}
    ministry = {a.id for a in snap.acts_involving("kz-mvd")}
    assert district and district <= ministry


def test_a_newer_schema_is_refused_with_a_clear_message(store: Store) -> None:
    store.path.write_text(json.dumps({"_meta": {"schema": {"schema_version": 99}}}))
    with pytest.raises(StoreError, match="schema version 99, newer"):
        store.snapshot()


def test_a_plain_tinydb_file_is_migrated_and_the_original_kept(store: Store) -> None:
    store.path.write_text(json.dumps(
        {"_default": {}, "actors": {"a": make_actor("a").model_dump(mode="json")}}))
    assert "a" in store.snapshot().actors  # readable before any write
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("b"))
    doc = json.loads(store.path.read_text())
    assert doc["_meta"]["schema"]["schema_version"] == SCHEMA_VERSION
    assert "_default" not in doc
    assert store.path.with_name(store.path.name + ".v0.bak").exists()


def test_a_corrupt_file_is_reported_not_overwritten(store: Store) -> None:
    store.path.write_text('{"actors": {"a": ')
    with pytest.raises(StoreError, match="not a valid hrdscore database"):
        store.snapshot()
    with pytest.raises(StoreError), store.transaction("t") as tx:
        tx.actors.put(make_actor("b"))
    assert store.path.read_text() == '{"actors": {"a": '


def test_stale_temp_files_of_a_killed_writer_are_cleaned(store: Store, tmp_path: Path) -> None:
    leftover = tmp_path / ".hrdscore-tmp-dead"
    leftover.write_text("partial")
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("a"))
    assert not leftover.exists()


def test_delete_removes_one_record(store: Store) -> None:
    with store.transaction("t") as tx:
        tx.actors.put_many([make_actor("a"), make_actor("b")])
    with store.transaction("t") as tx:
        assert tx.actors.delete("a") is True
        assert tx.actors.delete("zzz") is False
    assert sorted(store.snapshot().actors) == ["b"]


def test_entries_of_one_transaction_chain_to_each_other(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json")
    with store.transaction("test") as tx:
        tx.record("first", None, note="one")
        tx.record("second", None, note="two")
    with store.transaction("test") as tx:
        tx.record("third", None)
    first, second, third = store.audit_log()
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert first.prev == "" and second.prev == first.hash and third.prev == second.hash
    assert verify_chain([first, second, third]) == []
