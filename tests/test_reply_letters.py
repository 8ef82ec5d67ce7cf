"""Reply-round letters: templates in the repository, filled per actor; a Kazakh letter when a
translation is supplied; a template with a typo or a missing contact is refused before any
key is issued; `publish --without-reply-round` says so on the report's cover."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from hrdscore.dataset import Dataset
from hrdscore.errors import HrdscoreError, InvalidData
from hrdscore.model import Period
from hrdscore.organisation import current_organisation
from hrdscore.publish import publish
from hrdscore.reply_letters import letters_dir, write_letters
from hrdscore.reply_service import open_round
from hrdscore.service import Workspace
from hrdscore.store.keys import Role, list_keys
from tests.pdftools import full_text, page_texts
from tests.reply_fixture import Shipped, shipped_template

Y2021 = Period(start_year=2021, end_year=2021)
OPENED = date(2026, 12, 2)
KK_TEMPLATE = """language: kk
title: "{period} жылғы бағалау картасының жобасы"
greeting: "Кімге: {actor_name}"
paragraphs:
  - "Жауап беру мерзімі: {deadline}. Пошта: {email}."
key_label: "Сіздің кілтіңіз:"
closing: "{organisation}"
draft_note: "Жоба, жариялауға арналмаған."
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Shipped:
    return shipped_template(tmp_path_factory.mktemp("reply-letters"), shipped)


@pytest.fixture
def ws(base: Shipped, tmp_path: Path) -> Workspace:
    return base.workspace(tmp_path)


def _templates(tmp_path: Path, extra: dict[str, str]) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(letters_dir(), folder)
    for name, content in extra.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def test_kazakh_letter_when_a_translation_is_supplied(ws: Workspace, tmp_path: Path) -> None:
    r = open_round(ws, Y2021, opened_on=OPENED, who="a", actors=["bozashytranskurylys"])
    folder = _templates(tmp_path, {"letter.kk.yaml": KK_TEMPLATE})
    written = write_letters(ws, r.id, tmp_path / "out", who="a", generated_on=OPENED,
                            templates=folder)
    assert sorted(p.name for p in written) == ["letter-en.pdf", "letter-kk.pdf",
                                               "letter-ru.pdf"]
    kk = full_text((tmp_path / "out" / "bozashytranskurylys" / "letter-kk.pdf").read_bytes())
    assert "Кімге: BozashyTransҚұrylys LLP" in kk
    assert "Жауап беру мерзімі: 2026 жылғы 16 желтоқсан." in kk
    assert "Пошта: reply@example.org." in kk  # from organisation.yaml's reply part
    # The draft scorecard attached speaks the letter's language.
    assert "Ұсынымдар мен критерийлер" in kk and "Recommendations and criteria" not in kk
    ru = full_text((tmp_path / "out" / "bozashytranskurylys" / "letter-ru.pdf").read_bytes())
    assert "Рекомендации и критерии" in ru and "BozashyTransҚұrylys LLP" in ru
    # The letters are the only copy of the key: readable by their owner only.
    assert (tmp_path / "out" / "bozashytranskurylys" / "letter-kk.pdf").stat().st_mode & 0o077 == 0


def test_a_template_typo_is_refused_before_any_key_is_issued(ws: Workspace,
                                                             tmp_path: Path) -> None:
    r = open_round(ws, Y2021, opened_on=OPENED, who="a", actors=["kpo"])
    folder = _templates(tmp_path, {"letter.kk.yaml": KK_TEMPLATE.replace("{deadline}",
                                                                         "{dedline}")})
    with pytest.raises(InvalidData, match=r"letter\.kk\.yaml: paragraphs\.0: unknown "
                                          r"placeholder"):
        write_letters(ws, r.id, tmp_path / "out", who="a", generated_on=OPENED,
                      templates=folder)
    assert not (tmp_path / "out").exists()
    assert [k for k in list_keys(ws.store) if k.role is Role.RESPONDENT] == []


def test_letters_need_the_reply_contact(ws: Workspace, tmp_path: Path) -> None:
    r = open_round(ws, Y2021, opened_on=OPENED, who="a", actors=["kpo"])
    no_contact = current_organisation().model_copy(update={"reply": None})
    with pytest.raises(HrdscoreError, match="no `reply:` part"):
        write_letters(ws, r.id, tmp_path / "out", who="a", generated_on=OPENED,
                      organisation=no_contact)
    assert list_keys(ws.store) == []


@pytest.mark.slow
def test_publish_without_the_reply_round_says_so_on_the_cover(ws: Workspace,
                                                              tmp_path: Path) -> None:
    open_round(ws, Y2021, opened_on=OPENED, who="a", actors=["kpo"])
    out = tmp_path / "pub"
    publication = publish(ws, Y2021, out, generated_on=OPENED, without_reply_round=True)
    cover = page_texts((out / "report-2021.pdf").read_bytes())[0]  # the first page
    assert ("Published before the right-of-reply round closed (deadline 16 December 2026): "
            "the actors' responses to their draft scorecards are not included.") in cover
    assert not any(f.path.startswith("right-of-reply") for f in publication.files)
    assert "right_of_reply" not in (out / "actors" / "kpo.json").read_text(encoding="utf-8")
