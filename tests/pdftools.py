"""Reading generated PDFs back in tests: text, fonts, metadata, outline (pypdf)."""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

DEJAVU = {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"}


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def squash(value: str) -> str:
    """Whitespace collapsed, so text wrapped over lines compares with the source string."""
    return re.sub(r"\s+", " ", value).strip()


def page_texts(pdf: bytes) -> list[str]:
    return list(_page_texts(pdf))


@lru_cache(maxsize=32)
def _page_texts(pdf: bytes) -> tuple[str, ...]:
    # Text extraction is the slowest step of the PDF tests (seconds for the annual report),
    # and many tests read the same document: read each one once.
    return tuple(squash(page.extract_text() or "") for page in reader(pdf).pages)


def full_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def _resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _fonts_in(resources: Any, out: dict[str, DictionaryObject], seen: set[int]) -> None:
    resources = _resolve(resources)
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return
    seen.add(id(resources))
    for font in (_resolve(resources.get("/Font")) or {}).values():
        font = _resolve(font)
        out[str(font["/BaseFont"])] = font
    for xobject in (_resolve(resources.get("/XObject")) or {}).values():
        xobject = _resolve(xobject)
        if "/Resources" in xobject:
            _fonts_in(xobject["/Resources"], out, seen)


def fonts(pdf: bytes) -> dict[str, DictionaryObject]:
    """Every font any page (or form on it) uses, by BaseFont name."""
    found: dict[str, DictionaryObject] = {}
    seen: set[int] = set()
    for page in reader(pdf).pages:
        _fonts_in(page.get("/Resources"), found, seen)
    return found


def face(base_font: str) -> str:
    """'/AAAAAB+DejaVuSans-Bold' -> 'DejaVuSans-Bold' (the subset prefix removed)."""
    return base_font.lstrip("/").split("+", 1)[-1]


def embedded(font: DictionaryObject) -> bool:
    descriptor = _resolve(font.get("/FontDescriptor"))
    return descriptor is not None and "/FontFile2" in descriptor


def outline_titles(pdf: bytes) -> list[str]:
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))

    walk(reader(pdf).outline)
    return titles
