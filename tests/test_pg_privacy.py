"""The API privacy suite (tests/test_api_privacy.py) again, on PostgreSQL: a public reader
crawling every GET operation meets no secret, and analysts see what is theirs. (The PDF test
stays the file store's: rendering does not depend on the backend.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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
from tests.test_api_privacy import (  # noqa: F401 - collected again, on PostgreSQL
    test_analysts_see_the_confidential_incident_as_recorded,
    test_drafts_and_private_sources_only_for_analysts,
    test_nothing_secret_reaches_a_public_reader,
    test_public_incidents_hide_identities_and_pseudonyms,
    test_public_scorecard_counts_the_confidential_act_without_naming_it,
    test_public_scorecard_masks_every_place_evidence_is_cited,
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Base:
    return make_base(tmp_path_factory.mktemp("pg-api-privacy"), shipped)


@pytest.fixture(scope="module")
def api(base: Base, pg_cluster: Any) -> Iterator[Api]:
    # Read-only tests: one app, one database for the module.
    store = open_store(pg_cluster.create_database("api_privacy"))
    assert isinstance(store, PostgresStore)
    store.replace_with(orjson.loads(base.template), "test", None)
    tokens = {role.value: create_key(store, f"{role.value}-key", role, who="test")[1]
              for role in Role if role is not Role.RESPONDENT}
    workspace = Workspace(catalog=base.catalog, methodology=base.methodology, store=store)
    app = create_app(ApiSettings(db=store.path, rate_limit=0), workspace=workspace)
    try:
        with TestClient(app) as client:
            yield Api(client, store, tokens)
    finally:
        store.close()
