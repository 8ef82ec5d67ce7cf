"""The PDFs in Russian and Kazakh (issue 14): the scorecard, the annual report, `publish
--lang` and the API's `?lang=`. English stays byte for byte what it was; names of actors keep
their spelling; the PDF catalogs lack nothing and keep nothing stale; the layout guard finds
no defect in the translated documents."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from hrdscore.dataset import Dataset
from hrdscore.model import Period
from hrdscore.model.vocab import DatePrecision
from hrdscore.publish import publish
from hrdscore.render.pdf.catalogs import LANGS, messages, state
from hrdscore.render.pdf.words import Words, words
from hrdscore.service import Workspace
from tests.api_helpers import Api, Base, make_base, running_api
from tests.pdflayout import layout_problems
from tests.pdftools import full_text, squash

Y2021 = Period(start_year=2021, end_year=2021)
ON = date(2026, 12, 1)
BOZASHY = "BozashyTransҚұrylys LLP"
# SHA-256 of the English files of the 2021 publication generated on ON, rendered by `main`
# before the PDFs learnt other languages: English must not move by one byte. (If English
# output is changed on purpose, render it again and put the new hashes here.) The report was
# re-taken once on purpose: the tracker's assessor column (24 points) is headed "#", as its
# "Assessor" broke into "Ass/ess/or", which the layout checker now finds; nothing else moved.
# All three were re-taken once more when the evidence hash stopped covering identifying fields
# (sealed with a random nonce, they gave the same evidence a new hash in every database): the
# extracted text is unchanged apart from the hash.
ENGLISH = {
    "actors/kpo.pdf": "3c4e04ccb113712024d7410aa3a362979defab6f17dd48f966b4803085a032f2",
    "actors/kz-government.pdf":
        "5b29adecaadb99da9b2f168b856c69c7ff59328090b31ed4ec5b560023713d33",
    "report-2021.pdf": "d921975ee7bf8d715142e15284f8632862df67900c262b7bec9713db2cf68797",
}


@pytest.fixture(scope="module")
def published(workspace: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf-lang") / "pub"
    publish(workspace, Y2021, out, generated_on=ON, langs=("ru",))
    return out


@pytest.fixture(scope="module")
def kpo_kk(workspace: Workspace) -> bytes:
    return workspace.public_scorecard_pdf(Y2021, "kpo", ON, lang="kk")


def _text(pdf: bytes) -> str:
    return squash(full_text(pdf))


def test_kpo_scorecard_in_russian(published: Path) -> None:
    text = _text((published / "actors" / "kpo.ru.pdf").read_bytes())
    for heading in ("Рекомендации и критерии", "Информационные запросы и ответы",
                    "Доказательства", "Цитируемые документы", "Выходные данные",
                    "Как читать эту оценочную карту", "Направления", "Итог",
                    "Недостаточно данных", "Страница 1 из"):
        assert heading in text, heading
    # The request of 9 February 2021, answered on 25 February: dates in Russian words.
    assert "9 февраля 2021" in text and "25 февраля 2021" in text
    assert "66,7 / 100" in text  # a decimal comma
    assert "Отрасль нефтяная промышленность" in text
    assert "Karachaganak Petroleum Operating B.V." in text  # names keep their spelling
    # Recommendation texts exist only in English: they stay, marked in Russian.
    assert "(на английском)" in text
    for english in ("Recommendations and criteria", "Information requests and replies",
                    "Documents cited", "Page 1 of", "Timeliness and substance"):
        assert english not in text, english
    # The request's own row dates it in Russian (explanations, English prose, keep theirs).
    assert "№ 22 9 февраля 2021 25 февраля 2021 16" in text


def test_kpo_scorecard_in_kazakh(kpo_kk: bytes) -> None:
    text = _text(kpo_kk)
    for heading in ("Ұсынымдар мен критерийлер", "Ақпараттық сұраулар және жауаптар",
                    "Дәлелдер", "Шығу деректері", "Бағыттар", "Қорытынды",
                    "Деректер жеткіліксіз", "(ағылшын тілінде)"):
        assert heading in text, heading
    assert "2021 ж. 9 ақпан" in text
    assert "Recommendations and criteria" not in text


def test_an_actor_name_keeps_its_kazakh_letters(workspace: Workspace,
                                                 published: Path) -> None:
    ru = _text((published / "actors" / "bozashytranskurylys.ru.pdf").read_bytes())
    kk = _text(workspace.public_scorecard_pdf(Y2021, "bozashytranskurylys", ON, lang="kk"))
    assert BOZASHY in ru and BOZASHY in kk
    assert "Оценочная карта 2021 · " + BOZASHY in ru  # the running head


def test_english_files_keep_their_bytes(published: Path) -> None:
    found = {rel: hashlib.sha256((published / rel).read_bytes()).hexdigest()
             for rel in ENGLISH}
    assert found == ENGLISH


def test_publish_lang_lists_the_translated_files(published: Path) -> None:
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    sums = dict(reversed(line.split("  ", 1))
                for line in (published / "SHA256SUMS").read_text().splitlines())
    for rel in ("actors/kpo.ru.pdf", "actors/kz-government.ru.pdf", "report-2021.ru.pdf"):
        digest = hashlib.sha256((published / rel).read_bytes()).hexdigest()
        assert listed[rel] == digest and sums[rel] == digest
    english = {p for p in listed if p.startswith("actors/") and p.endswith(".pdf")
               and not p.endswith(".ru.pdf")}
    russian = {p for p in listed if p.endswith(".ru.pdf") and p.startswith("actors/")}
    assert {p.removesuffix(".pdf") + ".ru.pdf" for p in english} == russian
    assert not any(p.endswith(".kk.pdf") for p in listed)  # only the languages asked for


def test_russian_report(published: Path) -> None:
    text = _text((published / "report-2021.ru.pdf").read_bytes())
    for words_ in ("ЕЖЕГОДНЫЕ ОЦЕНОЧНЫЕ КАРТЫ · 2021", "Содержание", "Рейтинги",
                   "Государственные органы (12)", "Как читать оценочные карты",
                   "Оценочные карты по участникам", "Участник", "Охват"):
        assert words_ in text, words_
    assert BOZASHY in text
    assert "Rankings" not in text
    # The report's prose is translated now (tests/test_pdf_prose.py): no section says it is
    # English only.
    assert "Этот раздел пока на английском языке." not in text


def test_translated_pdfs_have_no_layout_defect(published: Path, kpo_kk: bytes,
                                               workspace: Workspace) -> None:
    pdfs = {rel: (published / rel).read_bytes()
            for rel in ("actors/kpo.ru.pdf", "actors/kz-government.ru.pdf",
                        "report-2021.ru.pdf")}
    pdfs["kpo.kk"] = kpo_kk
    pdfs["kz-government.kk"] = workspace.public_scorecard_pdf(Y2021, "kz-government", ON,
                                                              lang="kk")
    found = {name: layout_problems(pdf) for name, pdf in pdfs.items()}
    assert {name: problems for name, problems in found.items() if problems} == {}


@pytest.mark.parametrize("lang", LANGS)
def test_no_pdf_catalog_entry_is_missing_or_stale(lang: str) -> None:
    found = state(lang)
    assert (found.missing, found.stale) == ([], [])
    assert len(messages()) > 100


def test_words_format_per_language() -> None:
    day = date(2021, 2, 12)
    assert [Words(lang).date(day) for lang in ("en", "ru", "kk")] == [
        "12 Feb 2021", "12 февраля 2021", "2021\u202fж. 12 ақпан"]
    assert [Words(lang).score(66.7) for lang in ("en", "ru")] == ["66.7", "66,7"]
    assert [Words("ru").count(n, "criterion", "criteria") for n in (1, 3, 5, 12, 21)] == [
        "1 критерий", "3 критерия", "5 критериев", "12 критериев", "21 критерий"]
    assert Words("kk").count(5, "criterion", "criteria") == "5 критерий"
    # Every field of activity has its word: none falls back to the code.
    from hrdscore.model.vocab import Field
    for lang in ("ru", "kk"):
        assert [f for f in Field
                if Words(lang).sector(f.value) == f.value.replace("_", " ")] == []
    assert Words("kk").sector("oil_industry") == "мұнай өнеркәсібі"
    with pytest.raises(ValueError, match="unknown language 'de'"):
        words("de")


def test_publish_lang_takes_a_list_or_repeats() -> None:
    import click

    from hrdscore.cli.publish_cmds import parse_langs

    assert parse_langs(("ru,kk", "en", "RU")) == ("ru", "kk")
    with pytest.raises(click.BadParameter, match="'de' is not a language of the PDFs"):
        parse_langs(("ru,de",))


def test_an_act_is_dated_by_its_month_at_most_in_every_language() -> None:
    # A day and a place can single out a defender: public output never prints an act's day.
    act: Any = SimpleNamespace(date=date(2021, 3, 15), date_end=None,
                               precision=DatePrecision.DAY)
    assert Words("ru").act_month(act) == "март 2021"
    assert Words("kk").act_month(act) == "наурыз 2021"
    act.date_end, act.precision = date(2021, 5, 2), DatePrecision.RANGE
    assert Words("ru").act_month(act) == "март 2021 – май 2021"
    act.precision = DatePrecision.YEAR
    assert Words("ru").act_month(act) == "2021"


# ------------------------------------------------------------------------------ the API

@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Base:
    return make_base(tmp_path_factory.mktemp("api-pdf-lang"), shipped)


@pytest.fixture
def api(base: Base, tmp_path: Path) -> Iterator[Api]:
    with running_api(base, tmp_path) as running:
        yield running


def test_api_pdf_in_kazakh_and_an_unknown_language(api: Api) -> None:
    kk = api.client.get("/api/scorecards/2021/bozashytranskurylys.pdf?lang=kk")
    assert kk.status_code == 200
    assert 'filename="scorecard-bozashytranskurylys-2021.kk.pdf"' in (
        kk.headers["content-disposition"])
    text = _text(kk.content)
    assert "Ұсынымдар мен критерийлер" in text and BOZASHY in text
    english = api.client.get("/api/scorecards/2021/bozashytranskurylys.pdf")
    assert "Recommendations and criteria" in _text(english.content)
    for url in ("/api/scorecards/2021/bozashytranskurylys.pdf?lang=de",
                "/api/reports/2021.pdf?lang=xx"):
        bad: Any = api.client.get(url)
        assert bad.status_code == 400, url
        assert bad.headers["content-type"].startswith("application/problem+json")
        assert "lang" in bad.text


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_timeline_legend_stays_inside_the_chart(lang: str) -> None:
    # Russian and Kazakh legend words run longer than English: the legend moves left rather
    # than past the chart's right edge (where the page would cut it off).
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from hrdscore.render.pdf import charts
    from hrdscore.render.pdf.words import words

    rows = [charts.TimelineRow("No. 22", date(2021, 2, 9), date(2021, 2, 24),
                               date(2021, 2, 25), "probably_on_time")]
    d = charts.timeline(rows, w=words(lang))
    for s in (x for x in d.contents if isinstance(x, String)):
        right = s.x + stringWidth(s.text, s.fontName, s.fontSize) * (
            0.5 if s.textAnchor == "middle" else 0 if s.textAnchor == "start" else 1)
        assert right <= d.width + 0.5, (lang, s.text, right, d.width)
