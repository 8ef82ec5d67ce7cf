"""A database written before dates and text were bounded may hold a year-1 act, a 9999 end
date or a NUL: reading it gives a clear refusal naming what to correct (CLI) or a 503 that
names nothing (API: the record may be confidential), never a traceback, a 500, a half-written
publication or 30 MB of monthly rows."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.dataset import Dataset
from tests.api_helpers import SECRET_ACT, SECRET_INCIDENT, SECRETS, Base, make_base, running_api

Edit = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Base:
    return make_base(tmp_path_factory.mktemp("stored"), shipped)


def _secret_act(doc: dict[str, Any]) -> dict[str, Any]:
    act: dict[str, Any] = doc["incidents"][SECRET_INCIDENT]["acts"][0]
    return act


def year_one(doc: dict[str, Any]) -> None:
    _secret_act(doc)["date"] = "0001-01-01"


def far_end(doc: dict[str, Any]) -> None:
    _secret_act(doc)["date_end"] = "9999-12-31"


def nul_subject(doc: dict[str, Any]) -> None:
    first = sorted(doc["inquiries"])[0]
    doc["inquiries"][first]["subject"] = "a\x00b"


def legacy_db(base: Base, tmp_path: Path, edit: Edit) -> Path:
    """The seeded database with one record edited behind the models' back."""
    doc = json.loads(base.template)
    edit(doc)
    db = tmp_path / "legacy.json"
    db.write_text(json.dumps(doc), encoding="utf-8")
    return db


@pytest.mark.parametrize(("edit", "field", "message"), [
    (year_one, f"acts.{SECRET_ACT}.date", "date 0001-01-01 is before 1990-01-01"),
    (far_end, f"acts.{SECRET_ACT}.date_end", "date 9999-12-31 is too far in the future"),
])
@pytest.mark.parametrize("command", [
    ["publish", "--year", "2019", "--out", "{tmp}/pub"],
    ["report", "--year", "2019", "-o", "{tmp}/r.pdf"],
    ["stats", "--by", "month"],
])
def test_cli_refuses_naming_the_record_and_writes_nothing(
        base: Base, tmp_path: Path, runner: CliRunner, edit: Edit, field: str, message: str,
        command: list[str]) -> None:
    db = legacy_db(base, tmp_path, edit)
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = runner.invoke(cli, [*args, "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"incident '{SECRET_INCIDENT}', {field}: {message}" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["legacy.json"]


def test_a_stored_nul_is_named_too(base: Base, tmp_path: Path, runner: CliRunner) -> None:
    db = legacy_db(base, tmp_path, nul_subject)
    result = runner.invoke(cli, ["publish", "--year", "2021", "--out", str(tmp_path / "p"),
                                 "--db", str(db)])
    assert result.exit_code == 1
    assert "inquiry '" in result.output and ", subject: " in result.output
    assert "U+0000" in result.output
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize("edit", [year_one, far_end])
@pytest.mark.parametrize("path", ["/api/statistics/incidents?by=year",
                                  "/api/reports/2019.pdf"])
def test_the_api_answers_503_naming_nothing(base: Base, tmp_path: Path, edit: Edit,
                                            path: str) -> None:
    db_dir = tmp_path / "api"
    db_dir.mkdir()
    legacy = legacy_db(base, tmp_path, edit)
    patched = Base(base.catalog, base.methodology, legacy.read_bytes())
    with running_api(patched, db_dir, rate_limit=0) as api:
        response = api.client.get(path)
    assert response.status_code == 503
    assert response.json()["type"].endswith("stored-data-invalid")
    assert not any(secret in response.text for secret in SECRETS)
