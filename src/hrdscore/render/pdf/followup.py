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
from hrdscore.render.pdf.words import EN, Words

__all__ = ["tracker_flowables", "tracker_pdf"]

AUTHOR = "hrdscore"
YEARS_PER_TABLE = 9  # about 39 points a year column: a word or two per cell still fits


def tracker_flowables(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]],
                      notes: Sequence[str], w: Words = EN) -> list[Flowable]:
    """A heading, the tracker table (split into page-sized pieces) and the
    notes (the assessors, each recommendation's response and latest change), all already in
    the reader's language (`hrdscore.render.pdf.tracker_words`)."""
    first, by = 118.0, 24.0  # points: the recommendation (in words) and the assessor number
    # A long period has more year columns than fit across a page (a 90-year report failed to
    # render): beyond YEARS_PER_TABLE they go on in further tables that repeat the first two.
    years = len(columns) - 2
    story: list[Flowable] = [plain(title, Styles.h1)]
    for start in range(0, max(years, 1), YEARS_PER_TABLE):
        shown = [0, 1, *range(2 + start, 2 + min(start + YEARS_PER_TABLE, years))]
        rest = (CONTENT_WIDTH - first - by) / max(len(shown) - 2, 1)
        widths = [first, by, *[rest] * (len(shown) - 2)]
        header = [plain(columns[n], Styles.head_small) for n in shown if n < len(columns)]
        body = [[plain(row[n], Styles.cell_small if n < 2 else Styles.cell)
                 for n in shown if n < len(row)] for row in rows]
        story += chunked_tables(header, body, widths[:len(header)])
        story.append(gap())
    story += [plain(note, Styles.note) for note in notes]
    return story


def tracker_pdf(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]],
                notes: Sequence[str], *, snapshot_hash: str, methodology_version: str,
                generated_on: date, w: Words = EN) -> bytes:
    """The tracker as a PDF of its own; `title`, `columns`, `rows` and `notes` already in
    `w`'s language."""
    info = DocInfo(title=title, subject=w.t("Follow-up of the report's recommendations"),
                   author=AUTHOR, keywords=("follow-up", "recommendations", "Kazakhstan"),
                   snapshot_hash=snapshot_hash, methodology_version=methodology_version,
                   generated_on=generated_on, running_head=title, lang=w.lang)
    return build_pdf(tracker_flowables(title, columns, rows, notes, w), info)
