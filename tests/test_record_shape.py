"""One shape for records: each README example is imported as a spreadsheet row into one
database and posted as a JSON body to another; both hold the same record under the same id,
and importing the row after the post changes nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from hrdscore.dataset import Dataset
from hrdscore.service import Workspace
from hrdscore.store import Store
from tests.api_helpers import Api, Base, make_base, running_api

from .conftest import REPO

KINDS = ("actors", "inquiries", "replies", "assessments")


def _examples() -> dict[str, dict[str, str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found: dict[str, dict[str, str]] = {}
    for form, kind, body in re.findall(r"```(csv|json)-([a-z]+)\n(.*?)```", text, re.S):
        found.setdefault(kind, {})[form] = body
    return found


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Base:
    return make_base(tmp_path_factory.mktemp("shape"), shipped, with_secrets=False)


@pytest.fixture
def api(base: Base, tmp_path: Path) -> Iterator[Api]:
    with running_api(base, tmp_path, rate_limit=0) as running:
        yield running


def test_the_readme_shows_both_spellings_of_every_kind() -> None:
    examples = _examples()
    assert sorted(examples) == sorted(KINDS)
    assert all(set(forms) == {"csv", "json"} for forms in examples.values())


@pytest.mark.parametrize("kind", KINDS)
def test_a_row_and_a_body_are_the_same_record(kind: str, base: Base, api: Api,
                                              tmp_path: Path) -> None:
    example = _examples()[kind]
    csv_file = tmp_path / f"{kind}.csv"
    csv_file.write_text(example["csv"], encoding="utf-8")

    # One database takes the row...
    imported_db = tmp_path / "imported.json"
    imported_db.write_bytes(base.template)
    ws = Workspace(base.catalog, base.methodology, Store(imported_db))
    result = ws.import_file(kind, csv_file, who="test")
    assert result.changes.as_dict()["created"] == 1
    # ...the API's takes the body.
    posted = api.client.post(f"/api/{kind}", headers=api.as_role("editor"),
                             json=json.loads(example["json"]))
    assert posted.status_code == 201, posted.text
    record_id = posted.json()["id"]
    from_row = getattr(ws.snapshot(), kind)[record_id]
    from_body = getattr(api.store.snapshot(), kind)[record_id]
    assert from_row == from_body

    # Importing the row into the API's database after the post changes nothing.
    api_ws = Workspace(base.catalog, base.methodology, api.store)
    again = api_ws.import_file(kind, csv_file, who="test")
    assert again.changes.as_dict()["created"] == 0


def test_a_derived_id_is_the_natural_keys() -> None:
    from hrdscore.model.identity import natural_id

    # inquiries: actor | reference | sent_on, hashed; a blank and a null are the same absence
    assert natural_id("inquiries", {"actor": "kpo", "reference": "31", "sent_on": "2021-03-01"}) \
        == natural_id("inquiries", {"actor": "kpo", "reference": "31",
                                    "sent_on": "2021-03-01", "subject": "x"})
    assert natural_id("inquiries", {"actor": "kpo", "reference": None}) == natural_id(
        "inquiries", {"actor": "kpo", "reference": ""})
    assert natural_id("inquiries", {"actor": "kpo", "reference": "31"}) != natural_id(
        "inquiries", {"actor": "kpo", "reference": "32"})
    assert natural_id("actors", {"id": "x"}) is None
