"""The scoring and statistics core is pure: importing it loads no storage, web or PDF library.

Run in a fresh interpreter, since this test process has long since imported everything."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

FORBIDDEN = ("tinydb", "filelock", "litestar", "reportlab", "psycopg", "uvicorn", "jinja2")


@pytest.mark.parametrize("module", ["hrdscore.scoring", "hrdscore.stats", "hrdscore.snapshot",
                                    "hrdscore.followup", "hrdscore.replies"])
def test_core_imports_no_storage_web_or_pdf_library(module: str) -> None:
    code = (
        f"import sys, json, {module}\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    loaded = set(json.loads(out))
    assert module.split(".")[0] in loaded  # the probe really imported something
    assert loaded.isdisjoint(FORBIDDEN), sorted(loaded & set(FORBIDDEN))


@pytest.mark.parametrize("module", [
    "hrdscore.api", "hrdscore.privacy", "hrdscore.scoring", "hrdscore.stats",
    "hrdscore.render.pdf", "hrdscore.publish", "hrdscore.cli", "hrdscore.store",
    "hrdscore.service", "hrdscore.records", "hrdscore.checks", "hrdscore.model",
    "hrdscore.reply_service", "hrdscore.reply_publish", "hrdscore.reply_letters",
    "hrdscore.render.pdf.letters", "hrdscore.render.pdf.reply",
])
def test_each_package_imports_first_without_a_cycle(module: str) -> None:
    # A circular import shows only when its package is the first one imported, which in a
    # test run depends on the order of files: try each as the first, in a fresh interpreter.
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]


def test_followup_imports_only_model_snapshot_and_catalog() -> None:
    import ast
    from pathlib import Path

    allowed = {"hrdscore.model", "hrdscore.snapshot", "hrdscore.catalog", "hrdscore.followup"}
    folder = Path(__file__).resolve().parent.parent / "src" / "hrdscore" / "followup"
    found = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("hrdscore"):
                found.add(".".join((node.module or "").split(".")[:2]))
    assert found and found <= allowed, sorted(found - allowed)
