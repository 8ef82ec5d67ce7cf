"""Dates in words, in the languages letters and scorecards are written in (en, ru, kk).

A deadline is written out ("16 December 2026", "16 декабря 2026 года") rather than as digits,
so nobody reads 03/04 as the wrong month."""

from __future__ import annotations

from datetime import date

__all__ = ["LANGUAGES", "date_in_words"]

LANGUAGES = ("en", "ru", "kk")

_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
       "October", "November", "December")
# Russian months in the genitive, as a date is written ("16 декабря").
_RU = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
       "октября", "ноября", "декабря")
_KK = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
       "қазан", "қараша", "желтоқсан")


def date_in_words(day: date, language: str = "en") -> str:
    if language == "ru":
        return f"{day.day} {_RU[day.month - 1]} {day.year} года"
    if language == "kk":
        return f"{day.year} жылғы {day.day} {_KK[day.month - 1]}"
    if language != "en":
        raise ValueError(f"no date words for language {language!r}; have {', '.join(LANGUAGES)}")
    return f"{day.day} {_EN[day.month - 1]} {day.year}"
