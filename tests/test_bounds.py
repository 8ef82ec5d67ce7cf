"""Bad input is refused by name, never stored: dates out of bounds, huge integers, overlong or
invisible-character text, deeply nested JSON; through the models, `import`, `validate` and the
API. (A database that already holds such a date: see test_bounds_stored.py.)"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from hrdscore.cli import cli
from hrdscore.dataset import Dataset
from hrdscore.model import Act, Actor, Incident, Inquiry, Recourse, Report, Source
from hrdscore.model.base import LINE_MAX, SAFE_TEXT_PATTERN, TEXT_MAX, today_is
from hrdscore.store import Store, seed
from tests.api_helpers import Api, Base, make_base, running_api

CITE = {"source": "src-kk2021-report", "locator": "p. 1"}
# 29 February: "one year later" has no such day, so the latest accepted is 28 February.
LEAP_DAY = date(2024, 2, 29)


def act(**kw: Any) -> dict[str, Any]:
    return {"id": "a-1", "victim": "v-1", "type": "detention", "date": "2020-03-01",
            "fields": ["land"], "primary_field": "land", **kw}


def incident(**act_kw: Any) -> dict[str, Any]:
    return {"id": "inc-b", "title": "Задержание в Өскемен", "citations": [dict(CITE)],
            "victims": [{"id": "v-1", "kind": "person"}], "acts": [act(**act_kw)]}


def inquiry(**kw: Any) -> dict[str, Any]:
    return {"id": "q-b", "actor": "kpo", "reference": "1", "sent_on": "2021-02-01",
            "citations": [dict(CITE)], **kw}


def errors(model: type[Any], raw: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        model.model_validate(raw)
    return [(".".join(str(p) for p in e["loc"]), e["msg"]) for e in info.value.errors()]


# Dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["date", "date_end"])
@pytest.mark.parametrize("value", ["0001-01-01", "1989-12-31", "9999-12-31", "2025-03-01"])
def test_an_act_date_out_of_bounds_is_refused_naming_the_field(field: str, value: str) -> None:
    kw = {"date": "1990-01-01", field: value} if field == "date_end" else {field: value}
    with today_is(LEAP_DAY):
        found = errors(Incident, incident(**kw))
    assert [loc for loc, _ in found] == [f"acts.0.{field}"]
    assert ("before 1990-01-01" in found[0][1]) == (value < "1990")
    assert ("latest date accepted is 2025-02-28" in found[0][1]) == (value > "2025")


def test_the_bounds_themselves_are_accepted() -> None:
    with today_is(LEAP_DAY):
        model = Incident.model_validate(incident(date="1990-01-01", date_end="2025-02-28"))
    assert model.acts[0].date_end == date(2025, 2, 28)


def test_today_moves_the_upper_bound() -> None:
    raw = incident(date_end="2025-06-01", date="2020-01-01")
    with today_is(date(2024, 6, 1)):
        Incident.model_validate(raw)
    with today_is(date(2024, 5, 31)):
        assert [loc for loc, _ in errors(Incident, raw)] == ["acts.0.date_end"]


@pytest.mark.parametrize(("model", "raw", "where"), [
    (Inquiry, inquiry(sent_on="0001-01-01"), "sent_on"),
    (Inquiry, inquiry(received_on="9999-12-31"), "received_on"),
    (Inquiry, inquiry(follow_ups=[{"on": "1900-05-05", "outcome": "no_answer"}]),
     "follow_ups.0.on"),
    (Inquiry, inquiry(sent_on=None, sent_year=1989, missing_reason="x"), "sent_year"),
    (Inquiry, inquiry(sent_on=None, sent_year=2099, missing_reason="x"), "sent_year"),
    (Source, {"id": "s", "title": "T", "published_on": "0001-01-01"}, "published_on"),
    (Recourse, {"id": "r", "type": "release", "date": "9999-12-31", "remedies": ["a"]}, "date"),
    (Report, {"id": "r", "title": "T", "publishers": ["P"], "published_year": 1900,
              "languages": ["ru"], "source": "s"}, "published_year"),
])
def test_every_date_field_is_bounded(model: type[Any], raw: dict[str, Any], where: str) -> None:
    with today_is(LEAP_DAY):
        assert [loc for loc, _ in errors(model, raw)] == [where]


def test_a_year_alone_may_be_next_year_but_not_later() -> None:
    raw = inquiry(sent_on=None, missing_reason="not given")
    with today_is(LEAP_DAY):
        assert Inquiry.model_validate({**raw, "sent_year": 2025}).sent_year == 2025
        assert Inquiry.model_validate({**raw, "sent_year": 1990}).sent_year == 1990
        assert [loc for loc, _ in errors(Inquiry, {**raw, "sent_year": 2026})] == ["sent_year"]


def test_an_end_before_its_start_is_refused() -> None:
    assert "date_end is before date" in errors(Act, act(date="2020-03-02",
                                                        date_end="2020-03-01"))[0][1]
    report = {"id": "r", "title": "T", "publishers": ["P"], "published_year": 2021,
              "languages": ["ru"], "source": "s", "period_start": "2020-01-01",
              "period_end": "2019-12-31"}
    assert "period_end is before period_start" in errors(Report, report)[0][1]


# Integers and lengths -----------------------------------------------------------------------

@pytest.mark.parametrize("days", [0, 366, 2**64, 10**400])
def test_deadline_days_is_bounded(days: int) -> None:
    assert [loc for loc, _ in errors(Inquiry, inquiry(deadline_days=days))] == ["deadline_days"]
    assert Inquiry.model_validate(inquiry(deadline_days=365)).deadline_days == 365


@pytest.mark.parametrize(("model", "raw", "field", "limit"), [
    (Actor, {"id": "x", "name": "Ұ", "kind": "company"}, "name", LINE_MAX),
    (Actor, {"id": "x", "name": "N", "kind": "company", "notes": "ы"}, "notes", TEXT_MAX),
    (Inquiry, inquiry(reference="1"), "reference", LINE_MAX),
    (Incident, incident(), "title", LINE_MAX),
])
def test_text_lengths_are_bounded(model: type[Any], raw: dict[str, Any], field: str,
                                  limit: int) -> None:
    model.model_validate({**raw, field: "ж" * limit})
    assert [loc for loc, _ in errors(model, {**raw, field: "ж" * (limit + 1)})] == [field]


# Text hygiene -------------------------------------------------------------------------------

HIDDEN = ["\x00", "\x1b", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
          "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("char", HIDDEN)
def test_nul_controls_and_bidi_overrides_are_refused_naming_the_field(char: str) -> None:
    found = errors(Incident, incident(description=f"Ұлы{char}txt"))
    assert [loc for loc, _ in found] == ["acts.0.description"]
    assert f"U+{ord(char):04X}" in found[0][1] and "remove it" in found[0][1]


@pytest.mark.parametrize(("path", "value"), [
    (("title",), "Қарашығанақ\u202egnp.exe"),
    (("victims", 0, "identity"), "Айгүл\x00"),
    (("citations", 0, "quote"), "\u2066x"),
    (("acts", 0, "place", "city"), "Өскемен\x00"),
])
def test_hygiene_reaches_nested_and_confidential_fields(path: tuple[Any, ...],
                                                       value: str) -> None:
    raw = incident(place={"city": "Өскемен"})
    target: Any = raw
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    found = errors(Incident, raw)
    assert [loc for loc, _ in found] == [".".join(str(p) for p in path)]


@pytest.mark.parametrize("char", HIDDEN)
def test_the_declared_pattern_refuses_what_the_validator_refuses(char: str) -> None:
    # The pattern is what a client reads in the schema; it must say the same as the check.
    assert re.fullmatch(SAFE_TEXT_PATTERN, f"a{char}b") is None
    assert re.fullmatch(SAFE_TEXT_PATTERN, "Қарашығанақ\tӨскемен\r\nҰлы\u200f") is not None


def test_kazakh_russian_tabs_newlines_and_direction_marks_pass() -> None:
    text = "Қарашығанақ, Өскемен, Ұлы жүз\tРоссия\nстрока\u200e\u200f"
    model = Incident.model_validate(incident(description=text))
    assert model.acts[0].description == text


# Import and validate ------------------------------------------------------------------------

def test_import_refuses_a_year_one_act_naming_row_and_field(tmp_path: Path, shipped: Dataset,
                                                            runner: CliRunner) -> None:
    db = tmp_path / "db.json"
    seed(Store(db), shipped, who="test")
    before = db.read_bytes()
    path = tmp_path / "incidents.csv"
    path.write_text(
        "incident_id,incident_title,act_id,victim_id,victim_kind,act_type,date,fields,"
        "primary_field,source,locator\n"
        "inc-y,T,act-y1,v-1,person,detention,2020-03-01,land,land,src-kk2021-report,p\n"
        "inc-y,T,act-y2,v-1,person,detention,0001-01-01,land,land,src-kk2021-report,p\n",
        encoding="utf-8")
    result = runner.invoke(cli, ["import", "incidents", str(path), "--db", str(db)])
    assert result.exit_code == 1
    assert "line 3" in result.output and "acts[1].date" in result.output
    assert "before 1990-01-01" in result.output
    assert db.read_bytes() == before


def test_validate_names_a_far_future_end_date(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "incidents.yaml"
    path.write_text(json.dumps({"kind": "incidents", "records": [
        incident(date_end="9999-12-31", description="Ok\u202e")]}), encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert "inc-b" in result.output and "acts[0].date_end" in result.output
    assert "too far in the future" in result.output
    assert "acts[0].description" in result.output and "U+202E" in result.output


# API ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Base:
    return make_base(tmp_path_factory.mktemp("bounds"), shipped, with_secrets=False)


@pytest.fixture
def api(base: Base, tmp_path: Path) -> Iterator[Api]:
    with running_api(base, tmp_path, rate_limit=0) as running:
        yield running


def _post(api: Api, path: str, body: str) -> Any:
    return api.client.post(path, content=body, headers={
        **api.as_role("editor"), "content-type": "application/json"})


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/api/incidents", json.dumps(incident(date="0001-01-01")), "acts.0.date"),
    ("/api/incidents", json.dumps(incident(date_end="9999-12-31")), "acts.0.date_end"),
    ("/api/incidents", json.dumps(incident(description="a\x00b")), "acts.0.description"),
    ("/api/inquiries", json.dumps(inquiry(deadline_days=2**64)), "deadline_days"),
    ("/api/inquiries", json.dumps(inquiry()).replace('"sent_on"', '"deadline_days": 1'
                                                     + "0" * 400 + ', "sent_on"'),
     "deadline_days"),
    ("/api/actors", json.dumps({"id": "x", "name": "N" * 501, "kind": "company"}), "name"),
])
def test_the_api_answers_422_naming_the_field_and_stores_nothing(
        api: Api, path: str, body: str, field: str) -> None:
    before = api.store.path.read_bytes()
    response = _post(api, path, body)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert api.store.path.read_bytes() == before


@pytest.mark.parametrize("depth", [33, 10_000])
def test_deep_json_is_refused_before_parsing(api: Api, depth: int) -> None:
    response = _post(api, "/api/actors", "[" * depth + "]" * depth)
    assert response.status_code == 422
    assert "nests more than 32 levels" in response.json()["errors"][0]["message"]


def test_json_nested_32_deep_reaches_the_parser(api: Api) -> None:
    # Brackets inside strings do not count; 32 levels pass the limit and fail as a record.
    body = "[" * 32 + '"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["' + "]" * 32
    response = _post(api, "/api/actors", body)
    assert response.status_code == 422
    assert "nests" not in response.text


def test_too_many_headers_are_refused(api: Api) -> None:
    # The test client sends 5 of its own: host, accept, accept-encoding, connection, user-agent.
    assert api.client.get("/api/health", headers={f"x-h{n}": "1" for n in range(95)}
                          ).status_code == 200
    response = api.client.get("/api/health", headers={f"x-h{n}": "1" for n in range(96)})
    assert response.status_code == 431


def test_the_openapi_document_declares_the_bounds(api: Api) -> None:
    schemas = api.client.get("/schema/openapi.json").json()["components"]["schemas"]
    inquiry_props = next(v for k, v in schemas.items() if k.startswith("Inquiry"))["properties"]
    assert inquiry_props["deadline_days"]["maximum"] == 365
    actor = next(v for k, v in schemas.items() if k.startswith("Actor"))["properties"]
    assert actor["name"]["maxLength"] == LINE_MAX
    assert "\\x00" in actor["name"]["pattern"] and "\\u202e" in actor["name"]["pattern"]
