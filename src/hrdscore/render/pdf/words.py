"""The words of the PDFs in the reader's language (English, Russian, Kazakh).

A renderer is handed a `Words` for its language and asks it for every text a reader sees:
`w.t("Total")`, a label, a date, a number. Nothing global is switched, so two PDFs rendered at
the same time in different languages cannot mix. English is the source text itself and its
formats are those the PDFs always had, so an English PDF keeps its bytes.

The catalogs are `locale/<lang>/LC_MESSAGES/pdf.po` beside this file, compiled in memory
with Babel when first used (as the web pages' catalogs are); `hrdscore.render.pdf.catalogs`
checks that none lacks a message or keeps a stale one.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Final

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from hrdscore.labels import LANGS, Lang, count_noun, fmt_pct, label
from hrdscore.labels.vocabulary import LABELS
from hrdscore.model.vocab import DatePrecision
from hrdscore.scoring.periods import fmt_date
from hrdscore.snapshot.views import ActView

LOCALE_DIR: Final = Path(__file__).parent / "locale"
DOMAIN: Final = "pdf"

# Nouns counted in the PDFs: Russian has three forms after a number (1 критерий, 2 критерия,
# 5 критериев); Kazakh keeps the singular after any number.
_NOUNS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "criterion": {"ru": ("критерий", "критерия", "критериев"), "kk": ("критерий",)},
    "request": {"ru": ("запрос", "запроса", "запросов"), "kk": ("сұрау",)},
    "actor": {"ru": ("субъект", "субъекта", "субъектов"), "kk": ("субъект",)},
    "point": {"ru": ("балл", "балла", "баллов"), "kk": ("ұпай",)},
    "day": {"ru": ("день", "дня", "дней"), "kk": ("күн",)},
    "threat": {"ru": ("угроза", "угрозы", "угроз"), "kk": ("қауіп",)},
    "recommendation": {"ru": ("рекомендация", "рекомендации", "рекомендаций"),
                       "kk": ("ұсыным",)},
}


# The report's fields of activity (`model.vocab.Field`), an actor's sector.
_SECTORS: Final[dict[str, tuple[str, str]]] = {
    "land": ("земля", "жер"),
    "banking": ("банковское дело", "банк ісі"),
    "oil_industry": ("нефтяная промышленность", "мұнай өнеркәсібі"),
    "environment": ("экология", "экология"),
    "housing": ("жильё", "тұрғын үй"),
    "construction": ("строительство", "құрылыс"),
    "coal_industry": ("угольная промышленность", "көмір өнеркәсібі"),
    "health_care": ("здравоохранение", "денсаулық сақтау"),
    "information": ("информация", "ақпарат"),
    "energy": ("энергетика", "энергетика"),
    "trade_unions": ("профсоюзы", "кәсіподақтар"),
    "business": ("бизнес", "бизнес"),
    "tax_collection": ("сбор налогов", "салық жинау"),
    "anti_corruption": ("противодействие коррупции", "сыбайлас жемқорлыққа қарсы іс-қимыл"),
    "metallurgy": ("металлургия", "металлургия"),
}


# Kazakh words for the labels `hrdscore.labels` leaves to Russian (its Kazakh falls back to
# Russian where no Kazakh is written): a Kazakh PDF is in Kazakh throughout. Kept here so the
# web pages' labels do not change with the PDFs.
_KAZAKH_LABELS: Final[dict[str, dict[str, str]]] = {
    "level": {"limited": "шектеулі ілгерілеу", "substantial": "айтарлықтай ілгерілеу",
              "regressed": "кері кетті"},
    "counted_from": {"letter": "хат күнінен бастап", "receipt": "алынған күнінен бастап"},
    "verification": {"reported": "хабарланған", "corroborated": "екінші дереккөзбен расталған",
                     "verified": "тексерілген", "disputed": "даулы"},
    "role": {"initiator": "бастамашы", "decider": "шешім қабылдаған",
             "executor": "орындаушы"},
    "rule": {
        "reply_received": "тіркелген сұраулар мен жауаптар бойынша есептелді",
        "reply_on_time": "сұрау мен жауаптың күндері бойынша есептелді",
        "reply_substance": "жауаптың мазмұны бойынша есептелді",
        "acts_attributed": "құқық қорғаушыларға қарсы тіркелген әрекеттер бойынша есептелді",
        "incident_response": "тіркелген әрекеттерге субъектінің жауабы бойынша есептелді",
        "recourse_share": "әрекеттер бойынша тіркелген құқықтық қорғау құралдары бойынша "
                          "есептелді",
    },
    "group": {"government": "Үкімет, Парламент және Жоғарғы Сот"},
    "basis": {"missing": "тіркелген баға жоқ"},
}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: Lang) -> NullTranslations:
    """The PDF catalog of `lang` (English: the source strings themselves)."""
    if lang == "en":
        return NullTranslations()
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def ru_plural(n: int) -> int:
    """Which of the three Russian forms follows the number `n`."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


