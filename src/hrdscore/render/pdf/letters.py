"""A reply-round letter as PDF: the letter (in its language), then the actor's frozen draft
scorecard, marked as a draft. Renders what it is given; never scores."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, PageBreak

from hrdscore.labels import LANGS
from hrdscore.methodology import Methodology
from hrdscore.model import Scorecard, Source
from hrdscore.organisation import Organisation
from hrdscore.render.pdf.document import DocInfo, build_pdf
from hrdscore.render.pdf.scorecard import scorecard_story
from hrdscore.render.pdf.styles import Styles, gap, para, text
from hrdscore.render.pdf.words import EN, Words

if TYPE_CHECKING:
    from hrdscore.reply_letters import Letters

__all__ = ["letter_pdf"]

_NO_SOURCES: Mapping[str, Source] = MappingProxyType({})


def letter_pdf(words: Letters, card: Scorecard, *, methodology: Methodology,
               organisation: Organisation, generated_on: date) -> bytes:
    story: list[Flowable] = [
        para(text(organisation.name), Styles.subtitle), gap(6),
        para(text(words.title), Styles.h1), gap(2),
        para(text(words.greeting), Styles.lead), gap(2),
    ]
    story += [para(text(p), Styles.body) for p in words.paragraphs]
    story += [gap(4), para(text(words.key_label), Styles.body),
              para(f"<b>{text(words.key)}</b>", Styles.body), gap(6),
              para(text(words.closing), Styles.body), PageBreak(),
              para(f"<b>{text(words.draft_note)}</b>", Styles.flag), gap(2)]
    # The draft scorecard speaks the letter's language (English for a language the PDFs do
    # not have yet).
    w = Words(words.language) if words.language in LANGS else EN
    story += scorecard_story(card, None, sources=_NO_SOURCES, methodology=methodology, w=w)
    info = DocInfo(
        title=words.title, subject=f"{words.title}: {card.actor_name}",
        author=organisation.name,
        keywords=("right of reply", "draft scorecard", card.actor, card.period),
        snapshot_hash=card.snapshot_hash, methodology_version=card.methodology_version,
        generated_on=generated_on, running_head=f"{words.draft_note} · {card.actor_name}",
        lang=w.lang)
    return build_pdf(story, info)
