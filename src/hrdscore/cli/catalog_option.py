"""`--catalog DIR` on every command that reads the catalog: extra reports beside the shipped
one. Added in one place (the command group) so that no command can forget it."""

from __future__ import annotations

from pathlib import Path

import click

from hrdscore.catalogs import CATALOG_ENV, set_cli_dirs

# Commands that never read recommendations: the option would only mislead there.
WITHOUT_CATALOG = frozenset({"schemas", "new-report", "template", "backup", "restore",
                             "audit", "keys", "demo-data", "migrate"})

HELP = (f"An extra catalog folder (a report of your own); repeat for several. The shipped "
        f"report is always included. Default: the {CATALOG_ENV} path list.")


def _remember(ctx: click.Context, param: click.Parameter, value: tuple[Path, ...]) -> None:
    set_cli_dirs(list(value) or None)


def catalog_param() -> click.Option:
    return click.Option(["--catalog", "catalog_dirs"], multiple=True, metavar="DIR",
                        type=click.Path(exists=True, file_okay=False, path_type=Path),
                        expose_value=False, is_eager=True, callback=_remember, help=HELP)


def add_catalog_option(command: click.Command) -> None:
    """Give `command` (and a group's subcommands) the --catalog option."""
    if command.name in WITHOUT_CATALOG:
        return
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_catalog_option(sub)
        return
    if not any(p.name == "catalog_dirs" for p in command.params):
        command.params.append(catalog_param())
