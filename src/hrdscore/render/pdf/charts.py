"""Vector graphics (reportlab.graphics): pillar score bars, the inquiry/reply timeline against
the legal deadline, and bar charts of incident counts. Every string is set in DejaVu Sans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.textlabels import NA_Label
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from hrdscore.model import PillarResult
from hrdscore.render.pdf.fonts import BOLD, REGULAR
from hrdscore.render.pdf.styles import (
    ACCENT,
    BAD,
    CONTENT_WIDTH,
    FAINT,
    GOOD,
    INK,
    MIDDLE,
    MUTED,
    NONE_BG,
    RULE,
    SHADE,
    band_colour,
    score_colour,
)
from hrdscore.render.pdf.words import EN, Words

Anchor = Literal["start", "middle", "end"]


def _string(x: float, y: float, value: str, *, size: float = 7.5, font: str = REGULAR,
            colour: colors.Color = INK, anchor: Anchor = "start") -> String:
    return String(x, y, value, fontName=font, fontSize=size, fillColor=colour,
                  textAnchor=anchor)


def _rect(x: float, y: float, w: float, h: float, fill: colors.Color | None,
          stroke: colors.Color | None = None, stroke_width: float = 0.4,
          dash: Sequence[float] | None = None) -> Rect:
    # (The stubs type Rect's keyword arguments wrongly; set the attributes instead.)
    rect = Rect(x, y, w, h)
    rect.fillColor = fill
    rect.strokeColor = stroke
    rect.strokeWidth = stroke_width
    if dash is not None:
        rect.strokeDashArray = list(dash)
    return rect


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose renderer starts in DejaVu Sans, not ReportLab's default Helvetica
    (which it would otherwise declare in the PDF even if no string used it)."""
    return Drawing(width, height, initialFontName=REGULAR, initialFontSize=7.5)


def fit(value: str, width: float, size: float, font: str = REGULAR) -> str:
    """The text, shortened with an ellipsis if it is wider than `width` points."""
    if stringWidth(value, font, size) <= width:
        return value
    while value and stringWidth(value + "…", font, size) > width:
        value = value[:-1]
    return value.rstrip() + "…"


# ------------------------------------------------------------------------------ pillars

def pillar_bars(pillars: Sequence[PillarResult], width: float = CONTENT_WIDTH, *,
                bands: Sequence[str] = (), w: Words = EN) -> Drawing:
    """One bar per pillar on a 0-100 scale, coloured by its band (`bands`: the methodology's
    band words, highest first; none under methodology 1); a pillar without a score is an
    empty frame labelled so, never a zero-length bar that reads as zero."""
    row, label_w, right_w = 19.0, 150.0, 150.0
    bar_w = width - label_w - right_w - 10
    height = row * len(pillars) + 14
    d = _drawing(width, height)
    x0 = label_w
    for tick in (0, 25, 50, 75, 100):
        x = x0 + bar_w * tick / 100
        line = Line(x, 10, x, height - 2, strokeColor=RULE, strokeWidth=0.4)
        if tick not in (0, 100):
            line.strokeDashArray = [1, 2]
        d.add(line)
        d.add(_string(x, 2, str(tick), size=6, colour=FAINT, anchor="middle"))
    for i, p in enumerate(pillars):
        y = height - (i + 1) * row
        name = p.label if w.lang == "en" else w.label("pillar", p.pillar)
        d.add(_string(0, y + 6.5, fit(name, label_w - 6, 8, BOLD), size=8, font=BOLD))
        d.add(_string(0, y - 0.5, w.t("weight {weight} · {criteria}",
                                      weight=w.number(f"{p.weight:g}"),
                                      criteria=w.count(p.criteria, "criterion", "criteria")),
                      size=6, colour=MUTED))
        d.add(_rect(x0, y + 1, bar_w, 11, SHADE, RULE))
        if p.score is not None:
            # A score of 0 still shows a mark at the start of the bar, so it never looks like
            # a pillar without a score (drawn hatched, below).
            d.add(_rect(x0, y + 1, max(bar_w * max(min(p.score, 100), 0) / 100, 2.5), 11,
                        band_colour(p.band, bands) if bands else score_colour(p.score)))
            label = f"{w.score(p.score)} / 100"
            colour = INK
        else:
            d.add(_rect(x0, y + 1, bar_w, 11, NONE_BG, RULE, dash=[2, 2]))
            for hx in range(int(x0) + 6, int(x0 + bar_w), 9):  # hatched: nothing to measure
                d.add(Line(hx, y + 1.5, hx + 6, y + 11.5, strokeColor=RULE, strokeWidth=0.5))
            # No criterion of the pillar applies to this actor: nothing is missing.
            label = w.t("not applicable") if p.criteria == 0 else w.t("no score")
            colour = MUTED
        d.add(_string(x0 + bar_w + 8, y + 6, label, size=8, font=BOLD, colour=colour))
        words = w.band(p.band) if p.band and p.score is not None else ""
        cover = (w.t("coverage {share}", share=w.pct(p.coverage)) if p.criteria
                 else w.t("no criterion applies"))
        d.add(_string(x0 + bar_w + 8, y - 1, fit(" · ".join(
            part for part in (words, cover) if part), right_w, 6.5),
            size=6.5, colour=MUTED))
    return d


