"""`publish`: every file a publisher needs, a Frictionless data package that validates, and a
manifest whose hashes match the bytes on disk."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from frictionless import Package, validate

from hrdscore.errors import HrdscoreError
from hrdscore.followup.exchange import COLUMNS as TRACKER_COLUMNS
from hrdscore.model import Period, Scorecard
from hrdscore.publish import Publication, _check_target, publish
from hrdscore.render.published import RESPONSIVENESS, SCORECARDS, SUMMARY
from hrdscore.service import Workspace

Y2021 = Period(start_year=2021, end_year=2021)
ON = date(2026, 11, 21)


@pytest.fixture(scope="module")
def published(workspace: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Publication:
    steps: list[tuple[int, int, str]] = []
    result = publish(workspace, Y2021, tmp_path_factory.mktemp("pub") / "out",
                     generated_on=ON, progress=lambda *a: steps.append(a))
    assert steps[-1][0] == steps[-1][1] == len(workspace.internal_scorecards(Y2021)) + 4
    assert [s[0] for s in steps] == list(range(1, len(steps) + 1))
    return result


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_everything_a_publisher_needs_is_written(workspace: Workspace,
                                                 published: Publication) -> None:
    out = published.directory
    actors = sorted(c.actor for c in workspace.internal_scorecards(Y2021))
    expected = {"report-2021.pdf", "scorecards-2021.json", "scorecards-2021.csv",
                "responsiveness-2021.csv", "summary-2021.csv", "scorecards-2021.xlsx",
                "followup-2021.csv", "datapackage.json", "manifest.json", "SHA256SUMS"}
    expected |= {f"actors/{a}.{ext}" for a in actors for ext in ("pdf", "json")}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert on_disk == expected == {f.path for f in published.files}
    assert all((out / f"actors/{a}.pdf").read_bytes().startswith(b"%PDF-") for a in actors)


def test_manifest_hashes_and_sizes_match_the_files(published: Publication) -> None:
    out = published.directory
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["period"] == "2021" and manifest["generated_on"] == "2026-11-21"
    assert manifest["snapshot_hash"] == published.snapshot_hash
    listed = {f["path"]: f for f in manifest["files"]}
    assert [f["path"] for f in manifest["files"]] == sorted(listed)
    assert set(listed) == {f.path for f in published.files} - {"manifest.json", "SHA256SUMS"}
    for path, entry in listed.items():
        assert entry["sha256"] == _sha(out / path), path
        assert entry["bytes"] == (out / path).stat().st_size, path
    sums = (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    pairs = dict(reversed(line.split("  ", 1)) for line in sums)
    assert set(pairs) == set(listed) | {"manifest.json"}
    assert all(pairs[p] == _sha(out / p) for p in pairs)


def test_data_package_validates_with_frictionless(published: Publication) -> None:
    descriptor = published.directory / "datapackage.json"
    report = validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(descriptor))
    assert [r.name for r in package.resources] == ["summary", "scorecards", "responsiveness",
                                                   "followup"]
    raw = json.loads(descriptor.read_text(encoding="utf-8"))
    columns = {"summary": SUMMARY, "scorecards": SCORECARDS, "responsiveness": RESPONSIVENESS,
               "followup": list(TRACKER_COLUMNS)}
    for resource in raw["resources"]:
        path = published.directory / resource["path"]
        assert [f["name"] for f in resource["schema"]["fields"]] == columns[resource["name"]]
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the byte-order mark
        with path.open(encoding="utf-8-sig", newline="") as fh:
            assert next(csv.reader(fh)) == columns[resource["name"]]
        assert resource["hash"] == f"sha256:{_sha(path)}"
        assert resource["bytes"] == path.stat().st_size
    with (published.directory / "followup-2021.csv").open(encoding="utf-8-sig") as fh:
        tracker = list(csv.DictReader(fh))
    # one row per recommendation of the report (36), then the public follow-up records
    assert sum(r["record_type"] == "recommendation" for r in tracker) == 36
    rows = package.get_resource("responsiveness").read_rows()
    assert len(rows) == 12
    replied = {r["inquiry"]: r for r in rows}
    assert any(r["on_time"] is True for r in rows) and any(r["on_time"] is False for r in rows)
    assert all(r["sent_on"] is None or isinstance(r["sent_on"], date) for r in rows)
    assert replied  # typed rows, keyed by inquiry


def test_a_broken_csv_fails_validation(published: Publication, tmp_path: Path) -> None:
    """The schema is not a formality: a points value out of range is caught."""
    copy = tmp_path / "pkg"
    copy.mkdir()
    for name in ("datapackage.json", "scorecards-2021.csv", "responsiveness-2021.csv",
                 "summary-2021.csv"):
        (copy / name).write_bytes((published.directory / name).read_bytes())
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource.pop("hash")
        resource.pop("bytes")
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    csv_path = copy / "scorecards-2021.csv"
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][SCORECARDS.index("points")] = "150"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert "constraint-error" in {e.type for t in report.tasks for e in t.errors}


def test_json_and_csv_carry_the_same_scorecards(workspace: Workspace,
                                                published: Publication) -> None:
    out = published.directory
    data = json.loads((out / "scorecards-2021.json").read_text(encoding="utf-8"))
    cards = [Scorecard.model_validate(c) for c in data["scorecards"]]
    assert cards == sorted(workspace.internal_scorecards(Y2021), key=lambda c: c.actor)
    one = Scorecard.model_validate_json((out / "actors/kpo.json").read_text(encoding="utf-8"))
    assert one == workspace.internal_scorecard(Y2021, "kpo")
    with (out / "scorecards-2021.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == sum(len(r.criteria) for c in cards for r in c.recommendations)
    assert "BozashyTransҚұrylys LLP" in {r["actor_name"] for r in rows}


def test_pdfs_are_the_library_pdfs(workspace: Workspace, published: Publication) -> None:
    out = published.directory
    assert (out / "report-2021.pdf").read_bytes() == workspace.public_report_pdf(Y2021, ON)
    assert (out / "actors/bozashytranskurylys.pdf").read_bytes() == workspace.public_scorecard_pdf(
        Y2021, "bozashytranskurylys", ON)


def test_a_directory_is_only_reused_for_an_earlier_publication(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(HrdscoreError, match="not empty"):
        _check_target(out, overwrite=False)
    with pytest.raises(HrdscoreError, match=r"holds no manifest\.json"):
        _check_target(out, overwrite=True)
    (out / "actors").mkdir()
    (out / "actors" / "old.pdf").write_bytes(b"%PDF-old")
    (out / "manifest.json").write_text(json.dumps({"files": [
        {"path": "actors/old.pdf", "bytes": 8, "sha256": "0" * 64}]}), encoding="utf-8")
    with pytest.raises(HrdscoreError, match=r"notes\.txt"):
        _check_target(out, overwrite=True)
    assert (out / "actors" / "old.pdf").exists()  # nothing removed when refusing
    (out / "notes.txt").unlink()
    (out / "SHA256SUMS").write_text("", encoding="utf-8")
    _check_target(out, overwrite=True)  # an earlier publication: may be replaced
    assert (out / "actors" / "old.pdf").exists()  # the check itself removes nothing


def test_a_tampered_csv_fails_its_hash(published: Publication, tmp_path: Path) -> None:
    for name in ("datapackage.json", "scorecards-2021.csv", "responsiveness-2021.csv",
                 "summary-2021.csv"):
        (tmp_path / name).write_bytes((published.directory / name).read_bytes())
    data = (tmp_path / "responsiveness-2021.csv").read_bytes()
    (tmp_path / "responsiveness-2021.csv").write_bytes(data.replace(b"late", b"Late", 1))
    report = validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert "hash-count" in {e.type for t in report.tasks for e in t.errors}
