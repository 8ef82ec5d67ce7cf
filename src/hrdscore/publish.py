"""Everything a publisher needs for one period, written to one directory:

    report-<period>.pdf              the annual report
    actors/<actor>.pdf, .json        each actor's scorecard, as PDF and as JSON
    scorecards-<period>.json         every scorecard
    summary-<period>.csv             one row per scored actor
    scorecards-<period>.csv          long format: one row per actor x criterion
    responsiveness-<period>.csv      one row per information request
    scorecards-<period>.xlsx         the three tables as sheets of one workbook
    datapackage.json                 Frictionless Data Package describing the CSV files
    site/                            with `site=True`: the web pages as static HTML
                                     (see `hrdscore.web.site`)

CSV files start with a UTF-8 byte-order mark (so Excel on Windows reads Kazakh letters right;
`bom=False` leaves it out) and carry a label column beside each code column.
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hrdscore import __version__
from hrdscore.datapackage import datapackage
from hrdscore.errors import HrdscoreError, StoreError
from hrdscore.followup_publish import TRACKER, tracker_csv, tracker_resource
from hrdscore.model import Period, Scorecard
from hrdscore.organisation import Organisation, current_organisation
from hrdscore.publicity import require_public_summaries
from hrdscore.render import published as pub_tables
from hrdscore.render.pdf import annual_report_pdf
from hrdscore.render.pdf.words import EN, Words, words
from hrdscore.render.tabular import to_csv
from hrdscore.render.workbook import workbook
from hrdscore.reply_publish import ReplyInPublication, reply_file, reply_in_publication, with_reply
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


def publish(ws: Workspace, period: Period, out: Path, *, generated_on: date,
            overwrite: bool = False, progress: Progress | None = None, bom: bool = True,
            organisation: Organisation | None = None,
            without_reply_round: bool = False, site: bool = False,
            langs: Sequence[str] = ()) -> Publication:
    """Write the publication for `period` into `out` (see the module docstring). Refused
    (`ReplyRoundOpen`) while the period's reply round is open, unless `without_reply_round`.
    `site` adds the web pages as a static site in `out/site/`. `langs` ('ru', 'kk') adds the
    report and the scorecards in those languages beside the English ones (`report-P.ru.pdf`,
    `actors/ID.ru.pdf`)."""
    extra = [words(lang) for lang in langs if lang != "en"]  # an unknown one fails here
    reply = reply_in_publication(ws, period, without_reply_round=without_reply_round)
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
                                       generated_on=generated_on, progress=progress, bom=bom,
                                       org=organisation or current_organisation(),
                                       reply=reply, site=site, extra=extra)
        _check_target(target, overwrite)  # another process may have written there meanwhile
        _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Publication(directory=out, period=published.period,
                       snapshot_hash=published.snapshot_hash, files=published.files)


def _write_publication(ws: Workspace, snap: Snapshot, period: Period,
                       cards: Sequence[Scorecard], resp: Responsiveness, out: Path, *,
                       generated_on: date, progress: Progress | None, bom: bool,
                       org: Organisation, reply: ReplyInPublication,
                       site: bool = False, extra: Sequence[Words] = ()) -> Publication:
    """Every file of the publication, written into the (new, empty) directory `out`."""
    label = period.label
    steps = (len(cards) + 1) * (1 + len(extra)) + 3  # actors and report per language, rest
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
        pdf = ws.card_pdf(card, snap, generated_on, reply.card_section(card.actor))
        write(f"actors/{card.actor}.json", _json(with_reply(card, reply.of(card.actor))))
        write(f"actors/{card.actor}.pdf", pdf)
        step(card.actor)
        for w in extra:
            write(f"actors/{card.actor}.{w.lang}.pdf",
                  ws.card_pdf(card, snap, generated_on,
                              reply.card_section(card.actor, w.lang), lang=w.lang))
            step(f"{card.actor} ({w.lang})")
    for w in (EN, *extra):
        suffix = "" if w.lang == "en" else f".{w.lang}"
        write(f"report-{label}{suffix}.pdf", annual_report_pdf(
            cards, period=period, responsiveness=resp, methodology=ws.methodology,
            catalog=ws.catalog, acts=snap.acts, generated_on=generated_on, organisation=org,
            not_scored=ws.not_scored(), tracker=ws.public_tracker(period),
            cover_note=reply.cover_note, reply=reply.report_section(w.lang), w=w))
        step("annual report" + suffix)
    if (replies := reply_file(label, reply)) is not None:
        write(replies[0], _json(replies[1]))
    write(f"scorecards-{label}.json", _json({
        "period": label, "methodology_version": ws.methodology.version,
        "snapshot_hash": snap.hash, "generated_on": generated_on.isoformat(),
        "scorecards": [c.model_dump(mode="json") for c in cards],
        "not_scored": [n.model_dump(mode="json") for n in ws.not_scored()],
    }))
    tables = {
        "summary": (f"summary-{label}", pub_tables.SUMMARY, pub_tables.summary_rows(cards)),
        "scorecards": (f"scorecards-{label}", pub_tables.SCORECARDS,
                       pub_tables.scorecard_rows(cards)),
        "responsiveness": (f"responsiveness-{label}", pub_tables.RESPONSIVENESS,
                           pub_tables.responsiveness_rows(resp)),
    }
    mark = "\ufeff" if bom else ""
    csv_files = {name: (f"{stem}.csv", (mark + to_csv(columns, rows)).encode("utf-8"))
                 for name, (stem, columns, rows) in tables.items()}
    step("scorecards JSON")
    for path, data in csv_files.values():
        write(path, data)
    write(f"scorecards-{label}.xlsx", workbook(
        [(name.capitalize(), columns, rows) for name, (_, columns, rows) in tables.items()],
        generated=datetime(generated_on.year, generated_on.month, generated_on.day),
        creator=org.name))
    step("CSV files and workbook")
    # The follow-up tracker (public records only) beside the scorecards, as its own resource.
    tracker_path, tracker_title, tracker_about, tracker_schema = tracker_resource(label)
    tracker = mark.encode("utf-8") + tracker_csv(ws)
    write(tracker_path, tracker)
    package = datapackage(period, csv_files, ws=ws, org=org, snapshot_hash=snap.hash,
                          generated_on=generated_on, bom=bom)
    package["resources"].append({
        "name": TRACKER, "path": tracker_path, "profile": "tabular-data-resource",
        "title": tracker_title, "description": tracker_about, "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8-sig" if bom else "utf-8",
        "bytes": len(tracker), "hash": f"sha256:{hashlib.sha256(tracker).hexdigest()}",
        "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
        "schema": tracker_schema,
    })
    write(DATAPACKAGE, _json(package))
    if site:
        from hrdscore.web.site import site_files

        listed_so_far = [(f.path, f.bytes, f.sha256) for f in sorted(written,
                                                                      key=lambda f: f.path)]
        for rel, data in site_files(ws, period, listed_so_far):
            write(f"site/{rel}", data)
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
