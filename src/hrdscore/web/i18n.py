"""Languages of the web pages: English, Russian and Kazakh through gettext catalogs.

The catalogs are the `.po` files in `hrdscore/web/locale/<lang>/LC_MESSAGES/messages.po`,
compiled in memory with Babel when first used, so a fresh `git clone` needs no build step and
no compiled `.mo` file can go stale. Dates and numbers are formatted by Babel's CLDR data.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Final

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from hrdscore.labels import LANGS, Lang

LOCALE_DIR: Final = Path(__file__).parent / "locale"
DEFAULT: Final[Lang] = "en"
# The language's own name, as the switcher shows it.
NATIVE: Final[Mapping[Lang, str]] = {"en": "English", "ru": "Русский", "kk": "Қазақша"}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


@cache
def translations(lang: Lang) -> NullTranslations:
    """The catalog of `lang` (English: the source strings themselves)."""
    if lang == DEFAULT:
        return NullTranslations()
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def as_lang(value: str | None) -> Lang | None:
    """'ru', 'RU', 'ru-RU', 'kk_KZ' as a language of the pages; None for any other."""
    if not value:
        return None
    head = value.strip().lower().replace("_", "-").split("-")[0]
    for lang in LANGS:
        if head == lang:
            return lang
    return None


def from_accept_language(header: str | None) -> Lang | None:
    """The first language of an Accept-Language header that the pages speak, by weight."""
    if not header:
        return None
    ranked: list[tuple[float, int, Lang]] = []
    for position, part in enumerate(header.split(",")):
        name, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        lang = as_lang(name)
        if lang is not None and weight > 0:
            ranked.append((-weight, position, lang))
    return min(ranked)[2] if ranked else None


def _locale(lang: Lang) -> Locale:
    # British English: '12 February 2021', as the PDFs write dates.
    return Locale.parse("en_GB" if lang == "en" else lang)


def fmt_date(value: date | None, lang: Lang) -> str:
    """'12 February 2021', '12 февраля 2021 г.', '2021 ж. 12 ақпан'."""
    if value is None:
        return "—"
    return format_date(value, "long", locale=_locale(lang))


def fmt_number(value: float | int | None, lang: Lang, digits: int = 1) -> str:
    """A number in the reader's convention (Russian and Kazakh: a decimal comma)."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


def fmt_percent(value: float | None, lang: Lang) -> str:
    """A share as a whole percentage ('67 %' in Russian and Kazakh, '67%' in English)."""
    if value is None:
        return "—"
    from babel.numbers import format_percent

    return format_percent(value, format="#,##0%", locale=_locale(lang))
