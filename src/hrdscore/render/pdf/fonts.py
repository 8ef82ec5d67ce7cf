"""The one typeface of every PDF: DejaVu Sans, bundled, registered once per process.

ReportLab's built-in fonts have no Cyrillic glyphs and it does not complain about missing
ones: a name such as `BozashyTransҚұrylys` would print as boxes. DejaVu Sans covers Latin,
Cyrillic and every Kazakh letter (Ә ә Ғ ғ Қ қ Ң ң Ө ө Ұ ұ Ү ү Һ һ І і). The four faces ship in
`fonts/` with their licence (Bitstream Vera / DejaVu: bundling is allowed).
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).parent / "fonts"
FAMILY = "DejaVuSans"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
FACES = (REGULAR, BOLD, ITALIC, BOLD_ITALIC)

_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the four faces and their family (so <b> and <i> in paragraphs pick the right
    face); safe to call any number of times, from any thread. Returns the family name."""
    global _registered
    if _registered:
        return FAMILY
    with _lock:
        if not _registered:
            registered = set(pdfmetrics.getRegisteredFontNames())
            for face in FACES:
                if face not in registered:
                    pdfmetrics.registerFont(TTFont(face, str(FONT_DIR / f"{face}.ttf")))
            pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC,
                                          boldItalic=BOLD_ITALIC)
            _registered = True
    return FAMILY
