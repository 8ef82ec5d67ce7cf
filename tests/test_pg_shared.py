"""The store and import suites again, on PostgreSQL: their backend-neutral tests are collected
here with a `store` fixture that is a PostgreSQL database. (Tests that read the database
file's bytes stay the file store's; their PostgreSQL counterparts are below and in
tests/test_pg_store.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hrdscore.dataset import Dataset
from hrdscore.errors import InvalidData
from hrdscore.store import Store
from hrdscore.store.backends import open_store
from hrdscore.store.postgres import PostgresStore
from tests.test_import import (  # noqa: F401 - collected again, on PostgreSQL
    _import,
    seeded,
    test_incident_row_problem_names_the_row,
    test_incidents_csv_one_row_per_act,
    test_reply_before_its_inquiry_is_rejected,
    test_unknown_column_and_wrong_kind_are_reported,
)
from tests.test_store import (  # noqa: F401
    test_acts_roll_up_from_child_bodies,
    test_delete_removes_one_record,
    test_records_are_keyed_by_id_so_putting_twice_does_not_duplicate,
    test_snapshot_hash_ignores_the_audit_log,
    test_snapshot_is_frozen_hashable_and_tracks_changes,
)


@pytest.fixture
def store(pg_url: str) -> Iterator[Store]:
    pg = open_store(pg_url)
    assert isinstance(pg, PostgresStore)
    yield pg
    pg.close()


def test_bad_file_and_dry_run_leave_the_database_untouched(
        seeded: Store, shipped: Dataset, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "inquiries.csv"
    path.write_text("id,actor,reference,sent_on,source,locator\n"
                    "inq-good,kpo,1,2021-02-09,src-kk2021-report,p. 1\n"
                    "inq-bad,nobody,2,2021-02-09,src-kk2021-report,p. 1\n", encoding="utf-8")
    before = (seeded.stamp(), seeded.read_document())
    with pytest.raises(InvalidData, match="line 3"):
        _import(seeded, shipped, "inquiries", path)
    actors = tmp_path / "actors.csv"
    actors.write_text("id,name,kind\nnew-co,Жаңа Компания ЖШС,company\n", encoding="utf-8")
    result = _import(seeded, shipped, "actors", actors, dry_run=True)
    assert result.changes.created == ["new-co"]
    fresh = open_store(str(seeded.path.url))  # type: ignore[attr-defined]
    assert (fresh.stamp(), fresh.read_document()) == before
