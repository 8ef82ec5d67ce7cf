"""Schemathesis against the app's own OpenAPI document: generated requests (valid and not)
for every operation, without a key and with an admin key, must never get a server error nor a
response that breaks the document (status codes, content types, bodies, headers)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

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


def _serve(directory: Path) -> tuple[Litestar, str]:
    base = make_base(directory, load_shipped(date.today()))
    db = directory / "db.json"
    db.write_bytes(base.template)
    store = Store(db)
    _, token = create_key(store, "fuzzer", Role.ADMIN, who="test")
    app = create_app(ApiSettings(db=db, rate_limit=0),
                     workspace=Workspace(base.catalog, base.methodology, store))
    return app, token


# Built at import: schemathesis makes one test per operation of the document, so it needs the
# document when pytest collects. (`schemathesis.pytest.from_fixture` fails under pytest 9.)
_DIR = Path(tempfile.mkdtemp(prefix="hrdscore-schemathesis-"))
atexit.register(shutil.rmtree, _DIR, ignore_errors=True)
APP, TOKEN = _serve(_DIR)
schema = schemathesis.openapi.from_asgi("/schema/openapi.json", APP)

FUZZ = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


@schema.parametrize()
@FUZZ
def test_public_requests_conform(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_admin_requests_conform(case: Any) -> None:
    case.call_and_validate(headers={"X-API-Key": TOKEN}, checks=CHECKS)
