"""The code meets its own bar: ruff clean, strict mypy clean, public API explicit."""

from __future__ import annotations

import subprocess
import sys

import pytest

import hrdscore
import hrdscore.model
import hrdscore.store

from .conftest import REPO


@pytest.mark.parametrize("module", [hrdscore, hrdscore.model, hrdscore.store])
def test_public_api_is_explicit_and_importable(module) -> None:  # type: ignore[no-untyped-def]
    names = module.__all__
    assert len(names) == len(set(names)), "duplicate names in __all__"
    for name in names:
        assert hasattr(module, name), f"{module.__name__}.{name} in __all__ but missing"
    public = {n for n in vars(module) if not n.startswith("_")}
    submodules = {n for n in public if type(getattr(module, n)).__name__ == "module"}
    assert public - submodules - {"annotations"} <= set(names)


def test_ruff_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks"],
                            cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_main_module_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "hrdscore", "--version"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "hrdscore" in result.stdout
