"""Schemathesis against the app's own OpenAPI document: generated requests (valid and not)
for every operation, without a key and with an admin key, must never get a server error nor a
response that breaks the document (status codes, content types, bodies, headers)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from litestar import Litestar

from hrdscore.api import ApiSettings, create_app
from hrdscore.service import Workspace
from hrdscore.shipped import load_shipped
from hrdscore.store import Role, Store, create_key
from tests.api_helpers import make_base

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> tuple[Litestar, str]:
    """The app over a seeded database with an admin key: built when the tests run, not when
    pytest collects them."""
    directory = tmp_path_factory.mktemp("schemathesis")
    base = make_base(directory, load_shipped(date.today()))
    db = directory / "db.json"
    db.write_bytes(base.template)
    store = Store(db)
    _, token = create_key(store, "fuzzer", Role.ADMIN, who="test")
    app = create_app(ApiSettings(db=db, rate_limit=0),
                     workspace=Workspace(base.catalog, base.methodology, store))
    return app, token


def _document() -> dict[str, Any]:
    """The OpenAPI document, which schemathesis needs at collection to make one test per
    operation. Generating it reads no database (the path below is never opened)."""
    unused = Path(tempfile.gettempdir()) / "hrdscore-openapi-only.json"
    app = create_app(ApiSettings(db=unused, rate_limit=0, warm_up=False))
    return app.openapi_schema.to_schema()


schema = schemathesis.openapi.from_dict(_document())

FUZZ = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


@pytest.mark.slow
@schema.parametrize()
@FUZZ
def test_public_requests_conform(case: Any, served: tuple[Litestar, str]) -> None:
    case.call_and_validate(app=served[0], checks=CHECKS)


@pytest.mark.slow
@schema.parametrize()
@FUZZ
def test_admin_requests_conform(case: Any, served: tuple[Litestar, str]) -> None:
    app, token = served
    case.call_and_validate(app=app, headers={"X-API-Key": token}, checks=CHECKS)
