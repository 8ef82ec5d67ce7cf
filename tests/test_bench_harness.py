"""The benchmark harness (benchmarks/run.py) at a tiny scale, so it does not rot. No timings
are asserted: the figures are for BENCHMARKS.md, not for CI."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).parent.parent / "benchmarks" / "run.py"


@pytest.mark.slow
def test_harness_runs_every_operation_at_a_tiny_scale(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("bench_run", HARNESS)
    assert spec is not None and spec.loader is not None
    run = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, run)  # dataclasses look their module up
    spec.loader.exec_module(run)
    out = tmp_path / "table.md"
    run.main(["--scales", "500", "--report-acts", "500", "--no-load", "--requests", "5",
              "--workdir", str(tmp_path / "work"), "--out", str(out)])
    text = out.read_text(encoding="utf-8")
    for figure in ("import", "snapshot (read database)", "score all actors, one year",
                   "stats (every one-way table)", "one PDF, typical actor",
                   "one PDF, busiest actor", "server cold start (health)",
                   "one scorecard, warm server (p50)", "server memory (VmHWM)",
                   "server RSS after 10 different years",
                   "web actor page, warm server (p50)", "one API write (median)",
                   "annual report PDF"):
        assert f"| {figure} |" in text, figure
    assert "csv.DictReader" in text and "MiB" in text
    assert "load test skipped" in capsys.readouterr().out
