"""`hrdscore migrate`: copy a database between a file and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import click

from hrdscore.cli.output import echo_table
from hrdscore.cli.store_cmds import DbLocation
from hrdscore.errors import StoreError
from hrdscore.settings import default_db_path
from hrdscore.store.transfer import copy_database


@click.command()
@click.option("--to", "target", type=DbLocation(), required=True, metavar="PATH|URL",
              help="The empty database to copy into: postgresql://user@host/dbname, or a file "
                   "that does not exist yet.")
@click.option("--from", "--db", "source", type=DbLocation(), default=None, metavar="PATH|URL",
              help="The database to copy [default: $HRDSCORE_DB, else the default file].")
def migrate(target: Path, source: Path | None) -> None:
    """Copy a whole database, audit log included, into an empty one: a file into PostgreSQL
    or back. Prints the records per table in both and compares them."""
    source = source or default_db_path()
    counts = copy_database(source, target)
    echo_table(f"{source} → {target}", ["table", "source", "copy", ""],
               [(c.table, c.source, c.target, "same" if c.same else "DIFFERENT")
                for c in counts])
    if not all(c.same for c in counts):
        raise StoreError(f"{target}: the copy does not hold what {source} holds")
    click.echo(f"{target}: copied {sum(c.target for c in counts):,} records and audit entries; "
               "every table matches.", err=True)


COMMANDS = [migrate]
