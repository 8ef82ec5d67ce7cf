"""Follow-up commands: followup (the tracker, or one recommendation's timeline), due, and
followup-import (the tracker CSV back into a database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from hrdscore.cli.output import echo_json, echo_table, format_option
from hrdscore.cli.store_cmds import db_option, existing_store
from hrdscore.errors import HrdscoreError
from hrdscore.followup import (
    Filters,
    due_json,
    due_rows,
    matrix_json,
    matrix_rows,
    timeline_json,
    timeline_rows,
)
from hrdscore.followup.exchange import COLUMNS, export_rows
from hrdscore.followup_chain import chain_json
from hrdscore.followup_service import TrackerQuery, due_items, timeline_of, tracker_of
from hrdscore.model.vocab import AddresseeGroup
from hrdscore.render.tabular import to_csv
from hrdscore.scoring import parse_period
from hrdscore.service import Workspace, open_workspace
from hrdscore.settings import cli_user
from hrdscore.store.followup_import import import_tracker

AS_OF_HELP = "The date to read the tracker at, YYYY-MM-DD [default: today]."


def _workspace(db: Path | None) -> Workspace:
    return open_workspace(existing_store(db).path, date.today())


def _as_of(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise HrdscoreError(f"--as-of {text!r} is not a date; write YYYY-MM-DD") from None


@click.command()
@click.option("--addressee", type=click.Choice([g.value for g in AddresseeGroup]),
              default=None, help="Only recommendations to this group.")
@click.option("--body", metavar="ID", default=None,
              help="Only recommendations this body (or one below it) is responsible for.")
@click.option("--theme", metavar="THEME", default=None, help="Only recommendations on a theme.")
@click.option("--status", metavar="STATUS", default=None,
              help="Only recommendations some assessor gives this status, e.g. not_started.")
@click.option("--as-of", "as_of_text", metavar="DATE", default=None, help=AS_OF_HELP)
@click.option("--period", "period_text", metavar="A-B", default=None,
              help="The years shown, e.g. 2020-2023 [default: from the report's last "
                   "monitored year to --as-of].")
@click.option("--recommendation", metavar="ID", default=None,
              help="Show this recommendation's timeline instead of the tracker.")
@click.option("--drafts", is_flag=True, help="Count draft assessments too.")
@click.option("--pdf", "pdf_out", type=click.Path(dir_okay=False, path_type=Path),
              default=None, metavar="FILE", help="Write the tracker as PDF to FILE instead.")
@click.option("--lang", type=click.Choice(["en", "ru", "kk"]), default="en", show_default=True,
              help="Language of the --pdf file: English, Russian or Kazakh (assessors keep "
                   "their recorded names).")
@format_option(("table", "json", "csv"))
@db_option
def followup(addressee: str | None, body: str | None, theme: str | None, status: str | None,
             as_of_text: str | None, period_text: str | None, recommendation: str | None,
             drafts: bool, pdf_out: Path | None, lang: str, fmt: str, db: Path | None) -> None:
    """The follow-up tracker: where each recommendation stands, year by year, in each named
    assessor's eyes, with the response, responsible bodies and measures.

    --format csv writes the tracker with its links (one row per response, body, measure,
    progress report and assessment; statuses also on the UN Human Rights Committee's A-E and
    the OGP IRM scales), which `hrdscore followup-import` reads back."""
    if recommendation is not None and any(
            (addressee, body, theme, status, period_text, pdf_out)):
        raise HrdscoreError("--recommendation shows one timeline: it takes --as-of, --drafts "
                            "and --format, not the tracker's filters, --period or --pdf")
    if lang != "en" and pdf_out is None:
        raise HrdscoreError("--lang is the language of the PDF: give --pdf FILE with it (the "
                            "terminal table, JSON and CSV are in English)")
    if fmt == "csv" and recommendation is None and (as_of_text or period_text or status):
        # The exchange file carries every record, dated, so that an import loses nothing.
        raise HrdscoreError("--format csv exports every follow-up record (each with its "
                            "dates): --as-of, --period and --status do not apply to it")
    ws = _workspace(db)
    as_of = _as_of(as_of_text)
    if recommendation is not None:
        entries = timeline_of(ws, recommendation, include_drafts=drafts)
        entries = [e for e in entries if e.on is None or e.on <= as_of or as_of_text is None]
        chain = chain_json(ws, recommendation, drafts)
        if fmt == "json":
            echo_json({**timeline_json(recommendation, entries), "chain": chain["links"],
                       "chain_text": chain["sentence"]})
        elif fmt == "csv":
            click.echo(to_csv(*timeline_rows(entries)), nl=False)
        else:
            if chain["sentence"]:  # the same ask across reports, oldest first
                click.echo(chain["sentence"] + ".")
            echo_table(f"Follow-up of {recommendation}", *timeline_rows(entries))
        return
    query = TrackerQuery(as_of, Filters(addressee, body, theme, status),
                         parse_period(period_text) if period_text else None, drafts)
    matrix = tracker_of(ws, query)
    title = f"Follow-up tracker on {as_of} (* marks the latest change)"
    if pdf_out is not None:
        from hrdscore.render.pdf.followup import tracker_pdf  # only a PDF pays for ReportLab
        from hrdscore.render.pdf.tracker_words import tracker_table, tracker_title
        from hrdscore.render.pdf.words import words

        w = words(lang)
        columns, rows, notes = tracker_table(matrix, w)
        title = tracker_title(as_of, w)
        pdf_out.write_bytes(tracker_pdf(
            title, columns, rows, notes, snapshot_hash=ws.snapshot().hash,
            methodology_version=ws.methodology.version, generated_on=date.today(), w=w))
        click.echo(f"{pdf_out}: the tracker of {len(matrix.rows)} recommendations")
        return
    if fmt == "json":
        echo_json(matrix_json(matrix))
    elif fmt == "csv":
        recs = [row.recommendation for row in matrix.rows]
        click.echo(to_csv(COLUMNS, export_rows(recs, ws.snapshot())), nl=False)
    else:
        columns, rows, notes = matrix_rows(matrix)
        echo_table(title, columns, rows)
        click.echo("\n".join(notes))


@click.command()
@click.option("--as-of", "as_of_text", metavar="DATE", default=None, help=AS_OF_HELP)
@format_option(("table", "json"))
@db_option
def due(as_of_text: str | None, fmt: str, db: Path | None) -> None:
    """What is overdue: information requests past their deadline with no reply, measures past
    their target date, assessments past their validity. Exits 0 either way (a weekly check)."""
    items = due_items(_workspace(db), _as_of(as_of_text))
    if fmt == "json":
        echo_json(due_json(items))
        return
    if not items:
        click.echo("Nothing is overdue.")
        return
    echo_table(f"Overdue on {_as_of(as_of_text)}", *due_rows(items))


@click.command(name="followup-import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.option("--dry-run", is_flag=True, help="Check everything and report, write nothing.")
def followup_import(file: Path, db: Path | None, dry_run: bool) -> None:
    """Import a tracker CSV or XLSX (the layout `hrdscore followup --format csv` writes), all
    or nothing: with any bad row nothing is written and each problem names its line and
    column. Rows without an id get one from their content, so importing twice adds nothing."""
    ws = _workspace(db)
    result = import_tracker(ws.store, file, who=cli_user(), today=date.today(),
                            recommendations=list(ws.catalog.recommendations), dry_run=dry_run)
    if not dry_run:
        ws.note_catalogs(cli_user())
    if dry_run:
        click.echo(f"Dry run, nothing written. {result.rows} rows read from {file.name}: "
                   "no problems found")
        return
    parts = [f"{kind.replace('_', ' ')}: {c.as_dict()['created']} created, "
             f"{c.as_dict()['updated']} updated" for kind, c in result.changes.items()]
    click.echo(f"{result.rows} rows read from {file.name}; " + "; ".join(parts))


COMMANDS = [followup, due, followup_import]
