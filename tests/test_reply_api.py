"""The right of reply over HTTP: a respondent key reads its own draft and answers for its own
actor, and gets 403 everywhere else; editors record answers by post and decisions; the public
reads a closed round's replies, never a confidential one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from hrdscore.dataset import Dataset
from hrdscore.model import Period
from hrdscore.reply_service import close_round, issue_key, open_round
from hrdscore.service import Workspace
from tests.api_helpers import Api, Base, make_base, running_api
from tests.pdftools import full_text

Y2021 = Period(start_year=2021, end_year=2021)
CRITERION = "kk2021-com-01.c1"
SECRET = "Canary of a confidential reply: ask the director, not the press"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Base:
    return make_base(tmp_path_factory.mktemp("reply-api"), shipped, with_secrets=False)


@pytest.fixture
def api(base: Base, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    with running_api(base, tmp_path_factory.mktemp("reply-api-db"), rate_limit=0) as running:
        yield running


def _ws(api: Api) -> Workspace:
    workspace: Workspace = api.client.app.state["ctx"].workspace
    return workspace


def _open(api: Api) -> tuple[str, str]:
    """A round opened today on 2021 for three actors, and KPO's respondent token."""
    ws = _ws(api)
    r = open_round(ws, Y2021, opened_on=date.today(), who="test",
                   actors=["kpo", "westoil", "bozashytranskurylys"])
    _, token = issue_key(ws, r.id, "kpo", who="test")
    return r.id, token


def test_respondent_reads_its_own_draft_and_answers_for_itself(api: Api) -> None:
    round_id, token = _open(api)
    me = {"X-API-Key": token}
    got = api.client.get(f"/api/reply-rounds/{round_id}/me", headers=me)
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["actor"] == "kpo"
    assert body["scorecard"]["actor_name"] == "Karachaganak Petroleum Operating B.V."
    assert body["deadline"] == (date.today() + timedelta(days=14)).isoformat()
    sent = api.client.post(f"/api/reply-rounds/{round_id}/responses", headers=me, json={
        "text": "KPO disagrees.", "comments": [
            {"criterion": CRITERION, "comment": "Our policy is public.",
             "sources": ["https://kpo.kz/policy"]}]})
    assert sent.status_code == 201, sent.text
    assert (sent.json()["actor"], sent.json()["channel"]) == ("kpo", "api")
    assert [r["text"] for r in api.client.get(f"/api/reply-rounds/{round_id}/me",
                                              headers=me).json()["responses"]] == [
        "KPO disagrees."]
    # Not for another actor, nor backdated, nor posing as a letter.
    for body in ({"text": "x", "actor": "westoil"}, {"text": "x", "channel": "post"},
                 {"text": "x", "received_on": "2021-01-01"}):
        answer = api.client.post(f"/api/reply-rounds/{round_id}/responses", headers=me,
                                 json=body)
        assert answer.status_code == 403, (body, answer.text)


def test_respondent_key_gets_403_on_every_other_operation(api: Api) -> None:
    round_id, token = _open(api)
    me = {"X-API-Key": token}
    doc = api.client.get("/schema/openapi.json").json()
    allowed = {("get", "/api/reply-rounds/{round_id}/me"),
               ("post", "/api/reply-rounds/{round_id}/responses"),
               ("get", "/api/health")}  # the liveness probe reads no key at all
    tried = 0
    for path, item in doc["paths"].items():
        for method in ("get", "post", "put", "patch", "delete"):
            if method not in item or (method, path) in allowed:
                continue
            url = re.sub(r"\{[^}]+\}", "kpo", path.replace("{round_id}", round_id))
            answer = api.client.request(method.upper(), url, headers=me,
                                        json={} if method in ("post", "put", "patch") else None)
            assert answer.status_code == 403, (method, url, answer.status_code)
            tried += 1
    assert tried > 30
    # Another actor's draft (its published scorecard, its reply) is refused too.
    for url in ("/api/scorecards/2021/westoil", f"/api/reply-rounds/{round_id}/replies/westoil",
                "/api/reply-rounds/other-round/me"):
        assert api.client.get(url, headers=me).status_code == 403, url
    assert api.client.post("/api/reply-rounds/other-round/responses", headers=me,
                           json={"text": "x"}).status_code == 403
    # A respondent key is only issued for an actor in a round, never made by hand.
    made = api.client.post("/api/keys", headers=api.as_role("admin"),
                           json={"name": "by-hand", "role": "respondent"})
    assert made.status_code == 400 and "not created by hand" in made.json()["detail"]
    # Other keys cannot read a draft through /me.
    assert api.client.get(f"/api/reply-rounds/{round_id}/me",
                          headers=api.as_role("admin")).status_code == 403


