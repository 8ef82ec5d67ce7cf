"""What the OpenAPI document declares, the server does: the generated period pattern matches
exactly the periods the server takes, an error quoting it speaks in words, a statistics
filter on an unknown actor is a documented 404, and OPTIONS names every method of a path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from hrdscore.api.patterns import in_words, period_pattern
from hrdscore.dataset import Dataset
from tests.api_helpers import Api, Base, make_base, running_api


@pytest.mark.parametrize(("first", "last"), [(1900, 2100), (1901, 2100), (1995, 2031)])
def test_period_pattern_matches_exactly_ordered_years_within_bounds(first: int,
                                                                   last: int) -> None:
    pattern = re.compile(period_pattern(first, last))
    for start in range(1880, 2120):
        assert bool(pattern.match(str(start))) == (first <= start <= last), start
        for end in range(1880, 2120):
            expected = first <= start <= end <= last
            assert bool(pattern.match(f"{start}-{end}")) == expected, (start, end)
    for text in ("2016/2020", "2016 - 2020", "02016", "2016-", "-2016", "2016-2020-2021"):
        assert not pattern.match(text), text


def test_a_message_quoting_the_pattern_says_it_in_words() -> None:
    pattern = period_pattern(1901, 2100)
    escaped = pattern.replace("\\", "\\\\")
    words = in_words(f"Expected `str` matching regex '{escaped}'")
    assert words.startswith("give a year from 1901 to 2100")
    assert "\\d" not in words
    assert in_words("Expected `int`") == "Expected `int`"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Base:
    return make_base(tmp_path_factory.mktemp("api-declared"), shipped, with_secrets=False)


@pytest.fixture
def api(base: Base, tmp_path: Path) -> Iterator[Api]:
    with running_api(base, tmp_path, rate_limit=0) as running:
        yield running


@pytest.mark.parametrize(("url", "methods"), [
    ("/api/actors/kpo", "DELETE, GET, OPTIONS, PUT"),
    ("/api/actors", "GET, OPTIONS, POST"),
    ("/api/responses", "GET, OPTIONS, POST"),
    ("/api/health", "GET, OPTIONS"),
])
def test_options_names_every_method_of_the_path(api: Api, url: str, methods: str) -> None:
    response = api.client.options(url)
    assert response.status_code == 204
    assert response.headers["allow"] == methods


def test_a_reversed_period_is_refused_in_words(api: Api) -> None:
    response = api.client.get("/api/statistics/incidents", params={"period": "2020-2016"})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "period"
    assert "does not end before it starts" in error["message"]


def test_statistics_of_an_unknown_actor_is_a_documented_404(api: Api) -> None:
    response = api.client.get("/api/statistics/incidents", params={"actor": "no-such-actor"})
    assert response.status_code == 404
    assert response.json()["detail"] == "no actor with id 'no-such-actor'"
    operation = api.client.get("/schema/openapi.json").json()["paths"][
        "/api/statistics/incidents"]["get"]
    assert "404" in operation["responses"]


def test_statistics_tables_are_an_enum_of_what_the_server_parses(api: Api) -> None:
    document = api.client.get("/schema/openapi.json").json()
    [by] = [p for p in document["paths"]["/api/statistics/incidents"]["get"]["parameters"]
            if p["name"] == "by"]
    [array] = [s for s in by["schema"]["oneOf"] if s["type"] == "array"]
    name = array["items"]["$ref"].rsplit("/", 1)[1]
    assert name == "StatisticsTable"
    values = document["components"]["schemas"][name]["enum"]
    # 14 dimensions (13 of threats, recourse_type only of recourses), alone or two different
    # ones in either order.
    assert len(values) == 14 + 14 * 13
    assert {"year", "recourse_type", "city,year", "year,city"} <= set(values)
    assert "year,year" not in values
    ok = api.client.get("/api/statistics/incidents", params={"by": "year"},
                        headers=api.as_role("analyst"))
    assert ok.status_code == 200
    refused = api.client.get("/api/statistics/incidents", params={"by": "year,year"},
                             headers=api.as_role("analyst"))
    assert refused.status_code == 400


def test_a_report_over_a_long_period_renders_instead_of_failing(api: Api) -> None:
    # 1974-2066 once gave a 500: 93 year columns left each a negative width in the tracker.
    response = api.client.get("/api/reports/1974-2066.pdf")
    assert response.status_code == 200, response.text[:300]
    assert response.content.startswith(b"%PDF")
