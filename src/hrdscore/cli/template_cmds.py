"""`hrdscore template`: a spreadsheet to fill in for each import kind."""

from __future__ import annotations

from pathlib import Path

import click

from hrdscore.cli.output import out_option
from hrdscore.errors import HrdscoreError
from hrdscore.store import IMPORT_KINDS
from hrdscore.store.templates import (
    ALLOWED_SHEET,
    allowed_values,
    allowed_values_text,
    template_csv,
    template_xlsx,
)

TEMPLATE_FORMATS = ("csv", "xlsx")


@click.command(epilog="Allowed values of the coded columns:\n\n"
               + allowed_values_text(IMPORT_KINDS))
@click.argument("kind", type=click.Choice(list(IMPORT_KINDS)))
@out_option(help="File to write [default: CSV to standard output]. Never overwritten.",
            dir_okay=False)
@click.option("--format", "fmt", type=click.Choice(TEMPLATE_FORMATS), default=None,
              help="csv or xlsx [default: from the --out suffix, else csv].")
def template(kind: str, out: Path | None, fmt: str | None) -> None:
    """Write a header and one example row for importing KIND; an XLSX workbook also has a
    sheet of the allowed values. Replace the example with your own rows, then run
    `hrdscore import KIND FILE`. The example row imports as it is into a database made by
    `hrdscore init`."""
    fmt = fmt or ("xlsx" if out is not None and out.suffix.lower() == ".xlsx" else "csv")
    if fmt == "xlsx" and out is None:
        raise HrdscoreError("an XLSX template needs a file: add --out FILE.xlsx")
    data = template_xlsx(kind) if fmt == "xlsx" else template_csv(kind)
    if out is None:
        click.echo(data.decode("utf-8-sig"), nl=False)
        return
    if out.exists():
        raise HrdscoreError(f"{out} already exists: give another name (a template never "
                            "overwrites a file, which may hold your rows)")
    with out.open("xb") as handle:
        handle.write(data)
    click.echo(f"Wrote {out}: the {kind} columns and one example row. Replace the example "
               f"with your rows, then run: hrdscore import {kind} {out}", err=True)
    if fmt == "xlsx":
        click.echo(f"The sheet {ALLOWED_SHEET!r} lists the values coded columns take.",
                   err=True)
        return
    for column, values in allowed_values(kind).items():
        click.echo(f"  {column}: {', '.join(values)}", err=True)


COMMANDS = [template]
