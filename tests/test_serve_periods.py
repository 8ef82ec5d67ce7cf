"""Bounded memory on the server (issue 15, item 3): every actor's cards are kept for the
`periods_kept` periods most recently asked for, and a year the evidence does not reach is a
404 that scores nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hrdscore import service
from hrdscore.api.context import ApiContext
from hrdscore.dataset import Dataset
from tests.api_helpers import Api, make_base, running_api

# The shipped evidence is dated 2016 (the first act) to 2021 (requests, replies, acts): pages
# and scorecards exist for 2015 to 2022, one year either side.
FIRST, LAST = 2015, 2022


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Iterator[Api]:
    directory = tmp_path_factory.mktemp("periods")
    with running_api(make_base(directory, shipped), directory, rate_limit=0,
                     periods_kept=2) as running:
        yield running


def _ctx(api: Api) -> ApiContext:
    ctx: ApiContext = api.client.app.state["ctx"]
    return ctx


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every scoring call (everyone's cards, one actor's card), by the period it scores."""
    calls: list[str] = []
    score_all, score_actor = service.score_all, service.score_actor

    def all_spy(catalog: Any, snap: Any, period: Any, *args: Any, **kw: Any) -> Any:
        calls.append(period.label)
        return score_all(catalog, snap, period, *args, **kw)

    def actor_spy(catalog: Any, snap: Any, actor: str, period: Any, *args: Any,
                  **kw: Any) -> Any:
        calls.append(period.label)
        return score_actor(catalog, snap, actor, period, *args, **kw)

    monkeypatch.setattr(service, "score_all", all_spy)
    monkeypatch.setattr(service, "score_actor", actor_spy)
    return calls


def test_many_years_keep_only_the_last_two_periods_scored(api: Api, scored: list[str]) -> None:
    for year in range(FIRST, LAST + 1):  # eight years, each scored in full
        assert api.client.get("/api/scorecards", params={"year": year}).status_code == 200
    view = _ctx(api).current_view()
    assert view is not None
    assert view.kept_periods() == ["2021", "2022"]  # the two latest asked for, oldest first
    assert scored == [str(y) for y in range(FIRST, LAST + 1)]
    # Asked again, the oldest kept comes back to the front; a third one pushes out the other.
    api.client.get("/api/scorecards", params={"year": 2021})
    api.client.get("/api/scorecards", params={"year": 2016})
    assert view.kept_periods() == ["2021", "2016"]


@pytest.mark.parametrize("year", [FIRST - 1, LAST + 1, 1990])
def test_a_year_the_evidence_does_not_reach_is_404_and_scores_nothing(
        api: Api, scored: list[str], year: int) -> None:
    for url in (f"/api/scorecards?year={year}", f"/api/scorecards/{year}/kpo",
                f"/api/scorecards/{year}/kpo.csv", f"/api/scorecards/{year}/kpo.pdf",
                f"/api/reports/{year}.pdf", f"/api/responsiveness?year={year}"):
        answer = api.client.get(url)
        assert answer.status_code == 404, (url, answer.status_code)
        assert answer.headers["content-type"].startswith("application/problem+json"), url
        assert answer.json()["detail"] == (
            f"no scorecards for {year}: the evidence covers 2016 to 2021, so scorecards are "
            "given for 2015 to 2022"), url
    page = api.client.get(f"/actors/kpo?year={year}&lang=en")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Scorecards and pages exist for the years 2015 to 2022" in page.text
    ru = api.client.get(f"/?year={year}&lang=ru")
    assert ru.status_code == 404 and "есть за годы с 2015 по 2022" in ru.text
    assert scored == []


def test_the_years_either_side_of_the_evidence_are_scored(api: Api, scored: list[str]) -> None:
    for year in (FIRST, LAST):
        assert api.client.get(f"/api/scorecards/{year}/kpo").status_code == 200
    assert set(scored) <= {str(FIRST), str(LAST)} and scored  # the spy sees scoring


def test_the_serve_option_sets_the_periods_kept(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from hrdscore.cli import cli

    answer = CliRunner().invoke(cli, ["serve", "--help"])
    assert "--periods-kept" in answer.output
    refused = CliRunner().invoke(cli, ["serve", "--periods-kept", "0", "--db",
                                        str(tmp_path / "db.json")])
    assert refused.exit_code == 2 and "--periods-kept" in refused.output


@pytest.mark.parametrize("year", [2019, 2021])
def test_a_kept_card_parses_back_to_the_same_public_card(workspace: Any, year: int) -> None:
    # The server keeps a period as JSON and parses one card back for a page or a CSV: the
    # card must be the one made public, field for field (redactions included).
    from hrdscore.api.cards import public_card_of
    from hrdscore.model import Period

    cards = workspace.public_scorecards(Period(start_year=year, end_year=year))
    assert len(cards) > 10
    for card in cards:
        assert public_card_of(card, None).card == card, card.actor
