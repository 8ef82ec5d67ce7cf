"""Commands for reports of one's own: new-report, import-recommendations, import-upr."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import click

from hrdscore.catalogs import active_dirs
from hrdscore.cli.store_cmds import db_option, existing_store
from hrdscore.errors import HrdscoreError
from hrdscore.recommendation_sheet import import_recommendations
from hrdscore.report_files import scaffold
from hrdscore.scoring import RULES
from hrdscore.service import open_workspace
from hrdscore.settings import cli_user
from hrdscore.upr import read_upr, write_upr_catalog


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise HrdscoreError(f"{option} {text!r} is not a date; write YYYY-MM-DD") from None


@click.command(name="new-report")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--id", "report_id", required=True, help="The report's id, e.g. acme2023; "
              "its recommendations are named ID-gov-01, ID-com-01...")
@click.option("--title", required=True, help="The report's title.")
@click.option("--published-on", "published_on", required=True, metavar="YYYY-MM-DD",
              help="When the report was published.")
@click.option("--publisher", "publishers", multiple=True, metavar="NAME",
              help="A publishing organisation; repeat for several [default: the title's "
                   "author is to be filled in].")
@click.option("--language", "languages", multiple=True, metavar="CODE",
              help="A two-letter language code of the report; repeat [default: en].")
def new_report(directory: Path, report_id: str, title: str, published_on: str,
               publishers: tuple[str, ...], languages: tuple[str, ...]) -> None:
    """Start a catalog folder for a report of your own: report.yaml, its source record, an
    empty recommendations file per addressee group, a methodology inheriting the shipped one
    and a README on how to fill them. Use it with --catalog DIRECTORY."""
    when = _date(published_on, "--published-on")
    names = scaffold(directory, report_id=report_id, title=title, published_on=when,
                     publishers=list(publishers) or ["(publisher to be filled in)"],
                     languages=list(languages) or ["en"])
    click.echo(f"{directory}: {', '.join(names)}")
    click.echo(f"Next: fill the recommendations (README.md), or `hrdscore "
               f"import-recommendations {directory} FILE.csv`; check with `hrdscore validate "
               f"--catalog {directory}`.")


@click.command(name="import-recommendations")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_recommendations_cmd(directory: Path, file: Path) -> None:
    """Write a report's recommendations from a spreadsheet (CSV or XLSX, one row per
    recommendation: number, addressee, text, themes, criteria, scale, levels...) into its
    catalog folder, replacing the recommendations files. All or nothing: each problem names
    its line and column."""
    counts = import_recommendations(directory, file, today=date.today(),
                                    rule_names=set(RULES))
    parts = [f"{n} to {g.value.replace('_', ' ')}" for g, n in counts.items() if n]
    total = sum(counts.values())
    click.echo(f"{total} recommendation{'' if total == 1 else 's'} written to {directory}: "
               f"{', '.join(parts)}")


@click.command(name="import-upr")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "report_id", required=True, help="An id for these recommendations, "
              "e.g. upr-kz-4.")
@click.option("--title", required=True, help="e.g. 'UPR of Kazakhstan, fourth cycle'.")
@click.option("--published-on", "published_on", required=True, metavar="YYYY-MM-DD",
              help="When the recommendations were made (the working group's report).")
@click.option("--actor", "actor_id", required=True, metavar="ID",
              help="The State under review, as an actor of the database (e.g. kz-government).")
@click.option("--responded-on", "responded_on", default=None, metavar="YYYY-MM-DD",
              help="Date of the State's responses when the file has no date column.")
@db_option
def import_upr(directory: Path, file: Path, report_id: str, title: str, published_on: str,
               actor_id: str, responded_on: str | None, db: Path | None) -> None:
    """Import UN recommendations to a State from an export of the UN Universal Human Rights
    Index or UPR Info (columns such as Recommendation, Recommending State, Cycle, Issues,
    Response) into a new catalog folder, and the State's response to each (supported,
    noted...) into the database, so that they appear in the follow-up tracker. Use the
    folder with --catalog afterwards. Nothing is written when any row is wrong."""
    store = existing_store(db)
    ws = open_workspace(store.path, date.today())
    if actor_id not in ws.snapshot().actors:
        raise HrdscoreError(f"--actor {actor_id!r} is not an actor of {store.path}: import "
                            "it first (hrdscore import actors FILE)")
    when = _date(published_on, "--published-on")
    result = read_upr(file, report_id=report_id, source=f"src-{report_id}", actor=actor_id,
                      responded_on=_date(responded_on, "--responded-on") if responded_on
                      else None)
    scaffold(directory, report_id=report_id, title=title, published_on=when,
             publishers=["United Nations"], languages=["en"])
    try:
        write_upr_catalog(directory, result, report_id)
        with_upr = open_workspace(store.path, date.today(),
                                  catalogs=[*active_dirs(), directory])
        with_upr.import_file("sources", directory / "sources.yaml", who=cli_user())
        with_upr.import_file("responses", directory / "evidence" / "responses.yaml",
                             who=cli_user())
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)  # a new folder: all or nothing
        raise
    click.echo(f"{len(result.recommendations)} recommendations written to {directory}, "
               f"{len(result.responses)} responses imported into {store.path}. Use "
               f"--catalog {directory} from now on.")


COMMANDS = [new_report, import_recommendations_cmd, import_upr]
