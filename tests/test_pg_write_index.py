"""A PostgreSQL store keeps the reference index its writes are checked against (which incident
holds each act) between transactions, and moves it on with every commit: its own, and another
process's read back as rows. An index left describing older data would refuse a write that
is fine, or let through an act id another incident already uses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from hrdscore.errors import Conflict, InvalidData
from hrdscore.model import Incident, Source
from hrdscore.records import delete_record, write_record
from hrdscore.store.backends import open_store
from hrdscore.store.postgres import PostgresStore

from .conftest import make_actor, make_inquiry

TODAY = date(2026, 12, 1)


def incident(incident_id: str, act_id: str, title: str = "Задержание в Өскемен") -> Incident:
    return Incident.model_validate({
        "id": incident_id, "title": title,
        "citations": [{"source": "src-test", "locator": "стр. 1"}],
        "victims": [{"id": "v-1", "kind": "person"}],
        "acts": [{"id": act_id, "victim": "v-1", "type": "detention", "date": "2020-03-01",
                  "fields": ["land"], "primary_field": "land"}]})


def create(store: PostgresStore, record: Incident) -> list[str]:
    """The problems the write was refused for; [] when it was written."""
    try:
        write_record(store, [], "incidents", record, who="test", today=TODAY, create=True)
    except InvalidData as exc:
        return [p.message for p in exc.problems]
    return []


def replace(store: PostgresStore, record: Incident) -> None:
    write_record(store, [], "incidents", record, who="test", today=TODAY, create=False)


REUSED = "act id is already used in incident 'i-1'"


@pytest.fixture
def two(pg_url: str) -> Iterator[tuple[PostgresStore, PostgresStore]]:
    """Two stores on one database, as two processes have them; the first has written (so its
    index is built) before the test begins."""
    first, second = open_store(pg_url), open_store(pg_url)
    assert isinstance(first, PostgresStore) and isinstance(second, PostgresStore)
    with first.transaction("test") as tx:
        tx.sources.put(Source.model_validate({"id": "src-test", "title": "Отчёт"}))
    assert create(first, incident("i-1", "x-1")) == []
    yield first, second
    first.close()
    second.close()


def test_an_act_id_taken_by_this_process_is_refused_at_once(
        two: tuple[PostgresStore, PostgresStore]) -> None:
    first, _ = two
    assert create(first, incident("i-2", "x-1")) == [REUSED]
    assert create(first, incident("i-2", "x-2")) == []
    # i-1 now holds x-9 instead of x-1: x-1 is free, x-9 taken.
    replace(first, incident("i-1", "x-9"))
    assert create(first, incident("i-3", "x-1")) == []
    assert create(first, incident("i-4", "x-9")) == [REUSED]


def test_an_act_id_taken_by_another_process_is_refused(
        two: tuple[PostgresStore, PostgresStore]) -> None:
    first, second = two
    assert create(second, incident("i-1b", "x-1")) == [REUSED]  # second's index: built now
    replace(second, incident("i-1", "x-5"))
    # The first store's index was built before: it learns of the change from the rows.
    assert create(first, incident("i-2", "x-5")) == [REUSED]
    assert create(first, incident("i-3", "x-1")) == []
    assert create(second, incident("i-4", "x-1")) == [
        "act id is already used in incident 'i-3'"]


def test_an_incident_deleted_elsewhere_frees_its_act_ids(
        two: tuple[PostgresStore, PostgresStore]) -> None:
    first, second = two
    with second.transaction("test") as tx:
        assert tx.incidents.delete("i-1")
    assert create(first, incident("i-2", "x-1")) == []


def test_an_edit_in_place_is_not_hidden_from_the_index(
        two: tuple[PostgresStore, PostgresStore]) -> None:
    """Code that edits stored records through `tx.document` says nothing of what it
    changed: the index must not go on describing the record as it was."""
    first, _ = two
    with first.transaction("test") as tx:
        doc: Any = tx.document
        doc["incidents"]["i-1"]["acts"][0]["id"] = "x-7"
        tx.record("redact", "incidents", note="test")  # not a replacing action
    assert create(first, incident("i-2", "x-1")) == []
    assert create(first, incident("i-3", "x-7")) == [REUSED]


def test_a_record_referred_to_from_another_process_is_not_deleted(
        two: tuple[PostgresStore, PostgresStore]) -> None:
    """Who points at each record is indexed on the first delete, and kept up to date."""
    first, second = two
    with first.transaction("test") as tx:
        tx.actors.put_many([make_actor("a", "Әкімдік"), make_actor("b")])
    delete_record(first, [], "actors", "b", who="test")  # nobody points at b
    with second.transaction("test") as tx:
        tx.inquiries.put(make_inquiry("q-1", "a"))
    with pytest.raises(Conflict, match="inquiry q-1"):
        delete_record(first, [], "actors", "a", who="test")
    with second.transaction("test") as tx:
        assert tx.inquiries.delete("q-1")
    delete_record(first, [], "actors", "a", who="test")
    assert sorted(first.document()["actors"]) == []
