"""`publish` never half-writes: it builds the publication in a hidden folder beside --out and
renames it into place; a failure leaves the earlier publication (or nothing) and no debris.

The PDFs are replaced by stubs here: what is tested is where files go, not what they hold."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hrdscore import publish as publish_module
from hrdscore.model import Period
from hrdscore.publish import publish
from hrdscore.service import Workspace

Y2021 = Period(start_year=2021, end_year=2021)
ON = date(2026, 11, 21)


class Boom(Exception):
    pass


@pytest.fixture(autouse=True)
def stub_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Workspace, "card_pdf", lambda self, card, *a, **kw: b"%PDF-card")
    monkeypatch.setattr(publish_module, "annual_report_pdf", lambda *a, **kw: b"%PDF-report")


def _fail_at_report(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> bytes:
        raise Boom("the report failed after the actors' files were written")
    monkeypatch.setattr(publish_module, "annual_report_pdf", boom)


def _tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_a_failure_leaves_no_folder_and_no_debris(workspace: Workspace, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_at_report(monkeypatch)
    with pytest.raises(Boom):
        publish(workspace, Y2021, tmp_path / "out", generated_on=ON)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_overwrite_keeps_the_earlier_publication(
        workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    publish(workspace, Y2021, out, generated_on=ON)
    before = _tree(out)
    _fail_at_report(monkeypatch)
    with pytest.raises(Boom):
        publish(workspace, Y2021, out, generated_on=date(2026, 12, 1), overwrite=True)
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_overwrite_replaces_everything_once_done(workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish(workspace, Y2021, out, generated_on=ON)
    (out / "actors" / "gone.pdf").write_bytes(b"%PDF-old")  # listed in the old manifest below
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"].append({"path": "actors/gone.pdf", "bytes": 8, "sha256": "0" * 64})
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = publish(workspace, Y2021, out, generated_on=date(2026, 12, 1), overwrite=True)
    assert not (out / "actors" / "gone.pdf").exists()
    assert '"generated_on": "2026-12-01"' in (out / "manifest.json").read_text(encoding="utf-8")
    assert sorted(_tree(out)) == sorted(f.path for f in result.files)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_failed_rename_puts_the_earlier_publication_back(
        workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    publish(workspace, Y2021, out, generated_on=ON)
    before = _tree(out)
    real_rename = Path.rename

    def rename(self: Path, target: Any) -> Path:
        if self.name.endswith(".partial"):
            raise OSError(5, "Input/output error")
        return real_rename(self, target)
    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError):
        publish(workspace, Y2021, out, generated_on=date(2026, 12, 1), overwrite=True)
    monkeypatch.undo()
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_empty_existing_folder_is_filled_with_the_usual_mode(workspace: Workspace,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    old_umask = os.umask(0o022)
    try:
        publish(workspace, Y2021, out, generated_on=ON)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755  # not mkdtemp's private 0700
    assert (out / "manifest.json").is_file()
