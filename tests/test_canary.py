"""The canary: a confidential victim, with everything a record can carry about her, and a
non-public source, seeded into the shipped evidence; then every public output is read and
searched for any of it.

Seeded (nothing of it but counts may reach a public reader):
- a confidential incident in 2019 involving KPO: the victim's identity and pseudonym, the
  incident's, act's and recourse's ids, an act description naming her, a recourse ("claim
  withdrawn", 27 Nov 2019) that KPO's 2019 scorecard rests on;
- a non-public source (id, title, URL), cited with a locator and a quote;
- a published assessment of KPO citing the confidential incident, act and the source;
- a public incident whose victim has an identity and a pseudonym on record, citing the
  non-public source (the incident is public, the identity, pseudonym and citation are not);
- an information request to KPO and its reply, both citing the non-public source;
- a public incident with a recourse, to check that what is public still shows;
- a closed reply round for 2019 in which KPO answered twice: once in public, once in
  confidence (with a comment on a criterion and a decision on it, whose reason repeats what
  was said in confidence).

Read: every GET operation of the OpenAPI document (every id there is, secret ones included;
every actor and year as JSON and CSV; KPO's PDF every year; the reports of 2020 and 2021), list
filters that select the canary, every public statistics table, and every file `publish` writes
for 2019 (every actor's PDF and the report among them; PDFs read back as text).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hrdscore.dataset import Dataset
from hrdscore.model import Assessment, Incident, Inquiry, Period, Reply, Source
from hrdscore.model.reply import Channel, CriterionComment, Outcome
from hrdscore.publish import publish
from hrdscore.reply_service import (
    close_round,
    open_round,
    record_decision,
    record_response,
    tables,
)
from hrdscore.service import Workspace
from hrdscore.stats import RECOURSE_YEAR_DIMENSIONS, YEAR_DIMENSIONS
from hrdscore.store import Store
from tests.api_helpers import Api, Base, make_base, running_api
from tests.pdftools import full_text

IDENTITY = "Айгүл Серікқызы"
PSEUDONYM = "v-canary-0099"
INCIDENT = "inc-canary-2019"
ACT = "a-canary-2019-1"
RECOURSE = "rc-canary-2019"
ACT_DESCRIPTION = "Canary act: detained at the gate of the plant"
RECOURSE_DESCRIPTION = "Canary recourse: the company withdrew its claim"
RECOURSE_DAY = "27 Nov 2019"
RECOURSE_ISO = "2019-11-27"
SOURCE = "src-canary-notes"
SOURCE_TITLE = "Canary interview notes"
SOURCE_URL = "https://canary.example.org/notes"
LOCATOR = "canary notebook, page 7"
QUOTE = "Canary quote: they took her phone"
ASSESSMENT = "asm-canary-kpo"
PUBLIC_INCIDENT = "inc-canary-public-2019"
PUBLIC_IDENTITY = "Қанат Canarybekov"
PUBLIC_PSEUDONYM = "v-canary-public-01"
PUBLIC_RECOURSE = "rc-canary-public"

REPLY_SECRET = "Canary reply: our director asks that this stay between us"
REPLY_COMMENT = "Canary comment: the union was registered after our call"
REPLY_REASON = "Canary reason: the registration the director described is not documented."
REPLY_PUBLIC = "KPO's public answer to its draft scorecard."

CANARIES = (IDENTITY, PSEUDONYM, INCIDENT, ACT, RECOURSE, ACT_DESCRIPTION,
            RECOURSE_DESCRIPTION, RECOURSE_DAY, RECOURSE_ISO, SOURCE, SOURCE_TITLE, SOURCE_URL,
            LOCATOR, QUOTE, PUBLIC_IDENTITY, PUBLIC_PSEUDONYM, REPLY_SECRET, REPLY_COMMENT,
            REPLY_REASON)
# The two publishers and four bodies no recommendation addresses (see `hrdscore score`).
NOT_SCORED = ("batua", "bhrrc", "kadir-kasiet", "kz-state-revenue",
              "solidarity-charity-foundation", "transparency-international")
YEARS = range(2016, 2022)
KINDS = ("actors", "sources", "inquiries", "replies", "incidents", "assessments", "responses",
         "responsibilities", "measures", "progress-reports")  # as in the URLs
SHIPPED_CITE = {"source": "src-kk2021-report", "locator": "test fixture"}
CANARY_CITE = {"source": SOURCE, "locator": LOCATOR, "quote": QUOTE}


def canary_records() -> tuple[Source, Incident, Incident, Assessment]:
    source = Source(id=SOURCE, title=SOURCE_TITLE, url=SOURCE_URL, public=False)
    secret = Incident.model_validate({
        "id": INCIDENT, "title": "Detention of an activist", "confidentiality": "confidential",
        "public_summary": "A confidential summary that must never be published either.",
        "victims": [{"id": PSEUDONYM, "kind": "person", "gender": "female",
                     "hrd_category": "activist", "identity": IDENTITY}],
        "acts": [{"id": ACT, "victim": PSEUDONYM, "type": "detention", "date": "2019-03-14",
                  "fields": ["oil_industry"], "primary_field": "oil_industry",
                  "place": {"city": "Аксай"},
                  "involvements": [{"actor": "kpo", "role": "initiator"}],
                  "description": f"{ACT_DESCRIPTION} ({IDENTITY})"}],
        "recourses": [{"id": RECOURSE, "type": "claim_withdrawn", "date": RECOURSE_ISO,
                       "remedies": [ACT], "description": RECOURSE_DESCRIPTION}],
        "citations": [CANARY_CITE],
    })
    public = Incident.model_validate({
        "id": PUBLIC_INCIDENT, "title": "Summons of a trade unionist",
        "public_summary": "A trade unionist was summoned by the police in 2019 (West "
                          "Kazakhstan region); the company is alleged to have initiated it.",
        "victims": [{"id": PUBLIC_PSEUDONYM, "kind": "person", "gender": "male",
                     "identity": PUBLIC_IDENTITY}],
        "acts": [{"id": "a-canary-public-1", "victim": PUBLIC_PSEUDONYM,
                  "type": "police_summons", "date": "2019-08-02", "fields": ["oil_industry"],
                  "primary_field": "oil_industry",
                  "involvements": [{"actor": "kpo", "role": "initiator"}]}],
        "recourses": [{"id": PUBLIC_RECOURSE, "type": "reinstated", "date": "2019-09-03",
                       "remedies": ["a-canary-public-1"]}],
        "citations": [SHIPPED_CITE, CANARY_CITE],
    })
    assessment = Assessment.model_validate({
        "id": ASSESSMENT, "criterion": "kk2021-com-01.c1", "actor": "kpo",
        "as_of": "2019-06-01", "level": "not_met",
        "rationale": "The company's policy does not mention defenders.",
        "evidence": [INCIDENT, ACT, SOURCE], "citations": [SHIPPED_CITE, CANARY_CITE],
        "assessor": "analyst-1", "review": "published"})
    return source, secret, public, assessment


def canary_letters() -> tuple[Inquiry, Reply]:
    inquiry = Inquiry.model_validate({
        "id": "inq-canary-2019", "actor": "kpo", "reference": "C-1", "sent_on": "2019-04-01",
        "subject": "Measures after the detention", "citations": [SHIPPED_CITE, CANARY_CITE]})
    reply = Reply.model_validate({
        "id": "rep-canary-2019", "inquiry": "inq-canary-2019", "received_on": "2019-04-20",
        "substance": "partial_answer", "citations": [CANARY_CITE]})
    return inquiry, reply


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Base:
    return canary_base(tmp_path_factory.mktemp("canary"), shipped)


def canary_base(directory: Path, shipped: Dataset) -> Base:
    """The shipped evidence with every canary record and the closed 2019 reply round: what
    the API, the publication, the web pages and the static site are crawled over."""
    made = make_base(directory, shipped, with_secrets=False)
    path = directory / "canary-seed.json"
    path.write_bytes(made.template)
    store = Store(path)
    source, secret, public, assessment = canary_records()
    with store.transaction("test") as tx:
        tx.sources.put(source)
        tx.incidents.put(secret)
        tx.incidents.put(public)
        tx.assessments.put(assessment)
        for letter in canary_letters():
            getattr(tx, "inquiries" if isinstance(letter, Inquiry) else "replies").put(letter)
    canary_reply_round(Workspace(made.catalog, made.methodology, store))
    return Base(made.catalog, made.methodology, path.read_bytes())


def canary_reply_round(ws: Workspace) -> None:
    """A closed 2019 round: KPO answered in public and, separately, in confidence."""
    r = open_round(ws, Period(start_year=2019, end_year=2019), opened_on=date(2026, 1, 10),
                   who="test")
    record_response(ws, r.id, "kpo", text=REPLY_PUBLIC, channel=Channel.EMAIL,
                    received_on=date(2026, 1, 11), who="test")
    record_response(ws, r.id, "kpo", text=REPLY_SECRET, channel=Channel.POST,
                    received_on=date(2026, 1, 12), who="test", confidential=True,
                    comments=[CriterionComment(criterion="kk2021-com-01.c2",
                                               comment=REPLY_COMMENT)])
    record_decision(ws, r.id, "kpo", "kk2021-com-01.c2", outcome=Outcome.UNCHANGED,
                    reason=REPLY_REASON, decided_on=date(2026, 1, 20), who="test")
    close_round(ws, r.id, closed_on=date(2026, 2, 1), who="test")


@pytest.fixture(scope="module")
def api(base: Base, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    with running_api(base, tmp_path_factory.mktemp("canary-db"), rate_limit=0) as running:
        yield running


def api_workspace(api: Api) -> Workspace:
    """The workspace the running app reads (its catalog and methodology)."""
    workspace: Workspace = api.client.app.state["ctx"].workspace
    return workspace


def _ids(api: Api, path: str) -> list[str]:
    """Every id a list holds, read with an admin key (the canary's among them)."""
    out: list[str] = []
    url: str | None = f"{path}?limit=500"
    while url:
        page = api.client.get(url, headers=api.as_role("admin")).json()
        out += [str(item.get("id")) for item in page["items"]]
        url = page["links"]["next"]
    return out


def _urls(api: Api) -> list[str]:
    doc = api.client.get("/schema/openapi.json").json()
    ids = {kind: _ids(api, f"/api/{kind}") for kind in KINDS}
    assert {INCIDENT, PUBLIC_INCIDENT} <= set(ids["incidents"])
    assert SOURCE in ids["sources"] and ASSESSMENT in ids["assessments"]
    actors = ids["actors"]
    urls: list[str] = []
    for path, item in doc["paths"].items():
        if "get" not in item:
            continue
        if path == "/api/scorecards/{year}/{actor_id}":
            urls += [f"/api/scorecards/{y}/{a}{ext}" for y in YEARS for a in actors
                     for ext in ("", ".csv")]
            # PDFs take ReportLab ~0.3 s each: KPO's (the canary's actor) for every year
            # here; every actor's for 2019 in the publication test below.
            urls += [f"/api/scorecards/{y}/kpo.pdf" for y in YEARS]
        elif path == "/api/reports/{name}":
            # The report of 2019 is read in the publication; later ones chart 2019's acts.
            urls += [f"/api/reports/{y}.pdf" for y in (2020, 2021)]
        elif path == "/api/followup/{recommendation}":
            urls += [f"/api/followup/{r}" for r in _ids(api, "/api/recommendations")]
        elif path == "/api/recommendations/{recommendation_id}":
            urls += [f"/api/recommendations/{r}" for r in _ids(api, "/api/recommendations")]
        elif path == "/api/reply-rounds/{round_id}/me":  # needs a respondent key: 401
            urls += [f"/api/reply-rounds/{r}/me" for r in tables(api_workspace(api)).rounds]
        elif path == "/api/reply-rounds/{round_id}/replies/{actor_id}":
            urls += [f"/api/reply-rounds/{r.id}/replies/{a}"
                     for r in tables(api_workspace(api)).rounds.values() for a in r.actors]
        elif "{record_id}" in path:
            urls += [path.replace("{record_id}", i) for i in ids[path.split("/")[2]]]
        elif path == "/api/persons/{pseudonym}":  # admin only: 401 here
            urls += [f"/api/persons/{p}" for p in (PSEUDONYM, PUBLIC_PSEUDONYM)]
        elif "{" in path:
            raise AssertionError(f"no values for {path}: extend the canary crawl")
        else:
            urls.append(f"{path}?limit=500" if "limit" in str(item["get"]) else path)
    for y in YEARS:
        urls += [f"/api/scorecards?year={y}&limit=500", f"/api/responsiveness?year={y}",
                 f"/api/incidents?year={y}&limit=500", f"/api/inquiries?year={y}&limit=500"]
        urls += [f"/api/statistics/incidents?by={d}&year={y}" for d in YEAR_DIMENSIONS]
        urls += [f"/api/statistics/incidents?recourses=true&by={d}&year={y}"
                 for d in RECOURSE_YEAR_DIMENSIONS]
    urls += ["/api/statistics/incidents?by=year", "/api/statistics/incidents?recourses=true"]
    for a in actors:
        urls += [f"/api/incidents?actor={a}&limit=500", f"/api/assessments?actor={a}&limit=500"]
    urls += ["/api/assessments?review=published&limit=500", "/api/assessments?review=draft",
             "/api/assessments?criterion=kk2021-com-01.c1&limit=500"]
    return urls


def _text(url: str, response: Any) -> str:
    if url.endswith(".pdf") and response.status_code == 200:
        return full_text(response.content)
    text: str = response.text
    if response.status_code in (401, 404):  # it may repeat the id asked for, nothing else
        text = text.replace(url.rsplit("/", 1)[-1].split(".")[0], "")
    return text


def _xlsx_text(data: bytes) -> str:
    """Every cell of every sheet of a workbook, as text."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return " ".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                    for v in row if v is not None)


def _leaks(text: str) -> list[str]:
    return [c for c in CANARIES if c in text]


@pytest.mark.slow
def test_no_public_route_carries_the_canary(api: Api) -> None:
    urls = _urls(api)
    assert len(urls) > 700
    statuses: dict[int, int] = {}
    found: list[tuple[str, list[str]]] = []
    for url in urls:
        response = api.client.get(url)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.status_code in (200, 401, 404), (url, response.status_code)
        leaks = _leaks(_text(url, response))
        if leaks:
            found.append((url, leaks))
    assert found == []
    # 404: the confidential incident and the non-public source, and (methodology 2) the
    # scorecards of the six actors that are not scored, as JSON and CSV, for every year.
    assert statuses[404] == 2 + len(NOT_SCORED) * len(YEARS) * 2
    for actor in NOT_SCORED:
        answer = api.client.get(f"/api/scorecards/2021/{actor}")
        assert answer.status_code == 404 and "is not scored" in answer.json()["detail"]
    # What is public still shows: the public incident, its recourse, the assessment, with
    # the non-public citation replaced by a stand-in.
    public = api.client.get(f"/api/incidents/{PUBLIC_INCIDENT}").json()
    assert [r["id"] for r in public["recourses"]] == [PUBLIC_RECOURSE]
    assert {c["source"] for c in public["citations"]} == {"src-kk2021-report", "non-public"}
    for path in ("/api/inquiries/inq-canary-2019", "/api/replies/rep-canary-2019"):
        assert "non-public" in {c["source"] for c in api.client.get(path).json()["citations"]}
    assessment = api.client.get(f"/api/assessments/{ASSESSMENT}").json()
    assert assessment["evidence"] == ["confidential", "confidential", "confidential"]
    card = api.client.get("/api/scorecards/2019/kpo").json()
    # Methodology 2: the canary's act is only reported, so it is an allegation, shown by kind.
    assert any("an act in a confidential incident (details withheld)" in f["text"]
               for f in card["red_flags"])
    assert "confidential" in [a["act"] for a in card["allegations"]]
    # Methodology 1 describes recourses in its explanations: the same projection withholds
    # the confidential one and keeps the public one.
    ws = Workspace(api_workspace(api).catalog, api_workspace(api).methodology, api.store)
    v1 = ws.with_methodology("1.0").public_scorecard(Period.parse("2019"), "kpo")
    texts = " ".join(c.explanation.text for r in v1.recommendations for c in r.criteria)
    assert "a remedy in a confidential incident (details withheld)" in texts
    assert "reinstated (3 Sep 2019)" in texts
    # The PDF lists the non-public document as such (the stand-in source), unnamed.
    pdf = full_text(api.client.get("/api/scorecards/2019/kpo.pdf").content)
    assert "A non-public document, kept by the monitor (not named here)." in pdf
    assert "not in this snapshot" not in pdf
    # The reply round: KPO's public answer shows, the confidential one does not.
    reply = api.client.get("/api/reply-rounds/reply-2019/replies/kpo").json()
    assert [r["text"] for r in reply["responses"]] == [REPLY_PUBLIC]
    assert reply["feedback_log"] == []
    assert card["right_of_reply"]["responses"] == reply["responses"]


@pytest.mark.slow
def test_no_published_file_carries_the_canary(base: Base, tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    db.write_bytes(base.template)
    ws = Workspace(catalog=base.catalog, methodology=base.methodology, store=Store(db))
    out = tmp_path / "out"
    publication = publish(ws, Period(start_year=2019, end_year=2019), out,
                          generated_on=date(2026, 1, 15))
    assert len(publication.files) > 10
    found = []
    for f in publication.files:
        data = (out / f.path).read_bytes()
        text = (full_text(data) if f.path.endswith(".pdf")
                else _xlsx_text(data) if f.path.endswith(".xlsx") else data.decode("utf-8"))
        if leaks := _leaks(text):
            found.append((f.path, leaks))
    assert found == []
    kpo = (out / "actors" / "kpo.json").read_text(encoding="utf-8")
    assert "confidential" in kpo  # the confidential act counted, cited without its id
    # The public answer is published; the confidential one only as a fact.
    assert REPLY_PUBLIC in kpo and REPLY_PUBLIC in full_text(
        (out / "actors" / "kpo.pdf").read_bytes())
    assert "right-of-reply-2019.json" in {f.path for f in publication.files}
