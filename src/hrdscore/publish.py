"""Everything a publisher needs for one period, written to one directory:

    report-<period>.pdf              the annual report
    actors/<actor>.pdf, .json        each actor's scorecard, as PDF and as JSON
    scorecards-<period>.json         every scorecard
    scorecards-<period>.csv          long format: one row per actor x criterion
    responsiveness-<period>.csv      one row per information request
    datapackage.json                 Frictionless Data Package describing the CSV files
    manifest.json                    every other file with its size and SHA-256
    SHA256SUMS                       the same for `sha256sum -c` (manifest.json included)

All of it comes from one evidence snapshot, and the same inputs give the same bytes: files are
written in a fixed order, JSON keys in a fixed order, and the only date is the generation date
passed in.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from hrdscore import __version__
from hrdscore.errors import HrdscoreError, StoreError
from hrdscore.model import Period, Scorecard
from hrdscore.model.vocab import ActorKind, Level, MissingState, ReplySubstance
from hrdscore.publicity import require_public_summaries
from hrdscore.render.pdf import annual_report_pdf
from hrdscore.render.tabular import (
    RESPONSIVENESS_COLUMNS,
    SCORECARD_COLUMNS,
    responsiveness_rows,
    scorecard_rows,
    to_csv,
)
from hrdscore.scoring import Responsiveness, responsiveness
from hrdscore.service import Workspace
from hrdscore.snapshot import Snapshot

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
DATAPACKAGE = "datapackage.json"

# (done, total, what) after each step; total counts every file written.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class PublishedFile:
    path: str  # relative to the publication directory, with forward slashes
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Publication:
    directory: Path
    period: str
    snapshot_hash: str
    files: tuple[PublishedFile, ...]  # every file, manifest and SHA256SUMS included


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_target(out: Path, overwrite: bool) -> None:
    """`out` may be new or empty; with `overwrite`, it may hold an earlier publication (only
    files its manifest lists). Checked before any work, and nothing is removed here."""
    if out.exists() and not out.is_dir():
        raise HrdscoreError(f"{out} exists and is not a directory")
    present = sorted(p for p in out.rglob("*") if p.is_file()) if out.exists() else []
    if not present:
        return
    if not overwrite:
        raise HrdscoreError(f"{out} is not empty: give --overwrite to replace an earlier "
                            "publication there, or choose a new directory")
    manifest = out / MANIFEST
    if not manifest.is_file():
        raise HrdscoreError(f"{out} is not empty and holds no {MANIFEST}: not replacing files "
                            "that no earlier publication wrote")
    try:
        listed = {f["path"] for f in json.loads(manifest.read_text(encoding="utf-8"))["files"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise HrdscoreError(f"{manifest} cannot be read ({exc}); not replacing files") from None
    listed |= {MANIFEST, SUMS}
    foreign = [p.relative_to(out).as_posix() for p in present
               if p.relative_to(out).as_posix() not in listed]
    if foreign:
        shown = ", ".join(foreign[:5]) + (" ..." if len(foreign) > 5 else "")
        raise HrdscoreError(f"{out} holds files no earlier publication wrote ({shown}); "
                            "not replacing anything")


def _staging_directory(out: Path) -> Path:
    """A new hidden directory beside `out` (same file system, so it can be renamed onto it)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial",
                                        dir=out.parent))
    except OSError as exc:
        raise HrdscoreError(f"cannot write beside {out}: {exc.strerror or exc}") from None
    # mkdtemp makes it private (0700); the publication gets the mode a new directory would.
    umask = os.umask(0o022)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    return staging


def _swap_in(staging: Path, out: Path) -> None:
    """Put the finished publication at `out` by renames: a reader (or a crash) sees the old
    publication or the new one, never a mix. An empty `out` is replaced in one rename; an
    earlier publication is moved aside first and removed once the new one is in place."""
    if out.is_dir() and any(out.iterdir()):
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=staging.parent))
        out.rename(old / "publication")
        try:
            staging.rename(out)
        except OSError:
            (old / "publication").rename(out)
            old.rmdir()
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(out)  # POSIX rename replaces an empty directory


def _field(name: str, type_: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, "description": description, **extra}


def _enum(values: Sequence[str]) -> dict[str, Any]:
    return {"constraints": {"enum": list(values)}}


