"""A whole reply round on the shipped data, as a user runs it: open, letters, KPO answers
through its own key, a letter by post for another company, one criterion changed with a
reason, close, publish. The published KPO scorecard shows its response and the feedback log;
an actor that did not answer shows "did not respond by"."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from litestar.testing import TestClient

from hrdscore.api import ApiSettings, create_app
from hrdscore.cli import cli
from hrdscore.dataset import Dataset
from hrdscore.service import Workspace
from hrdscore.store import Store
from tests.pdftools import full_text
from tests.reply_fixture import Shipped, shipped_template

TODAY = date.today()  # the API dates a response by the day it arrives
DEADLINE = TODAY + timedelta(days=14)  # reply_round_days of methodology 2
RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря")
EN_DEADLINE = f"{DEADLINE.day} {DEADLINE:%B} {DEADLINE.year}"
RU_DEADLINE = f"{DEADLINE.day} {RU_MONTHS[DEADLINE.month - 1]} {DEADLINE.year} года"
CRITERION = "kk2021-com-01.c1"
KPO_TEXT = "KPO has published its human rights policy; see the link below."
POST_TEXT = "Письмо ТОО «BozashyTransҚұrylys»: мы не согласны с оценкой."
REASON = "The policy KPO sent covers defenders and was approved by its board."
ASSESSMENT = f"""kind: assessments
records:
  - id: asm-reply-kpo-policy
    criterion: {CRITERION}
    actor: kpo
    as_of: 2021-12-31
    level: met
    rationale: The policy sent with KPO's reply commits to respect defenders.
    assessor: Test analyst
    assessor_actor: kadir-kasiet
"""
POST_LETTER = f"""actor: bozashytranskurylys
channel: post
received_on: {TODAY.isoformat()}
signatory: Director
text: "{POST_TEXT}"
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Shipped:
    return shipped_template(tmp_path_factory.mktemp("reply-scenario"), shipped)


def _run(runner: CliRunner, user: str, *args: str) -> str:
    result = runner.invoke(cli, list(args), env={"HRDSCORE_USER": user})
    assert result.exit_code == 0, (args, result.output)
    return result.output


