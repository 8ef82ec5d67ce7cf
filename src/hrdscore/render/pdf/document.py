"""The document: metadata, page templates with the footer, page count and outline, and the
deterministic build (no clock: the generation date is passed in; `invariant=1`)."""

from __future__ import annotations

import calendar
import hashlib
import io
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
)

from hrdscore import __version__
from hrdscore.labels import Lang
from hrdscore.render.pdf.fonts import BOLD, REGULAR
from hrdscore.render.pdf.styles import (
    FAINT,
    FOOTER_SPACE,
    HEADER_SPACE,
    LANDSCAPE,
    MARGIN,
    MUTED,
    PAGE,
    RULE,
)
from hrdscore.render.pdf.words import Words

# ------------------------------------------------------------------------------ document

@dataclass(frozen=True)
class DocInfo:
    """What the document says about itself: metadata and the footer."""

    title: str
    subject: str
    author: str
    keywords: tuple[str, ...]
    snapshot_hash: str
    methodology_version: str
    generated_on: date
    running_head: str
    lang: Lang = "en"  # the language of the footer


_TOTAL_FORM = "hrdscorePageTotal"
_BUILD_LOCK = threading.Lock()


class _Canvas(Canvas):
    """Counts its pages and, at the end, defines the form every footer's 'of N' refers to
    (a forward reference, so pages are written as they are made: memory stays flat and
    bookmarks point at the right pages)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages_shown = 0

    def showPage(self) -> None:
        self._pages_shown += 1
        super().showPage()

    def save(self) -> None:
        self.beginForm(_TOTAL_FORM)
        self.setFont(BOLD, 7.5)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(self._pages_shown))
        self.endForm()
        super().save()


class _Doc(BaseDocTemplate):
    """Dates the document by its generation date (not the clock, not SOURCE_DATE_EPOCH) and
    adds a PDF outline entry for every flowable marked with `outline(...)`."""

    generated_on: date | None = None
    hrd_contents: list[tuple[str, int]]

    def handle_documentBegin(self) -> None:
        if self.generated_on is not None:
            stamp = TimeStamp(invariant=1)
            seconds = calendar.timegm(self.generated_on.timetuple())
            stamp.t = seconds
            stamp.lt = time.gmtime(seconds)
            stamp.YMDhms = tuple(stamp.lt)[:6]
            stamp.dhh = stamp.dmm = 0
            stamp.tzname = "UTC"
            pdfdoc = self.canv._doc  # type: ignore[attr-defined]
            pdfdoc._timeStamp = stamp
            # The document ID digest starts from the time stamp too (ReportLab seeds it at
            # creation, from SOURCE_DATE_EPOCH if set): seed it from the generation date.
            signature = hashlib.md5(b"a reportlab document", usedforsecurity=False)
            signature.update(ascii(seconds).encode("ascii"))
            pdfdoc.signature = signature
        super().handle_documentBegin()

    def afterFlowable(self, flowable: Flowable) -> None:
        entry: tuple[str, int] | None = getattr(flowable, "_hrd_outline", None)
        if entry is None:
            return
        title, level = entry
        if level == 0:
            self.hrd_contents.append((title, self.canv.getPageNumber()))
        self._hrd_marks = getattr(self, "_hrd_marks", 0) + 1
        key = f"s{self._hrd_marks}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)


def outline(flowable: Flowable, title: str, level: int = 0) -> Flowable:
    """Mark a heading so it appears in the PDF's bookmarks."""
    flowable._hrd_outline = (title, level)  # type: ignore[attr-defined]
    return flowable


def _footer(info: DocInfo) -> Callable[[Canvas, BaseDocTemplate], None]:
    def draw(canv: Canvas, doc: BaseDocTemplate) -> None:
        width, height = getattr(doc.pageTemplate, "pagesize", None) or PAGE
        page = canv.getPageNumber()
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN, FOOTER_SPACE - 2 * mm, width - MARGIN, FOOTER_SPACE - 2 * mm)
        canv.setFillColor(MUTED)
        canv.setFont(REGULAR, 6.6)
        w = Words(info.lang)
        canv.drawString(MARGIN, FOOTER_SPACE - 5.5 * mm,
                        w.t("Evidence snapshot SHA-256 {hash}", hash=info.snapshot_hash))
        canv.drawString(MARGIN, FOOTER_SPACE - 8.6 * mm,
                        w.t("Generated {day} · methodology {version} · hrdscore {release}",
                            day=w.date(info.generated_on), version=info.methodology_version,
                            release=__version__))
        label = w.t("Page {page} of ", page=page)
        canv.setFont(BOLD, 7.5)
        x = width - MARGIN - 58
        canv.drawString(x, FOOTER_SPACE - 7 * mm, label)
        canv.translate(x + canv.stringWidth(label, BOLD, 7.5), FOOTER_SPACE - 7 * mm)
        canv.doForm(_TOTAL_FORM)
        canv.restoreState()
        if page > 1 and info.running_head:
            canv.saveState()
            canv.setFont(REGULAR, 7)
            canv.setFillColor(FAINT)
            canv.drawString(MARGIN, height - MARGIN + 1 * mm, info.running_head)
            canv.restoreState()

    return draw


def build_with_contents(make_story: Callable[[list[tuple[str, int]] | None], list[Flowable]],
                        info: DocInfo) -> bytes:
    """Two passes: the first lays the story out to learn on which page each top-level heading
    falls, the second prints those numbers in the contents (whose page the first pass kept)."""
    entries = _layout(make_story(None), info, io.BytesIO())
    buffer = io.BytesIO()
    _layout(make_story(entries), info, buffer)
    return buffer.getvalue()


def build_pdf(story: list[Flowable], info: DocInfo) -> bytes:
    """Lay out a story on A4 with the shared footer; same story, same bytes."""
    buffer = io.BytesIO()
    _layout(story, info, buffer)
    return buffer.getvalue()


def _layout(story: list[Flowable], info: DocInfo, buffer: io.BytesIO) -> list[tuple[str, int]]:
    """Lay the story out into `buffer`; the top-level headings with their pages."""
    doc = _Doc(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_SPACE / 2, bottomMargin=FOOTER_SPACE + 4 * mm,
        title=info.title, author=info.author, subject=info.subject,
        keywords=list(info.keywords), creator=f"hrdscore {__version__}", lang="en",
        invariant=1, initialFontName=REGULAR, initialFontSize=9, displayDocTitle=1,
    )
    doc.generated_on = info.generated_on
    doc.hrd_contents = []
    footer = _footer(info)
    templates = []
    for name, size in (("portrait", PAGE), ("landscape", LANDSCAPE)):
        frame = Frame(MARGIN, doc.bottomMargin, size[0] - 2 * MARGIN,
                      size[1] - doc.bottomMargin - doc.topMargin, id=name,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates.append(PageTemplate(id=name, frames=[frame], onPage=footer, pagesize=size))
    doc.addPageTemplates(templates)
    with _BUILD_LOCK:  # ReportLab keeps some state per process (fonts' subsets, caches)
        doc.build(story, canvasmaker=_Canvas)
    return doc.hrd_contents