@dataclass(frozen=True)
class Words:
    """What one PDF says, in one language."""

    lang: Lang = "en"

    def t(self, message: str, **values: object) -> str:
        """`message` in the reader's language, with `{name}` filled from `values`."""
        found = translations(self.lang).gettext(message) if self.lang != "en" else message
        return found.format(**values) if values else found

    def label(self, domain: str, code: object) -> str:
        if self.lang == "kk":
            found = _KAZAKH_LABELS.get(domain, {}).get(str(getattr(code, "value", code)))
            if found is not None:
                return found
        return label(domain, code, self.lang)

    def date(self, value: date) -> str:
        """'12 Feb 2021' (as the English PDFs always wrote it), '12 февраля 2021',
        '2021 ж. 12 ақпан'."""
        if self.lang == "en":
            return fmt_date(value)
        found = format_date(value, "long", locale=Locale.parse(self.lang))
        # Russian CLDR ends a long date with 'г.', which doubles the full stop of a sentence.
        return re.sub(r"\s+г\.$", "", found)

    def month(self, value: dt.date) -> str:
        """'Feb 2021', 'февр. 2021': the ticks of a timeline."""
        if self.lang == "en":
            return f"{value:%b %Y}"
        return format_date(value, "LLL yyyy", locale=Locale.parse(self.lang))

    def act_month(self, act: ActView) -> str:
        """An act's date as public output may print it: the month at most, never the day (a
        day and a place can single out a defender), as `fmt_public_act_date` in English."""
        if act.precision is DatePrecision.YEAR:
            return str(act.date.year)
        first = self._month_name(act.date)
        end = act.date_end
        if end and (end.year, end.month) != (act.date.year, act.date.month):
            return f"{first} – {self._month_name(end)}"
        return first

    def _month_name(self, value: dt.date) -> str:
        # CLDR's stand-alone month ('Март') is capitalised; in a sentence it is not.
        found = format_date(value, "LLLL yyyy", locale=Locale.parse(self.lang))
        return found[:1].lower() + found[1:]

    def day_month(self, value: dt.date) -> str:
        if self.lang == "en":
            return f"{value.day} {value:%b}"
        return format_date(value, "d MMM", locale=Locale.parse(self.lang))

    def number(self, text: str) -> str:
        """A number already written with a decimal point, in the reader's convention
        (Russian and Kazakh: a decimal comma)."""
        return text if self.lang == "en" else text.replace(".", ",")

    def score(self, value: float | None) -> str:
        return "—" if value is None else self.number(f"{value:.1f}".removesuffix(".0"))

    def pct(self, value: float | None) -> str:
        """'67%'; in Russian and Kazakh '67 %' (a no-break space before the sign)."""
        found = fmt_pct(value)
        return found if self.lang == "en" else found.replace("%", "\u00a0%")

    def count(self, n: int, singular: str, plural: str | None = None) -> str:
        """'1 criterion', '3 criteria', '5 критериев', '5 критерий'."""
        forms = _NOUNS.get(singular, {}).get(self.lang)
        if self.lang == "en" or forms is None:
            return count_noun(n, singular, plural)
        return f"{n} {forms[ru_plural(n) if len(forms) == 3 else 0]}"

    def sector(self, code: str) -> str:
        """An actor's sector in words ('oil industry', 'нефтяная промышленность')."""
        found = _SECTORS.get(code)
        if self.lang == "en" or found is None:
            return code.replace("_", " ")
        return found[0] if self.lang == "ru" else found[1]

    def band(self, code: str) -> str:
        return label("band", code, self.lang)

    def reason(self, head: str) -> str:
        """The head of a scorecard's reason for having no total, in words."""
        if head.strip() in LABELS["band"]:
            return self.band(head.strip())
        return self.t("no criterion applies to this actor in the period")

    def threshold(self, share: float) -> str:
        """A methodology's threshold as a whole percentage ('50%')."""
        found = f"{share:.0%}"
        return found if self.lang == "en" else found.replace("%", "\u00a0%")

    def english_note(self) -> str:
        """Marks text that exists only in English in the data."""
        return "" if self.lang == "en" else self.t(" (in English)")


EN: Final = Words("en")


def words(lang: str | None) -> Words:
    """The words of `lang`; ValueError naming the languages for any other."""
    value = (lang or "en").strip().lower()
    for known in LANGS:
        if value == known:
            return Words(known)
    raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
