"""A database remembers the catalogs its evidence refers to and refuses a catalog set that
would leave evidence pointing at nothing, naming the records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.errors import StoreError
from hrdscore.service import open_workspace

from .conftest import REPO

EXAMPLE = REPO / "examples" / "fictional-2023"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"HRDSCORE_DB": str(tmp_path / "db.json"), "HRDSCORE_USER": "tester",
            "HRDSCORE_CATALOG": ""}


@pytest.fixture
def with_evidence(runner: CliRunner, tmp_path: Path, env: dict[str, str]) -> Path:
    assert runner.invoke(cli, ["init"], env=env).exit_code == 0
    evidence = tmp_path / "asm.csv"
    evidence.write_text(
        "id,criterion,actor,as_of,rationale,assessor,level,review,source,locator\n"
        "asm-fict-1,fictional2023-gov-01.c1,kz-government,2023-06-30,Charged.,"
        "analyst@example.org,not_started,published,src-kk2021-report,p. 1\n", encoding="utf-8")
    done = runner.invoke(cli, ["import", "assessments", str(evidence), "--catalog",
                               str(EXAMPLE)], env=env)
    assert done.exit_code == 0, done.output
    return Path(env["HRDSCORE_DB"])


def test_the_database_records_the_catalogs_its_evidence_refers_to(with_evidence: Path
                                                                   ) -> None:
    meta = json.loads(with_evidence.read_text(encoding="utf-8"))["_meta"]["catalogs"]
    assert [c["id"] for c in meta["catalogs"]] == ["kk2021", "fictional2023"]
    assert meta["catalogs"][1]["directory"] == str(EXAMPLE.resolve())
    assert all(len(c["hash"]) == 64 for c in meta["catalogs"])


def test_a_set_without_the_catalog_is_refused_naming_the_records(
        runner: CliRunner, with_evidence: Path, env: dict[str, str]) -> None:
    before = with_evidence.read_bytes()
    for args in (["score", "--year", "2023"], ["followup"],
                 ["import", "assessments", str(with_evidence.parent / "asm.csv")]):
        result = runner.invoke(cli, args, env=env)
        assert result.exit_code == 1, args
        assert ("1 records refer to recommendations that the loaded catalogs (kk2021) do "
                "not hold: assessment asm-fict-1 (criterion fictional2023-gov-01.c1)"
                in result.output)
        assert f"recorded with catalog fictional2023 (last read from {EXAMPLE.resolve()})" \
            in result.output
        assert "Traceback" not in result.output
    assert with_evidence.read_bytes() == before
    with pytest.raises(StoreError, match="asm-fict-1"):
        open_workspace(with_evidence, catalogs=[])


def test_the_environment_variable_names_the_catalog_too(
        runner: CliRunner, with_evidence: Path, env: dict[str, str]) -> None:
    result = runner.invoke(cli, ["score", "--year", "2023", "--actor", "kz-government",
                                 "--format", "json"], env={**env, "HRDSCORE_CATALOG":
                                                           str(EXAMPLE)})
    assert result.exit_code == 0, result.output
    assert [r["report"] for r in json.loads(result.output)["reports"]] == [
        "kk2021", "fictional2023"]