def test_editor_records_a_letter_and_a_decision_analyst_cannot(api: Api) -> None:
    round_id, _ = _open(api)
    letter = {"actor": "bozashytranskurylys", "channel": "post",
              "received_on": date.today().isoformat(), "text": "Письмо по почте.",
              "comments": [{"criterion": CRITERION, "comment": "Политика есть."}]}
    url = f"/api/reply-rounds/{round_id}/responses"
    assert api.client.post(url, headers=api.as_role("analyst"), json=letter).status_code == 403
    assert api.client.post(url, headers=api.as_role("editor"),
                           json={**letter, "channel": None}).status_code == 422
    sent = api.client.post(url, headers=api.as_role("editor"), json=letter)
    assert sent.status_code == 201, sent.text
    assert sent.json()["channel"] == "post"
    decision = {"actor": "bozashytranskurylys", "criterion": CRITERION,
                "outcome": "unchanged", "reason": "The policy does not mention defenders."}
    decided = api.client.post(f"/api/reply-rounds/{round_id}/decisions",
                              headers=api.as_role("editor"), json=decision)
    assert decided.status_code == 201, decided.text
    # Nothing is published while the round is open.
    assert api.client.get(f"/api/reply-rounds/{round_id}/replies/kpo").status_code == 409
    assert [r["id"] for r in api.client.get("/api/reply-rounds").json()] == [round_id]


def test_closing_revokes_the_key_and_publishes_only_public_replies(api: Api) -> None:
    round_id, token = _open(api)
    me = {"X-API-Key": token}
    assert api.client.post(f"/api/reply-rounds/{round_id}/responses", headers=me, json={
        "text": SECRET, "confidential": True}).status_code == 201
    assert api.client.post(f"/api/reply-rounds/{round_id}/responses",
                           headers=api.as_role("editor"), json={
                               "actor": "westoil", "channel": "email",
                               "text": "WestOil answers in public."}).status_code == 201
    close_round(_ws(api), round_id, closed_on=date.today(), who="test", before_deadline=True)
    assert api.client.get(f"/api/reply-rounds/{round_id}/me", headers=me).status_code == 401
    kpo = api.client.get(f"/api/reply-rounds/{round_id}/replies/kpo")
    assert kpo.status_code == 200 and SECRET not in kpo.text
    assert kpo.json()["responses"] == [] and "in confidence" in kpo.json()["status"]
    west = api.client.get(f"/api/reply-rounds/{round_id}/replies/westoil").json()
    assert [r["text"] for r in west["responses"]] == ["WestOil answers in public."]
    silent = api.client.get(f"/api/reply-rounds/{round_id}/replies/bozashytranskurylys").json()
    assert "did not respond by" in silent["status"] and not silent["responded"]
    # The scorecards the API serves carry the same, as JSON and as PDF.
    card = api.client.get("/api/scorecards/2021/westoil").json()
    assert [r["text"] for r in card["right_of_reply"]["responses"]] == [
        "WestOil answers in public."]
    pdf = full_text(api.client.get("/api/scorecards/2021/kpo.pdf").content)
    assert "responded in confidence" in pdf and SECRET not in pdf
    assert "right_of_reply" not in api.client.get("/api/scorecards/2020/kpo").json()
