"""Finding an actor by any of its names, typed in any script.

Names and queries are folded to one Latin spelling: Russian and Kazakh Cyrillic letters are
transliterated, diacritics dropped, case and punctuation ignored. So `Карачаганак` finds
"Karachaganak Petroleum Operating B.V.", and `BozashyTransKurylys` finds
"BozashyTransҚұrylys".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Final

# Russian and Kazakh Cyrillic to Latin, close to the spellings the report uses.
_CYRILLIC: Final[dict[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Kazakh letters
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}
FOLD_MAP: Final = _CYRILLIC  # for the static site's script (static/filter.js)
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """`text` lower-cased, transliterated to Latin, without diacritics or punctuation:
    words separated by one space."""
    lowered = text.casefold()
    latin = "".join(_CYRILLIC.get(ch, ch) for ch in lowered)
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", latin)
                       if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", stripped).strip()


def _squeezed(text: str) -> str:
    # 'kh' and 'k' compared alike: Latin spellings of Қ write either ('Kazakhstan',
    # Қазақстан).
    return text.replace(" ", "").replace("kh", "k")


def folded_names(names: Iterable[str]) -> str:
    """Names as the static site's script compares them: folded, squeezed, '|' between."""
    return "|".join(_squeezed(fold(name)) for name in names)


def matches(query: str, names: Iterable[str]) -> bool:
    """Does any of `names` contain the query (folded; spaces ignored, so 'Bozashy Trans'
    finds 'BozashyTrans...')? An empty query matches everything."""
    wanted = _squeezed(fold(query))
    if not wanted:
        return True
    return any(wanted in _squeezed(fold(name)) for name in names)
