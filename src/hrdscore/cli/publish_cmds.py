"""Commands that publish: pdf (one actor's scorecard), report (the annual report) and publish
(everything a publisher needs, in one directory, with a manifest of hashes)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from hrdscore.cli.output import out_option
from hrdscore.cli.score_cmds import _workspace, period_options, require_evidence, resolve_period
from hrdscore.cli.store_cmds import db_option
from hrdscore.errors import HrdscoreError
from hrdscore.publication_period import latest_period, require_content
from hrdscore.publicity import require_public_summaries

F = TypeVar("F", bound=Callable[..., Any])


def generated_on_option(func: F) -> F:
    return click.option(
        "--generated-on", "generated_on", type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None, metavar="YYYY-MM-DD",
        help="Date printed as the generation date [default: $SOURCE_DATE_EPOCH if set, else "
             "today]. The same evidence, period and date give the same bytes.")(func)


def lang_option(func: F) -> F:
    return click.option(
        "--lang", type=click.Choice(["en", "ru", "kk"]), default="en", show_default=True,
        help="Language of the PDF: English, Russian or Kazakh. Texts that exist only in "
             "English in the data (recommendations, criteria, explanations) stay English, "
             "marked so.")(func)


def parse_langs(values: tuple[str, ...]) -> tuple[str, ...]:
    """'--lang ru --lang kk' or '--lang ru,kk' as ('ru', 'kk'); English is always written."""
    found: dict[str, None] = {}
    for value in values:
        for part in value.split(","):
            lang = part.strip().lower()
            if not lang or lang == "en":
                continue
            if lang not in ("ru", "kk"):
                raise click.BadParameter(f"{part.strip()!r} is not a language of the PDFs: "
                                         "use ru or kk (English is always written)",
                                         param_hint="--lang")
            found[lang] = None
    return tuple(found)


def resolve_generated_on(value: datetime | None) -> date:
    if value is not None:
        return value.date()
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC).date()
        except (ValueError, OverflowError, OSError):
            raise HrdscoreError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time") from None
    return date.today()


def _write(target: str, data: bytes) -> None:
    """Write to a file (whole, or not at all) or, for '-', to standard output."""
    if target == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(target)
    if path.is_dir():
        raise HrdscoreError(f"{path} is a directory: give a file name, e.g. {path}/out.pdf")
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    tmp.replace(path)


@click.command()
@period_options
@click.option("--actor", "actor_id", required=True, help="The actor (id) whose scorecard to "
              "print.")
@out_option(help="PDF file to write ('-' for standard output).", required=True,
            as_text=True, metavar="FILE")
@generated_on_option
@lang_option
@db_option
def pdf(year: int | None, period_text: str | None, actor_id: str, out: str,
        generated_on: datetime | None, lang: str, db: Path | None) -> None:
    """One actor's scorecard as PDF: names, total or 'insufficient evidence', a bar per
    pillar, change from the previous period, red flags first, every recommendation with each
    criterion's level and explanation, the information requests against the legal deadline,
    and the evidence with its sources."""
    ws = _workspace(db)
    require_evidence(ws)
    period = resolve_period(ws, year, period_text)
    require_public_summaries(ws.snapshot(), [ws.public_scorecard(period, actor_id)])
    from hrdscore.reply_publish import reply_flowables
    from hrdscore.reply_service import published_replies

    reply = (published_replies(ws, period) or {}).get(actor_id)  # after a closed reply round
    data = ws.public_scorecard_pdf(period, actor_id, resolve_generated_on(generated_on),
                                   after=reply_flowables(reply, lang), lang=lang)
    _write(out, data)
    if out != "-":
        click.echo(f"Wrote {out} ({len(data):,} bytes): scorecard of {actor_id}, "
                   f"{period.label}.", err=True)
    _warn_if_example_publisher()


@click.command()
@period_options
@out_option(help="PDF file to write ('-' for standard output).", required=True,
            as_text=True, metavar="FILE")
@generated_on_option
@lang_option
@db_option
def report(year: int | None, period_text: str | None, out: str,
           generated_on: datetime | None, lang: str, db: Path | None) -> None:
    """The annual report as PDF: cover, how to read a scorecard, the methodology in brief,
    rankings by kind of actor, the information requests, charts of incidents, one section
    per actor and the methodology annex."""
    ws = _workspace(db)
    require_evidence(ws)
    period = resolve_period(ws, year, period_text)
    require_public_summaries(ws.snapshot(), ws.public_scorecards(period))
    data = ws.public_report_pdf(period, resolve_generated_on(generated_on), lang=lang)
    _write(out, data)
    if out != "-":
        click.echo(f"Wrote {out} ({len(data):,} bytes): annual report {period.label}.",
                   err=True)
    _warn_if_example_publisher()


@click.command()
@period_options
@out_option(help="Directory to write the publication to (new or empty).", required=True,
            file_okay=False)
@click.option("--overwrite", is_flag=True,
              help="Replace an earlier publication in --out (only files it wrote).")
@click.option("--bom/--no-bom", default=True, show_default=True,
              help="Start the CSV files with a UTF-8 byte-order mark, so that Excel on Windows "
                   "reads Kazakh and Russian letters right.")
@click.option("--without-reply-round", is_flag=True,
              help="Publish although the period's reply round is open (or there was none); "
                   "the report says so on its cover.")
@click.option("--site", is_flag=True,
              help="Also write the web pages (English, Russian, Kazakh) as a static site in "
                   "OUT/site/: open OUT/site/index.html, or put the folder on any web host.")
@click.option("--lang", "langs", multiple=True, metavar="ru,kk",
              help="Also write the report and each actor's scorecard in these languages "
                   "(ru, kk; repeat or separate with commas), as report-PERIOD.ru.pdf and "
                   "actors/ID.ru.pdf beside the English files.")
@generated_on_option
@db_option
def publish(year: int | None, period_text: str | None, out: Path, overwrite: bool, bom: bool,
            without_reply_round: bool, site: bool, langs: tuple[str, ...],
            generated_on: datetime | None, db: Path | None) -> None:
    """Everything a publisher needs for a period, in one directory: the annual report,
    each actor's scorecard as PDF and JSON, all scorecards as JSON and long CSV, the
    responsiveness CSV, a one-row-per-actor summary CSV, the three as an XLSX workbook, a
    Frictionless datapackage.json describing the CSV files, and
    manifest.json and SHA256SUMS with the SHA-256 of every file."""
    from hrdscore.publish import publish as publish_all

    extra = parse_langs(langs)
    ws = _workspace(db)
    require_evidence(ws)
    snap = ws.snapshot()
    if year is None and period_text is None:
        period = latest_period(snap)
        click.echo(f"No --year given: publishing {period.label}, the latest year with "
                   "information requests or assessments.", err=True)
    else:
        period = resolve_period(ws, year, period_text)
    require_content(snap, period)
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[what]}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True,
                  disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(f"Publishing {period.label}", total=None, what="")

        def progress(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, what=what)

        result = publish_all(ws, period, out, generated_on=resolve_generated_on(generated_on),
                             overwrite=overwrite, progress=progress, bom=bom,
                             without_reply_round=without_reply_round, site=site,
                             langs=extra)
    actors = sum(1 for f in result.files if f.path.startswith("actors/")
                 and f.path.endswith(".pdf"))
    size = sum(f.bytes for f in result.files)
    click.echo(f"Published {period.label} to {out}: {len(result.files)} files, {size:,} bytes "
               f"({actors} actor scorecards, the annual report, JSON, CSV, XLSX, "
               "datapackage.json" + (", the static site in site/" if site else "") + "). "
               f"Check with: (cd {out} && sha256sum -c SHA256SUMS)")
    _warn_if_example_publisher()


def _warn_if_example_publisher() -> None:
    from hrdscore.organisation import current_organisation, organisation_path

    if current_organisation().example:
        click.echo(f"Note: the publisher's settings are the examples shipped with hrdscore, "
                   f"so every PDF says it is a trial edition and names no publisher. Set your "
                   f"name, contact and links in {organisation_path()} (or a file named by "
                   f"$HRDSCORE_ORGANISATION) and remove `example: true`.", err=True)


COMMANDS = [pdf, report, publish]
