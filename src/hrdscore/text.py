"""Small text helpers shared by explanations, tables and PDFs: one behaviour each."""

from __future__ import annotations

__all__ = ["clip", "sentence"]

# Marks that already end a sentence (with the data's own closing quotes and markup).
_ENDINGS = (".", "?", "!", "”", "’", "»", ">", "…")


def clip(text: str, width: int = 160) -> str:
    """`text` on one line, cut at a word boundary to at most `width` characters with " …".

    >>> clip("a long   line of words", 12)
    'a long …'
    """
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[: max(width - 1, 1)].rsplit(" ", 1)[0]  # whole words only, room for " …"
    return cut.rstrip(" ,;:.") + " …"


def sentence(text: str) -> str:
    """`text` as a sentence: first letter capitalised, exactly one closing mark.

    >>> sentence("replied on 25 Feb 2021"), sentence("Why?"), sentence("«quoted»")
    ('Replied on 25 Feb 2021.', 'Why?', '«quoted»')
    """
    text = text.rstrip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text.endswith(_ENDINGS) else text + "."
