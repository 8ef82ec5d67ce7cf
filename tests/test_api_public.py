"""The public, read-only API: every endpoint, pagination, filters, errors as problem details."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import hrdscore.service
from hrdscore.dataset import Dataset
from hrdscore.model import Actor, Period
from hrdscore.render.tabular import SCORECARD_COLUMNS
from hrdscore.service import Workspace
from tests.api_helpers import Api, Base, make_base, running_api

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Base:
    return make_base(tmp_path_factory.mktemp("api-public"), shipped)


@pytest.fixture
def api(base: Base, tmp_path: Path) -> Iterator[Api]:
    with running_api(base, tmp_path) as running:
        yield running


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:hrdscore:problem:")
    assert body["title"]
    return body


def test_health_answers_ok(api: Api) -> None:
    response = api.client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_recommendations_are_paginated_with_stable_links(api: Api) -> None:
    first = api.client.get("/api/recommendations", params={"limit": 10}).json()
    assert first["total"] == 36 and len(first["items"]) == 10 and first["offset"] == 0
    assert first["items"][0]["id"] == "kk2021-gov-01"
    assert first["links"]["prev"] is None
    seen = [r["id"] for r in first["items"]]
    page = first
    while page["links"]["next"]:
        page = api.client.get(page["links"]["next"]).json()
        seen += [r["id"] for r in page["items"]]
    assert len(seen) == 36 and len(set(seen)) == 36
    assert page["offset"] == 30 and len(page["items"]) == 6
    assert page["links"]["prev"].endswith("limit=10&offset=20")


def test_recommendations_filter_and_one_by_id(api: Api) -> None:
    companies = api.client.get("/api/recommendations",
                               params={"addressee": "companies"}).json()
    assert companies["total"] == 9
    assert {r["addressee"] for r in companies["items"]} == {"companies"}
    one = api.client.get("/api/recommendations/kk2021-gov-06")
    assert one.status_code == 200
    body = one.json()
    assert body["id"] == "kk2021-gov-06" and body["criteria"]
    assert _problem(api.client.get("/api/recommendations/kk2021-gov-99"), 404)["detail"] == (
        "no recommendation with id 'kk2021-gov-99'")
    _problem(api.client.get("/api/recommendations", params={"addressee": "nobody"}), 400)


def test_actors_filter_by_kind_parent_and_name(api: Api) -> None:
    companies = api.client.get("/api/actors", params={"kind": "company", "limit": 500}).json()
    assert companies["total"] > 5
    assert {a["kind"] for a in companies["items"]} == {"company"}
    # Both spellings the report uses find the same company.
    for text in ("BozashyTransKurylys", "ҚҰRYLYS"):
        found = api.client.get("/api/actors", params={"q": text}).json()
        assert [a["id"] for a in found["items"]] == ["bozashytranskurylys"], text
    police = api.client.get("/api/actors/burlinsky-police").json()
    children = api.client.get("/api/actors", params={"parent": police["parent"]}).json()
    assert "burlinsky-police" in [a["id"] for a in children["items"]]
    actor = Actor.model_validate(police)  # the public shape is the model's
    assert actor.id == "burlinsky-police"
    _problem(api.client.get("/api/actors/no-such-actor"), 404)


def test_scorecard_ranking_is_ranked_and_links_to_each_scorecard(api: Api) -> None:
    page = api.client.get("/api/scorecards", params={"year": 2021, "limit": 500}).json()
    items = page["items"]
    assert page["total"] == len(items) > 10
    ranked = [i for i in items if i["rank"] is not None]
    assert [i["rank"] for i in ranked] == list(range(1, len(ranked) + 1))
    totals = [i["total"] for i in ranked]
    assert totals == sorted(totals, reverse=True)
    unranked = items[len(ranked):]
    assert all(i["total"] is None and i["total_reason"] for i in unranked)
    first = items[0]
    assert first["scorecard"] == f"/api/scorecards/2021/{first['actor']}"
    assert api.client.get(first["scorecard"]).json()["actor"] == first["actor"]
    assert api.client.get(first["csv"]).status_code == 200
    companies = api.client.get("/api/scorecards", params={"year": 2021, "kind": "company",
                                                         "limit": 500}).json()
    assert {i["actor_kind"] for i in companies["items"]} == {"company"}
    assert companies["total"] < page["total"]


def test_scorecard_json_is_the_workspace_scorecard(api: Api, base: Base) -> None:
    ws = Workspace(catalog=base.catalog, methodology=base.methodology, store=api.store)
    expected = ws.internal_scorecard(Period(start_year=2021, end_year=2021), "kpo")
    response = api.client.get("/api/scorecards/2021/kpo")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == expected.model_dump(mode="json")
    assert response.headers["etag"]


def test_scorecard_csv_is_long_format(api: Api) -> None:
    response = api.client.get("/api/scorecards/2021/kpo.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == SCORECARD_COLUMNS
    card = api.client.get("/api/scorecards/2021/kpo").json()
    criteria = [c for r in card["recommendations"] for c in r["criteria"]]
    assert len(rows) - 1 == len(criteria)
    assert {r[0] for r in rows[1:]} == {"kpo"}


def test_scorecard_errors(api: Api) -> None:
    assert "no-such-actor" in _problem(api.client.get("/api/scorecards/2021/no-such-actor"),
                                       404)["detail"]
    _problem(api.client.get("/api/scorecards/2021/no-such-actor.csv"), 404)
    body = _problem(api.client.get("/api/scorecards/3000/kpo"), 400)
    assert body["errors"][0]["field"] == "year"
    _problem(api.client.get("/api/scorecards", params={"year": "twenty"}), 400)


def test_responsiveness_reproduces_the_annex(api: Api) -> None:
    body = api.client.get("/api/responsiveness", params={"year": 2021}).json()
    assert body["summary"]["inquiries"] == 12
    assert body["summary"]["replies"] == 7
    assert len(body["rows"]) == 12
    default = api.client.get("/api/responsiveness").json()
    assert default["period"] == "2021"


def test_scorecards_are_computed_once_per_snapshot(api: Api,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    everyone: list[str] = []
    single: list[str] = []
    real_all, real_one = hrdscore.service.score_all, hrdscore.service.score_actor

    def counting_all(*args: Any, **kwargs: Any) -> Any:
        everyone.append(args[2].label)
        return real_all(*args, **kwargs)

    def counting_one(*args: Any, **kwargs: Any) -> Any:
        single.append(args[2])
        return real_one(*args, **kwargs)

    monkeypatch.setattr(hrdscore.service, "score_all", counting_all)
    monkeypatch.setattr(hrdscore.service, "score_actor", counting_one)
    # Before everyone is scored, one scorecard is scored on its own, once.
    first = api.client.get("/api/scorecards/2019/kpo").content
    for _ in range(5):
        assert api.client.get("/api/scorecards/2019/kpo").content == first
    assert (everyone, single) == ([], ["kpo"])
    # The ranking scores everyone once; single scorecards are then taken from it.
    api.client.get("/api/scorecards", params={"year": 2019})
    assert api.client.get("/api/scorecards/2019/kpo").content == first
    api.client.get("/api/scorecards/2019/westoil.csv")
    api.client.get("/api/scorecards", params={"year": 2019, "kind": "company"})
    assert (everyone, single) == (["2019"], ["kpo"])
    # A write makes a new snapshot: computed again, once, and the hash says so.
    created = api.client.post("/api/actors", headers=api.as_role("editor"), json={
        "id": "new-company", "name": "New Company LLP", "kind": "company"})
    assert created.status_code == 201, created.text
    again = api.client.get("/api/scorecards/2019/kpo").json()
    api.client.get("/api/scorecards/2019/kpo")
    # Methodology 2 scores a company only once it has been sent an information request.
    not_scored = api.client.get("/api/scorecards/2019/new-company")
    assert not_scored.status_code == 404 and "not scored" in not_scored.json()["detail"]
    assert single == ["kpo", "kpo"]
    assert again["snapshot_hash"] != json.loads(first)["snapshot_hash"]
    api.client.get("/api/scorecards", params={"year": 2019})
    assert everyone == ["2019", "2019"]


@pytest.mark.parametrize("url", [
    "/api/actors?limit=0",
    "/api/actors?limit=100000",
    "/api/actors?limit=abc",
    "/api/actors?offset=-1",
    "/api/actors?kind=planet",
    "/api/actors/UPPER",
    "/api/actors/" + "a" * 300,
    "/api/actors/%00",
    "/api/actors/%F0%9F%98%80",
    "/api/scorecards/2021/%00",
    "/api/scorecards/1800/kpo",
    "/api/scorecards/99999999999999999999/kpo",
    "/api/scorecards?year=2021&kind=%FF",
    "/api/statistics/incidents?by=planet",
    "/api/statistics/incidents?by=year,year",
    "/api/statistics/incidents?by=year,field,month",
    "/api/statistics/incidents?year=2019&period=2016-2020",
    "/api/statistics/incidents?period=2020-2016",
    "/api/statistics/incidents?threshold=1",
    "/api/statistics/incidents?verification=maybe",
    "/api/incidents?year=-5",
    "/api/nowhere",
])
def test_malformed_requests_get_a_4xx_problem_never_a_500(api: Api, url: str) -> None:
    response = api.client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code, response.text)
    assert response.headers["content-type"].startswith(PROBLEM)
    assert "Traceback" not in response.text


def test_wrong_method_is_405_problem(api: Api) -> None:
    response = api.client.patch("/api/actors/kpo", json={})
    _problem(response, 405)


def test_statistics_are_suppressed_for_the_public(api: Api) -> None:
    public = api.client.get("/api/statistics/incidents",
                            params={"by": "year", "public": "false"}).json()
    assert public["public"] is True and public["threshold"] == 5
    # Outside the public catalogue (hrdscore.stats.public): an analyst key is needed.
    refused = api.client.get("/api/statistics/incidents",
                             params={"by": ["year", "act_type"], "threshold": 2})
    assert refused.status_code == 403
    assert "threshold other than 5" in refused.json()["detail"]
    for table in public["tables"]:
        assert table["suppression"] is not None
        for cell in table["cells"]:
            assert cell["suppressed"] or cell["persons"] >= 5
    analyst = api.client.get("/api/statistics/incidents", headers=api.as_role("analyst"),
                             params={"by": "year", "public": "false"}).json()
    assert analyst["public"] is False
    assert all(not c["suppressed"] for c in analyst["tables"][0]["cells"])
    lower = api.client.get("/api/statistics/incidents", headers=api.as_role("analyst"),
                           params={"by": "year", "threshold": 2}).json()
    assert lower["threshold"] == 2


def test_rate_limit_per_client(base: Base, tmp_path: Path) -> None:
    with running_api(base, tmp_path, rate_limit=3, rate_window_seconds=60) as api:
        for _ in range(3):
            assert api.client.get("/api/health").status_code == 200
        limited = api.client.get("/api/actors")
        body = _problem(limited, 429)
        assert int(limited.headers["retry-after"]) >= 1
        assert "3 requests" in body["detail"]


def test_request_body_size_limit(base: Base, tmp_path: Path) -> None:
    with running_api(base, tmp_path, max_body_bytes=2048) as api:
        big = {"id": "big", "name": "x" * 5000, "kind": "company"}
        _problem(api.client.post("/api/actors", json=big, headers=api.as_role("editor")), 413)


def test_openapi_document_declares_the_key_scheme_and_every_error(api: Api) -> None:
    doc = api.client.get("/schema/openapi.json").json()
    scheme = doc["components"]["securitySchemes"]["ApiKey"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "X-API-Key"}
    paths = doc["paths"]
    for expected in ["/api/recommendations", "/api/recommendations/{recommendation_id}",
                     "/api/actors", "/api/actors/{record_id}", "/api/scorecards",
                     "/api/scorecards/{year}/{actor_id}", "/api/responsiveness",
                     "/api/health", "/api/statistics/incidents", "/api/inquiries",
                     "/api/replies", "/api/incidents", "/api/assessments", "/api/sources",
                     "/api/keys"]:
        assert expected in paths, expected
    for path, item in paths.items():
        for method, op in item.items():
            codes = op["responses"]
            assert "429" in codes and "400" in codes, (path, method)
            for code, response in codes.items():
                if code.startswith("4"):
                    assert list(response["content"]) == [PROBLEM], (path, method, code)
            if op.get("security") == [{"ApiKey": []}]:
                assert {"401", "403"} <= set(codes), (path, method)
            if method in ("post", "put"):
                assert "422" in codes or path == "/api/keys", (path, method)
    scorecard = paths["/api/scorecards/{year}/{actor_id}"]["get"]["responses"]["200"]
    assert set(scorecard["content"]) == {"application/json", "text/csv", "application/pdf"}
    report = doc["paths"]["/api/reports/{name}"]["get"]["responses"]["200"]
    assert set(report["content"]) == {"application/pdf"}
    docs = api.client.get("/schema/swagger")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_scorecard_and_report_pdfs(api: Api) -> None:
    from tests.pdftools import full_text

    response = api.client.get("/api/scorecards/2021/bozashytranskurylys.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="scorecard-bozashytranskurylys-2021.pdf"' in (
        response.headers["content-disposition"])
    assert response.content.startswith(b"%PDF")
    assert "BozashyTransҚұrylys" in full_text(response.content)
    again = api.client.get("/api/scorecards/2021/bozashytranskurylys.pdf")
    assert again.content == response.content  # same snapshot, same day: same bytes
    report = api.client.get("/api/reports/2021.pdf")
    assert report.status_code == 200
    assert report.headers["content-type"] == "application/pdf"
    assert 'filename="hrdscore-report-2021.pdf"' in report.headers["content-disposition"]
    assert "Karachaganak Petroleum Operating B.V." in full_text(report.content)
    _problem(api.client.get("/api/scorecards/2021/no-such-actor.pdf"), 404)
    _problem(api.client.get("/api/reports/twenty.pdf"), 400)


def test_warm_up_scores_the_latest_year_before_any_request(base: Base, tmp_path: Path) -> None:
    from hrdscore.api import ApiSettings, create_app
    from hrdscore.api.context import ApiContext

    db = tmp_path / "warm.json"
    db.write_bytes(base.template)
    app = create_app(ApiSettings(db=db, warm_up=True))
    ctx: ApiContext = app.state["ctx"]
    ctx.warm_up()
    view = ctx.current_view()
    assert view is not None and view.kept_periods() == ["2021"]  # before any request
    cold = create_app(ApiSettings(db=db))
    assert cold.state["ctx"].current_view() is None


def test_scorecard_etag_answers_304_when_unchanged(api: Api) -> None:
    first = api.client.get("/api/scorecards/2021/kpo")
    etag = first.headers["etag"]
    again = api.client.get("/api/scorecards/2021/kpo", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other = api.client.get("/api/scorecards/2021/kpo.csv", headers={"If-None-Match": etag})
    assert other.status_code == 200  # another representation, another ETag
    stale = api.client.get("/api/scorecards/2021/kpo", headers={"If-None-Match": '"old"'})
    assert stale.status_code == 200 and stale.content == first.content
