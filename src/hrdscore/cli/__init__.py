"""The `hrdscore` command line: a thin shell over the library.

Commands live in modules by subject; this module holds the group, shared options and the one
place where domain errors become messages and exit codes (never a traceback).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from hrdscore import __version__
from hrdscore.catalogs import set_cli_dirs
from hrdscore.cli import (
    api_cmds,
    assessment_cmds,
    catalog_cmds,
    demo_cmds,
    followup_cmds,
    identity_cmds,
    migrate_cmds,
    publish_cmds,
    reply_cmds,
    report_cmds,
    score_cmds,
    stats_cmds,
    store_cmds,
    template_cmds,
)
from hrdscore.cli.catalog_option import add_catalog_option
from hrdscore.errors import HrdscoreError, InvalidData


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except InvalidData as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except HrdscoreError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except BrokenPipeError:
            ctx.exit(1)  # the reader (e.g. `| head`) has seen enough; nothing to report
        except OSError as exc:
            # A missing or unreadable file is the user's to fix; say which.
            name = f" {exc.filename}:" if exc.filename else ""
            click.echo(f"Error:{name} {exc.strerror or exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        finally:
            set_cli_dirs(None)  # --catalog is this command's, not the next caller's
        return None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hrdscore")
def cli() -> None:
    """hrdscore: score governments and companies against a human-rights report's
    recommendations, from recorded evidence, and publish the scorecards."""


for module in (catalog_cmds, store_cmds, template_cmds, score_cmds, stats_cmds, api_cmds,
               publish_cmds, demo_cmds, assessment_cmds, followup_cmds, report_cmds,
               reply_cmds, identity_cmds, migrate_cmds):
    for command in module.COMMANDS:
        add_catalog_option(command)
        cli.add_command(command)


def main(argv: Sequence[str] | None = None) -> None:
    cli.main(args=list(argv) if argv is not None else None, prog_name="hrdscore")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
