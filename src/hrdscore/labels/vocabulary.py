"""The labels themselves: domain -> code -> language -> words.

Kazakh ("kk") is given where the words are short, common terms we can write correctly; where it
is missing (no third argument to `_t` below), the Russian label is used: a Kazakh reader of
this project reads Russian, and a guessed Kazakh term would be worse than none. A native
speaker should review the Kazakh labels and fill the missing ones.
"""

from __future__ import annotations

from typing import Final


def _t(en: str, ru: str, kk: str | None = None) -> dict[str, str]:
    # Missing Kazakh falls back to Russian (see the module docstring).
    return {"en": en, "ru": ru, "kk": kk if kk is not None else ru}


LABELS: Final[dict[str, dict[str, dict[str, str]]]] = {
    "level": {
        "met": _t("met", "выполнено", "орындалды"),
        "partial": _t("partly met", "выполнено частично", "ішінара орындалды"),
        "not_met": _t("not met", "не выполнено", "орындалмады"),
        "not_started": _t("not started", "не начато", "басталмаған"),
        "planned": _t("planned", "запланировано", "жоспарланған"),
        "limited": _t("limited progress", "ограниченный прогресс"),
        "substantial": _t("substantial progress", "существенный прогресс"),
        "complete": _t("complete", "выполнено полностью", "толық орындалды"),
        "regressed": _t("gone backwards", "ухудшение"),
    },
    "missing": {
        "no_evidence_found": _t("no evidence found", "доказательств не найдено",
                                "дәлел табылмады"),
        "actor_declined": _t("declined to answer", "отказ отвечать",
                             "жауап беруден бас тартты"),
        "not_applicable": _t("not applicable", "не применимо", "қолданылмайды"),
        "not_assessed": _t("not yet assessed", "ещё не оценено", "әлі бағаланбаған"),
    },
    "reply": {
        "no_reply": _t("no written reply", "нет письменного ответа", "жазбаша жауап жоқ"),
        "acknowledgement": _t("acknowledgement only", "только подтверждение получения",
                              "тек алынғаны расталды"),
        "refusal_without_reasons": _t("refusal without reasons", "отказ без обоснования",
                                      "негізсіз бас тарту"),
        "refusal_with_reasons": _t("refusal with reasons", "отказ с обоснованием",
                                   "негізделген бас тарту"),
        "partial_answer": _t("partial answer", "частичный ответ", "ішінара жауап"),
        "full_answer": _t("full answer", "полный ответ", "толық жауап"),
    },
    "timeliness": {
        "on_time": _t("on time", "в срок", "мерзімінде"),
        "probably_on_time": _t("possibly on time", "возможно, в срок",
                               "мерзімінде болуы мүмкін"),
        "late": _t("late", "с опозданием", "кешіктірілген"),
        "no_reply": _t("no written reply", "нет письменного ответа", "жазбаша жауап жоқ"),
        "unknown": _t("date unknown", "дата неизвестна", "күні белгісіз"),
        "pending": _t("deadline not yet passed", "срок ещё не истёк", "мерзімі әлі өтпеген"),
    },
    "counted_from": {
        "letter": _t("from the letter date", "с даты письма"),
        "receipt": _t("from receipt", "с даты получения"),
    },
    "kind": {
        "state_body": _t("state body", "государственный орган", "мемлекеттік орган"),
        "company": _t("company", "компания", "компания"),
        "bank": _t("bank", "банк", "банк"),
        "public_organisation": _t("public organisation", "общественная организация",
                                  "қоғамдық ұйым"),
        "civil_society": _t("civil society organisation", "организация гражданского общества",
                            "азаматтық қоғам ұйымы"),
        "international_body": _t("international body", "международный орган",
                                 "халықаралық орган"),
    },
    "kind_plural": {
        "state_body": _t("State bodies", "Государственные органы", "Мемлекеттік органдар"),
        "company": _t("Companies", "Компании", "Компаниялар"),
        "bank": _t("Banks", "Банки", "Банктер"),
        "public_organisation": _t("Public organisations", "Общественные организации",
                                  "Қоғамдық ұйымдар"),
        "civil_society": _t("Civil society organisations",
                            "Организации гражданского общества", "Азаматтық қоғам ұйымдары"),
        "international_body": _t("International bodies", "Международные органы",
                                 "Халықаралық органдар"),
    },
    "pillar": {
        "commitments": _t("Commitments", "Обязательства", "Міндеттемелер"),
        "due_diligence_remedy": _t("Due diligence and remedy",
                                   "Должная осмотрительность и возмещение",
                                   "Тиісті мұқияттылық және құқықты қалпына келтіру"),
        "responsiveness": _t("Responsiveness", "Ответы на запросы", "Сұрауларға жауап беру"),
        "conduct": _t("Conduct towards defenders", "Отношение к правозащитникам",
                      "Құқық қорғаушыларға қарым-қатынас"),
        "protection": _t("Protection of defenders", "Защита правозащитников",
                         "Құқық қорғаушыларды қорғау"),
        "remedy_accountability": _t("Remedy and accountability",
                                    "Возмещение и ответственность",
                                    "Құқықты қалпына келтіру және жауапкершілік"),
        "civic_space": _t("Civic space and dialogue", "Гражданское пространство и диалог",
                          "Азаматтық кеңістік және диалог"),
        "international_engagement": _t("International engagement",
                                       "Международное взаимодействие",
                                       "Халықаралық өзара іс-қимыл"),
        "solidarity_advocacy": _t("Solidarity and advocacy", "Солидарность и защита",
                                  "Ынтымақ және қорғау"),
        "monitoring_investigation": _t("Monitoring and investigation",
                                       "Мониторинг и расследование",
                                       "Мониторинг және тергеу"),
    },
    "band": {
        "leading": _t("leading", "лидирует", "көш бастап тұр"),
        "progressing": _t("progressing", "продвигается", "ілгерілеуде"),
        "lagging": _t("lagging", "отстаёт", "артта қалуда"),
        "no evidence of action": _t("no evidence of action", "нет свидетельств действий",
                                    "әрекет белгілері жоқ"),
        "insufficient evidence": _t("insufficient evidence", "недостаточно данных",
                                    "деректер жеткіліксіз"),
        "not applicable": _t("not applicable", "не применимо", "қолданылмайды"),
    },
    "dimension": {
        "year": _t("year", "год", "жыл"),
        "month": _t("month", "месяц", "ай"),
        "field": _t("field of activity", "сфера деятельности"),
        "primary_field": _t("main field of activity", "основная сфера деятельности"),
        "source_category": _t("category of source", "категория источника угроз"),
        "source_body": _t("body behind the threat", "орган — источник угрозы"),
        "block": _t("kind of proceedings", "вид производства"),
        "act_type": _t("type of act", "вид действия"),
        "region": _t("region", "регион", "өңір"),
        "city": _t("city", "город", "қала"),
        "victim_kind": _t("kind of victim", "вид пострадавшего"),
        "gender": _t("gender", "пол", "жынысы"),
        "verification": _t("verification", "проверка"),
        "recourse_type": _t("kind of remedy", "вид средства защиты"),
    },
    "verification": {
        "reported": _t("reported", "сообщено"),
        "corroborated": _t("corroborated", "подтверждено вторым источником"),
        "verified": _t("verified", "проверено"),
        "disputed": _t("disputed", "оспаривается"),
    },
    "role": {
        "initiator": _t("initiator", "инициатор"),
        "decider": _t("decided on it", "принимал решение"),
        "executor": _t("carried it out", "исполнитель"),
    },
    # How a criterion's level was reached, by the rule's name (the scorecard's `basis`).
    "rule": {
        "reply_received": _t("worked out from the recorded requests and replies",
                             "рассчитано по записанным запросам и ответам"),
        "reply_on_time": _t("worked out from the dates of the request and the reply",
                            "рассчитано по датам запроса и ответа"),
        "reply_substance": _t("worked out from what the reply says",
                              "рассчитано по содержанию ответа"),
        "acts_attributed": _t("worked out from the recorded acts against defenders",
                              "рассчитано по записанным действиям против правозащитников"),
        "incident_response": _t("worked out from the actor's response to recorded acts",
                                "рассчитано по реакции на записанные действия"),
        "recourse_share": _t("worked out from the remedies recorded for acts",
                             "рассчитано по записанным средствам защиты"),
    },
    "group": {
        "government": _t("Government, Parliament and Supreme Court",
                         "Правительство, Парламент и Верховный суд"),
        "companies": _t("Companies", "Компании", "Компаниялар"),
        "civil_society": _t("Civil society", "Гражданское общество", "Азаматтық қоғам"),
        "international": _t("International organisations", "Международные организации",
                            "Халықаралық ұйымдар"),
    },
    "basis": {
        "missing": _t("no finding on record", "оценки нет"),
    },
}
