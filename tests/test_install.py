"""The wheel carries the data: installed hrdscore works from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(REPO)], check=True, capture_output=True)
    (wheel,) = out.glob("hrdscore-*.whl")
    target = out / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "hrdscore/_data/recommendations/kk2021/government.yaml" in names
        assert "hrdscore/_data/recommendations/kk2021/evidence/actors.yaml" in names
        assert "hrdscore/py.typed" in names
        archive.extractall(target)
    return target


def _run(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # The unpacked wheel comes first on the path, so it is what runs, not the checkout.
    env = {**os.environ, "PYTHONPATH": str(site), "HRDSCORE_DB": str(cwd / "db.json")}
    code = ("import sys, hrdscore; assert hrdscore.__file__.startswith(sys.argv[1]), "
            "hrdscore.__file__; from hrdscore.cli import main; main(sys.argv[2:])")
    return subprocess.run([sys.executable, "-c", code, str(site), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_installed_package_validates_and_lists_36_recommendations(
    unpacked_wheel: Path, tmp_path: Path
) -> None:
    validate = _run(unpacked_wheel, "validate", cwd=tmp_path)
    assert validate.returncode == 0, validate.stderr
    listed = _run(unpacked_wheel, "recommendations", "--format", "json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    recs = json.loads(listed.stdout)
    assert len(recs) == 36
    by_group: dict[str, int] = {}
    for rec in recs:
        by_group[rec["addressee"]] = by_group.get(rec["addressee"], 0) + 1
        assert rec["criteria"] and all({"id", "statement"} <= set(c) for c in rec["criteria"])
        assert {"id", "addressee", "number", "text", "criteria"} <= set(rec)
    assert by_group == {"government": 19, "companies": 9, "civil_society": 3,
                        "international": 5}
    init = _run(unpacked_wheel, "init", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    assert "BozashyTransҚұrylys" in (tmp_path / "db.json").read_text(encoding="utf-8")


@pytest.mark.slow
def test_installed_package_reads_a_catalog_outside_the_package(
    unpacked_wheel: Path, tmp_path: Path
) -> None:
    example = REPO / "examples" / "fictional-2023"
    listed = _run(unpacked_wheel, "recommendations", "--catalog", str(example), "--format",
                  "json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    ids = [r["id"] for r in json.loads(listed.stdout)]
    assert len(ids) == 36 + 4
    assert ids[0] == "kk2021-gov-01" and "fictional2023-gov-01" in ids
    assert _run(unpacked_wheel, "init", cwd=tmp_path).returncode == 0
    scored = _run(unpacked_wheel, "score", "--catalog", str(example), "--format", "json",
                  cwd=tmp_path)
    assert scored.returncode == 0, scored.stderr
    reports = json.loads(scored.stdout)["reports"]
    assert [(r["report"], r["methodology_version"]) for r in reports] == [
        ("kk2021", "2.0"), ("fictional2023", "fictional2023-1")]
