"""Commands over the evidence database: init, import, audit, backup, restore."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from hrdscore.cli.output import echo_json, echo_table, format_option, out_option
from hrdscore.dblocation import PgLocation, db_location
from hrdscore.errors import StoreError
from hrdscore.settings import DB_ENV, cli_user, default_db_path
from hrdscore.shipped import load_shipped
from hrdscore.store import IMPORT_KINDS, Store, seed, verify_chain
from hrdscore.store.backends import open_store as open_any_store
from hrdscore.store.templates import allowed_values_text


class DbLocation(click.ParamType):  # type: ignore[type-arg]  # generic only in click 8.2+
    """A database file, or a postgresql:// URL (kept whole: a Path would merge its '//')."""

    name = "path_or_url"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Path:
        location = db_location(value)
        if not isinstance(location, PgLocation) and location.is_dir():
            self.fail(f"{value}: is a folder, not a database file", param, ctx)
        return location


def db_option(func: Any) -> Any:
    return click.option(
        "--db", "db", type=DbLocation(), default=None, metavar="PATH|URL",
        help=f"Database file, or postgresql://user@host/dbname [default: ${DB_ENV}, else "
             f"{default_db_path()}].",
    )(func)


def open_store(db: Path | None) -> Store:
    return open_any_store(db or default_db_path())


def existing_store(db: Path | None) -> Store:
    """The store at --db, refused when there is no database there: a mistyped path must not
    silently become a new, empty database."""
    store = open_store(db)
    if not store.exists():
        raise StoreError(f"no database at {store.path}: create one with "
                         f"`hrdscore init --db {store.path}` (or give the right --db)")
    return store


@click.command()
@db_option
def init(db: Path | None) -> None:
    """Create a database seeded with the shipped actors and sample evidence.

    Running it again changes nothing; records edited since are put back to the shipped state
    only if the shipped data changed them (each change is in the audit log)."""
    store = open_store(db)
    changes = seed(store, load_shipped(date.today()), who=cli_user())
    counts = changes.as_dict()
    click.echo(f"{store.path}: {counts['created']} created, {counts['updated']} updated, "
               f"{counts['unchanged']} unchanged")


@click.command(name="import", epilog="Allowed values of the coded columns:\n\n"
               + allowed_values_text(IMPORT_KINDS))
@click.argument("kind", type=click.Choice(list(IMPORT_KINDS)))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.option("--dry-run", is_flag=True, help="Check everything and report, write nothing.")
def import_(kind: str, file: Path, db: Path | None, dry_run: bool) -> None:
    """Import KIND records from FILE (CSV with ',' ';' or tab, XLSX, JSON or YAML), all or
    nothing. `hrdscore template KIND` writes a file to start from.

    With any bad row nothing is written and every problem is listed with its line and field.
    Dates are YYYY-MM-DD (or date cells in a workbook). Records are matched by id, so
    importing the same file twice adds nothing."""
    from hrdscore.service import open_workspace  # with --catalog: every report's ids

    ws = open_workspace(existing_store(db).path, date.today())
    result = ws.import_file(kind, file, who=cli_user(), dry_run=dry_run, today=date.today())
    counts = result.changes.as_dict()
    prefix = "Dry run, nothing written. " if dry_run else ""
    would = "would be " if dry_run else ""
    click.echo(f"{prefix}{result.rows} {kind} read from {file.name}: "
               f"{counts['created']} {would}created, {counts['updated']} {would}updated, "
               f"{counts['unchanged']} unchanged")
    if result.drafts:
        click.echo(f"{result.drafts} of the assessments {'would be' if dry_run else 'are'} "
                   "drafts that count in no score until another person publishes them: "
                   "`hrdscore assessments review ID --publish`.")


@click.command()
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the last N.")
@click.option("--verify", is_flag=True, help="Check the hash chain; exit 1 if broken.")
@format_option(("table", "json"))
def audit(db: Path | None, limit: int | None, verify: bool, fmt: str) -> None:
    """Show the audit log: every change, when, and by whom."""
    store = existing_store(db)
    entries = store.audit_log()
    if verify:
        problems = verify_chain(entries)
        for problem in problems:
            click.echo(f"audit log: {problem}", err=True)
        if problems:
            raise SystemExit(1)
        # On stderr, so that --format json stays machine-readable.
        click.echo(f"Audit log verified: {len(entries)} entries, chain intact.", err=True)
    shown = entries[-limit:] if limit else entries
    if fmt == "json":
        echo_json([e.model_dump() for e in shown])
        return
    # To the minute, with a space: the full timestamp is in --format json.
    rows = [(e.seq, e.at[:16].replace("T", " "), e.who, e.action, e.kind or "",
             ", ".join(f"{k} {v}" for k, v in e.counts.items() if v) or "",
             _ids(e.ids), e.note or "") for e in shown]
    echo_table(f"{len(entries)} audit entries",
               ["#", "at (UTC)", "who", "action", "kind", "counts", "ids", "note"], rows)


def _ids(ids: list[str]) -> str:
    return ", ".join(ids) if len(ids) <= 3 else f"{', '.join(ids[:3])} … (+{len(ids) - 3})"


@click.command()
@db_option
@out_option(help="Backup file to write.", required=True, dir_okay=False)
def backup(db: Path | None, out: Path) -> None:
    """Copy the database to a backup file (consistent even while others write)."""
    size = existing_store(db).backup(out)
    click.echo(f"{out}: {size:,} bytes")


@click.command()
@db_option
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(db: Path | None, backup_file: Path) -> None:
    """Replace the database with BACKUP_FILE, after checking it is an hrdscore database whose
    records all validate. The replaced database is kept beside it under a new name (earlier
    copies are never overwritten). The database may not exist yet: restoring is how a lost
    one comes back."""
    store = open_store(db)
    kept = store.restore(backup_file, who=cli_user())
    click.echo(f"{store.path}: restored from {backup_file}")
    if kept:
        click.echo(f"previous database kept as {kept}")


COMMANDS = [init, import_, audit, backup, restore]
