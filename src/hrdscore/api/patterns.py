"""Regular expressions that put the API's own rules into its OpenAPI document, so a client (or a
fuzzer) reading the document sends only what the server accepts.

A period is a year or a range of years whose end is not before its start. A regex cannot compare
numbers, so the pattern lists, for each decade a range may start in, the years it may end in:
generated here from the bounds, checked against every pair of years by the tests.
"""

from __future__ import annotations

from itertools import groupby

# Each generated pattern in words, for the error a person reads instead of the regex.
_WORDS: dict[str, str] = {}


def _digits(first: int, last: int) -> str:
    """One digit from `first` to `last` (0-9)."""
    if first == last:
        return str(first)
    if (first, last) == (0, 9):
        return r"\d"
    return f"[{first}-{last}]"


def _years(first: int, last: int) -> str:
    """Four-digit years from `first` to `last`, as alternatives grouped by decade and century."""
    parts: list[str] = []
    first_decade, last_decade = first // 10, last // 10
    inner = [d for d in range(first_decade, last_decade + 1)
             if d * 10 >= first and d * 10 + 9 <= last]
    # Whole decades of one century share a character class: 19[1-9]\d.
    for century, decades in groupby(inner, key=lambda d: d // 10):
        tens = [d % 10 for d in decades]
        parts.append(f"{century}{_digits(tens[0], tens[-1])}\\d")
    for decade in sorted({first_decade, last_decade}):
        if decade in inner:
            continue
        low = max(first, decade * 10) % 10
        high = min(last, decade * 10 + 9) % 10
        parts.append(f"{decade}{_digits(low, high)}")
    return "|".join(parts)


def period_pattern(first: int, last: int) -> str:
    """A year from `first` to `last`, or two such years joined by '-' with the second not
    before the first (2016-2020, 2019-2019; never 2020-2016)."""
    ranges: list[str] = []
    for decade in range(first // 10, last // 10 + 1):
        low = max(first, decade * 10)
        high = min(last, decade * 10 + 9)
        # Ends in the same decade: the last digit may not go down.
        same = "|".join(f"{d}-{decade}{_digits(d, high % 10)}"
                        for d in range(low % 10, high % 10 + 1))
        ranges.append(f"{decade}(?:{same})")
        if high < last:
            ranges.append(f"{decade}{_digits(low % 10, high % 10)}-(?:{_years(high + 1, last)})")
    pattern = f"^(?:{_years(first, last)}|{'|'.join(ranges)})$"
    _WORDS[pattern] = (f"give a year from {first} to {last} (2021) or a range of such years "
                       "that does not end before it starts (2016-2020)")
    return pattern


def in_words(message: str) -> str:
    """A validation message quoting a pattern of this module, said in words instead."""
    for pattern, words in _WORDS.items():
        if pattern in message or pattern.replace("\\", "\\\\") in message:
            return words
    return message
