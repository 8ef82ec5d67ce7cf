"""The follow-up tracker as a PDF of its own (`hrdscore followup --pdf -o FILE`).

Takes the table the CLI prints (columns, rows, notes from `hrdscore.followup.matrix_rows`), so
the PDF shows exactly what the terminal shows: words, never codes. Kept in its own module so the
scorecard and report layouts stay untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.platypus import Flowable

from hrdscore.render.pdf.document import DocInfo, build_pdf
from hrdscore.render.pdf.styles import (
    CONTENT_WIDTH,
    Styles,
    chunked_tables,
    gap,
    plain,
)

__all__ = ["tracker_flowables", "tracker_pdf"]

AUTHOR = "hrdscore"


def tracker_flowables(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]],
                      notes: Sequence[str]) -> list[Flowable]:
    """A heading, the tracker table (split into page-sized pieces) and the
    notes (the assessors, each recommendation's response and latest change)."""
    first, by = 118.0, 24.0  # points: the recommendation (in words) and the assessor number
    rest = (CONTENT_WIDTH - first - by) / max(len(columns) - 2, 1)
    widths = [first, by, *[rest] * (len(columns) - 2)]
    header = [plain(c, Styles.head_small) for c in columns]
    body = [[plain(cell, Styles.cell_small if n < 2 else Styles.cell) for n, cell in
             enumerate(row)] for row in rows]
    story: list[Flowable] = [plain(title, Styles.h1)]
    story += chunked_tables(header, body, widths)
    story.append(gap())
    story += [plain(note, Styles.note) for note in notes]
    return story


def tracker_pdf(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]],
                notes: Sequence[str], *, snapshot_hash: str, methodology_version: str,
                generated_on: date) -> bytes:
    info = DocInfo(title=title, subject="Follow-up of the report's recommendations",
                   author=AUTHOR, keywords=("follow-up", "recommendations", "Kazakhstan"),
                   snapshot_hash=snapshot_hash, methodology_version=methodology_version,
                   generated_on=generated_on, running_head=title)
    return build_pdf(tracker_flowables(title, columns, rows, notes), info)
