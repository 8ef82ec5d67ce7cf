"""Look and furniture shared by every PDF: palette, paragraph and table styles (all in the
bundled DejaVu faces), the page template with its footer, and small flowable helpers.

Everything here is deterministic: no clock, no randomness, `invariant=1` on every document.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Final
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from hrdscore.labels import fmt_pct as fmt_pct
from hrdscore.labels import label
from hrdscore.model.vocab import Level, MissingState
from hrdscore.render.pdf.fonts import BOLD, ITALIC, REGULAR, register_fonts

# ------------------------------------------------------------------------------ palette

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
FAINT = colors.HexColor("#9aa5b1")
RULE = colors.HexColor("#cbd2d9")
SHADE = colors.HexColor("#f0f4f8")
ACCENT = colors.HexColor("#0b4f6c")
ACCENT_LIGHT = colors.HexColor("#d9eaf2")
# Good / middle / bad: blue, amber, crimson (ColorBrewer RdYlBu ends, an amber between), at
# least 28 CIEDE2000 units apart under simulated deuteranopia and protanopia
# (tests/test_publication_colour.py); green and red were 5.6 apart for a deuteranope. Colour
# is never the only carrier: every coloured mark has its word beside it.
GOOD = colors.HexColor("#2166ac")
MIDDLE = colors.HexColor("#d9a21b")
MIDDLE_TEXT = colors.HexColor("#8c6210")  # the amber, dark enough to read as text
BAD = colors.HexColor("#b2182b")
# Methodology 2 has four bands: the second is a light blue (RdYlBu), at least 23 units from
# its neighbours for the same readers, so leading and progressing do not share a colour.
PROGRESSING = colors.HexColor("#74add1")
BAND_MARKS = (GOOD, PROGRESSING, MIDDLE, BAD)  # highest band first, as the methodology lists
BAND_TEXT = (GOOD, GOOD, MIDDLE_TEXT, BAD)  # the light blue is too pale for text
FLAG_BG = colors.HexColor("#fdecea")
NONE_BG = colors.HexColor("#e4e7eb")

PAGE = A4
LANDSCAPE = landscape(A4)
MARGIN = 18 * mm
FOOTER_SPACE = 14 * mm
HEADER_SPACE = 8 * mm
CONTENT_WIDTH = PAGE[0] - 2 * MARGIN
WIDE_WIDTH = LANDSCAPE[0] - 2 * MARGIN  # on landscape pages (wide tables)

register_fonts()


def _style(name: str, size: float, leading: float, font: str = REGULAR,
           color: colors.Color = INK, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, textColor=color,
                          **kw)


class Styles:
    """Every paragraph style, each with a DejaVu face set explicitly (never Helvetica)."""

    body = _style("body", 9, 12.5, spaceAfter=4)
    lead = _style("lead", 10.5, 14.5, spaceAfter=6)
    small = _style("small", 7.5, 9.8, color=MUTED)
    note = _style("note", 8, 10.5, color=MUTED, spaceAfter=4)
    quote = _style("quote", 8.5, 11.5, ITALIC, MUTED, leftIndent=8, spaceAfter=4)
    title = _style("title", 21, 26, BOLD, ACCENT, spaceAfter=6)
    subtitle = _style("subtitle", 12, 16, REGULAR, MUTED, spaceAfter=4)
    h1 = _style("h1", 15, 19, BOLD, ACCENT, spaceBefore=6, spaceAfter=6, keepWithNext=1)
    h2 = _style("h2", 11.5, 15, BOLD, INK, spaceBefore=8, spaceAfter=4, keepWithNext=1)
    h3 = _style("h3", 9.5, 12.5, BOLD, INK, spaceBefore=6, spaceAfter=2, keepWithNext=1)
    cell = _style("cell", 7.8, 9.8)
    cell_small = _style("cell_small", 7, 8.8, color=MUTED)
    cell_bold = _style("cell_bold", 7.8, 9.8, BOLD)
    cell_right = _style("cell_right", 7.8, 9.8, alignment=TA_RIGHT)
    head = _style("head", 7.8, 9.8, BOLD, colors.white)
    head_right = _style("head_right", 7.8, 9.8, BOLD, colors.white, alignment=TA_RIGHT)
    head_small = _style("head_small", 7, 8.6, BOLD, colors.white)
    head_small_right = _style("head_small_right", 7, 8.6, BOLD, colors.white,
                              alignment=TA_RIGHT)
    total = _style("total", 26, 30, BOLD, ACCENT)
    total_none = _style("total_none", 14, 18, BOLD, MUTED)
    centre = _style("centre", 9, 12, alignment=TA_CENTER)
    flag = _style("flag", 8.5, 11.5, color=BAD)
    flag_head = _style("flag_head", 9.5, 12.5, BOLD, BAD, spaceAfter=2)
    cover_title = _style("cover_title", 28, 34, BOLD, ACCENT, spaceAfter=10)
    cover_sub = _style("cover_sub", 14, 19, REGULAR, INK, spaceAfter=6)

    @classmethod
    def all(cls) -> list[ParagraphStyle]:
        return [v for v in vars(cls).values() if isinstance(v, ParagraphStyle)]


def text(value: object) -> str:
    """Data as paragraph markup: escaped, never interpreted."""
    return escape(str(value))


class Para(Paragraph):
    """A paragraph that remembers its line breaks for the last width it was wrapped to.

    Tables wrap each cell several times (to size rows, to split across pages, to draw); line
    breaking is the costliest step of a build and gives the same lines for the same width."""

    _wrapped: tuple[float, tuple[float, float], Any, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        done = self._wrapped
        if done is not None and done[0] == availWidth:
            _width, size, self.blPara, self.height = done[1][0], done[1], done[2], done[3]
            self.width = availWidth
            return size
        size = super().wrap(availWidth, availHeight)
        if availWidth >= 1e-8:
            self._wrapped = (availWidth, size, self.blPara, self.height)
        return size


def para(value: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of markup (escape data with `text` first)."""
    return Para(value, style or Styles.body)