def _step(english: float, name: str, indent: float, w: Words) -> float:
    """How far the next legend item starts: the English layout's fixed steps, or past the
    words in another language (they run longer)."""
    if w.lang == "en":
        return english
    return indent + stringWidth(name, REGULAR, 6.5) + 8


# ------------------------------------------------------------------------------ timeline

@dataclass(frozen=True)
class TimelineRow:
    label: str
    start: date  # the letter (or, when known, its receipt)
    deadline: date
    reply: date | None
    status: str  # on_time, probably_on_time, late, no_reply, unknown, pending


_STATUS_COLOUR = {"on_time": GOOD, "probably_on_time": MIDDLE, "late": BAD, "no_reply": BAD,
                  "unknown": FAINT}


def _ticks(first: date, last: date, w: Words = EN) -> list[tuple[date, str]]:
    """Date ticks: the 1st and 15th of each month over a short span, months otherwise."""
    short = (last - first).days <= 100
    ticks: list[tuple[date, str]] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        days = (1, 15) if short else (1,)
        ticks += [(date(year, month, d), w.day_month(date(year, month, d)) if short
                   else w.month(date(year, month, 1))) for d in days]
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    ticks = [t for t in ticks if first <= t[0] <= last]
    step = max(1, (len(ticks) + 7) // 8)
    return ticks[::step]


def timeline(rows: Sequence[TimelineRow], *, width: float = CONTENT_WIDTH,
             deadline_days: int = 15, w: Words = EN) -> Drawing:
    """Each request as a line from the letter to the reply (or, without one, to past the
    deadline), with the legal deadline marked: readers see at a glance who answered in time."""
    row, label_w = 17.0, 150.0
    first = min(r.start for r in rows)
    last = max(max(r.deadline, r.reply or r.deadline) for r in rows)
    first -= timedelta(days=3)
    last += timedelta(days=6)
    span = max((last - first).days, 1)
    plot_w = width - label_w - 8
    legend_h = 14.0
    axis_h = 14.0
    height = legend_h + axis_h + row * len(rows) + 4
    d = _drawing(width, height)

    def x_of(day: date) -> float:
        return label_w + plot_w * (day - first).days / span

    base = legend_h + axis_h
    d.add(Line(label_w, base - 2, label_w + plot_w, base - 2, strokeColor=MUTED,
               strokeWidth=0.5))
    for tick, label in _ticks(first, last, w):
        x = x_of(tick)
        d.add(Line(x, base - 4, x, height - 2, strokeColor=RULE, strokeWidth=0.3))
        d.add(_string(x, base - 11, label, size=6, colour=MUTED, anchor="middle"))
    for i, r in enumerate(rows):
        y = height - (i + 1) * row + 4
        colour = _STATUS_COLOUR.get(r.status, FAINT)
        # The status in words beside every coloured line (never colour alone), in the label
        # column, where it cannot print over the lines.
        d.add(_string(0, y - 2.5, fit(f"{r.label} · {w.label('timeliness', r.status)}",
                                      label_w - 6, 7), size=7))
        xs, xd = x_of(r.start), x_of(r.deadline)
        if r.reply is not None:
            xr = x_of(r.reply)
            d.add(Line(xs, y, xr, y, strokeColor=colour, strokeWidth=2.2))
            d.add(_rect(xr - 2.6, y - 2.6, 5.2, 5.2, colour))
        else:
            end = x_of(last) - 4
            d.add(Line(xs, y, end, y, strokeColor=colour, strokeWidth=1.2,
                       strokeDashArray=[3, 2]))
        d.add(Line(xd, y - 6, xd, y + 6, strokeColor=INK, strokeWidth=1.1))
        d.add(Circle(xs, y, 2.6, fillColor=colors.white, strokeColor=ACCENT, strokeWidth=1.1))
    # Legend: under the plot (English, whose fixed steps fit), or further left when longer
    # words (Russian, Kazakh) would run past the right edge.
    sent = w.t("letter sent (or received)")
    due = w.t("legal deadline ({days} days)", days=deadline_days)
    marks = (("on_time", w.t("reply on time")), ("probably_on_time", w.t("possibly on time")),
             ("late", w.t("late / none")))
    needed = (_step(100, sent, 9, w) + _step(100, due, 8, w)
              + sum(_step(62 if s != "probably_on_time" else 70, n, 8, w) for s, n in marks))
    lx: float = label_w if w.lang == "en" else max(0.0, min(label_w, width - needed))
    d.add(Circle(lx + 3, 5, 2.6, fillColor=colors.white, strokeColor=ACCENT, strokeWidth=1.1))
    d.add(_string(lx + 9, 2.5, sent, size=6.5, colour=MUTED))
    lx += _step(100, sent, 9, w)
    d.add(Line(lx + 3, 0, lx + 3, 10, strokeColor=INK, strokeWidth=1.1))
    d.add(_string(lx + 8, 2.5, due, size=6.5, colour=MUTED))
    lx += _step(100, due, 8, w)
    for status, name in marks:
        d.add(_rect(lx, 2.4, 5.2, 5.2, _STATUS_COLOUR[status]))
        d.add(_string(lx + 8, 2.5, name, size=6.5, colour=MUTED))
        lx += _step(62 if status != "probably_on_time" else 70, name, 8, w)
    return d


# ------------------------------------------------------------------------------ bar charts

@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: withheld (suppressed), drawn as no bar and labelled so


def _thousands(value: float) -> str:
    return f"{value:,.0f}"


def _style_axis_labels(chart: VerticalBarChart | HorizontalBarChart, size: float,
                       horizontal: bool = False) -> None:
    chart.valueAxis.labelTextFormat = _thousands
    for labels in (chart.categoryAxis.labels, chart.valueAxis.labels, chart.barLabels):
        labels.fontName = REGULAR
        labels.fontSize = size
        labels.fillColor = INK
    na = NA_Label()
    na.text = "withheld"
    na.fontName = REGULAR
    na.fontSize = size - 0.5
    na.fillColor = MUTED
    # Beside the bar's origin, clear of the axis and of the category names.
    na.boxAnchor = "w" if horizontal else "s"
    na.dx, na.dy = (6, 0) if horizontal else (0, 4)
    chart.naLabel = na


def _value_max(values: Sequence[int | None]) -> int:
    top = max([v for v in values if v is not None] or [1])
    # A round upper bound with some room for the bar labels.
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / step <= 6:
            return int(step * (int(top * 1.12 / step) + 1))
    return int(top * 1.15) + 1


def _bar_text(bars: Sequence[Bar], max_chars: int = 40) -> list[str]:
    out = []
    for b in bars:
        label = b.label if len(b.label) <= max_chars else b.label[:max_chars - 1] + "…"
        out.append(label)
    return out


def vertical_bars(bars: Sequence[Bar], *, width: float = CONTENT_WIDTH, height: float = 136,
                  colour: colors.Color = ACCENT) -> Drawing:
    """Columns, e.g. threats by year."""
    d = _drawing(width, height)
    chart = VerticalBarChart()
    # (Whole points: the stubs type these as int.)
    chart.x, chart.y = 36, 20
    chart.width, chart.height = int(width) - 50, int(height) - 30
    values = [b.value for b in bars]
    chart.data = [values]
    chart.categoryAxis.categoryNames = _bar_text(bars, 16)
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.dy = -3
    if len(bars) > 8:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
    _style_bars(chart, values, colour)
    chart.barLabels.nudge = 6
    _style_axis_labels(chart, 7)
    d.add(chart)
    return d


def _style_bars(chart: VerticalBarChart | HorizontalBarChart, values: Sequence[int | None],
                colour: colors.Color) -> None:
    """What vertical and horizontal bar charts share: scale from 0, muted axes, a light
    grid, one colour, labelled bars."""
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _value_max(values)
    chart.valueAxis.strokeColor = MUTED
    chart.categoryAxis.strokeColor = MUTED
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.bars[0].fillColor = colour
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = _thousands


def horizontal_bars(bars: Sequence[Bar], *, width: float = CONTENT_WIDTH,
                    colour: colors.Color = ACCENT, label_width: float = 150) -> Drawing:
    """Rows with their labels on the left, e.g. threats by field of activity."""
    row = 14.0
    height = row * len(bars) + 30
    d = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = int(label_width), 16
    chart.width, chart.height = int(width - label_width) - 30, int(row) * len(bars)
    values = [b.value for b in bars]
    # HorizontalBarChart draws the first category at the bottom: reverse so it reads top-down.
    chart.data = [list(reversed(values))]
    names = [fit(n, label_width - 10, 7) for n in _bar_text(bars, 60)]
    chart.categoryAxis.categoryNames = list(reversed(names))
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    _style_bars(chart, values, colour)
    chart.barLabels.nudge = 8
    chart.barLabels.boxAnchor = "w"
    _style_axis_labels(chart, 7, horizontal=True)
    d.add(chart)
    return d


def legend_square(colour: colors.Color, label: str, width: float = 160) -> Drawing:
    d = _drawing(width, 10)
    d.add(_rect(0, 1.5, 7, 7, colour))
    d.add(_string(11, 2, label, size=7, colour=MUTED))
    return d