def scorecard_schema() -> dict[str, Any]:
    fields = [
        _field("actor", "string", "Actor id.", constraints={"required": True}),
        _field("actor_name", "string", "Actor's name in its original spelling."),
        _field("actor_kind", "string", "Kind of actor.", **_enum([k.value for k in ActorKind])),
        _field("period", "string", "Year (2021) or range of years (2016-2020)."),
        _field("recommendation", "string", "Recommendation id."),
        _field("criterion", "string", "Criterion id.", constraints={"required": True}),
        _field("pillar", "string", "Pillar the criterion counts towards."),
        _field("weight", "number", "Weight of the criterion within its recommendation."),
        _field("level", "string", "Level reached; empty when a missing state applies.",
               **_enum([v.value for v in Level])),
        _field("missing", "string", "Why there is no level: no_evidence_found and "
               "actor_declined score 0; not_applicable and not_assessed are excluded.",
               **_enum([v.value for v in MissingState])),
        _field("points", "number", "Points 0-100; empty when excluded.",
               constraints={"minimum": 0, "maximum": 100}),
        _field("basis", "string", "'rule:<name>', 'assessment:<id>' or 'missing'."),
        _field("evidence_ids", "string", "Ids of the evidence records, separated by ';'."),
        _field("explanation", "string", "One sentence a reader understands."),
        _field("actor_total", "number", "The actor's total (0-100); empty when there is "
               "insufficient evidence.", constraints={"minimum": 0, "maximum": 100}),
        _field("actor_coverage", "number", "Share of the applicable criteria (by weight) "
               "assessed.", constraints={"minimum": 0, "maximum": 1}),
        _field("methodology_version", "string", "Version of the scoring methodology."),
        _field("snapshot_hash", "string", "SHA-256 of the evidence snapshot.",
               constraints={"pattern": "[0-9a-f]{64}"}),
    ]
    assert [f["name"] for f in fields] == SCORECARD_COLUMNS
    return {"fields": fields, "primaryKey": ["actor", "criterion"], "missingValues": [""]}


def responsiveness_schema() -> dict[str, Any]:
    fields = [
        _field("inquiry", "string", "Information request id.", constraints={"required": True}),
        _field("actor", "string", "Actor id of the addressee."),
        _field("actor_name", "string", "Addressee's name in its original spelling."),
        _field("reference", "string", "Outgoing reference number; empty when unknown."),
        _field("sent_on", "date", "Date of the letter; empty when unknown."),
        _field("sent_year", "year", "Year the letter was sent."),
        _field("replied_on", "date", "Date of the first written reply; empty if none."),
        _field("days_to_reply", "integer", "Calendar days from receipt (or, if unknown, from "
               "the letter) to the reply.", constraints={"minimum": 0}),
        _field("counted_from", "string", "What the days are counted from.",
               **_enum(["letter", "receipt"])),
        _field("on_time", "boolean", "Replied within the legal deadline; empty when it cannot "
               "be told.", trueValues=["true"], falseValues=["false"]),
        _field("timeliness", "string", "on_time, probably_on_time, late, no_reply or unknown.",
               **_enum(["on_time", "probably_on_time", "late", "no_reply", "unknown"])),
        _field("substance", "string", "What the reply gave.",
               **_enum([s.value for s in ReplySubstance])),
        _field("follow_ups", "string", "Outcomes of follow-up calls, separated by ';'."),
        _field("explanation", "string", "One sentence a reader understands."),
    ]
    assert [f["name"] for f in fields] == RESPONSIVENESS_COLUMNS
    return {"fields": fields, "primaryKey": ["inquiry"], "missingValues": [""]}


def datapackage(period: Period, resources: Mapping[str, tuple[str, bytes]], *,
                ws: Workspace, snapshot_hash: str, generated_on: date) -> dict[str, Any]:
    """A Frictionless Data Package (v1) descriptor of the CSV files."""
    schemas = {"scorecards": scorecard_schema(), "responsiveness": responsiveness_schema()}
    titles = {"scorecards": f"Scorecards {period.label}, long format",
              "responsiveness": f"Information requests and replies {period.label}"}
    descriptions = {
        "scorecards": "One row per actor x criterion: level, points and explanation, with "
                      "the actor's total and coverage.",
        "responsiveness": "One row per information request: when it was sent, when and how "
                          "it was answered, against the legal deadline.",
    }
    report = next((r for r in ws.catalog.reports if r.id == ws.methodology.report), None)
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": f"hrdscore-scorecards-{period.label}",
        "title": f"hrdscore scorecards {period.label}",
        "description": (f"Scorecards of actors against the recommendations of report "
                        f"{ws.methodology.report} for {period.label}, computed with methodology "
                        f"{ws.methodology.version} from evidence snapshot {snapshot_hash}."),
        "version": f"{period.label}+methodology.{ws.methodology.version}",
        "created": f"{generated_on.isoformat()}T00:00:00Z",
        "keywords": ["human rights defenders", "corporate accountability", "Kazakhstan",
                     "scorecards"],
        "resources": [],
    }
    if report is not None:
        package["sources"] = [{"title": f"{report.title} ({', '.join(report.publishers)}, "
                                        f"{report.published_year})"}]
    for name, (path, data) in resources.items():
        package["resources"].append({
            "name": name,
            "path": path,
            "profile": "tabular-data-resource",
            "title": titles[name],
            "description": descriptions[name],
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
            "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
            "schema": schemas[name],
        })
    return package


