"""`hrdscore pdf`, `hrdscore report` and `hrdscore publish`: the same bytes as the library,
the generation date as an input, and the errors a user can make."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.model import Period
from hrdscore.service import Workspace
from hrdscore.store import Store

from .pdftools import full_text, reader

Y2021 = Period(start_year=2021, end_year=2021)
ON = date(2026, 11, 21)


def _run(runner: CliRunner, store: Store, *args: str, **kw: object):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, [*args, "--db", str(store.path)], **kw)  # type: ignore[arg-type]


def test_pdf_writes_the_library_bytes(runner: CliRunner, shipped_store: Store,
                                      workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "card.pdf"
    result = _run(runner, shipped_store, "pdf", "--year", "2021", "--actor",
                  "bozashytranskurylys", "-o", str(out), "--generated-on", "2026-11-21")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == workspace.scorecard_pdf(Y2021, "bozashytranskurylys", ON)
    assert "BozashyTransҚұrylys LLP" in full_text(out.read_bytes())


def test_pdf_to_standard_output(runner: CliRunner, shipped_store: Store,
                                workspace: Workspace) -> None:
    result = _run(runner, shipped_store, "pdf", "--year", "2021", "--actor", "kpo", "-o", "-",
                  "--generated-on", "2026-11-21")
    assert result.exit_code == 0
    assert result.stdout_bytes == workspace.scorecard_pdf(Y2021, "kpo", ON)


def test_the_date_comes_from_source_date_epoch_when_not_given(
        runner: CliRunner, shipped_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "card.pdf"
    result = _run(runner, shipped_store, "pdf", "--year", "2021", "--actor", "kpo",
                  "-o", str(out), env={"SOURCE_DATE_EPOCH": "1767225600"})  # 2026-01-01
    assert result.exit_code == 0, result.output
    meta = reader(out.read_bytes()).metadata
    assert meta is not None and meta["/CreationDate"].startswith("D:20260101")
    assert "Generated 1 Jan 2026" in full_text(out.read_bytes())


def test_pdf_errors(runner: CliRunner, shipped_store: Store, tmp_path: Path) -> None:
    unknown = _run(runner, shipped_store, "pdf", "--year", "2021", "--actor", "nobody",
                   "-o", str(tmp_path / "x.pdf"))
    assert unknown.exit_code == 1 and "no actor with id 'nobody'" in unknown.output
    assert not (tmp_path / "x.pdf").exists()
    bad_date = _run(runner, shipped_store, "pdf", "--actor", "kpo", "-o", str(tmp_path / "x"),
                    "--generated-on", "21/11/2026")
    assert bad_date.exit_code == 2
    to_dir = _run(runner, shipped_store, "pdf", "--year", "2021", "--actor", "kpo",
                  "-o", str(tmp_path))
    assert to_dir.exit_code == 1 and "is a directory" in to_dir.output


def test_report_writes_the_library_bytes(runner: CliRunner, shipped_store: Store,
                                         workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = _run(runner, shipped_store, "report", "--year", "2021", "-o", str(out),
                  "--generated-on", "2026-11-21")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == workspace.report_pdf(Y2021, ON)


def test_publish_then_publish_again_over_it(runner: CliRunner, shipped_store: Store,
                                            workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "pub"
    args = ("publish", "--year", "2021", "--out", str(out), "--generated-on", "2026-11-21")
    first = _run(runner, shipped_store, *args)
    assert first.exit_code == 0, first.output
    # Methodology 2 scores 30 of the 36 actors (publishers and non-addressees are not).
    assert "Published 2021" in first.output and "30 actor scorecards" in first.output
    manifest = (out / "manifest.json").read_bytes()
    paths = {f["path"] for f in json.loads(manifest)["files"]}
    assert "actors/kpo.pdf" in paths and "datapackage.json" in paths
    assert (out / "report-2021.pdf").read_bytes() == workspace.report_pdf(Y2021, ON)

    refused = _run(runner, shipped_store, *args)
    assert refused.exit_code == 1 and "--overwrite" in refused.output

    # A file an earlier publication listed (an actor since removed) does not survive.
    stale = json.loads(manifest)
    stale["files"].append({"path": "actors/gone.pdf", "bytes": 1, "sha256": "0" * 64})
    (out / "manifest.json").write_text(json.dumps(stale), encoding="utf-8")
    (out / "actors" / "gone.pdf").write_bytes(b"x")
    again = _run(runner, shipped_store, *args, "--overwrite")
    assert again.exit_code == 0, again.output
    assert not (out / "actors" / "gone.pdf").exists()
    assert (out / "manifest.json").read_bytes() == manifest  # same inputs, same bytes
