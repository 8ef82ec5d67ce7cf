"""The annual report's long prose in Russian and Kazakh (issue 14, item 3): how to read, the
methodology in brief and its annex, the incidents, the follow-up tracker and the right of
reply read in the reader's language; what exists only in English in the data is quoted in
English under a note; the tracker PDF of `hrdscore followup --pdf` takes `--lang`; headers
of the rankings break only between words. Expected words are written here by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner
from reportlab.pdfbase.pdfmetrics import stringWidth

from hrdscore.cli import cli
from hrdscore.dataset import Dataset
from hrdscore.model import Period
from hrdscore.render.pdf.fonts import BOLD
from hrdscore.render.pdf.styles import Styles, fit_words, para
from hrdscore.render.pdf.words import Words
from hrdscore.service import Workspace
from hrdscore.store import Store, seed
from tests.followup_fixture import import_year
from tests.pdflayout import layout_problems
from tests.pdftools import DEJAVU, face, fonts, full_text, squash

Y2021 = Period(start_year=2021, end_year=2021)
ON = date(2026, 12, 1)

# English sentences of the report's prose (a sample from every section), each of which the
# Russian and Kazakh reports must not print.
ENGLISH_PROSE = (
    "measures one actor in one period against the recommendations",  # how to read
    "Missing is never a silent zero.",
    "Read bands, not fine ranks.",
    "and above: leading",  # the legend of the bands
    "The pillars of each kind of actor and their weights",  # the methodology in brief
    "are due within 15 calendar days of receipt",
    "Annex: the methodology in full",  # the annex
    "Severity of acts against defenders",
    "any other type",
    "A threat is one act: one victim, one type of act, one date.",  # the incidents
    "The figures the report itself publishes",
    "every figure is withheld",
    "no response recorded; latest change",  # the tracker's notes
    "No response and no change recorded for the other",
    "This section is in English for now.",
)


@pytest.fixture(scope="module")
def reports(workspace: Workspace) -> dict[str, str]:
    return {lang: squash(full_text(workspace.public_report_pdf(Y2021, ON, lang=lang)))
            for lang in ("ru", "kk")}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_no_english_sentence_of_the_prose_is_left(reports: dict[str, str], lang: str) -> None:
    text = reports[lang]
    assert [s for s in ENGLISH_PROSE if s in text] == []


def test_the_russian_report_says_it_in_russian(reports: dict[str, str]) -> None:
    text = reports["ru"]
    for words in (
            "Отсутствие данных никогда не засчитывается молча как ноль.",
            "Смотрите на категории, а не на мелкие различия в местах.",
            "75 и выше: лидирует", "не ниже 50, но ниже 75: продвигается",
            "ниже 25: нет свидетельств действий",
            "Методология вкратце", "Направления и их веса", "Правила вкратце",
            "в течение 15 календарных дней",
            # 0.5 with a decimal comma; the cap out of 100 points whatever the number.
            "учитывается с коэффициентом 0,5", "не превышает 20 из 100 баллов",
            "с 1 января 2016 по 31 декабря 2020 (неполно",
            "Приложение: методология полностью", "Тяжесть действий против правозащитников",
            "обвинительный приговор", "любой другой вид", "роль: инициатор",
            "Инциденты против правозащитников", "Угроза — это одно действие",
            # 11 recorded threats: the genitive plural after 11.
            "Записанные действия, 2016-2021: 11 угроз в базе доказательств.",
            "Данные самого доклада",
            # The tracker: a recommendation by its number, a status in words.
            "Правительство, № 1 1 нет сведений", "с «нет сведений» на «не начато»",
            "Ещё 27 рекомендаций: ответов и изменений не записано.",
            # Data that exists only in English is quoted and marked so.
            "приводятся на английском языке, на котором они написаны",
            "analysts reading the 2021 report (на английском)"):
        assert words in text, words


def test_the_kazakh_report_says_it_in_kazakh(reports: dict[str, str]) -> None:
    text = reports["kk"]
    for words in (
            "Деректің жоқтығы ешқашан үнсіз нөл болып есептелмейді.",
            "Орындарға емес, санаттарға қараңыз.",
            "ұпай ≥ 75: көш бастап тұр", "50 ≤ ұпай < 75: ілгерілеуде",
            "Әдістеме қысқаша", "Бағыттар және олардың салмағы", "Ережелер қысқаша",
            "15 күнтізбелік күн ішінде",
            "Қосымша: әдістеме толық", "айыптау үкімі", "кез келген басқа түрі",
            "Құқық қорғаушыларға қарсы оқиғалар", "Қауіп — бір әрекет",
            "дәлелдер базасында 11 қауіп",  # Kazakh keeps the singular after a number
            "Баяндаманың өз деректері",
            "Үкімет, № 1 1 мәлімет жоқ", "«мәлімет жоқ» күйінен «басталмаған» күйіне",
            "Тағы 27 ұсыным: жауап пен өзгеріс тіркелмеген.",
            # Labels the shared vocabulary leaves to Russian have Kazakh words in the PDFs.
            "«екінші дереккөзбен расталған немесе тексерілген» мәртебесі бар әрекеттер",
            "«мәлімет жоқ» күйінен «кері кетті» күйіне", "рөлі: бастамашы",
            "analysts reading the 2021 report (ағылшын тілінде)"):
        assert words in text, words
    for russian in ("ограниченный прогресс", "ухудшение", "подтверждено вторым источником",
                    "инициатор", "рассчитано по"):
        assert russian not in text, russian
    # Kazakh letters survive extraction: ә ғ қ ң ө ұ ү һ і are all written by the catalog.
    assert set("әғқңөұүі") <= set(text)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_font_of_a_translated_report_is_dejavu(workspace: Workspace, lang: str) -> None:
    used = fonts(workspace.public_report_pdf(Y2021, ON, lang=lang))
    assert used and {face(name) for name in used} <= DEJAVU


def test_the_kazakh_report_has_no_layout_defect(workspace: Workspace) -> None:
    # The checker finds words broken across lines (tests/test_publication_layout.py): the
    # Kazakh report had over fifty before the columns were fitted to their words.
    assert layout_problems(workspace.public_report_pdf(Y2021, ON, lang="kk")) == []


# ------------------------------------------------------------------------------ words

def test_charted_fields_and_sources_of_threats_have_their_words() -> None:
    from hrdscore.render.pdf.incidents import _bars_from_table
    from hrdscore.render.pdf.vocab import source_category_words

    ru = Words("ru")
    table: Any = SimpleNamespace(cells=[
        SimpleNamespace(key=("government_agency",), label=("government agency",), threats=7),
        SimpleNamespace(key=(None,), label=("no source recorded",), threats=None)])
    bars = _bars_from_table(table, lambda code: source_category_words(code, ru))
    # A known code in Russian words; a cell without a code keeps the table's label.
    assert [(b.label, b.value) for b in bars] == [("государственные органы", 7),
                                                  ("no source recorded", None)]
    assert source_category_words("unknown_person", Words("kk")) == "белгісіз тұлғалар"
    assert source_category_words("unknown_person", Words("en")) == "unknown person"


# ------------------------------------------------------------------------------ widths

def test_a_column_grows_to_its_longest_word_and_the_text_column_pays() -> None:
    word = "правозащитников"
    cell = para(f"Защита {word}", Styles.head_small_right)
    need = stringWidth(word, BOLD, 7)  # head_small_right: DejaVu Sans Bold, 7 points
    assert need > 50  # the column below is too narrow for it
    widths = fit_words([200, 50], [[para("текст", Styles.cell), cell]], flex=0)
    # 4 points of padding on each side and one to spare, rounded up.
    assert widths[1] == int(need) + 1 + 8 + 1
    assert sum(widths) == 250  # the table keeps its width
    # A column whose words fit keeps its width.
    assert fit_words([200, 50], [[cell, para("да", Styles.cell)]], flex=0) == [200, 50]


# ------------------------------------------------------------------------------ the tracker PDF

@pytest.fixture(scope="module")
def year_db(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Path:
    folder = tmp_path_factory.mktemp("followup-lang")
    db = folder / "db.json"
    seed(Store(db), shipped, who="test")
    import_year(CliRunner(), db, folder)
    return db


def _tracker(db: Path, out: Path, *lang: str) -> str:
    done = CliRunner().invoke(cli, ["followup", "--addressee", "government", "--as-of",
                                    "2022-12-31", "--period", "2021-2022", "--pdf", str(out),
                                    *lang, "--db", str(db)])
    assert done.exit_code == 0, done.output
    return squash(full_text(out.read_bytes()))


def test_the_tracker_pdf_in_russian_and_kazakh(year_db: Path, tmp_path: Path) -> None:
    ru = _tracker(year_db, tmp_path / "ru.pdf", "--lang", "ru")
    # As the English test has it ("Government, no. 6: response supported in part on 15 Mar
    # 2022", "limited*"), in Russian words.
    assert "Правительство, № 6: ответ: поддержана частично, 15 марта 2022" in ru
    assert "ограниченный прогресс*" in ru
    assert "Выполнение рекомендаций на 31 декабря 2022 (* — последнее изменение)" in ru
    assert "Kadir-Kasiet monitoring (на английском)" in ru  # an assessor keeps its name
    for english in ("Government, no.", "supported in part", "Follow-up tracker on",
                    "no response recorded"):
        assert english not in ru, english
    kk = _tracker(year_db, tmp_path / "kk.pdf", "--lang", "kk")
    assert "Үкімет, № 6: жауап: ішінара қолдау тапты, 2022 ж. 15 наурыз" in kk
    assert layout_problems((tmp_path / "kk.pdf").read_bytes()) == []


def test_the_tracker_pdf_in_english_is_as_before(year_db: Path, tmp_path: Path) -> None:
    en = _tracker(year_db, tmp_path / "en.pdf")
    assert "Government, no. 6: response supported in part on 15 Mar 2022" in en
    # The assessor column is headed by a sign: "Assessor" broke into "Ass ess or" there.
    assert "Recommendation # 2021 2022" in en and "Ass ess or" not in en
    assert layout_problems((tmp_path / "en.pdf").read_bytes()) == []
    assert en == _tracker(year_db, tmp_path / "en2.pdf", "--lang", "en")


def test_lang_without_a_pdf_is_refused(year_db: Path) -> None:
    done = CliRunner().invoke(cli, ["followup", "--lang", "ru", "--db", str(year_db)])
    assert done.exit_code == 1
    assert done.output.startswith("Error: --lang is the language of the PDF")
    assert "Traceback" not in done.output


# ------------------------------------------------------------------------------ right of reply

def test_the_right_of_reply_section_in_russian() -> None:
    from hrdscore.render.pdf.reply import reply_report_section

    def actor(name: str, responded: bool, public: bool = True, contested: int = 0) -> Any:
        return SimpleNamespace(actor_name=name, responded=responded,
                               responses=[object()] if public else [],
                               feedback=[object()] * contested)

    replies = {"a": actor("ТОО «Ақжол»", True, contested=2),
               "b": actor("Beta LLP", True, public=False),
               "c": actor("Gamma JSC", False)}
    shown = [p.getPlainText() for p in reply_report_section(replies, "1 марта 2021",
                                                            Words("ru"))]
    assert shown[0] == "Право на ответ"
    assert "ответить до 1 марта 2021. Ответили 2 из 3;" in shown[1]
    # Russian: 2 критерия (the form after 2, 3, 4).
    assert shown[2] == ("Ответили: Beta LLP (конфиденциально); ТОО «Ақжол», оспорено: "
                        "2 критерия")
    assert shown[3] == "Не ответили до 1 марта 2021: Gamma JSC"


def test_a_publication_words_the_reply_deadline_in_the_report_language() -> None:
    from hrdscore.reply_publish import ReplyInPublication

    actor: Any = SimpleNamespace(actor_name="Beta LLP", responded=False, responses=[],
                                 feedback=[], deadline=date(2021, 3, 1))
    shown = ReplyInPublication({"beta": actor}, None)
    # (squash: the narrow no-break space inside the Kazakh date reads as a space)
    assert squash([p.getPlainText() for p in shown.report_section("kk")][-1]) == (
        "Мерзімінде (2021 ж. 1 наурыз) жауап бермегендер: Beta LLP")
    assert [p.getPlainText() for p in shown.report_section()][-1] == (
        "Did not respond by 1 March 2021: Beta LLP")


def test_the_report_metadata_in_russian(workspace: Workspace) -> None:
    from tests.pdftools import reader

    meta = reader(workspace.public_report_pdf(Y2021, ON, lang="ru")).metadata
    assert meta is not None and meta.subject is not None
    # The count after a colon, so no noun has to agree with it.
    assert meta.subject.startswith("Ежегодные оценочные карты 2021 (оценено участников: 30) по "
                                   "рекомендациям доклада «Protection of human rights")


def test_an_actors_right_of_reply_on_its_scorecard_in_russian() -> None:
    from hrdscore.model.reply import Outcome
    from hrdscore.render.pdf.reply import reply_section

    feedback = SimpleNamespace(statement="The company has a human rights policy.",
                               contested="Политика принята в 2020 году.",
                               sources=("https://example.kz/policy",),
                               outcome=Outcome.UNCHANGED, reason="Не опубликована.",
                               decided_on=date(2021, 3, 20), outcome_words="score unchanged")
    reply: Any = SimpleNamespace(
        actor_name="ТОО «Ақжол»", deadline=date(2021, 3, 1), answered_in_confidence=False,
        responded=True, feedback=[feedback],
        responses=[SimpleNamespace(received_on=date(2021, 2, 27), channel="email",
                                   text="Мы не согласны.")])
    shown = [squash(p.getPlainText()) for p in reply_section(reply, Words("ru"))
             if hasattr(p, "getPlainText")]
    assert shown[:5] == [
        "Право на ответ",
        "ТОО «Ақжол»: ответ получен 27 февраля 2021; ответ опубликован дословно.",
        "Ответ получен 27 февраля 2021 (по электронной почте):",
        "Мы не согласны.",  # the actor's words, verbatim
        "Журнал замечаний"]
    assert shown[5:9] == [
        "The company has a human rights policy. (на английском)",  # the criterion, as written
        "Возражение: Политика принята в 2020 году.",
        "Указанные источники: https://example.kz/policy",
        "Решение: оценка не изменена (20 марта 2021). Не опубликована."]
    silent: Any = SimpleNamespace(actor_name="Beta LLP", deadline=date(2021, 3, 1),
                                  answered_in_confidence=False, responded=False,
                                  feedback=[], responses=[])
    assert [squash(p.getPlainText()) for p in reply_section(silent, Words("kk"))
            if hasattr(p, "getPlainText")][1:4] == [
        "Beta LLP: мерзімінде (2021 ж. 1 наурыз) жауап келмеді.", "Ескертулер журналы",
        "Субъект бағалау картасы жобасының бірде-бір критерийіне дау айтпады."]


def test_a_scorecards_reply_section_is_built_in_the_cards_language() -> None:
    from hrdscore.reply_publish import ReplyInPublication, reply_flowables

    actor: Any = SimpleNamespace(actor_name="Beta LLP", deadline=date(2021, 3, 1),
                                 answered_in_confidence=False, responded=False, feedback=[],
                                 responses=[])
    assert reply_flowables(actor, "ru")[1].getPlainText() == (
        "Beta LLP: ответа до 1 марта 2021 не поступило.")
    shown = ReplyInPublication({"beta": actor}, None)
    assert shown.card_section("beta", "ru")[0].getPlainText() == "Право на ответ"
    assert reply_flowables(None, "ru") == []  # no closed round, no section