def plain(value: object, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of plain data (escaped here)."""
    return Para(text(value), style or Styles.body)


# ------------------------------------------------------------------------------ wording

LEVEL_LABELS: dict[Level, str] = {level: label("level", level) for level in Level}
MISSING_LABELS: dict[MissingState, str] = {s: label("missing", s) for s in MissingState}


def level_colour(level: Level | None, points: float | None) -> colors.Color:
    if level is None:
        return FAINT if points is None else BAD
    if level is Level.REGRESSED or (points is not None and points < 34):
        return BAD
    if points is not None and points < 67:
        return MIDDLE_TEXT
    return GOOD


def band_colour(band: str | None, bands: Sequence[str], *, for_text: bool = False,
                ) -> colors.Color:
    """The colour of a band by its place among the methodology's bands (highest first): the
    card carries the band, so the renderer never compares numbers with the band limits."""
    if band is None or band not in bands:
        return FAINT
    palette = BAND_TEXT if for_text else BAND_MARKS
    return palette[min(list(bands).index(band), len(palette) - 1)]


def score_colour(score: float | None, *, for_text: bool = False) -> colors.Color:
    """Methodology 1, which has no bands: thirds of the scale."""
    if score is None:
        return FAINT
    middle = MIDDLE_TEXT if for_text else MIDDLE
    return BAD if score < 34 else middle if score < 67 else GOOD


def fmt_score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".removesuffix(".0")


def shorten(value: str, limit: int = 900,
            note: str = " … (shortened here; the scorecard's JSON has it in full)") -> str:
    """Plain text cut at a clause boundary before `limit` characters, saying so."""
    if len(value) <= limit:
        return value
    cut = value[:limit]
    for mark in ("; ", ", ", " "):
        at = cut.rfind(mark)
        if at > limit // 2:
            cut = cut[:at]
            break
    return cut.rstrip(" ;,") + note


def humanise(code: str) -> str:
    return code.replace("_", " ")


# ------------------------------------------------------------------------------ tables

def grid_style(*, header_rows: int = 1, zebra: bool = True, rows: int = 0,
               extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    """Table style with the DejaVu faces on every cell (header bold on the accent colour)."""
    cmds: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), 7.8),
        ("LEADING", (0, 0), (-1, -1), 9.8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header_rows:
        cmds += [
            ("FONTNAME", (0, 0), (-1, header_rows - 1), BOLD),
            ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), colors.white),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), ACCENT),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"),
        ]
    if zebra and rows:
        cmds += [("BACKGROUND", (0, i), (-1, i), SHADE)
                 for i in range(header_rows + 1, header_rows + rows, 2)]
    cmds += list(extra)
    return TableStyle(cmds)


CELL_PADDING: Final = 4  # grid_style's LEFTPADDING and RIGHTPADDING


def _longest_word(cell: object) -> float:
    """The width of the widest word of a paragraph cell, in its own font and size."""
    best = 0.0
    for frag in getattr(cell, "frags", None) or ():
        for word in str(getattr(frag, "text", "")).split():
            best = max(best, stringWidth(word, frag.fontName, frag.fontSize))
    return best


def fit_words(widths: Sequence[float], rows: Sequence[Sequence[Any]],
              flex: int) -> list[float]:
    """Column widths in which every word of every cell fits on a line: a column whose longest
    word is wider than the column grows by the difference, which column `flex` (the one of
    running text) gives up. ReportLab would otherwise break a word in two ("правоза /
    щитников"); Russian and Kazakh words run longer than the English ones the widths were
    chosen for. The table keeps its total width."""
    out = list(widths)
    for j in range(len(out)):
        if j == flex:
            continue
        need = max((_longest_word(row[j]) for row in rows if j < len(row)), default=0.0)
        out[j] = max(out[j], math.ceil(need) + 2 * CELL_PADDING + 1)
    out[flex] = sum(widths) - (sum(out) - out[flex])
    return out


def chunked_tables(header: Sequence[Any], rows: Sequence[Sequence[Any]],
                   widths: Sequence[float], *, chunk: int = 200,
                   extra: Callable[[int, int], Sequence[tuple[Any, ...]]] | None = None,
                   flex: int | None = None) -> list[Flowable]:
    """A long table as page-sized pieces, each repeating the header (and, should a piece
    still not fit, splitting by row with the header repeated again). `extra(start, n)` gives
    per-piece style commands for its rows (row 1 = rows[start]). `flex`: the column that
    gives up width so that no word of another column breaks (`fit_words`); None keeps
    `widths` as they are (English, whose layout is pinned)."""
    if flex is not None:
        widths = fit_words(widths, [header, *rows], flex)
    out: list[Flowable] = []
    for start in range(0, max(len(rows), 1), chunk):
        part = rows[start:start + chunk]
        data = [list(header), *[list(r) for r in part]]
        # splitInRow: a row taller than what is left of the page may break inside (parts of
        # at least 36 points) rather than fail the build.
        table = Table(data, colWidths=list(widths), repeatRows=1, splitByRow=1,
                      splitInRow=36, hAlign="LEFT")
        table.setStyle(grid_style(rows=len(part),
                                  extra=extra(start, len(part)) if extra else ()))
        out.append(table)
    return out


def headed_tables(heads: Sequence[Flowable], header: Sequence[Any],
                  rows: Sequence[Sequence[Any]], widths: Sequence[float], *,
                  chunk: int = 200, flex: int | None = None) -> list[Flowable]:
    """Headings followed by a long table, moved to a new page only when the headings and the
    table's first row would not fit where they are (a heading never ends a page, and a table
    that could start here does not leave half a page empty). `flex` as in `chunked_tables`."""
    if flex is not None:
        widths = fit_words(widths, [header, *rows], flex)
    width = sum(widths)
    need = 0.0
    for flowable in heads:
        # The break below keeps them with the table; keepWithNext would pull the whole first
        # piece of the table along and could leave most of a page empty.
        flowable.keepWithNext = 0
        need += flowable.wrap(width, 10_000)[1] + flowable.getSpaceBefore()
        need += flowable.getSpaceAfter()
    if rows:
        probe = Table([list(header), list(rows[0])], colWidths=list(widths))
        probe.setStyle(grid_style(rows=1))
        need += probe.wrap(width, 10_000)[1]
    return [CondPageBreak(need + 4), *heads, *chunked_tables(header, rows, widths, chunk=chunk)]


def headed_box(flowables: list[Flowable], *, border: colors.Color, background: colors.Color,
               width: float = CONTENT_WIDTH) -> Table:
    """Flowables in a coloured box (red flags, notes), one row each so that a long box breaks
    across pages (the box is drawn round each part)."""
    box = Table([[f] for f in flowables], colWidths=[width], hAlign="LEFT", splitByRow=1,
                splitInRow=36)
    box.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("BOX", (0, 0), (-1, -1), 0.9, border),
        ("BACKGROUND", (0, 0), (-1, -1), background),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("TOPPADDING", (0, 0), (-1, 0), 6),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
    ]))
    return box


def keep(*flowables: Flowable) -> KeepTogether:
    return KeepTogether(list(flowables))


def gap(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)
