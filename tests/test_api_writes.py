"""Writes through the API: keys and roles, checks against the stored evidence, audit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hrdscore.dataset import Dataset
from hrdscore.store import Role, create_key, revoke_key
from tests.api_helpers import Api, Base, make_base, running_api

PROBLEM = "application/problem+json"
CITATION = [{"source": "src-kk2021-report", "locator": "test"}]
NEW_ACTOR = {"id": "new-mine", "name": "Жаңа Кеніш LLP", "kind": "company"}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Base:
    return make_base(tmp_path_factory.mktemp("api-writes"), shipped)


@pytest.fixture
def api(base: Base, tmp_path: Path) -> Iterator[Api]:
    with running_api(base, tmp_path) as running:
        yield running


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


def _fields(body: dict[str, Any]) -> set[str]:
    return {e["field"] for e in body["errors"]}


def test_create_needs_an_editor_key(api: Api) -> None:
    before = api.store.path.read_bytes()
    assert "X-API-Key" in _problem(api.client.post("/api/actors", json=NEW_ACTOR), 401)["detail"]
    _problem(api.client.post("/api/actors", json=NEW_ACTOR, headers={"X-API-Key": "hrd_nope"}),
             401)
    body = _problem(api.client.post("/api/actors", json=NEW_ACTOR,
                                    headers=api.as_role("analyst")), 403)
    assert "analyst" in body["detail"]
    assert api.store.path.read_bytes() == before


def test_editor_creates_and_the_audit_log_names_the_key(api: Api) -> None:
    created = api.client.post("/api/actors", json=NEW_ACTOR, headers=api.as_role("editor"))
    assert created.status_code == 201, created.text
    assert created.headers["location"] == "/api/actors/new-mine"
    assert created.json()["name"] == "Жаңа Кеніш LLP"
    assert api.client.get("/api/actors/new-mine").json()["kind"] == "company"
    last = api.store.audit_log()[-1]
    assert (last.who, last.action, last.kind, last.ids) == (
        "key:editor-key", "create", "actors", ["new-mine"])
    # Admins may write too (roles include the ones below them).
    second = api.client.post("/api/actors", headers=api.as_role("admin"),
                             json={**NEW_ACTOR, "id": "new-mine-2"})
    assert second.status_code == 201
    assert api.store.audit_log()[-1].who == "key:admin-key"


def test_duplicate_id_is_409(api: Api) -> None:
    body = _problem(api.client.post("/api/actors", headers=api.as_role("editor"),
                                    json={"id": "kpo", "name": "KPO again", "kind": "company"}),
                    409)
    assert "kpo" in body["detail"] and "PUT" in body["detail"]
    assert body["detail"].startswith("an actor with id 'kpo' already exists")


def test_unknown_references_are_422_naming_the_field(api: Api) -> None:
    inquiry = {"id": "inq-new", "actor": "no-such-actor", "reference": "1/2",
               "sent_on": "2021-03-01", "citations": CITATION}
    body = _problem(api.client.post("/api/inquiries", json=inquiry,
                                    headers=api.as_role("editor")), 422)
    assert _fields(body) == {"actor"}
    assert "no-such-actor" in body["errors"][0]["message"]
    assert body["errors"][0]["record"] == "inq-new"
    bad_source = {**inquiry, "actor": "kpo",
                  "citations": [{"source": "src-missing", "locator": "x"}]}
    body = _problem(api.client.post("/api/inquiries", json=bad_source,
                                    headers=api.as_role("editor")), 422)
    assert _fields(body) == {"citations[0].source"}


def test_reply_before_its_inquiry_is_422(api: Api) -> None:
    inquiry = api.client.get("/api/inquiries", params={"limit": 500}).json()["items"]
    dated = next(i for i in inquiry if i.get("sent_on"))
    reply = {"id": "rep-early", "inquiry": dated["id"], "received_on": "2000-01-01",
             "substance": "full_answer", "citations": CITATION}
    body = _problem(api.client.post("/api/replies", json=reply,
                                    headers=api.as_role("editor")), 422)
    assert _fields(body) == {"received_on"}


def test_body_that_does_not_fit_the_model_is_422(api: Api) -> None:
    body = _problem(api.client.post("/api/actors", headers=api.as_role("editor"),
                                    json={"id": "Not An Id", "kind": "planet"}), 422)
    assert body["errors"] and all(e["file"] == "body" for e in body["errors"])
    _problem(api.client.post("/api/actors", headers={**api.as_role("editor"),
                                                      "content-type": "application/json"},
                             content=b"{not json"), 400)
    future = {"id": "asm-future", "criterion": "kk2021-com-01.c1", "actor": "kpo",
              "as_of": "2999-01-01", "level": "met", "rationale": "r", "assessor": "a"}
    body = _problem(api.client.post("/api/assessments", json=future,
                                    headers=api.as_role("editor")), 422)
    assert _fields(body) == {"as_of"}


def test_incident_reusing_an_act_id_is_422(api: Api) -> None:
    incident = {
        "id": "inc-new", "title": "Another incident",
        "victims": [{"id": "v-new-1", "kind": "person", "gender": "male"}],
        "acts": [{"id": "a-2019-berezovka-1", "victim": "v-new-1", "type": "intimidation",
                  "date": "2019-06-01", "fields": ["environment"],
                  "primary_field": "environment"}],
        "citations": CITATION,
    }
    body = _problem(api.client.post("/api/incidents", json=incident,
                                    headers=api.as_role("editor")), 422)
    assert _fields(body) == {"acts.a-2019-berezovka-1"}
    incident["acts"][0]["id"] = "a-new-1"
    created = api.client.post("/api/incidents", json=incident, headers=api.as_role("editor"))
    assert created.status_code == 201, created.text


def test_put_replaces_and_checks_the_id(api: Api) -> None:
    kpo = api.client.get("/api/actors/kpo").json()
    changed = {**kpo, "notes": "Operator of the Karachaganak field."}
    response = api.client.put("/api/actors/kpo", json=changed, headers=api.as_role("editor"))
    assert response.status_code == 200, response.text
    assert api.client.get("/api/actors/kpo").json()["notes"] == changed["notes"]
    assert api.store.audit_log()[-1].action == "update"
    body = _problem(api.client.put("/api/actors/westoil", json=changed,
                                   headers=api.as_role("editor")), 422)
    assert _fields(body) == {"id"}
    _problem(api.client.put("/api/actors/nobody", json={**changed, "id": "nobody"},
                            headers=api.as_role("editor")), 404)
    _problem(api.client.put("/api/actors/kpo", json=changed, headers=api.as_role("analyst")),
             403)
    # A parent cycle is refused.
    cycle = {**api.client.get("/api/actors/kz-government").json(), "parent": "kz-mvd"}
    assert api.client.get("/api/actors/kz-mvd").json()["parent"] == "kz-government"
    body = _problem(api.client.put("/api/actors/kz-government", json=cycle,
                                   headers=api.as_role("editor")), 422)
    assert "cycle" in body["errors"][0]["message"]


def test_delete_needs_admin_and_no_referrers(api: Api) -> None:
    api.client.post("/api/actors", json=NEW_ACTOR, headers=api.as_role("editor"))
    _problem(api.client.delete("/api/actors/new-mine", headers=api.as_role("editor")), 403)
    _problem(api.client.delete("/api/actors/new-mine"), 401)
    body = _problem(api.client.delete("/api/actors/kpo", headers=api.as_role("admin")), 409)
    assert "inquiry" in body["detail"]
    body = _problem(api.client.delete("/api/sources/src-kk2021-report",
                                      headers=api.as_role("admin")), 409)
    assert "refer to it" in body["detail"]
    gone = api.client.delete("/api/actors/new-mine", headers=api.as_role("admin"))
    assert gone.status_code == 204 and gone.content == b""
    _problem(api.client.get("/api/actors/new-mine"), 404)
    _problem(api.client.delete("/api/actors/new-mine", headers=api.as_role("admin")), 404)
    last = api.store.audit_log()[-1]
    assert (last.who, last.action, last.ids) == ("key:admin-key", "delete", ["new-mine"])


def test_revoked_key_is_401(api: Api) -> None:
    _, token = create_key(api.store, "temp", Role.EDITOR, who="test")
    headers = {"X-API-Key": token}
    assert api.client.post("/api/actors", json=NEW_ACTOR, headers=headers).status_code == 201
    revoke_key(api.store, "temp", who="test")
    _problem(api.client.post("/api/actors", headers=headers,
                             json={**NEW_ACTOR, "id": "new-mine-3"}), 401)
    # Even on a public endpoint, a bad key is reported rather than ignored.
    _problem(api.client.get("/api/actors", headers=headers), 401)


def test_keys_over_http_for_admins_only(api: Api) -> None:
    _problem(api.client.get("/api/keys", headers=api.as_role("editor")), 403)
    _problem(api.client.get("/api/keys"), 401)
    created = api.client.post("/api/keys", json={"name": "field-team", "role": "analyst"},
                              headers=api.as_role("admin"))
    assert created.status_code == 201, created.text
    token = created.json()["token"]
    assert token.startswith("hrd_") and len(token) > 40
    listed = api.client.get("/api/keys", headers=api.as_role("admin"))
    assert token not in listed.text and '"hash"' not in listed.text
    assert {"field-team", "admin-key"} <= {k["name"] for k in listed.json()}
    assert api.client.get("/api/incidents", headers={"X-API-Key": token}).status_code == 200
    _problem(api.client.post("/api/keys", json={"name": "field-team", "role": "analyst"},
                             headers=api.as_role("admin")), 409)
    _problem(api.client.post("/api/keys", json={"name": "Bad Name", "role": "analyst"},
                             headers=api.as_role("admin")), 422)
    revoked = api.client.delete("/api/keys/field-team", headers=api.as_role("admin"))
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    _problem(api.client.get("/api/incidents", headers={"X-API-Key": token}), 401)
    _problem(api.client.delete("/api/keys/field-team", headers=api.as_role("admin")), 409)
    _problem(api.client.delete("/api/keys/nobody", headers=api.as_role("admin")), 404)
    assert token not in api.store.path.read_text(encoding="utf-8")


def test_a_write_is_seen_by_the_next_scorecard(api: Api) -> None:
    before = api.client.get("/api/scorecards/2021/westoil").json()
    reply = {"id": "rep-westoil-new", "inquiry": _westoil_inquiry(api),
             "received_on": "2021-03-01", "substance": "full_answer", "citations": CITATION}
    created = api.client.post("/api/replies", json=reply, headers=api.as_role("editor"))
    assert created.status_code == 201, created.text
    after = api.client.get("/api/scorecards/2021/westoil").json()
    assert after["snapshot_hash"] != before["snapshot_hash"]
    assert "rep-westoil-new" in str(after)


def _westoil_inquiry(api: Api) -> str:
    found = api.client.get("/api/inquiries", params={"actor": "westoil"}).json()["items"]
    assert found
    return str(found[0]["id"])
