"""An actor page lists only the most recent allegations and information requests (the busiest
actor has thousands) and says so in words, in each language, with a link to the download that
holds them all (issue 14)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import orjson
import pytest

from hrdscore.dataset import Dataset
from hrdscore.model import Period
from hrdscore.service import Workspace
from hrdscore.web import views
from hrdscore.web.render import Links, render
from tests.api_helpers import Api
from tests.web_helpers import canary_api, visible_text

# The canary database: 6 allegations against the government in 2019 (worked out from the
# shipped incidents: 6 acts by single sources or disputed), and 1 request to KPO in 2021.
GOVERNMENT_2019 = "/actors/kz-government?year=2019"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset,
        monkeypatch_module: pytest.MonkeyPatch) -> Iterator[Api]:
    # Two shown of each list, so the canary's six allegations are more than a page shows.
    monkeypatch_module.setattr(views, "SHOWN", 2)
    with canary_api(tmp_path_factory.mktemp("web-lists"), shipped) as running:
        yield running


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def _allegations(page: str) -> list[str]:
    section = page[page.index('id="allegations"'):]
    section = section[:section.index("</ul>")]
    return [visible_text(li) for li in re.findall(r"<li>(.*?)</li>", section, re.S)]


def test_the_page_shows_the_two_most_recent_of_six_allegations(api: Api) -> None:
    card = orjson.loads(api.client.get("/api/scorecards/2019/kz-government").content)
    everyone = [(a["text"], a["response"]) for a in card["allegations"]]
    assert len(everyone) == 6
    page = api.client.get(GOVERNMENT_2019 + "&lang=en").text
    listed = _allegations(page)
    # The last two in date order (scoring lists them oldest first), in that order: an
    # interrogation without response, then one with the investigation suspended. The first
    # (a detention) is not listed.
    assert len(listed) == 2
    for item, (text, response) in zip(listed, everyone[4:], strict=True):
        assert item.startswith(text) and item.endswith(response), (item, text, response)
    assert not any(item.startswith(everyone[0][0]) for item in listed)
    shown = visible_text(page)
    assert ("Showing the 2 most recent of 6 allegations; the full list: "
            "JSON (the whole scorecard)") in shown
    assert '<a href="/api/scorecards/2019/kz-government">' in page


def test_the_sentence_is_in_russian_and_kazakh(api: Api) -> None:
    ru = visible_text(api.client.get(GOVERNMENT_2019 + "&lang=ru").text)
    assert "Показаны последние 2; всего сообщений: 6. Полный список: JSON (вся оценочная " \
           "карта)" in ru
    kk = visible_text(api.client.get(GOVERNMENT_2019 + "&lang=kk").text)
    assert "Соңғы 2 мәлімет көрсетілген; барлығы: 6. Толық тізім: JSON (бағалау картасы " \
           "толық)" in kk


def test_a_list_no_longer_than_the_page_shows_has_no_sentence(api: Api) -> None:
    # KPO in 2021: one request, no allegation; 2019: three allegations, two shown.
    page = visible_text(api.client.get("/actors/kpo?year=2021&lang=en").text)
    assert "most recent" not in page
    page = visible_text(api.client.get("/actors/kpo?year=2019&lang=en").text)
    assert "Showing the 2 most recent of 3 allegations" in page


def test_most_recent_keeps_the_last_in_date_order_and_counts_all() -> None:
    assert views.most_recent(["a", "b", "c"], 2, "en") == (["b", "c"], "3")
    assert views.most_recent(["a", "b"], 2, "en") == (["a", "b"], "")  # all shown: no count
    assert views.most_recent([], 2, "en") == ([], "")
    # The count as the reader writes numbers: 2,300 in English, 2 300 in Russian and Kazakh.
    assert views.most_recent(list(range(2300)), 100, "en")[1] == "2,300"
    assert views.most_recent(list(range(2300)), 100, "ru")[1] == "2\u00a0300"


def test_requests_are_cut_to_the_most_recent_too(api: Api) -> None:
    ws: Workspace = api.client.app.state["ctx"].workspace
    period = Period(start_year=2021, end_year=2021)
    card = ws.public_scorecard(period, "kpo")
    one = card.requests[0]
    # Three requests, sent on the 1st, 2nd and 3rd of March: the page keeps the 2nd and 3rd.
    three = [one.model_copy(update={"reference": f"No. {n}", "sent_on": date(2021, 3, n)})
             for n in (1, 2, 3)]
    page = views.actor_page(ws, period, "kpo", "en", card.model_copy(
        update={"requests": three}), shown=2)
    assert [q["reference"] for q in page["requests"]] == ["No. 2", "No. 3"]
    assert page["requests_total"] == "3" and page["allegations_total"] == ""
    html = render("actor.html", Links(lang="en", period="2021", here="actor", here_id="kpo"),
                  a=page)
    assert ("Showing the 2 most recent of 3 information requests; the full list: "
            "JSON (the whole scorecard)") in visible_text(html)
