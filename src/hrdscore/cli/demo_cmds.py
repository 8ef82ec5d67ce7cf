"""`hrdscore demo-data`: a synthetic database for trying hrdscore at scale."""

from __future__ import annotations

import time
from pathlib import Path

import click

from hrdscore.cli.output import out_option
from hrdscore.demo import build_database


@click.command(name="demo-data")
@click.option("--scale", type=click.IntRange(min=10), default=10_000, show_default=True,
              help="Number of incident acts (actors and inquiries grow in proportion).")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Random seed: the same seed gives the same database.")
@out_option(help="Database file to create (must not exist).", required=True, dir_okay=False)
def demo_data(scale: int, seed: int, out: Path) -> None:
    """Create a deterministic synthetic database: Zipf-like incidents per actor, multi-field
    acts, Kazakh and Russian names, replies with the report's mix of delays and substance.
    One actor per 50 acts and one inquiry per 5. For benchmarks and demonstrations only."""
    started = time.perf_counter()
    counts = build_database(out, acts=scale, seed=seed,
                            progress=lambda kind: click.echo(f"importing {kind}…", err=True))
    summary = ", ".join(f"{n:,} {kind}" for kind, n in counts.items())
    click.echo(f"{out}: {summary} ({time.perf_counter() - started:.1f} s)")


COMMANDS = [demo_data]
