"""The publisher's settings (scorecards/organisation.yaml): what the imprint prints, the
example settings shipped with hrdscore, and the logo (issue 16)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from hrdscore.cli import cli
from hrdscore.errors import InvalidData
from hrdscore.model import Period
from hrdscore.organisation import ENV, load_organisation
from hrdscore.service import Workspace
from hrdscore.store import Store

from .pdftools import full_text, reader, squash

Y2021 = Period(start_year=2021, end_year=2021)
ON = date(2026, 12, 1)
LICENCE = """licence:
  name: CC-BY-4.0
  title: Creative Commons Attribution 4.0 International
  url: https://creativecommons.org/licenses/by/4.0/
"""


def _settings(folder: Path, extra: str) -> Path:
    path = folder / "organisation.yaml"
    path.write_text("name: Қазақстан құқық қорғаушылары — Правозащитники\n"
                    "contact: press@kz-defenders.test\n"
                    "website: https://kz-defenders.test\n" + extra + LICENCE,
                    encoding="utf-8")
    return path


def _images(pdf: bytes) -> int:
    return sum(len(page.images) for page in reader(pdf).pages)


def test_the_shipped_settings_are_an_example_and_publications_say_so(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert load_organisation().example
    text = squash(full_text(workspace.public_scorecard_pdf(Y2021, "kpo", ON)))
    assert "Trial edition. The publisher's name, contact and web addresses are not set yet" \
        in text
    assert "Published by" not in text and "example.org" not in text


def test_a_publisher_s_settings_are_printed_with_its_logo(
        workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Image.new("RGB", (300, 100), (11, 79, 108)).save(tmp_path / "logo.png")
    monkeypatch.setenv(ENV, str(_settings(tmp_path, "logo: logo.png\n")))
    pdf = workspace.public_scorecard_pdf(Y2021, "kpo", ON)
    text = squash(full_text(pdf))
    assert "Published by Қазақстан құқық қорғаушылары — Правозащитники." in text
    assert "Contact: press@kz-defenders.test · https://kz-defenders.test." in text
    assert "Trial edition" not in text
    assert _images(pdf) == 1
    assert reader(pdf).metadata.author == "Қазақстан құқық қорғаушылары — Правозащитники"


def test_without_a_logo_no_image_is_printed(
        workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, str(_settings(tmp_path, "")))
    assert _images(workspace.public_scorecard_pdf(Y2021, "kpo", ON)) == 0


@pytest.mark.parametrize(("logo", "message"), [
    ("missing.png", "no such file"),
    ("logo.gif", "must be a PNG or JPEG file"),
])
def test_a_bad_logo_is_refused_naming_the_file_and_field(tmp_path: Path, logo: str,
                                                         message: str) -> None:
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    path = _settings(tmp_path, f"logo: {logo}\n")
    with pytest.raises(InvalidData) as caught:
        load_organisation(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.field) == (str(path), "logo")
    assert message in problem.message


def test_publishing_with_the_example_settings_says_what_to_set(
        runner: CliRunner, shipped_store: Store, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    result = runner.invoke(cli, ["pdf", "--year", "2021", "--actor", "kpo", "-o",
                                 str(tmp_path / "kpo.pdf"), "--db", str(shipped_store.path)])
    assert result.exit_code == 0, result.output
    assert "the publisher's settings are the examples shipped with hrdscore" in result.stderr
    monkeypatch.setenv(ENV, str(_settings(tmp_path, "")))
    result = runner.invoke(cli, ["pdf", "--year", "2021", "--actor", "kpo", "-o",
                                 str(tmp_path / "kpo2.pdf"), "--db", str(shipped_store.path)])
    assert result.exit_code == 0, result.output
    assert "examples shipped" not in result.stderr
