"""`serve --catalog`: the API lists the extra report's recommendations and still scores the
shipped report with its own recommendations only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from litestar.testing import TestClient

from hrdscore.api import ApiSettings, create_app
from hrdscore.catalogs import set_cli_dirs
from hrdscore.cli import cli
from hrdscore.shipped import load_shipped
from hrdscore.store import Store, seed

from .conftest import REPO

EXAMPLE = REPO / "examples" / "fictional-2023"


def test_serve_takes_catalog_and_the_app_reads_it(tmp_path: Path) -> None:
    assert any("--catalog" in p.opts for p in cli.commands["serve"].params)
    db = tmp_path / "db.json"
    seed(Store(db), load_shipped(date.today()), who="test")
    set_cli_dirs([EXAMPLE])  # what `serve --catalog DIR` does before it builds the app
    try:
        app = create_app(ApiSettings(db=db, rate_limit=0))
    finally:
        set_cli_dirs(None)
    with TestClient(app) as client:
        listed = client.get("/api/recommendations")
        assert listed.status_code == 200
        assert listed.json()["total"] == 36 + 4
        companies = client.get("/api/recommendations?addressee=companies").json()["items"]
        assert [r["id"] for r in companies][-2:] == ["fictional2023-com-01",
                                                     "fictional2023-com-02"]
        one = client.get("/api/recommendations/fictional2023-gov-01")
        assert one.status_code == 200 and one.json()["reiterates"] == ["kk2021-gov-06"]
        card = client.get("/api/scorecards/2021/kz-government")
        assert card.status_code == 200
        recs = [r["recommendation"] for r in card.json()["recommendations"]]
        assert recs and all(r.startswith("kk2021-") for r in recs)


def test_the_web_timeline_shows_the_same_ask_across_reports(tmp_path: Path) -> None:
    # The fictional 2023 report's government recommendation 1 reiterates kk2021-gov-06,
    # which the shipped assessments rate "not started" (as of 31 Dec 2020).
    db = tmp_path / "db.json"
    seed(Store(db), load_shipped(date.today()), who="test")
    set_cli_dirs([EXAMPLE])
    try:
        app = create_app(ApiSettings(db=db, rate_limit=0))
    finally:
        set_cli_dirs(None)
    with TestClient(app) as client:
        page = client.get("/follow-up/kk2021-gov-06?lang=en")
        assert page.status_code == 200
        text = " ".join(page.text.split())
        assert "The same ask across reports" in text
        first = text.index("First made in 2021")
        again = text.index("Repeated in 2023")
        assert first < again  # oldest first
        assert "(latest status: not started)" in text[first:again]
        assert "Government, no. 1" in text[again:]
        assert "fictional2023-gov-01" not in text  # named in words, not by id
        ru = " ".join(client.get("/follow-up/kk2021-gov-06?lang=ru").text.split())
        assert "Впервые дана в 2021 году" in ru and "Повторена в 2023 году" in ru
        plain = client.get("/follow-up/kk2021-gov-05?lang=en").text
        assert "The same ask across reports" not in plain
