"""Scorecards and responsiveness as flat rows: the long-format CSV the CLI and API share."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from hrdscore.model import Scorecard
from hrdscore.scoring import Responsiveness

SCORECARD_COLUMNS = [
    "actor", "actor_name", "actor_kind", "period", "recommendation", "criterion", "pillar",
    "weight", "level", "missing", "points", "basis", "evidence_ids", "explanation",
    "actor_total", "actor_coverage", "methodology_version", "snapshot_hash",
]
RESPONSIVENESS_COLUMNS = [
    "inquiry", "actor", "actor_name", "reference", "sent_on", "sent_year", "replied_on",
    "days_to_reply", "counted_from", "on_time", "timeliness", "substance", "follow_ups",
    "explanation",
]


def scorecard_rows(cards: Iterable[Scorecard]) -> list[list[Any]]:
    """One row per actor x criterion (long format)."""
    rows = []
    for card in cards:
        for rec in card.recommendations:
            for c in rec.criteria:
                rows.append([
                    card.actor, card.actor_name, card.actor_kind.value, card.period,
                    c.recommendation, c.criterion, c.pillar, c.weight,
                    c.level.value if c.level else "", c.missing.value if c.missing else "",
                    "" if c.points is None else c.points, c.explanation.basis,
                    ";".join(c.explanation.evidence), c.explanation.text,
                    "" if card.total is None else card.total, card.coverage,
                    card.methodology_version, card.snapshot_hash,
                ])
    return rows


def responsiveness_rows(report: Responsiveness) -> list[list[Any]]:
    return [[
        r.inquiry, r.actor, r.actor_name, r.reference or "", r.sent_on or "",
        r.sent_year or "", r.replied_on or "",
        "" if r.days_to_reply is None else r.days_to_reply, r.counted_from or "",
        "" if r.on_time is None else str(r.on_time).lower(), r.timeliness, r.substance.value,
        ";".join(r.follow_ups), r.explanation,
    ] for r in report.rows]


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"): an actor's name "=HYPERLINK(...)" would become a live link, "+cmd|..." a command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def formula_safe(cell: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, prefixed with a single quote so it
    shows as typed; numbers (also a negative number as text, "-3.5") stay numbers."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) and not _NUMBER.match(cell):
        return "'" + cell
    return cell


def _cell(cell: Any) -> Any:
    cell = formula_safe(cell)
    if isinstance(cell, str) and "\r" in cell:
        # The writer quotes a cell only for the characters of its line terminator ("\n"): a
        # bare carriage return would go out unquoted and readers would end the row there.
        cell = cell.replace("\r\n", "\n").replace("\r", "\n")
    return cell


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV, every text cell made formula-safe and its line breaks written as "\n"
    (every CSV the project writes goes through here)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_cell(c) for c in columns])
    writer.writerows([_cell(c) for c in row] for row in rows)
    return buffer.getvalue()
