"""Commands for reports of one's own: new-report, import-recommendations, import-upr."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from hrdscore.errors import HrdscoreError
from hrdscore.recommendation_sheet import import_recommendations
from hrdscore.report_files import scaffold
from hrdscore.scoring import RULES


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
    click.echo(f"{sum(counts.values())} recommendations written to {directory}: "
               f"{', '.join(parts)}")


COMMANDS = [new_report, import_recommendations_cmd]
