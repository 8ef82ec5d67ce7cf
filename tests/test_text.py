"""The shared text helpers: clipping at word boundaries and sentences with one full stop."""

from __future__ import annotations

import doctest

import pytest

import hrdscore.text
from hrdscore.text import clip, sentence


@pytest.mark.parametrize(("text", "width", "expected"), [
    ("short", 10, "short"),
    ("exactly ten", 11, "exactly ten"),
    ("a long   line\nof words", 12, "a long …"),
    ("a long   line\nof words", 13, "a long line …"),
    ("Қарашығанақ мұнай газ конденсат кен орны", 20, "Қарашығанақ мұнай …"),
    ("words, then more", 9, "words …"),  # the comma before the cut goes too
])
def test_clip_cuts_between_words(text: str, width: int, expected: str) -> None:
    assert clip(text, width) == expected
    assert len(clip(text, width)) <= max(width, len(text.split()[0]) + 2)


@pytest.mark.parametrize(("text", "expected"), [
    ("replied on 25 Feb 2021", "Replied on 25 Feb 2021."),
    ("Done.", "Done."),
    ("Why?", "Why?"),
    ("«ответ»", "«ответ»"),
    ("ответ получен ", "Ответ получен."),
    ("", ""),
])
def test_sentence_has_one_closing_mark(text: str, expected: str) -> None:
    assert sentence(text) == expected


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(hrdscore.text).failed == 0
