"""The Russian and Kazakh catalogs of the web pages: nothing missing, nothing stale, the same
placeholders as the English, and actually used when a page is rendered."""

from __future__ import annotations

import re

import pytest

from hrdscore.web.catalogs import messages, read_catalog, state
from hrdscore.web.i18n import translations

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_page_string_is_translated_and_none_is_stale(lang: str) -> None:
    found = state(lang)
    assert found.missing == [], f"untranslated in {lang}: {found.missing}"
    assert found.stale == [], f"used by no page, in {lang}: {found.stale}"


def test_the_templates_are_read_for_messages() -> None:
    used = messages()
    # Literals of three different templates, and one with a value.
    assert {"Headline figures", "Search by name", "Levels and points",
            "Scorecards %(period)s"} <= set(used)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_translations_keep_the_placeholders(lang: str) -> None:
    for message in read_catalog(lang):
        if not message.id:
            continue
        assert sorted(PLACEHOLDER.findall(str(message.id))) == \
            sorted(PLACEHOLDER.findall(str(message.string))), (lang, message.id)


def test_catalogs_are_compiled_and_used() -> None:
    assert translations("ru").gettext("Headline figures") == "Основные показатели"
    assert translations("kk").gettext("Headline figures") == "Негізгі көрсеткіштер"
    assert translations("en").gettext("Headline figures") == "Headline figures"
