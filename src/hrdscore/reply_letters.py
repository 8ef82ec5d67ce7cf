"""Reply-round letters: the editable templates in `scorecards/letters/`, filled in per actor,
and the PDFs (the letter, then the frozen draft scorecard) written for every actor.

Each run issues every actor a new respondent key (the earlier one is revoked), printed in its
letters: the token exists only in the letters, and only its hash in the database. The letter
files are therefore written readable by their owner only."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from hrdscore.datafiles import load_settings
from hrdscore.errors import HrdscoreError, InvalidData, Problem
from hrdscore.organisation import Organisation, current_organisation
from hrdscore.paths import scorecards_dir
from hrdscore.replies import LANGUAGES, date_in_words
from hrdscore.reply_service import draft_card, find_round, issue_key
from hrdscore.service import Workspace

__all__ = ["LetterTemplate", "Letters", "fill", "letter_languages", "load_template",
           "write_letters"]

PLACEHOLDERS = ("actor_name", "period", "deadline", "organisation", "email", "postal_address",
                "reply_url", "round", "key")


class LetterTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(pattern=r"^[a-z]{2}$")
    title: str = Field(min_length=1)
    greeting: str = Field(min_length=1)
    paragraphs: list[str] = Field(min_length=1)
    key_label: str = Field(min_length=1)
    closing: str = Field(min_length=1)
    draft_note: str = Field(min_length=1)


def letters_dir() -> Path:
    return scorecards_dir() / "letters"


def letter_languages(folder: Path | None = None) -> list[str]:
    """The languages with a template, in the order en, ru, kk."""
    where = folder or letters_dir()
    return [lang for lang in LANGUAGES if (where / f"letter.{lang}.yaml").is_file()]


def load_template(language: str, folder: Path | None = None) -> LetterTemplate:
    path = (folder or letters_dir()) / f"letter.{language}.yaml"
    template = load_settings(path, LetterTemplate)
    if template.language != language:
        raise InvalidData([Problem(str(path), f"says language {template.language!r}, its name "
                                   f"{language!r}", field="language")])
    # Every placeholder must be one we fill: a typo must not reach an actor as "{dedline}".
    problems = []
    for field, value in [("title", template.title), ("greeting", template.greeting),
                         ("key_label", template.key_label), ("closing", template.closing),
                         ("draft_note", template.draft_note),
                         *[(f"paragraphs.{i}", p) for i, p in enumerate(template.paragraphs)]]:
        try:
            value.format_map(dict.fromkeys(PLACEHOLDERS, ""))
        except (KeyError, ValueError, IndexError) as exc:
            problems.append(Problem(str(path), f"unknown placeholder or stray brace ({exc}); "
                                    f"placeholders: {', '.join(PLACEHOLDERS)}", field=field))
    if problems:
        raise InvalidData(problems)
    return template


@dataclass(frozen=True)
class Letters:
    """A letter's words, filled in."""

    language: str
    title: str
    greeting: str
    paragraphs: tuple[str, ...]
    key_label: str
    key: str
    closing: str
    draft_note: str


def fill(template: LetterTemplate, values: Mapping[str, str]) -> Letters:
    def f(value: str) -> str:
        return value.format_map(values)

    return Letters(template.language, f(template.title), f(template.greeting),
                   tuple(f(p) for p in template.paragraphs), f(template.key_label),
                   values["key"], f(template.closing), f(template.draft_note))


def _contact(org: Organisation) -> dict[str, str]:
    if org.reply is None:
        raise HrdscoreError("the organisation settings (scorecards/organisation.yaml) have no "
                            "`reply:` part (email, postal_address, reply_url): the letters "
                            "must say where to answer")
    return {"email": org.reply.email, "postal_address": org.reply.postal_address,
            "reply_url": org.reply.reply_url.rstrip("/")}


def _write_private(path: Path, data: bytes) -> None:
    """A file only its owner reads: it holds a working key."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def write_letters(ws: Workspace, round_id: str, out: Path, *, who: str, generated_on: date,
                  languages: Sequence[str] | None = None,
                  organisation: Organisation | None = None,
                  templates: Path | None = None) -> list[Path]:
    """Per actor of the open round: `out/<actor>/letter-<lang>.pdf`, the letter and its draft
    scorecard; each actor gets a new respondent key, printed in its letters. `templates`: the
    folder of `letter.<lang>.yaml` files (default: scorecards/letters/)."""
    from hrdscore.render.pdf.letters import letter_pdf

    org = organisation or current_organisation()
    round_ = find_round(ws, round_id)
    if not round_.is_open:
        raise HrdscoreError(f"the reply round {round_id} is closed: no letters")
    chosen = list(languages) if languages else letter_languages(templates)
    if not chosen:
        raise HrdscoreError(f"no letter templates (letter.<language>.yaml) in "
                            f"{templates or letters_dir()}")
    # Every problem is found before any key is issued.
    loaded = {lang: load_template(lang, templates) for lang in chosen}
    contact = _contact(org)
    if out.exists() and any(out.iterdir()):
        raise HrdscoreError(f"{out} is not empty: letters go to a new or empty directory")
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    written = []
    for actor in round_.actors:
        card = draft_card(ws, round_id, actor)
        _, token = issue_key(ws, round_id, actor, who=who)
        folder = out / actor
        folder.mkdir(exist_ok=True, mode=0o700)
        for lang, template in loaded.items():
            words = fill(template, {**contact, "actor_name": card.actor_name,
                                    "period": round_.period, "organisation": org.name,
                                    "deadline": date_in_words(round_.deadline, lang),
                                    "round": round_id, "key": token})
            path = folder / f"letter-{lang}.pdf"
            _write_private(path, letter_pdf(words, card, methodology=ws.methodology,
                                            organisation=org, generated_on=generated_on))
            written.append(path)
    return written
