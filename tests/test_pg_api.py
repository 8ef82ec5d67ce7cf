"""The API's write suite (tests/test_api_writes.py) again, on PostgreSQL: the same tests,
collected here with an `api` fixture whose store is a PostgreSQL database holding the same
seeded data. (The tests that read the database file's bytes are the file store's own.)"""

from __future__ import annotations

from collections.abc import Iterator

import orjson
import pytest
from litestar.testing import TestClient

from hrdscore.api import ApiSettings, create_app
from hrdscore.dataset import Dataset
from hrdscore.service import Workspace
from hrdscore.store import Role, create_key
from hrdscore.store.backends import open_store
from hrdscore.store.postgres import PostgresStore
from tests.api_helpers import Api, Base, make_base
from tests.test_api_writes import (  # noqa: F401 - collected again, on PostgreSQL
    test_a_write_is_seen_by_the_next_scorecard,
    test_body_that_does_not_fit_the_model_is_422,
    test_delete_needs_admin_and_no_referrers,
    test_duplicate_id_is_409,
    test_editor_creates_and_the_audit_log_names_the_key,
    test_incident_reusing_an_act_id_is_422,
    test_put_replaces_and_checks_the_id,
    test_reply_before_its_inquiry_is_422,
    test_revoked_key_is_401,
    test_unknown_references_are_422_naming_the_field,
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Base:
    return make_base(tmp_path_factory.mktemp("pg-api-writes"), shipped)


@pytest.fixture
def api(base: Base, pg_url: str) -> Iterator[Api]:
    store = open_store(pg_url)
    assert isinstance(store, PostgresStore)
    store.replace_with(orjson.loads(base.template), "test", None)
    tokens = {role.value: create_key(store, f"{role.value}-key", role, who="test")[1]
              for role in Role if role is not Role.RESPONDENT}
    workspace = Workspace(catalog=base.catalog, methodology=base.methodology, store=store)
    # These tests read their own writes at once: no rebuild in the background (as api_helpers).
    app = create_app(ApiSettings(db=store.path, rebuild_in_background=False),
                     workspace=workspace)
    try:
        with TestClient(app) as client:
            yield Api(client, store, tokens)
    finally:
        store.close()


def test_a_rejected_write_stores_nothing(api: Api, pg_url: str) -> None:
    before = open_store(pg_url).read_document()
    bad = {"id": "rep-bad", "inquiry": "inq-nowhere", "received_on": "2021-03-01",
           "substance": "full_answer",
           "citations": [{"source": "src-kk2021-report", "locator": "x"}]}
    answer = api.client.post("/api/replies", json=bad, headers=api.as_role("editor"))
    assert answer.status_code == 422
    assert open_store(pg_url).read_document() == before
