"""Commands on analysts' assessments: review (publish a draft)."""

from __future__ import annotations

from pathlib import Path

import click

from hrdscore.cli.store_cmds import db_option, open_store
from hrdscore.settings import cli_user
from hrdscore.store.review import publish_assessment


@click.group(name="assessments")
def assessments() -> None:
    """Analysts' assessments of criteria."""


@assessments.command(name="review")
@click.argument("assessment_id", metavar="ID")
@click.option("--publish", is_flag=True, required=True,
              help="Publish the draft so that it counts (the reviewer must not be its author).")
@db_option
def review(assessment_id: str, publish: bool, db: Path | None) -> None:
    """Review a draft assessment: with --publish it counts from now on. The reviewer (you)
    must differ from its author; the audit log records both."""
    store = open_store(db)
    done = publish_assessment(store, assessment_id, cli_user())
    click.echo(f"Published {done.id} ({done.criterion}, {done.actor}); reviewed by "
               f"{cli_user()}.")


COMMANDS = [assessments]
