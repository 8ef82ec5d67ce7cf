"""Writing results: JSON that keeps Kazakh letters, and tables that align them."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

FORMATS = ("table", "json")
F = TypeVar("F", bound=Callable[..., Any])


def format_option(
    choices: Sequence[str] = FORMATS, default: str = "table"
) -> Callable[[F], F]:
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True,
        help="Output format.",
    )


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def echo_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]],
               width: int | None = None) -> None:
    table = Table(title=title, show_lines=False, expand=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    # Width fixed when not a terminal so piped output is stable and not cut.
    console = Console(width=width or (None if sys.stdout.isatty() else 160),
                      soft_wrap=False)
    console.print(table)
