"""Periods over HTTP: a range of years works wherever a year does, in the path and as
`?period=`; a query parameter an endpoint does not take is a 400 naming it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hrdscore.dataset import Dataset
from hrdscore.model import Period
from tests.api_helpers import Api, Base, make_base, running_api


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Base:
    return make_base(tmp_path_factory.mktemp("api-periods"), shipped, with_secrets=False)


@pytest.fixture
def api(base: Base, tmp_path: Path) -> Iterator[Api]:
    with running_api(base, tmp_path, rate_limit=0) as running:
        yield running


def test_a_range_of_years_in_the_path_gives_that_periods_scorecard(api: Api) -> None:
    response = api.client.get("/api/scorecards/2016-2020/kpo")
    assert response.status_code == 200
    assert response.json()["period"] == "2016-2020"
    assert "2016-2020" in response.headers["etag"]
    one_year = api.client.get("/api/scorecards/2019/kpo").json()
    assert one_year["period"] == "2019"
    csv = api.client.get("/api/scorecards/2016-2020/kpo.csv")
    assert csv.status_code == 200 and "2016-2020" in csv.text.splitlines()[1]


def test_period_query_on_the_ranking_and_responsiveness(api: Api) -> None:
    page = api.client.get("/api/scorecards", params={"period": "2016-2020"}).json()
    assert {row["period"] for row in page["items"]} == {"2016-2020"}
    assert page["items"][0]["scorecard"].startswith("/api/scorecards/2016-2020/")
    answer = api.client.get("/api/responsiveness", params={"period": "2016-2021"}).json()
    assert answer["period"] == "2016-2021"
    # 12 letters of 2021 (one undated but placed in 2021) plus the earlier follow-ups
    assert answer["summary"]["inquiries"] >= 12


@pytest.mark.parametrize(("url", "status"), [
    ("/api/scorecards/2020-2016/kpo", 400),        # ends before it starts
    ("/api/scorecards/1900/kpo", 400),             # no period before it to compare with
    ("/api/scorecards?period=1900", 400),
    ("/api/responsiveness?period=1900-1950", 400),
    ("/api/scorecards/2016_2020/kpo", 400),        # not a period at all
    ("/api/scorecards?year=2019&period=2016-2020", 400),
    ("/api/reports/2020-2016.pdf", 404),
])
def test_bad_periods_are_client_errors(api: Api, url: str, status: int) -> None:
    response = api.client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("url", [
    "/api/scorecards?perod=2016-2020",
    "/api/scorecards/2021/kpo?period=2016-2020",
    "/api/health?x=1",
    "/api/recommendations?foo=1",
])
def test_unknown_query_parameters_are_400_naming_them(api: Api, url: str) -> None:
    response = api.client.get(url)
    assert response.status_code == 400, response.text
    body = response.json()
    name = url.split("?")[1].split("=")[0]
    assert [e["field"] for e in body["errors"]] == [name]
    assert f"unknown query parameter {name!r}" in body["errors"][0]["message"]


def test_declared_parameters_still_work(api: Api) -> None:
    response = api.client.get("/api/scorecards", params={"year": 2021, "kind": "company",
                                                         "limit": 2, "offset": 1})
    assert response.status_code == 200
    assert len(response.json()["items"]) == 2
    assert api.client.get("/api/recommendations", params={"limit": 1}).status_code == 200


def test_period_label_round_trips() -> None:
    assert Period.parse("2016-2020").label == "2016-2020"
