"""Layout checks on generated PDFs (pypdf): what a reader sees as a defect on the page.

Positions come from pypdf's text visitor: each text fragment with its baseline, left edge,
font and size. The body of a page is what lies between the footer and the running head."""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from pypdf import PdfReader

# From render/pdf/styles.py: 18 mm margins, a 14 mm footer plus 4 mm, 8 mm header space.
BODY_BOTTOM = 51.0
HEADING_MIN_SIZE = 9.5  # h3; h2 11.5, h1 15, titles larger; all bold
SECTION_START_SIZE = 15.0  # h1 and the titles: a new section
# The header cells of every table the renderers draw (a header row is these words only).
HEADER_WORDS = {
    "Criterion", "Level", "Explanation", "Request", "Letter", "Reply", "Days",
    "Timeliness and substance", "What it is, and where it is cited", "Document", "Actor",
    "Ref.", "Sent", "Replied", "Timeliness", "Substance", "Kind of actor", "Pillar", "Weight",
    "What it covers", "Level or state", "Points", "Act type or role", "Pillar, kind, weight",
    "How it is assessed", "#", "Total", "Coverage", "Red flags", "Change",
    # Russian (render/pdf/locale/ru)
    "Критерий", "Уровень", "Пояснение", "Запрос", "Письмо", "Ответ", "Дни",
    "Сроки и суть ответа", "Что это и где цитируется", "Документ", "Участник", "№",
    "Отправлен", "Сроки", "Суть", "Итог", "Охват", "Сигналы", "Измен.",
    # Kazakh (render/pdf/locale/kk)
    "Деңгей", "Түсіндірме", "Сұрау", "Хат", "Жауап", "Күндер", "Мерзім және жауаптың мәні",
    "Бұл не және қайда келтірілген", "Құжат", "Субъект", "Жіберілді", "Мерзім", "Мәні",
    "Қорытынды", "Қамту", "Дабыл", "Өзгеріс",
}


@dataclass(frozen=True)
class Frag:
    y: float
    x: float
    bold: bool
    size: float
    text: str


def _frags(page: object) -> list[Frag]:
    out: list[Frag] = []
    top = float(page.mediabox.height) - 62  # type: ignore[attr-defined]

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text.strip():
            return
        y = tm[5] * cm[3] + cm[5]
        if not BODY_BOTTOM - 1 < y < top:
            return
        name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
        out.append(Frag(round(y, 1), round(tm[4] + cm[4], 1), "Bold" in name, float(size),
                        text.strip()))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return out


@dataclass(frozen=True)
class Problem:
    page: int
    what: str


def layout_problems(pdf: bytes) -> list[Problem]:
    pages = PdfReader(io.BytesIO(pdf)).pages
    frags = [_frags(p) for p in pages]
    heights = [float(p.mediabox.height) for p in pages]
    problems: list[Problem] = []
    for i, page in enumerate(frags):
        n = i + 1
        if not page:
            problems.append(Problem(n, "empty page"))
            continue
        lowest = min(f.y for f in page)
        last_line = [f for f in page if f.y - lowest < 3]
        words = {f.text for f in last_line}
        if words and words <= HEADER_WORDS:
            problems.append(Problem(n, f"table header without rows under it: {sorted(words)}"))
        if any(f.bold and f.size >= HEADING_MIN_SIZE for f in last_line):
            problems.append(Problem(n, f"heading as the last line: {sorted(words)}"))
        top = heights[i] - 62
        filled = (top - lowest) / (top - BODY_BOTTOM)
        last_of_section = (i + 1 == len(frags) or heights[i + 1] != heights[i]
                           or _starts_section(frags[i + 1]))
        if filled < 0.2 and not last_of_section:
            problems.append(Problem(n, f"page only {filled:.0%} filled"))
        problems += [Problem(n, f"word broken across lines: {word}")
                     for word in _broken_words(page)]
        for a, b in itertools.pairwise(page):
            if re.fullmatch(r"E\d+", a.text) and re.fullmatch(r"\d+", b.text) and a.x == b.x:
                problems.append(Problem(n, f"evidence number broken: {a.text} / {b.text}"))
    return problems


_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Every word the PDFs print from their own texts, in any of their languages (the PDF
    catalogs, both sides, and the shared labels), lower case: what a line break inside a word
    is recognised by."""
    from hrdscore.labels.vocabulary import LABELS
    from hrdscore.render.pdf.catalogs import LANGS, read_catalog

    texts = [words for domain in LABELS.values() for entry in domain.values()
             for words in entry.values()]
    for lang in LANGS:
        texts += [str(part) for m in read_catalog(lang) if m.id
                  for part in (m.id, m.string)]
    return frozenset(w.casefold() for t in texts for w in _WORD.findall(t))


def _broken_words(page: list[Frag]) -> list[str]:
    """Words broken across lines inside one table cell or paragraph: the end of a line and the
    start of the next (one or two lines down, same size, nearby) join into a known word that
    the first piece is not ("Защита правоза / щитников", "Сигнал / ы", "правоза / щитнико /
    в")."""
    known = vocabulary()
    found: list[str] = []
    for i, a in enumerate(page):
        tail = _WORD.findall(a.text)
        if not tail or tail[-1].casefold() in known or not a.text.rstrip()[-1:].isalpha():
            continue
        joined, pieces = tail[-1], [tail[-1]]
        upper = a
        for b in page[i + 1:i + 3]:
            head = _WORD.findall(b.text)
            if (not head or b.size != upper.size or not 0 < upper.y - b.y <= 1.6 * b.size
                    or abs(b.x - upper.x) > 60 or not b.text.lstrip()[:1].isalpha()):
                break
            joined += head[0]
            pieces.append(head[0])
            if joined.casefold() in known:
                found.append(" / ".join(pieces))
                break
            if len(head) > 1:  # the next line goes on with other words: no longer one word
                break
            upper = b
    return found


def _starts_section(page: list[Frag]) -> bool:
    if not page:
        return True
    first = max(page, key=lambda f: f.y)
    return first.bold and first.size >= SECTION_START_SIZE
