"""`publish --site`: the pages as static HTML inside the publication, in three languages,
every link resolving to a file of the publication, the same bytes on a rebuild, and no
canary (tests/test_canary.py) on any page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from hrdscore.dataset import Dataset
from hrdscore.model import Period
from hrdscore.publish import publish
from hrdscore.service import Workspace
from hrdscore.store import Store
from hrdscore.web.site import site_files
from tests.test_canary import CANARIES
from tests.web_helpers import canary_base

HREF = re.compile(r'(?:href|src)="([^"#]+)(?:#[^"]*)?"')


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Workspace:
    directory = tmp_path_factory.mktemp("site")
    base = canary_base(directory, shipped)
    db = directory / "db.json"
    db.write_bytes(base.template)
    return Workspace(catalog=base.catalog, methodology=base.methodology, store=Store(db))


@pytest.fixture(scope="module")
def publication(workspace: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pub") / "out"
    publish(workspace, Period.parse("2021"), out, generated_on=date(2026, 12, 1), site=True)
    return out


def test_site_is_in_the_publication_and_its_manifest(publication: Path) -> None:
    for lang in ("", "ru/", "kk/"):
        assert (publication / "site" / lang / "index.html").is_file()
        assert (publication / "site" / lang / "actors" / "kpo.html").is_file()
    kk = (publication / "site" / "kk" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="kk">' in kk and "Негізгі көрсеткіштер" in kk
    sums = (publication / "SHA256SUMS").read_text(encoding="utf-8")
    assert "  site/kk/actors/kpo.html\n" in sums


def test_every_link_of_the_site_resolves_to_a_file(publication: Path) -> None:
    pages = sorted((publication / "site").rglob("*.html"))
    assert len(pages) > 100
    checked = 0
    for page in pages:
        for target in HREF.findall(page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            assert not target.startswith("/"), (page, target)  # relative: works from disk
            assert (page.parent / target).resolve().is_file(), (page, target)
            checked += 1
    assert checked > 1000


def test_data_page_lists_the_files_with_their_checksums(publication: Path) -> None:
    data = (publication / "site" / "data.html").read_text(encoding="utf-8")
    sums = dict(reversed(line.split("  ")) for line in
                (publication / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    assert sums["actors/kpo.pdf"] in data and "../actors/kpo.pdf" in data


def test_site_is_the_same_bytes_on_rebuild(workspace: Workspace) -> None:
    first = site_files(workspace, Period.parse("2021"))
    again = site_files(workspace, Period.parse("2021"))
    assert first == again


def test_no_site_page_shows_the_canary(workspace: Workspace) -> None:
    files = site_files(workspace, Period.parse("2019"))
    assert any(path == "kk/actors/kpo.html" for path, _ in files)
    for path, data in files:
        text = data.decode("utf-8")
        for canary in CANARIES:
            assert canary not in text, (path, canary)
