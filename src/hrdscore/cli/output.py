"""Writing results: JSON that keeps Kazakh letters, and tables that align them."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rich import box
from rich.console import Console
from rich.table import Table

FORMATS = ("table", "json")
F = TypeVar("F", bound=Callable[..., Any])
TABLE_WIDTH = 100  # what piped output and tests see; a terminal uses its own width


class AliasedOption(click.Option):
    """An option whose old spellings still work but are not advertised in --help."""

    def __init__(self, *args: Any, hidden_aliases: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hidden_aliases = tuple(hidden_aliases)

    def _shown(self) -> list[str]:
        return [o for o in self.opts if o not in self.hidden_aliases]

    def get_help_spec(self, ctx: click.Context) -> str:
        opts = self.opts
        self.opts = self._shown()
        try:
            return super().get_help_spec(ctx)
        finally:
            self.opts = opts

    def get_error_hint(self, ctx: click.Context | None) -> str:
        return " / ".join(f"'{o}'" for o in self._shown())


def out_option(*, help: str, required: bool = False, file_okay: bool = True,
               dir_okay: bool = True, as_text: bool = False,
               metavar: str | None = None) -> Callable[[F], F]:
    """`-o/--out`, the one name every command uses for where to write; `--output`, the name
    `pdf` and `report` once had, is still accepted."""
    kind: click.ParamType[Any] = (click.STRING if as_text else
                             click.Path(file_okay=file_okay, dir_okay=dir_okay,
                                        path_type=Path))
    return click.option("-o", "--out", "--output", "out", cls=AliasedOption,
                        hidden_aliases=("--output",), type=kind, required=required,
                        metavar=metavar, help=help)


def format_option(
    choices: Sequence[str] = FORMATS, default: str = "table",
    aliases: dict[str, str] | None = None,
) -> Callable[[F], F]:
    """`--format`; `aliases` maps old names still accepted (not advertised) to the new."""
    known = dict(aliases or {})

    def canonical(ctx: click.Context, param: click.Parameter, value: str) -> str:
        return known.get(value, value)

    return click.option(
        "--format", "fmt", type=_HiddenChoice(list(choices), list(known)), default=default,
        show_default=True, callback=canonical, help="Output format.",
    )


class _HiddenChoice(click.Choice[str]):
    """A choice that also accepts old names, listing only the current ones."""

    def __init__(self, choices: Sequence[str], hidden: Sequence[str]) -> None:
        super().__init__(list(choices))
        self.hidden = list(hidden)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        if value in self.hidden:
            return str(value)
        return str(super().convert(value, param, ctx))


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def echo_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]],
               width: int | None = None) -> None:
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    # Width fixed when not a terminal so piped output is stable and fits 100 columns.
    console = Console(width=width or (None if sys.stdout.isatty() else TABLE_WIDTH),
                      soft_wrap=False)
    # No vertical rules: at 100 columns that leaves room for whole words.
    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, show_lines=False,
                  expand=False, padding=(0, 1), pad_edge=False)
    widths = fit_widths([list(columns), *cells], console.width - _SEPARATOR * (len(columns) - 1))
    # A blank line between rows once a row takes several lines, so rows stay apart.
    if any("\n" in text or (widths is not None and len(text) > widths[i])
           for row in cells for i, text in enumerate(row)):
        table.leading = 1
    for index, col in enumerate(columns):
        # Cells wrap between words; only a word wider than its whole column is folded.
        table.add_column(col, overflow="fold", width=widths[index] if widths else None)
    for row in cells:
        table.add_row(*row)
    console.print(table)


_SEPARATOR = 3  # a column's padding on both sides and the (blank) rule between columns
_LONGEST_WORD = 30  # a longer word (a URL, a rare long id) is folded, not every column squeezed


def fit_widths(grid: Sequence[Sequence[str]], room: int) -> list[int] | None:
    """Column widths that fit `room`: every column gets at least its longest word (when the
    longest words together are too wide, the longest of them give way first), and the rest
    is shared by how much each column still needs. None for a room too small to matter."""
    count = max((len(row) for row in grid), default=0)
    shortest, longest = [1] * count, [1] * count
    for row in grid:
        for index, text in enumerate(row):
            words = [len(w) for line in text.splitlines() for w in line.split()]
            shortest[index] = max(shortest[index], min(max(words, default=0), _LONGEST_WORD))
            line_width = max((len(line) for line in text.splitlines()), default=0)
            longest[index] = max(longest[index], line_width)
    longest = [max(lo, sh) for lo, sh in zip(longest, shortest, strict=True)]
    if count == 0 or room < 2 * count:
        return None
    while sum(shortest) > room:  # only the very longest words are folded, never short ones
        shortest[shortest.index(max(shortest))] -= 1
    spare = room - sum(shortest)
    needs = [lo - sh for lo, sh in zip(longest, shortest, strict=True)]
    if sum(needs) <= spare:
        return longest
    shares = [spare * need // sum(needs) for need in needs]
    widths = [sh + extra for sh, extra in zip(shortest, shares, strict=True)]
    for index in sorted(range(count), key=lambda i: -needs[i])[: spare - sum(shares)]:
        widths[index] += 1
    return widths
