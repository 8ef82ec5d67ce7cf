"""One human label per code, per language: what a reader sees instead of an internal code.

Codes stay in JSON and in the CSV code columns; every table, PDF and CSV label column a person
reads takes its words from here, so "possibly on time" reads the same in the CLI, the PDF and
the spreadsheet. `label(domain, code, lang)` is the one entry point; an unknown code falls back
to the code with its underscores as spaces (never a traceback in a report), and a Kazakh label not
yet written falls back to Russian (see `hrdscore.labels.vocabulary`).
"""

from __future__ import annotations

import re
from typing import Final, Literal

from hrdscore.labels.vocabulary import LABELS

Lang = Literal["en", "ru", "kk"]
LANGS: Final[tuple[Lang, ...]] = ("en", "ru", "kk")
DOMAINS: Final[tuple[str, ...]] = tuple(LABELS)


def label(domain: str, code: object, lang: Lang = "en") -> str:
    """The reader's word for `code` of `domain` ('level', 'timeliness', ...)."""
    raw = str(getattr(code, "value", code))
    entry = LABELS.get(domain, {}).get(raw)
    if entry is None:
        return raw.replace("_", " ")
    return entry.get(lang) or entry["en"]


def fmt_pct(value: float | None) -> str:
    """A share as a whole percentage, rounded half up (0.105 -> 11%), the one percent format
    of every output (coverage in a card's header and in its reason agree)."""
    from decimal import ROUND_HALF_UP, Decimal

    if value is None:
        return "—"
    percent = (Decimal(str(value)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{percent}%"


def pct_number(value: float | None) -> float | str:
    """A share as a percentage number for a spreadsheet column headed '(%)': 0.1428 -> 14.3."""
    if value is None:
        return ""
    from decimal import ROUND_HALF_UP, Decimal

    return float((Decimal(str(value)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
_CRITERION = re.compile(r"\b[a-z]+\d{4}-[a-z]+-(\d+)\.c(\d+)\b")
_WORD_DOMAINS = ("level", "missing", "rule", "timeliness", "reply", "kind", "dimension")


def plain_words(value: str) -> str:
    """Text written for readers, with any internal code left in it ('not_started',
    'reply_on_time', 'kk2021-gov-16.c2') turned into words."""
    def word(match: re.Match[str]) -> str:
        code = match.group(0)
        for domain in _WORD_DOMAINS:
            if code in LABELS[domain]:
                return label(domain, code)
        return code.replace("_", " ")

    value = _CRITERION.sub(lambda m: f"criterion {int(m.group(2))} of recommendation "
                                     f"{int(m.group(1))}", value)
    return _CODE.sub(word, value)


def count_noun(n: int, singular: str, plural: str | None = None) -> str:
    """'1 act', '3 acts': never 'act(s)'."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


__all__ = ["DOMAINS", "LANGS", "Lang", "count_noun", "fmt_pct", "label", "pct_number",
           "plain_words"]
