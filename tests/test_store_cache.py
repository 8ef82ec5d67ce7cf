"""The Store keeps the parsed document between transactions: it re-reads the file only when
another writer changed it, a failed transaction leaves the kept document as it was, and the
reference index kept with it stays that of the document, commit after commit."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrdscore.errors import StoreError
from hrdscore.model import Incident
from hrdscore.references import RefIndex
from hrdscore.snapshot import EVIDENCE_KINDS
from hrdscore.store import Store, spliced
from hrdscore.store import database as database_module

from .conftest import make_actor, make_inquiry
from .test_reference_index import MAKERS, MODELS


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every parse of the database file by a Store, by path."""
    seen: list[Path] = []
    real = database_module.parse_document

    def counting(raw: bytes, path: Path) -> dict[str, Any] | None:
        seen.append(path)
        return real(raw, path)

    monkeypatch.setattr(database_module, "parse_document", counting)
    return seen


def _copy(doc: Any) -> Any:
    return orjson.loads(orjson.dumps(doc))


def test_own_writes_are_not_read_back(store: Store, parses: list[Path]) -> None:
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("kpo"))
    for n in range(3):
        with store.transaction("t") as tx:
            tx.inquiries.put(make_inquiry(f"inq-{n}", "kpo"))
    assert sorted(store.snapshot().inquiries) == ["inq-0", "inq-1", "inq-2"]
    assert parses == []  # the file was written four times and never parsed


def test_a_write_by_another_store_is_seen_by_the_next_transaction_and_snapshot(
        store: Store, parses: list[Path]) -> None:
    with store.transaction("t") as tx:
        tx.record("create", "actors", tx.actors.put(make_actor("kpo")))
    assert sorted(store.snapshot().actors) == ["kpo"]
    other = Store(store.path)  # as another process would: its own Store, the same file
    with other.transaction("other") as tx:
        tx.record("create", "actors", tx.actors.put(make_actor("tengiz", "Тенгизшевройл")))
    assert store.snapshot().actors["tengiz"].name == "Тенгизшевройл"
    with store.transaction("t") as tx:
        assert sorted(tx.actors.ids()) == ["kpo", "tengiz"]
        tx.record("create", "inquiries", tx.inquiries.put(make_inquiry("inq-1", "tengiz")))
    assert sorted(Store(store.path).snapshot().inquiries) == ["inq-1"]
    assert [e.who for e in other.audit_log()] == ["t", "other", "t"]


def test_a_changed_file_with_the_same_inode_time_and_size_is_read_again(
        store: Store) -> None:
    """Identity and time can stay (an inode reused, two writes in one clock tick); the write
    stamp inside the file cannot."""
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("aaa", "First"))
    assert store.snapshot().actors["aaa"].name == "First"
    before = store.path.stat()
    other = Store(store.path.with_name("other.json"))
    with other.transaction("t") as tx:  # the same data, another write stamp
        tx.actors.put(make_actor("aaa", "Other"))
    data = other.path.read_bytes()
    assert len(data) == before.st_size
    with store.path.open("r+b") as handle:  # in place: same inode
        handle.write(data)
    os.utime(store.path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert store.stamp() == (before.st_ino, before.st_mtime_ns, before.st_size)
    with store.transaction("t") as tx:
        assert tx.actors.get("aaa") == make_actor("aaa", "Other")


def test_a_failed_transaction_leaves_the_kept_document_untouched(
        store: Store, parses: list[Path]) -> None:
    with store.transaction("t") as tx:
        tx.actors.put_many([make_actor("kpo"), make_actor("mvd")])
        tx.inquiries.put(make_inquiry("inq-1", "kpo"))
    kept = store.document()
    expected = _copy(kept)
    with pytest.raises(RuntimeError), store.transaction("t") as tx:
        tx.actors.put(make_actor("kpo", "Renamed"))
        tx.actors.delete("mvd")
        tx.inquiries.put(make_inquiry("inq-2", "kpo"))
        raise RuntimeError("refused half-way")
    with pytest.raises(RuntimeError), store.transaction("t") as tx:
        doc = tx.document  # records changed in place, as erasure and rotation do
        doc["actors"]["kpo"]["name"] = "Changed in place"
        doc["inquiries"]["inq-1"]["citations"].append({"source": "x", "locator": "y"})
        doc["_audit"].clear()
        raise RuntimeError("refused after changing records in place")
    assert store.document() is kept and _copy(kept) == expected
    assert parses == []
    assert store.snapshot().actors["kpo"].name == "Kpo"
    with store.transaction("t") as tx:
        assert sorted(tx.actors.ids()) == ["kpo", "mvd"]
        assert tx.inquiries.get("inq-1") == make_inquiry("inq-1", "kpo")


def test_a_transaction_that_changes_records_in_place_writes_them(store: Store) -> None:
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("kpo"))
    kept = store.document()
    with store.transaction("t") as tx:
        tx.document["actors"]["kpo"]["name"] = "Қазақстан"
        tx.record("update", "actors", ids=["kpo"])
    assert kept["actors"]["kpo"]["name"] == "Kpo"  # the kept one was not changed in place
    assert Store(store.path).snapshot().actors["kpo"].name == "Қазақстан"
    assert store.snapshot().actors["kpo"].name == "Қазақстан"


