"""Importing evidence: all or nothing, every problem located, re-import adds nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from hrdscore.dataset import Dataset
from hrdscore.errors import InvalidData
from hrdscore.store import Store, import_file, seed

TODAY = date(2026, 11, 21)


@pytest.fixture
def seeded(store: Store, shipped: Dataset) -> Store:
    seed(store, shipped, who="test")
    return store


def _import(store: Store, shipped: Dataset, kind: str, path: Path, **kw: object):  # type: ignore[no-untyped-def]
    return import_file(store, kind, path, who="cli:test", today=TODAY,
                       recommendations=shipped.recommendations, **kw)  # type: ignore[arg-type]


def test_bad_csv_is_rejected_with_one_message_per_problem_and_db_untouched(
    seeded: Store, shipped: Dataset, tmp_path: Path
) -> None:
    csv_bytes = (
        b"id,actor,reference,sent_on,subject,source,locator\n"
        b"inq-ok-1,kpo,100,2022-03-01,fine,src-kk2021-report,p1\n"        # line 2: fine
        b"inq-bad-date,kpo,101,2022-02-30,x,src-kk2021-report,p1\n"       # line 3: bad date
        b"inq-bad-actor,no-such-actor,102,2022-03-01,x,src-kk2021-report,p1\n"  # line 4
        b"inq-no-actor,,103,2022-03-01,x,src-kk2021-report,p1\n"           # line 5: missing
    ) + "inq-enc,kpo,104,2022-03-01,Қ".encode("cp1251", errors="replace") + (
        b"\xff\xfe,src-kk2021-report,p1\n"                                 # line 6: encoding
    )
    path = tmp_path / "inquiries.csv"
    path.write_bytes(csv_bytes)
    before = seeded.path.read_bytes()
    with pytest.raises(InvalidData) as info:
        _import(seeded, shipped, "inquiries", path)
    problems = info.value.problems
    assert len(problems) == 4, [str(p) for p in problems]
    by_line = {p.record: p for p in problems}
    assert by_line["line 3"].field == "sent_on" and "date" in by_line["line 3"].message
    assert by_line["line 4"].field == "actor"
    assert "no-such-actor" in by_line["line 4"].message
    assert by_line["line 5"].field == "actor" and "required" in by_line["line 5"].message
    assert "UTF-8" in by_line["line 6"].message
    assert all(p.file == str(path) for p in problems)
    assert seeded.path.read_bytes() == before


def test_reimporting_the_same_file_does_not_duplicate(
    seeded: Store, shipped: Dataset, tmp_path: Path
) -> None:
    path = tmp_path / "inq.csv"
    path.write_text(
        "actor,reference,sent_on,source,locator\n"
        "kpo,200,2022-03-01,src-kk2021-report,p1\n"
        "otbasy-bank,201,2022-03-02,src-kk2021-report,p1\n", encoding="utf-8")
    first = _import(seeded, shipped, "inquiries", path)
    bytes_after_first = seeded.path.read_bytes()
    second = _import(seeded, shipped, "inquiries", path)
    assert len(first.changes.created) == 2
    assert second.changes.created == [] and len(second.changes.unchanged) == 2
    assert seeded.path.read_bytes() == bytes_after_first
    ids = first.changes.created
    assert all(i.startswith("inq-") for i in ids)  # derived from the natural key


def test_reply_before_its_inquiry_is_rejected(
    seeded: Store, shipped: Dataset, tmp_path: Path
) -> None:
    path = tmp_path / "replies.json"
    path.write_text(json.dumps([{
        "id": "rep-early", "inquiry": "inq-kk2021-08", "received_on": "2021-02-01",
        "substance": "full_answer",
        "citations": [{"source": "src-kk2021-report", "locator": "x"}]}]), encoding="utf-8")
    with pytest.raises(InvalidData, match="before its inquiry"):
        _import(seeded, shipped, "replies", path)


def test_incidents_csv_one_row_per_act(seeded: Store, shipped: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "incidents.csv"
    path.write_text(
        "incident_id,incident_title,act_id,victim_id,victim_kind,victim_gender,act_type,date,"
        "fields,primary_field,region,city,involvements,recourse_id,recourse_type,"
        "recourse_date,source,locator\n"
        "inc-x,Задержание в Аксае,act-x1,v-900,person,female,detention,2020-03-01,"
        "oil_industry;environment,oil_industry,Батыс Қазақстан,Ақсай,"
        "kpo:initiator:alleged;burlinsky-police:executor,rc-x,release,2020-03-02,"
        "src-kk2021-report,p1\n"
        "inc-x,Задержание в Аксае,act-x2,v-900,person,female,interrogation,2020-03-01,"
        "oil_industry,oil_industry,,,?unknown_person:executor,,,,src-kk2021-report,p1\n",
        encoding="utf-8")
    result = _import(seeded, shipped, "incidents", path)
    assert result.changes.created == ["inc-x"]
    incident = seeded.snapshot().incidents["inc-x"]
    assert [a.id for a in incident.acts] == ["act-x1", "act-x2"]
    assert incident.title == "Задержание в Аксае"
    assert incident.acts[0].place is not None and incident.acts[0].place.city == "Ақсай"
    assert incident.acts[0].involvements[0].alleged is True
    assert incident.acts[1].involvements[0].source_category == "unknown_person"
    assert incident.recourses[0].remedies == ["act-x1"]


def test_incident_row_problem_names_the_row(
    seeded: Store, shipped: Dataset, tmp_path: Path
) -> None:
    path = tmp_path / "incidents.csv"
    path.write_text(
        "incident_id,incident_title,act_id,victim_id,victim_kind,act_type,date,fields,"
        "primary_field,source,locator\n"
        "inc-y,T,act-y1,v-1,person,detention,2020-03-01,land,land,src-kk2021-report,p\n"
        "inc-y,T,act-y2,v-1,person,beating,2020-03-01,land,land,src-kk2021-report,p\n",
        encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        _import(seeded, shipped, "incidents", path)
    (problem,) = info.value.problems
    assert problem.record == "line 3" and problem.field == "acts[1].type"


def test_dry_run_reports_without_writing(seeded: Store, shipped: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text("id,name,kind,aliases\nnew-co,Жаңа Компания ЖШС,company,Novaya;New Co\n",
                    encoding="utf-8")
    before = seeded.path.read_bytes()
    result = _import(seeded, shipped, "actors", path, dry_run=True)
    assert result.changes.created == ["new-co"]
    assert seeded.path.read_bytes() == before
    _import(seeded, shipped, "actors", path)
    actor = seeded.snapshot().actors["new-co"]
    assert actor.name == "Жаңа Компания ЖШС" and actor.aliases == ["Novaya", "New Co"]
    last = seeded.audit_log()[-1]
    assert (last.action, last.kind, last.ids, last.who) == ("import", "actors", ["new-co"],
                                                            "cli:test")


def test_unknown_column_and_wrong_kind_are_reported(
    seeded: Store, shipped: Dataset, tmp_path: Path
) -> None:
    path = tmp_path / "actors.csv"
    path.write_text("id,name,kind,colour\nx,X,company,red\n", encoding="utf-8")
    with pytest.raises(InvalidData, match="unknown column 'colour'"):
        _import(seeded, shipped, "actors", path)
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"kind": "replies", "records": []}))
    with pytest.raises(InvalidData, match="not 'actors'"):
        _import(seeded, shipped, "actors", path)
