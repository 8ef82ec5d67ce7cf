"""Words the PDFs need in Russian and Kazakh that the shared labels (`hrdscore.labels`) do not
hold: the types of act against defenders (the methodology annex's severity table).

English keeps what the annex always printed (the code in words), so English bytes stay."""

from __future__ import annotations

from typing import Final

from hrdscore.labels import label
from hrdscore.model.vocab import ActType
from hrdscore.render.pdf.words import Words

# Russian and Kazakh after the report's own words for each kind of threat (its Russian
# original names the criminal, administrative and civil proceedings this way).
_ACT_TYPES: Final[dict[ActType, tuple[str, str]]] = {
    ActType.DETENTION: ("задержание", "ұстау"),
    ActType.CRIMINAL_CHARGE: ("уголовное обвинение", "қылмыстық айып тағу"),
    ActType.INTERROGATION: ("допрос", "жауап алу"),
    ActType.POLICE_SUMMONS: ("вызов в полицию", "полицияға шақыру"),
    ActType.CRIMINAL_CASE_OPENED: ("возбуждение уголовного дела", "қылмыстық іс қозғау"),
    ActType.MOTIONS_REFUSED: ("отказ в ходатайствах", "өтінішхаттарды қанағаттандырудан бас тарту"),
    ActType.GUILTY_VERDICT: ("обвинительный приговор", "айыптау үкімі"),
    ActType.APPEAL_REJECTED: ("отклонение жалобы", "шағымды қабылдамау"),
    ActType.SEARCH: ("обыск", "тінту"),
    ActType.SEIZURE: ("изъятие", "алып қою"),
    ActType.EXTREMIST_LISTING: ("включение в список экстремистов",
                                "экстремистер тізіміне енгізу"),
    ActType.POOR_DETENTION_CONDITIONS: ("ненадлежащие условия содержания",
                                        "ұстаудың тиісті емес жағдайлары"),
    ActType.ADMINISTRATIVE_PENALTY: ("административное взыскание", "әкімшілік жаза"),
    ActType.FOREWARNING: ("предостережение", "ескерту"),
    ActType.LAWSUIT: ("судебный иск", "сот талабы"),
    ActType.REPUTATION_DAMAGES_AWARD: ("взыскание за ущерб деловой репутации",
                                       "іскерлік беделге келтірілген залалды өндіріп алу"),
    ActType.DISMISSAL: ("увольнение", "жұмыстан шығару"),
    ActType.DEFAMATION: ("клевета", "жала жабу"),
    ActType.HOSPITALISATION: ("принудительная госпитализация", "мәжбүрлі ауруханаға жатқызу"),
    ActType.INSPECTION: ("проверка", "тексеру"),
    ActType.REGISTRATION_OBSTRUCTED: ("препятствия в регистрации", "тіркеуге кедергі келтіру"),
    ActType.PRESSURE_ON_RELATIVES: ("давление на родственников", "туыстарына қысым көрсету"),
    ActType.INTIMIDATION: ("запугивание", "қорқыту"),
    ActType.PHYSICAL_ATTACK: ("физическое нападение", "дене күшімен шабуыл жасау"),
    ActType.SURVEILLANCE: ("слежка", "аңду"),
    ActType.OTHER: ("иное", "басқа"),
}


def act_type_words(act_type: ActType, w: Words) -> str:
    """A type of act in the reader's language ('detention', 'задержание', 'ұстау')."""
    found = _ACT_TYPES.get(act_type)
    if w.lang == "en" or found is None:
        return label("act_type", act_type)
    return found[0] if w.lang == "ru" else found[1]


_SOURCE_CATEGORIES: Final[dict[str, tuple[str, str]]] = {
    "government_agency": ("государственные органы", "мемлекеттік органдар"),
    "company": ("компании", "компаниялар"),
    "unknown_person": ("неустановленные лица", "белгісіз тұлғалар"),
    "bank": ("банки", "банктер"),
    "public_organisation": ("общественные организации", "қоғамдық ұйымдар"),
    "citizen": ("граждане", "азаматтар"),
}


def source_category_words(code: str, w: Words) -> str:
    """A category of the sources of threats in the reader's language (the report's footnote
    21 names six); an unknown code in words."""
    found = _SOURCE_CATEGORIES.get(code)
    if w.lang == "en" or found is None:
        return code.replace("_", " ")
    return found[0] if w.lang == "ru" else found[1]