def _index_state(index: RefIndex) -> tuple[Any, ...]:
    # Which incidents hold an act is a set; the order they were added in is not compared.
    return (index.pointing, {a: sorted(held) for a, held in index.acts.items()}, index.victims)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(sorted(MAKERS)), st.booleans(), st.integers(0, 9)),
                min_size=1, max_size=6), st.data())
def test_the_kept_index_follows_every_commit(steps: list[tuple[str, bool, int]],
                                             data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "db.json")
        with store.transaction("t") as tx:  # every kind present, some records to replace
            for kind, (ids, make) in MAKERS.items():
                for record_id in ids[:2]:
                    tx.repo(kind).put(MODELS[kind].model_validate(data.draw(make(record_id))))
        for kind, delete, pick in steps:
            ids, make = MAKERS[kind]
            record_id = ids[pick % len(ids)]
            with store.transaction("t") as tx:
                index = tx.ref_index()
                assert _index_state(index) == _index_state(
                    RefIndex.of(store.document(), EVIDENCE_KINDS))
                if delete:
                    tx.repo(kind).delete(record_id)
                else:
                    tx.repo(kind).put(MODELS[kind].model_validate(data.draw(make(record_id))))
        with store.transaction("t") as tx:
            assert _index_state(tx.ref_index()) == _index_state(
                RefIndex.of(Store(store.path).read_document(), EVIDENCE_KINDS))


def test_a_commit_that_cannot_write_leaves_the_kept_document_untouched(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    with store.transaction("t") as tx:
        tx.record("create", "actors", tx.actors.put(make_actor("kpo")))
    kept = store.document()
    expected = _copy(kept)

    def full_disk(fd: int, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(spliced, "write_all", full_disk)
    with pytest.raises(StoreError, match="No space left"), store.transaction("t") as tx:
        tx.record("create", "actors", tx.actors.put(make_actor("mvd")))
    monkeypatch.undo()
    assert store.document() is kept and _copy(kept) == expected  # audit and stamp too
    with store.transaction("t") as tx:
        assert sorted(tx.actors.ids()) == ["kpo"]


def test_the_index_inside_a_transaction_includes_its_own_changes(store: Store) -> None:
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("kpo"))
    with store.transaction("t") as tx:
        assert tx.ref_index().pointing_at([("actors", "kpo")]) == set()
        tx.inquiries.put(make_inquiry("inq-1", "kpo"))
        assert tx.ref_index().pointing_at([("actors", "kpo")]) == {("inquiries", "inq-1")}


def test_a_value_left_in_clear_by_an_older_version_is_sealed_by_a_repository_write(
        store: Store) -> None:
    """The walk through every identity is skipped only once the kept document is known
    sealed; a file from before encryption is sealed by its next write, whatever it changes."""
    incident = Incident.model_validate({
        "id": "inc-1", "title": "Detention",
        "victims": [{"id": "v-0001", "kind": "person", "gender": "male",
                     "identity": "Ержан Сейтқали"}],
        "acts": [{"id": "a-1", "victim": "v-0001", "type": "detention", "date": "2019-05-07",
                  "fields": ["oil_industry"], "primary_field": "oil_industry"}],
        "citations": [{"source": "src-a", "locator": "p. 1"}]})
    with store.transaction("t") as tx:
        tx.incidents.put(incident)
    doc = orjson.loads(store.path.read_bytes())
    assert doc["incidents"]["inc-1"]["victims"][0]["identity"].startswith("enc:")
    doc["incidents"]["inc-1"]["victims"][0]["identity"] = "Ержан Сейтқали"
    store.path.write_bytes(orjson.dumps(doc))  # as hrdscore wrote it before encryption
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("kpo"))  # through a repository: the document is not touched
    assert "Ержан Сейтқали".encode() not in store.path.read_bytes()
    assert make_actor("kpo") == store.snapshot().actors["kpo"]


def test_who_points_at_what_is_built_from_the_document_the_index_has_followed_to(
        store: Store) -> None:
    """That map is built on first use, perhaps several commits after the rest of the index:
    it must then be built from the document as it is, not as it was."""
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("kpo"))
    with store.transaction("t") as tx:
        assert tx.ref_index().acts == {}  # the index is built; who points at what is not
        tx.inquiries.put(make_inquiry("inq-1", "kpo"))
    with store.transaction("t") as tx:
        assert tx.ref_index().pointing_at([("actors", "kpo")]) == {("inquiries", "inq-1")}



def test_only_transactions_change_the_kept_document(store: Store, parses: list[Path]) -> None:
    """A server's reader can open the file a commit has just renamed in before the commit
    notes it as kept (the commit is fsyncing the folder). Were the reader to drop the kept
    document then, it could drop the one the commit has just kept, and every read after
    would parse the whole file again: a read parses a newer file for itself only."""
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("kpo"))
    kept = store._loaded
    assert kept is not None
    with Store(store.path).transaction("t") as tx:  # as another process would (1 parse)
        tx.actors.put(make_actor("zhaik"))
    assert sorted(store.document()["actors"]) == ["kpo", "zhaik"]
    assert len(parses) == 2 and store._loaded is kept  # left for the next transaction
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("ertis"))
    assert store._loaded is not kept and len(parses) == 3  # which re-read the file
    assert sorted(store.document()["actors"]) == ["ertis", "kpo", "zhaik"]
    assert len(parses) == 3