@pytest.mark.slow
def test_a_whole_round_on_the_shipped_data(base: Shipped, tmp_path: Path,
                                           runner: CliRunner) -> None:
    ws = base.workspace(tmp_path)
    db = ["--db", str(ws.store.path)]
    opened = _run(runner, "alice", "reply-round", "open", "--year", "2021", *db)
    assert f"deadline {EN_DEADLINE}" in opened

    # Publishing now is refused, naming the round.
    refused = runner.invoke(cli, ["publish", "--year", "2021", "--out",
                                  str(tmp_path / "early"), *db])
    assert refused.exit_code == 1
    assert "reply round reply-2021 for 2021 is still open" in refused.output
    assert not (tmp_path / "early").exists()

    # Letters: the actor's name in its original spelling and the deadline, en and ru.
    letters = tmp_path / "letters"
    _run(runner, "alice", "reply-round", "letters", "--out", str(letters), *db)
    kpo_en = full_text((letters / "kpo" / "letter-en.pdf").read_bytes())
    kpo_ru = full_text((letters / "kpo" / "letter-ru.pdf").read_bytes())
    boz_ru = full_text((letters / "bozashytranskurylys" / "letter-ru.pdf").read_bytes())
    assert "To: Karachaganak Petroleum Operating B.V." in kpo_en
    assert f"Please answer by {EN_DEADLINE}." in kpo_en
    assert "Кому: Karachaganak Petroleum Operating B.V." in kpo_ru
    assert f"Просим ответить до {RU_DEADLINE}." in kpo_ru
    assert "Кому: BozashyTransҚұrylys LLP" in boz_ru
    assert "Draft scorecard, not for publication" in kpo_en  # the draft follows the letter
    (token,) = set(re.findall(r"hrd_[A-Za-z0-9_-]{43}", kpo_en))
    assert token in kpo_ru and token not in boz_ru

    # KPO answers through its own key, and can do nothing else.
    app = create_app(ApiSettings(db=ws.store.path, rate_limit=0),
                     workspace=Workspace(ws.catalog, ws.methodology, Store(ws.store.path)))
    me = {"X-API-Key": token}
    with TestClient(app) as client:
        draft = client.get("/api/reply-rounds/reply-2021/me", headers=me)
        assert draft.status_code == 200
        assert draft.json()["scorecard"]["actor_name"] == "Karachaganak Petroleum Operating B.V."
        sent = client.post("/api/reply-rounds/reply-2021/responses", headers=me, json={
            "text": KPO_TEXT, "comments": [{"criterion": CRITERION,
                                            "comment": "Our policy covers defenders.",
                                            "sources": ["https://kpo.kz/hr-policy.pdf"]}]})
        assert sent.status_code == 201, sent.text
        for method, url in [("GET", "/api/scorecards/2021/westoil"),
                            ("GET", "/api/reply-rounds/reply-2021/replies/westoil"),
                            ("POST", "/api/assessments"), ("PUT", "/api/actors/kpo"),
                            ("DELETE", "/api/actors/westoil"), ("POST", "/api/keys"),
                            ("POST", "/api/reply-rounds/reply-2021/decisions")]:
            answer = client.request(method, url, headers=me,
                                    json=None if method in ("GET", "DELETE") else {})
            assert answer.status_code == 403, (method, url, answer.status_code)
        assert client.post("/api/reply-rounds/reply-2021/responses", headers=me, json={
            "text": "x", "actor": "westoil"}).status_code == 403

    # A letter by post for another company; KPO's criterion changed through a reviewed
    # assessment, with one sentence why.
    letter = tmp_path / "post.yaml"
    letter.write_text(POST_LETTER, encoding="utf-8")
    _run(runner, "alice", "reply-round", "response", str(letter), *db)
    found = tmp_path / "assessment.yaml"
    found.write_text(ASSESSMENT, encoding="utf-8")
    _run(runner, "alice", "import", "assessments", str(found), *db)
    _run(runner, "bob", "assessments", "review", "asm-reply-kpo-policy", "--publish", *db)
    _run(runner, "alice", "reply-round", "decide", "--actor", "kpo", "--criterion", CRITERION,
         "--outcome", "changed", "--assessment", "asm-reply-kpo-policy", "--reason", REASON,
         *db)
    status = json.loads(_run(runner, "alice", "reply-round", "status", "--format", "json",
                             *db))
    answered = {a["actor"]: a["responses"] for a in status["actors"] if a["responses"]}
    assert answered == {"kpo": 1, "bozashytranskurylys": 1}

    _run(runner, "alice", "reply-round", "close", "--on",
         (DEADLINE + timedelta(days=1)).isoformat(), *db)
    out = tmp_path / "publication"
    _run(runner, "alice", "publish", "--year", "2021", "--out", str(out),
         "--generated-on", (DEADLINE + timedelta(days=2)).isoformat(), *db)

    kpo = json.loads((out / "actors" / "kpo.json").read_text(encoding="utf-8"))
    reply = kpo["right_of_reply"]
    assert [r["text"] for r in reply["responses"]] == [KPO_TEXT]
    assert [(f["criterion"], f["contested"], f["outcome"], f["reason"])
            for f in reply["feedback_log"]] == [
        (CRITERION, "Our policy covers defenders.", "changed", REASON)]
    level = next(c["level"] for r in kpo["recommendations"] for c in r["criteria"]
                 if c["criterion"] == CRITERION)
    assert level == "met"  # the final card carries the change
    pdf = full_text((out / "actors" / "kpo.pdf").read_bytes())
    for shown in (KPO_TEXT, "Feedback log", "Contested: Our policy covers defenders.",
                  "Decision: score changed", REASON):
        assert shown in pdf, shown
    westoil = json.loads((out / "actors" / "westoil.json").read_text(encoding="utf-8"))
    assert westoil["right_of_reply"]["status"] == f"WestOil did not respond by {EN_DEADLINE}."
    assert f"WestOil did not respond by {EN_DEADLINE}." in full_text(
        (out / "actors" / "westoil.pdf").read_bytes())
    boz = json.loads((out / "actors" / "bozashytranskurylys.json").read_text(encoding="utf-8"))
    assert [r["channel"] for r in boz["right_of_reply"]["responses"]] == ["post"]
    assert boz["right_of_reply"]["responses"][0]["text"] == POST_TEXT
    report = full_text((out / "report-2021.pdf").read_bytes())
    assert re.search(r"Responded: BozashyTransҚұrylys LLP; Karachaganak Petroleum Operating "
                     r"B\.V\., 1 criterion contested", report)
    assert "right-of-reply-2021.json" in (out / "SHA256SUMS").read_text(encoding="utf-8")
