"""The methodology file: loaded, cross-checked against the catalog, errors located."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.methodology import applicable_criteria, load_methodology
from hrdscore.model.vocab import ActorKind
from hrdscore.paths import scorecards_dir

from .conftest import REPO

SHIPPED = scorecards_dir() / "methodology-v1.yaml"


def _write(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    doc = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "methodology-v9.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_shipped_methodology_is_valid_and_covers_every_kind(shipped) -> None:  # type: ignore[no-untyped-def]
    m = load_methodology(SHIPPED)
    assert set(m.kinds) == set(ActorKind)
    assert m.rules.deadline_days == 15
    for kind in ActorKind:
        assert applicable_criteria(m, shipped.recommendations, kind), kind
    company = {c.id for _, c in applicable_criteria(m, shipped.recommendations,
                                                    ActorKind.COMPANY)}
    assert "kk2021-com-08.c1" in company and not any(c.startswith("kk2021-gov") for c in company)
    ftu = {c.id for _, c in applicable_criteria(m, shipped.recommendations,
                                                ActorKind.PUBLIC_ORGANISATION)}
    assert "kk2021-com-08.c1" in ftu  # an information holder, though not a company


def test_validate_checks_a_broken_methodology(runner: CliRunner, tmp_path: Path) -> None:
    def breaks(doc: dict) -> None:  # type: ignore[type-arg]
        doc["kinds"]["company"]["pillars"] = [p for p in doc["kinds"]["company"]["pillars"]
                                              if p["id"] != "conduct"]
        doc["kinds"]["company"]["include_criteria"] = ["kk2021-com-99.c1"]

    path = _write(tmp_path, breaks)
    result = runner.invoke(cli, ["validate", str(REPO / "recommendations"), str(path)])
    assert result.exit_code == 1
    assert "unknown criterion 'kk2021-com-99.c1'" in result.output
    assert "counts towards pillar 'conduct', which company has not got" in result.output


def test_validate_reports_schema_errors_with_the_field(runner: CliRunner, tmp_path: Path) -> None:
    def breaks(doc: dict) -> None:  # type: ignore[type-arg]
        del doc["points"]["regressed"]
        doc["coverage_threshold"] = 2

    path = _write(tmp_path, breaks)
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert "methodology-v9.yaml: methodology: coverage_threshold" in result.output
    assert "Traceback" not in result.output
