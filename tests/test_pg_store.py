"""The PostgreSQL store keeps the file store's promises: ids as keys, all-or-nothing
transactions, the audit chain, snapshots that follow other processes' writes, keys, backup and
restore (across backends), and it writes only the rows a transaction changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from hrdscore.errors import StoreError
from hrdscore.store import Role, Store, create_key, list_keys, revoke_key, verify_chain
from hrdscore.store.backends import open_store
from hrdscore.store.keys import find_key
from hrdscore.store.postgres import PostgresStore

from .conftest import make_actor, make_inquiry

KAZAKH = "ҚҰрылыс Әлемі ҒҢӨҰҮҺІ — Комитет национальной безопасности"


@pytest.fixture
def pg(pg_url: str) -> Any:
    store = open_store(pg_url)
    assert isinstance(store, PostgresStore)
    yield store
    store.close()


def sql(url: str, query: str, *params: object) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(query, params or None)
        return cur.fetchall() if cur.description else []


def test_kazakh_names_round_trip_exactly(pg: PostgresStore, pg_url: str) -> None:
    with pg.transaction("test") as tx:
        tx.actors.put(make_actor("kz-1", KAZAKH, aliases=["BozashyTransҚұrylys"]))
    assert sql(pg_url, "SELECT data->>'name' FROM hrdscore_records WHERE id = 'kz-1'") == [
        (KAZAKH,)]
    fresh = open_store(pg_url)  # no cache: read from the database
    assert fresh.snapshot().actors["kz-1"].name == KAZAKH
    assert fresh.snapshot().actors["kz-1"].aliases == ["BozashyTransҚұrylys"]


def test_an_empty_database_does_not_exist_until_written(pg: PostgresStore) -> None:
    assert not pg.exists()
    assert pg.stamp() == (0, 0, 0)
    with pg.transaction("t") as tx:
        tx.actors.put(make_actor("a"))
    assert pg.exists()
    assert pg.stamp() == (1, 0, 0)


def test_records_keyed_by_id_and_only_changed_rows_are_written(pg: PostgresStore,
                                                                pg_url: str) -> None:
    with pg.transaction("t") as tx:
        first = tx.actors.put_many([make_actor("a"), make_actor("b"), make_actor("c")])
    with pg.transaction("t") as tx:
        second = tx.actors.put_many([make_actor("a"), make_actor("b", "Renamed")])
    assert first.created == ["a", "b", "c"]
    assert second.unchanged == ["a"] and second.updated == ["b"]
    # Version 1 wrote the metadata and three actors; version 2 only the renamed one.
    assert sql(pg_url, "SELECT kind, id FROM hrdscore_records WHERE version = 2") == [
        ("actors", "b")]
    assert sql(pg_url, "SELECT count(*) FROM hrdscore_records WHERE kind = 'actors'") == [(3,)]
    assert open_store(pg_url).snapshot().actors["b"].name == "Renamed"


def test_a_transaction_that_raises_writes_nothing_and_the_store_goes_on(
        pg: PostgresStore, pg_url: str) -> None:
    with pg.transaction("t") as tx:
        tx.actors.put(make_actor("a"))
    with pytest.raises(RuntimeError), pg.transaction("t") as tx:
        tx.actors.put(make_actor("b"))
        raise RuntimeError("boom")
    assert sql(pg_url, "SELECT data_version FROM hrdscore_meta") == [(1,)]
    assert sorted(pg.snapshot().actors) == ["a"]
    with pg.transaction("t") as tx:
        tx.actors.put(make_actor("c"))
    assert sorted(open_store(pg_url).snapshot().actors) == ["a", "c"]


def test_an_edit_in_place_that_raises_leaves_the_cache_unharmed(pg: PostgresStore) -> None:
    with pg.transaction("t") as tx:
        tx.actors.put(make_actor("a", "Original"))
    with pytest.raises(RuntimeError), pg.transaction("t") as tx:
        tx.document["actors"]["a"]["name"] = "Edited in place"
        raise RuntimeError("boom")
    assert pg.read_document()["actors"]["a"]["name"] == "Original"
    with pg.transaction("t") as tx:
        tx.actors.put(make_actor("b"))
    assert pg.snapshot().actors["a"].name == "Original"


def test_a_transaction_that_records_nothing_leaves_the_cache_as_it_was(
        pg: PostgresStore) -> None:
    with pg.transaction("t") as tx:
        tx.actors.put(make_actor("a"))
    with pg.transaction("t") as tx:  # a value put straight into a table, and no audit entry
        tx.document["actors"]["stray"] = {"id": "stray"}
    assert sorted(pg.read_document()["actors"]) == ["a"]


def test_records_edited_in_place_are_written(pg: PostgresStore, pg_url: str) -> None:
    # Erasure, consent and key rotation edit stored dicts through tx.document; identity
    # comparison cannot see that, the comparison by value must.
    with pg.transaction("t") as tx:
        tx.actors.put_many([make_actor("a", "Original"), make_actor("b")])
    with pg.transaction("t") as tx:
        tx.document["actors"]["a"]["name"] = "Edited in place"
        tx.record("consent", "actors", ids=["a"])
    assert sql(pg_url, "SELECT id FROM hrdscore_records WHERE version = 2") == [("a",)]
    assert open_store(pg_url).snapshot().actors["a"].name == "Edited in place"


def test_an_edit_in_place_reaches_this_process_s_next_snapshot(pg: PostgresStore) -> None:
    """A snapshot is built from the one before, reusing what was stored the same (the same
    dict): a record edited in place must not look the same as before."""
    with pg.transaction("t") as tx:
        tx.actors.put_many([make_actor("a", "Original"), make_actor("b")])
    before = pg.snapshot()
    assert before.actors["a"].name == "Original"
    with pg.transaction("t") as tx:
        tx.document["actors"]["a"]["name"] = "Изменено на месте"
        tx.record("consent", "actors", ids=["a"])
    assert pg.snapshot().actors["a"].name == "Изменено на месте"
    assert before.actors["a"].name == "Original"  # a snapshot never changes


def test_unchanged_write_commits_nothing(pg: PostgresStore, pg_url: str) -> None:
    with pg.transaction("t") as tx:
        tx.actors.put(make_actor("a"))
        tx.record("create", "actors", ids=["a"])
    with pg.transaction("t") as tx:
        changes = tx.actors.put(make_actor("a"))
    assert changes.unchanged == ["a"]
    assert sql(pg_url, "SELECT data_version FROM hrdscore_meta") == [(1,)]
    assert len(pg.audit_log()) == 1


def test_audit_log_is_chained_and_an_edit_shows(pg: PostgresStore, pg_url: str) -> None:
    for name in ("a", "b", "c"):
        with pg.transaction(f"key:{name}-editor") as tx:
            tx.record("create", "actors", tx.actors.put(make_actor(name)))
    entries = pg.audit_log()
    assert [e.seq for e in entries] == [1, 2, 3]
    assert [e.who for e in entries] == ["key:a-editor", "key:b-editor", "key:c-editor"]
    assert entries[1].ids == ["b"] and entries[1].counts["created"] == 1
    assert verify_chain(entries) == []
    sql(pg_url, "UPDATE hrdscore_audit SET entry = jsonb_set(entry, '{who}', '\"x\"') "
                "WHERE seq = 2")
    problems = verify_chain(open_store(pg_url).audit_log())
    assert any("entry 2" in p for p in problems)


def test_snapshot_is_cached_and_follows_another_process_writes(pg: PostgresStore,
                                                               pg_url: str) -> None:
    with pg.transaction("t") as tx:
        tx.actors.put_many([make_actor("a"), make_actor("b")])
        tx.inquiries.put(make_inquiry("q1", "a"))
    snap = pg.snapshot()
    assert pg.snapshot() is snap
    other = open_store(pg_url)
    with other.transaction("t") as tx:
        tx.actors.put(make_actor("c", "Третий"))
        assert tx.actors.delete("b")
    after = pg.snapshot()  # caught up from the rows written since, tombstone included
    assert sorted(after.actors) == ["a", "c"]
    assert after.actors["c"].name == "Третий"
    assert after.hash != snap.hash
    assert after.evidence_for("a").inquiries[0].id == "q1"


def test_keys_work_on_postgres(pg: PostgresStore, pg_url: str) -> None:
    key, token = create_key(pg, "ci-editor", Role.EDITOR, who="cli:test")
    assert [k.name for k in list_keys(open_store(pg_url))] == ["ci-editor"]
    assert find_key(list_keys(pg), token) == key
    revoke_key(pg, "ci-editor", who="cli:test")
    assert find_key(list_keys(open_store(pg_url)), token) is None
    assert [e.action for e in pg.audit_log()] == ["key-create", "key-revoke"]


def test_backup_restores_on_either_backend(pg: PostgresStore, pg_cluster: Any,
                                           tmp_path: Path) -> None:
    with pg.transaction("t") as tx:
        tx.record("create", "actors", tx.actors.put(make_actor("kz", KAZAKH)))
    out = tmp_path / "backup.json"
    assert pg.backup(out) == out.stat().st_size
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["actors"]["kz"]["name"] == KAZAKH
    assert len(exported["_audit"]) == 1
    # Into a file store, and from there into a second PostgreSQL database.
    file_store = Store(tmp_path / "db.json")
    file_store.restore(out, who="t")
    assert file_store.snapshot().actors["kz"].name == KAZAKH
    second_backup = tmp_path / "second.json"
    file_store.backup(second_backup)
    target = open_store(pg_cluster.create_database("restored_target"))
    assert target.restore(second_backup, who="cli:test") is None
    log = target.audit_log()
    assert [e.action for e in log] == ["create", "restore", "restore"]
    assert verify_chain(log) == []
    assert target.snapshot().actors["kz"].name == KAZAKH


def test_restore_refuses_what_is_not_a_database(pg: PostgresStore, tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"x": 1}', encoding="utf-8")
    with pytest.raises(StoreError, match="not an hrdscore database"):
        pg.restore(bad, who="t")
    assert not pg.exists()


def test_a_newer_schema_is_refused_with_a_clear_message(pg: PostgresStore,
                                                        pg_url: str) -> None:
    with pg.transaction("t") as tx:
        tx.actors.put(make_actor("a"))
    sql(pg_url, "UPDATE hrdscore_meta SET schema_version = 99")
    with pytest.raises(StoreError, match=r"schema version 99.*upgrade hrdscore"):
        open_store(pg_url).snapshot()


def test_errors_name_the_database_without_its_password(pg_cluster: Any) -> None:
    url = (f"postgresql://postgres:s3cret@/nodb?host={pg_cluster.socket_dir}"
           f"&port={pg_cluster.port}")
    store = open_store(url)
    assert "s3cret" not in str(store.path)
    with pytest.raises(StoreError) as caught:
        store.exists()
    assert "nodb" in str(caught.value) and "s3cret" not in str(caught.value)


def test_what_a_reader_edits_stays_the_readers(pg: PostgresStore) -> None:
    with pg.transaction("t") as tx:
        tx.actors.put_many([make_actor("a", "Original"), make_actor("b")])
    doc = pg.read_document()
    doc["actors"]["a"]["name"] = "Edited by a reader"
    for record in doc["actors"].values():
        record["aliases"] = ["changed"]
    del doc["actors"]["b"]
    assert doc["actors"]["a"]["name"] == "Edited by a reader"  # the reader keeps its edits
    again = pg.read_document()
    assert (again["actors"]["a"]["name"], again["actors"]["a"]["aliases"]) == ("Original", [])
    assert sorted(dict(again["actors"])) == ["a", "b"]
    assert pg.snapshot().actors["a"].name == "Original"


def test_a_schema_1_database_is_converted_to_json_records_and_reads_the_same(
        pg: PostgresStore, pg_url: str) -> None:
    """Schema 1 kept records as jsonb; schema 2 as json (read back without conversion)."""
    with pg.transaction("t") as tx:
        tx.actors.put(make_actor("kz-1", KAZAKH))
    # As an earlier hrdscore left it:
    sql(pg_url, "ALTER TABLE hrdscore_records ALTER COLUMN data TYPE jsonb USING data::jsonb")
    sql(pg_url, "UPDATE hrdscore_meta SET schema_version = 1")
    reopened = open_store(pg_url)
    assert reopened.snapshot().actors["kz-1"].name == KAZAKH
    assert sql(pg_url, "SELECT schema_version FROM hrdscore_meta") == [(2,)]
    assert sql(pg_url, "SELECT data_type FROM information_schema.columns "
                       "WHERE table_name = 'hrdscore_records' AND column_name = 'data'") == [
        ("json",)]
    with reopened.transaction("t") as tx:
        tx.actors.put(make_actor("kz-2", "Өскемен"))
    assert sorted(open_store(pg_url).snapshot().actors) == ["kz-1", "kz-2"]