def publish(ws: Workspace, period: Period, out: Path, *, generated_on: date,
            overwrite: bool = False, progress: Progress | None = None) -> Publication:
    """Write the publication for `period` into `out` (see the module docstring)."""
    snap = ws.snapshot()
    cards = sorted(ws.public_scorecards(period), key=lambda c: c.actor)
    if any(c.snapshot_hash != snap.hash for c in cards):  # the file changed in between
        snap = ws.snapshot()
        cards = sorted(ws.public_scorecards(period), key=lambda c: c.actor)
        if any(c.snapshot_hash != snap.hash for c in cards):
            raise StoreError("the evidence database keeps changing; publish again later")
    resp: Responsiveness = responsiveness(snap, period, ws.methodology)
    require_public_summaries(snap, cards)  # before anything is written
    target = out.resolve()  # the real directory, so the rename replaces it (not a link)
    _check_target(target, overwrite)
    staging = _staging_directory(target)
    try:
        published = _write_publication(ws, snap, period, cards, resp, staging,
                                       generated_on=generated_on, progress=progress)
        _check_target(target, overwrite)  # another process may have written there meanwhile
        _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Publication(directory=out, period=published.period,
                       snapshot_hash=published.snapshot_hash, files=published.files)


def _write_publication(ws: Workspace, snap: Snapshot, period: Period,
                       cards: Sequence[Scorecard], resp: Responsiveness, out: Path, *,
                       generated_on: date, progress: Progress | None) -> Publication:
    """Every file of the publication, written into the (new, empty) directory `out`."""
    label = period.label
    steps = len(cards) + 4  # each actor, the report, the JSON, the CSV files, the rest
    done = 0
    written: list[PublishedFile] = []

    def write(rel: str, data: bytes) -> None:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if rel not in (MANIFEST, SUMS):
            written.append(PublishedFile(rel, len(data), hashlib.sha256(data).hexdigest()))

    def step(what: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps, what)

    for card in cards:
        pdf = ws.card_pdf(card, snap, generated_on)
        write(f"actors/{card.actor}.json", _json(card.model_dump(mode="json")))
        write(f"actors/{card.actor}.pdf", pdf)
        step(card.actor)
    write(f"report-{label}.pdf", annual_report_pdf(
        cards, period=period, responsiveness=resp, methodology=ws.methodology,
        catalog=ws.catalog, acts=snap.acts, generated_on=generated_on))
    step("annual report")
    write(f"scorecards-{label}.json", _json({
        "period": label, "methodology_version": ws.methodology.version,
        "snapshot_hash": snap.hash, "generated_on": generated_on.isoformat(),
        "scorecards": [c.model_dump(mode="json") for c in cards],
    }))
    csv_files = {
        "scorecards": (f"scorecards-{label}.csv",
                       to_csv(SCORECARD_COLUMNS, scorecard_rows(cards)).encode("utf-8")),
        "responsiveness": (f"responsiveness-{label}.csv",
                           to_csv(RESPONSIVENESS_COLUMNS,
                                  responsiveness_rows(resp)).encode("utf-8")),
    }
    step("scorecards JSON")
    for path, data in csv_files.values():
        write(path, data)
    step("CSV files")
    write(DATAPACKAGE, _json(datapackage(period, csv_files, ws=ws, snapshot_hash=snap.hash,
                                         generated_on=generated_on)))
    files = sorted(written, key=lambda f: f.path)
    manifest = _json({
        "generator": f"hrdscore {__version__}",
        "period": label,
        "methodology_version": ws.methodology.version,
        "snapshot_hash": snap.hash,
        "generated_on": generated_on.isoformat(),
        "files": [{"path": f.path, "bytes": f.bytes, "sha256": f.sha256} for f in files],
    })
    write(MANIFEST, manifest)
    listed = sorted([*files, PublishedFile(MANIFEST, len(manifest),
                                           hashlib.sha256(manifest).hexdigest())],
                    key=lambda f: f.path)
    sums = "".join(f"{f.sha256}  {f.path}\n" for f in listed).encode("utf-8")
    write(SUMS, sums)
    step("data package and manifest")
    everything = (*listed, PublishedFile(SUMS, len(sums), hashlib.sha256(sums).hexdigest()))
    return Publication(directory=out, period=label, snapshot_hash=snap.hash,
                       files=tuple(sorted(everything, key=lambda f: f.path)))
