"""The reader's web pages through the app (Litestar's TestClient): every page answers in
English, Russian and Kazakh, shows words rather than codes, finds actors by any name in any
script, and never shows what the public must not see (the canary of tests/test_canary.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from hrdscore.dataset import Dataset
from tests.api_helpers import Api
from tests.test_canary import CANARIES, REPLY_PUBLIC, REPLY_SECRET
from tests.web_helpers import canary_api, visible_text

PAGES = ("/", "/scorecards", "/actors/kpo", "/responsiveness", "/statistics", "/methodology",
         "/data", "/follow-up", "/follow-up/kk2021-gov-06")
# Internal codes a reader must never meet: snake_case words, recommendation and criterion ids,
# rule names.
CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\bkk2021-[a-z]+-\d+|\brule:")


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Iterator[Api]:
    with canary_api(tmp_path_factory.mktemp("web"), shipped) as running:
        yield running


def get(api: Api, url: str, **headers: str) -> str:
    answer = api.client.get(url, headers=headers)
    assert answer.status_code == 200, (url, answer.status_code, answer.text[:300])
    assert answer.headers["content-type"].startswith("text/html")
    return answer.text


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_page_answers_in_each_language_with_words_not_codes(api: Api, lang: str) -> None:
    for path in PAGES:
        page = get(api, f"{path}?lang={lang}")
        assert f'<html lang="{lang}">' in page, path
        shown = visible_text(page)
        assert not CODE.findall(shown), (path, lang, CODE.findall(shown)[:5])


def test_russian_and_kazakh_pages_are_translated(api: Api) -> None:
    # The home page's heading of figures, worked out by hand from the catalogs.
    assert "Headline figures" in visible_text(get(api, "/?lang=en"))
    ru = visible_text(get(api, "/?lang=ru"))
    kk = visible_text(get(api, "/?lang=kk"))
    assert "Основные показатели" in ru and "Headline figures" not in ru
    assert "Негізгі көрсеткіштер" in kk and "Headline figures" not in kk
    # Kazakh band and pillar words, not the Russian fallback.
    card = visible_text(get(api, "/actors/kpo?lang=kk"))
    assert "Сұрауларға жауап беру" in card and "Ответы на запросы" not in card
    assert "деректер жеткіліксіз" in card
    # Dates in the reader's language: 2021's requests to KPO in Kazakh ('2021 ж. ...').
    assert re.search(r"2021 ж\. \d{1,2} [а-яәғқңөұүһі]+", card)


def test_english_text_in_a_russian_page_is_marked_as_english(api: Api) -> None:
    page = get(api, "/actors/kpo?lang=ru")
    assert '<span lang="en">At all stages of their activities' in page
    assert "(на английском)" in visible_text(page)


def test_language_from_cookie_and_accept_language(api: Api) -> None:
    client = api.client
    client.cookies.clear()
    answer = client.get("/", headers={"Accept-Language": "de, kk-KZ;q=0.9, ru;q=0.8"})
    assert answer.headers["content-language"] == "kk"
    assert "Accept-Language" in answer.headers["vary"]  # caches keep one copy per language
    assert '<html lang="kk">' in get(api, "/", **{"Accept-Language": "de, kk-KZ;q=0.9, ru;q=0.8"})
    assert '<html lang="ru">' in get(api, "/", **{"Accept-Language": "de, ru;q=0.9, kk;q=0.8"})
    assert '<html lang="en">' in get(api, "/", **{"Accept-Language": "de, fr"})
    get(api, "/?lang=ru")  # chosen: remembered
    assert '<html lang="ru">' in get(api, "/methodology", **{"Accept-Language": "kk"})
    get(api, "/?lang=en")
    assert '<html lang="en">' in get(api, "/methodology", **{"Accept-Language": "kk"})
    client.cookies.clear()


def _actors(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/actors/([a-z0-9._-]+)"', page)


@pytest.mark.parametrize("query", ["Карачаганак", "KPO", "kpo", "karachaganak venture",
                                   "КАРАЧАГАНАК"])
def test_search_finds_kpo_by_any_name_in_any_script(api: Api, query: str) -> None:
    assert _actors(get(api, f"/scorecards?q={query}")) == ["kpo"]


def test_search_ignores_kazakh_letters_and_diacritics(api: Api) -> None:
    # The report writes both BozashyTransҚұrylys and BozashyTransKurylys.
    found = _actors(get(api, "/scorecards?q=bozashytranskurylys"))
    page = get(api, "/scorecards?q=Бозашы")
    assert found and found == _actors(page)
    assert "BozashyTransҚұrylys LLP" in visible_text(page)  # the name as written
    assert _actors(get(api, "/scorecards?q=nothing-like-this")) == []


def test_filter_by_kind_and_band_and_sort(api: Api) -> None:
    page = get(api, "/scorecards")
    everyone = _actors(page)
    select = page[page.index('<select id="kind"'):]
    kinds = re.findall(r'<option value="([a-z_]+)"', select[:select.index("</select>")])
    assert {"company", "state_body"} <= set(kinds)
    by_kind = {kind: _actors(get(api, f"/scorecards?kind={kind}")) for kind in kinds}
    assert "kpo" in by_kind["company"] and "kpo" not in by_kind["state_body"]
    # Every actor under exactly one kind.
    assert sorted(a for rows in by_kind.values() for a in rows) == sorted(everyone)
    insufficient = get(api, "/scorecards?band=insufficient+evidence&lang=en")
    # In 2021 no actor has evidence enough for a total (3 of 4 pillars lack it at best).
    assert sorted(_actors(insufficient)) == sorted(everyone)
    leading = get(api, "/scorecards?band=leading&lang=en")
    assert _actors(leading) == [] and "No actor matches." in leading
    names = re.findall(r'<th scope="row"><a href="/actors/[^"]+">([^<]+)</a>',
                       get(api, "/scorecards?sort=name"))
    assert names == sorted(names, key=str.casefold) and len(names) == len(everyone)


def test_actor_page_shows_band_headline_requests_and_downloads(api: Api) -> None:
    page = get(api, "/actors/kpo?lang=en")
    shown = visible_text(page)
    assert "Karachaganak Petroleum Operating B.V." in shown
    assert "Result: insufficient evidence" in shown
    assert "Replied to 1 of 1 information requests" in shown  # the headline
    assert "Responsiveness progressing 66.7" in shown  # band per pillar
    assert "/api/scorecards/2021/kpo.pdf" in page and "/api/scorecards/2021/kpo.csv" in page
    # No score is not 0 points: a criterion not assessed is 'not counted', not '0'.
    assert "not yet assessed not counted" in shown


def test_zero_points_read_differently_from_no_score(api: Api) -> None:
    page = visible_text(get(api, "/actors/kpo?year=2019&lang=en"))
    # 2019: the canary's published assessment of KPO scores 'not met' (0 points).
    assert "not met 0 " in page
    assert "not yet assessed not counted" in page  # excluded: no points at all


def test_unknown_actor_is_an_html_page_saying_so(api: Api) -> None:
    answer = api.client.get("/actors/nobody?lang=ru")
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    assert "Не найдено" in answer.text
    # An actor the methodology does not score (a publisher), a recommendation nobody made.
    for url in ("/actors/bhrrc?lang=en", "/follow-up/kk2021-gov-99?lang=en"):
        answer = api.client.get(url)
        assert answer.status_code == 404 and "<h1>Not found</h1>" in answer.text, url


def test_no_page_shows_the_canary(api: Api) -> None:
    urls = [f"{p}?year={y}&lang={lang}" for p in PAGES for y in (2019, 2021)
            for lang in ("en", "kk")]
    listing = get(api, "/scorecards?year=2019")
    urls += [f"/actors/{a}?year=2019" for a in _actors(listing.replace("?year=2019", ""))]
    assert len(urls) > 40
    for url in urls:
        page = get(api, url)
        for canary in CANARIES:
            assert canary not in page, (url, canary)


def test_api_docs_load_nothing_from_elsewhere(api: Api) -> None:
    docs = get(api, "/schema/swagger")
    assert not re.findall(r'(?:src|href)=["\'](?:https?:)?//', docs)
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', docs):
        assert api.client.get(asset).status_code == 200, asset


def test_pages_load_nothing_from_elsewhere(api: Api) -> None:
    for path in PAGES:
        page = get(api, path)
        assert not re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', page)


def test_documents_list_names_only_public_sources(api: Api) -> None:
    # KPO's 2019 request and reply (the canary's) cite a non-public source: it is neither
    # named nor listed as a stand-in; the report they also cite is listed.
    page = visible_text(get(api, "/actors/kpo?year=2019&lang=en"))
    documents = page[page.index("Evidence and sources"):page.index("Downloads")]
    assert "research on the protection of human rights defenders" in documents
    assert "non-public" not in documents and "Canary" not in documents


def test_pages_follow_a_change_of_the_evidence(api: Api) -> None:
    # Pages are kept per version of the database: a new alias is found once it is written.
    alias = "Қарашығанақ Петролеум"
    assert _actors(get(api, f"/scorecards?q={alias}")) == []
    kpo = api.store.snapshot().actors["kpo"]
    with api.store.transaction("test") as tx:
        tx.actors.put(kpo.model_copy(update={"aliases": [*kpo.aliases, alias]}))
    try:
        assert _actors(get(api, f"/scorecards?q={alias}")) == ["kpo"]
        assert alias in visible_text(get(api, "/actors/kpo?lang=kk"))
    finally:
        with api.store.transaction("test") as tx:
            tx.actors.put(kpo)


def test_actor_page_shows_the_public_reply_and_never_the_confidential_one(api: Api) -> None:
    # The canary's closed 2019 round: KPO answered in public on 11 Jan 2026 and, separately,
    # in confidence; the deadline was 14 days after 10 Jan 2026.
    text = visible_text(get(api, "/actors/kpo?year=2019&lang=en"))
    assert "Right of reply" in text
    assert REPLY_PUBLIC in text and "Received on 11 January 2026." in text
    assert REPLY_SECRET not in text
    # The confidential answer's comment gives no feedback log entry.
    assert "Feedback log" not in text
    ru = visible_text(get(api, "/actors/kpo?year=2019&lang=ru"))
    assert "Право на ответ" in ru and REPLY_PUBLIC in ru
    # An actor not in the round, or a period without a closed round: no such section.
    assert "Right of reply" not in visible_text(get(api, "/actors/kpo?year=2021&lang=en"))
