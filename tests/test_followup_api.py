"""Follow-up over HTTP: writes with the editor role (checked, audited), public reads through
the privacy projection, and every route in the OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hrdscore.dataset import Dataset
from hrdscore.privacy import NON_PUBLIC_CITATION
from tests.api_helpers import (
    DRAFT_ASSESSMENT,
    PRIVATE_SOURCE,
    SECRET_PROGRESS_REPORT,
    Api,
    Base,
    make_base,
    running_api,
)

REC = "kk2021-gov-06"
CITE = [{"source": "src-kk2021-report", "locator": "test"}]
MEASURE = {"id": "m-api", "recommendation": REC, "description": "Адам құқықтары жөніндегі жоспар",
           "actor": "kz-ministry-of-justice", "start_date": "2022-04-01",
           "target_date": "2022-09-30", "status": "in_progress", "citations": CITE}
SECRET = "Internal note kept from the public"
REPORT = {"id": "pr-api", "recommendation": REC, "date": "2022-10-15", "text": SECRET,
          "author": "Ministry of Justice", "public": False, "citations": CITE}
OPEN_REPORT = {"id": "pr-open", "recommendation": REC, "date": "2022-11-01",
               "text": "Public progress", "author": "Kadir-Kasiet", "public": True,
               "citations": [{"source": PRIVATE_SOURCE, "locator": "notes p. 2"}]}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Base:
    return make_base(tmp_path_factory.mktemp("api-followup"), shipped)


@pytest.fixture
def api(base: Base, tmp_path: Path) -> Iterator[Api]:
    with running_api(base, tmp_path) as running:
        yield running


def _post(api: Api, path: str, body: dict[str, Any], role: str = "editor") -> Any:
    return api.client.post(path, json=body, headers=api.as_role(role))


def test_an_editor_writes_follow_up_records_and_the_audit_log_names_the_key(api: Api) -> None:
    assert api.client.post("/api/measures", json=MEASURE).status_code == 401
    assert _post(api, "/api/measures", MEASURE, "analyst").status_code == 403
    created = _post(api, "/api/measures", MEASURE)
    assert created.status_code == 201, created.text
    assert created.headers["location"] == "/api/measures/m-api"
    assert api.client.get("/api/measures/m-api").json()["description"] == MEASURE["description"]
    last = api.store.audit_log()[-1]
    assert (last.who, last.action, last.kind, last.ids) == (
        "key:editor-key", "create", "measures", ["m-api"])
    report = _post(api, "/api/progress-reports", REPORT)
    assert report.status_code == 201, report.text
    assert report.headers["location"] == "/api/progress-reports/pr-api"
    response = _post(api, "/api/responses", {
        "id": "rsp-api", "recommendation": REC, "actor": "kz-government",
        "response": "noted", "date": "2022-03-01", "citations": CITE})
    assert response.status_code == 201, response.text


def test_bad_writes_are_422_naming_the_field(api: Api) -> None:
    before = api.store.path.read_bytes()
    backwards = _post(api, "/api/measures", {**MEASURE, "target_date": "2022-01-01"})
    assert backwards.status_code == 422
    assert {e["field"] for e in backwards.json()["errors"]} == {"target_date"}
    unknown = _post(api, "/api/measures", {**MEASURE, "recommendation": "kk2021-gov-77",
                                           "actor": "kz-nobody"})
    assert unknown.status_code == 422
    assert {e["field"] for e in unknown.json()["errors"]} == {"recommendation", "actor"}
    too_old = _post(api, "/api/progress-reports", {**REPORT, "date": "1066-10-14"})
    assert too_old.status_code == 422
    assert {e["field"] for e in too_old.json()["errors"]} == {"date"}
    assert api.store.path.read_bytes() == before


def test_public_reads_never_show_a_private_report_or_source(api: Api) -> None:
    for body in (MEASURE, REPORT, OPEN_REPORT):
        assert _post(api, "/api/measures" if body is MEASURE else "/api/progress-reports",
                     body).status_code == 201
    public = api.client.get("/api/progress-reports").json()["items"]
    assert [r["id"] for r in public] == ["pr-open"]
    assert [c["source"] for c in public[0]["citations"]] == [NON_PUBLIC_CITATION.source]
    assert api.client.get("/api/progress-reports/pr-api").status_code == 404
    analyst = api.client.get("/api/progress-reports", headers=api.as_role("analyst"))
    assert {r["id"] for r in analyst.json()["items"]} == {
        "pr-api", "pr-open", SECRET_PROGRESS_REPORT}
    timeline = api.client.get(f"/api/followup/{REC}")
    assert timeline.status_code == 200
    text = timeline.text
    assert SECRET not in text and "pr-api" not in text and PRIVATE_SOURCE not in text
    kinds = [e["kind"] for e in timeline.json()["entries"]]
    assert kinds.count("progress_report") == 1
    assert api.client.get("/api/followup/kk2021-gov-77").status_code == 404


def test_the_public_tracker_lists_the_19_government_recommendations(api: Api) -> None:
    got = api.client.get("/api/followup", params={"addressee": "government",
                                                  "as_of": "2022-12-31"})
    assert got.status_code == 200, got.text
    recs = got.json()["recommendations"]
    assert len(recs) == 19
    assert all(r["status"] for r in recs)
    # The draft assessment of the fixture (on a company recommendation) never reaches the
    # public tracker, nor its assessor as a column.
    everything = api.client.get("/api/followup")
    assert everything.status_code == 200
    assert DRAFT_ASSESSMENT not in everything.text
    assert "analyst-1" not in everything.json()["assessors"]
    private = {"id": "asm-private-cite", "criterion": f"{REC}.c1", "actor": "kz-government",
               "as_of": "2022-06-01", "level": "planned", "rationale": "From our notes",
               "assessor": "Monitor", "review": "published",
               "citations": [{"source": PRIVATE_SOURCE, "locator": "notes p. 9"}]}
    assert _post(api, "/api/assessments", private).status_code == 201
    shown = api.client.get("/api/followup", params={"addressee": "government"})
    assert PRIVATE_SOURCE not in shown.text and "notes p. 9" not in shown.text
    (row,) = [r for r in shown.json()["recommendations"] if r["id"] == REC]
    monitor = next(c for c in row["status"] if c["assessor"] == "Monitor")
    assert [c["source"] for c in monitor["sources"]] == [NON_PUBLIC_CITATION.source]
    assert api.client.get("/api/followup", params={"body": "kz-nobody"}).status_code == 404
    assert api.client.get("/api/followup", params={"period": "20-1"}).status_code == 400


def test_every_follow_up_route_is_in_the_openapi_document(api: Api) -> None:
    paths = api.client.get("/schema/openapi.json").json()["paths"]
    for path in ("/api/followup", "/api/followup/{recommendation}", "/api/responses",
                 "/api/responses/{record_id}", "/api/measures", "/api/measures/{record_id}",
                 "/api/progress-reports", "/api/progress-reports/{record_id}",
                 "/api/responsibilities"):
        assert path in paths, path
    assert "post" in paths["/api/measures"] and "put" in paths["/api/measures/{record_id}"]


def test_a_measure_a_progress_report_names_cannot_be_deleted(api: Api) -> None:
    assert _post(api, "/api/measures", MEASURE).status_code == 201
    assert _post(api, "/api/progress-reports", {**REPORT, "measure": "m-api"}).status_code == 201
    refused = api.client.delete("/api/measures/m-api", headers=api.as_role("admin"))
    assert refused.status_code == 409
    assert "progress report pr-api" in refused.json()["detail"]
    assert api.client.delete("/api/progress-reports/pr-api",
                             headers=api.as_role("admin")).status_code == 204
    assert api.client.delete("/api/measures/m-api",
                             headers=api.as_role("admin")).status_code == 204
