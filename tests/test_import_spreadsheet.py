"""Imports as spreadsheet users make them: ';' and tab CSV, XLSX with Excel dates, day-first
dates, empty files, misspelt values, and replies that name their inquiry as the letter does."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from hrdscore.dataset import Dataset
from hrdscore.errors import InvalidData
from hrdscore.store import Store, import_file, seed
from hrdscore.store.sheets import cell_text, header_delimiter

TODAY = date(2026, 11, 21)
INQUIRY_COLUMNS = ["actor", "reference", "sent_on", "deadline_days", "subject", "source",
                   "locator"]
# Two inquiries, with Kazakh text, as a person would type them.
INQUIRY_ROWS = [
    ["kpo", "301", "2022-03-01", "15", "Өтініш туралы", "src-kk2021-report", "p. 1"],
    ["otbasy-bank", "302", "2022-03-04", "30", "Запрос; второй", "src-kk2021-report", "p. 2"],
]


@pytest.fixture
def seeded(store: Store, shipped: Dataset) -> Store:
    seed(store, shipped, who="test")
    return store


def _import(store: Store, shipped: Dataset, kind: str, path: Path, **kw: object):  # type: ignore[no-untyped-def]
    return import_file(store, kind, path, who="cli:test", today=TODAY,
                       recommendations=shipped.recommendations, **kw)  # type: ignore[arg-type]


def _problems(store: Store, shipped: Dataset, kind: str, path: Path) -> list[str]:
    with pytest.raises(InvalidData) as info:
        _import(store, shipped, kind, path, dry_run=True)
    return [str(p) for p in info.value.problems]


def _xlsx(path: Path, rows: list[list[object]], title: str = "Sheet") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _inquiries(store: Store, ids: list[str]) -> list[dict[str, object]]:
    snap = store.snapshot()
    return [snap.inquiries[i].model_dump(mode="json") for i in ids]


def test_semicolon_csv_xlsx_and_json_give_identical_inquiries(
    tmp_path: Path, shipped: Dataset
) -> None:
    semicolon = tmp_path / "inquiries.csv"
    semicolon.write_text("\n".join(";".join(f'"{c}"' if ";" in c else c for c in row)
                                   for row in [INQUIRY_COLUMNS, *INQUIRY_ROWS]) + "\n",
                         encoding="utf-8-sig")
    # In the workbook dates are Excel dates and numbers are numbers, as Excel stores them.
    workbook = _xlsx(tmp_path / "inquiries.xlsx", [INQUIRY_COLUMNS, *[
        [r[0], float(r[1]), datetime.fromisoformat(r[2]), int(r[3]), *r[4:]]
        for r in INQUIRY_ROWS]])
    as_json = tmp_path / "inquiries.json"
    as_json.write_text(json.dumps([
        {"actor": r[0], "reference": r[1], "sent_on": r[2], "deadline_days": int(r[3]),
         "subject": r[4], "citations": [{"source": r[5], "locator": r[6]}]}
        for r in INQUIRY_ROWS], ensure_ascii=False), encoding="utf-8")
    results = []
    for number, path in enumerate((semicolon, workbook, as_json)):
        store = Store(tmp_path / f"db{number}.json")
        seed(store, shipped, who="test")
        result = _import(store, shipped, "inquiries", path)
        assert len(result.changes.created) == 2, path
        results.append(_inquiries(store, sorted(result.changes.created)))
    assert results[0] == results[1] == results[2]
    kpo = next(r for r in results[0] if r["actor"] == "kpo")
    assert (kpo["reference"], kpo["sent_on"], kpo["deadline_days"], kpo["subject"]) == (
        "301", "2022-03-01", 15, "Өтініш туралы")
    bank = next(r for r in results[0] if r["actor"] == "otbasy-bank")
    assert bank["subject"] == "Запрос; второй" and bank["deadline_days"] == 30


def test_tab_separated_file_is_read(seeded: Store, shipped: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "actors.tsv"
    path.write_text("id\tname\tkind\taliases\nnew-co\tЖаңа, ЖШС\tcompany\tA;B\n",
                    encoding="utf-8")
    _import(seeded, shipped, "actors", path)
    actor = seeded.snapshot().actors["new-co"]
    assert actor.name == "Жаңа, ЖШС" and actor.aliases == ["A", "B"]


def test_workbook_cells_read_as_a_csv_would_hold_them() -> None:
    # Some programs store whole numbers as floats: a reference 22 must not become "22.0".
    assert [cell_text(v) for v in (22.0, 2.5, 7, True, None, "Ақсай")] == [
        "22", "2.5", "7", "true", None, "Ақсай"]
    assert cell_text(datetime(2021, 3, 1)) == "2021-03-01"
    assert cell_text(datetime(2021, 3, 1, 9, 30)) == "2021-03-01T09:30:00"
    assert cell_text(date(2021, 3, 1)) == "2021-03-01"


def test_a_quoted_header_cell_does_not_decide_the_delimiter() -> None:
    assert header_delimiter('"name, full";"kind, of";id\nx,y;z;w') == ";"
    assert header_delimiter("id,name\n") == ","
    assert header_delimiter("id\tname;x\tkind\n") == "\t"
    assert header_delimiter("id\n") == ","


def test_header_decides_the_delimiter_even_when_cells_hold_commas(
    seeded: Store, shipped: Dataset, tmp_path: Path
) -> None:
    path = tmp_path / "actors.csv"
    path.write_text("id;name;kind\nco-1;Name, with, commas;company\n", encoding="utf-8")
    _import(seeded, shipped, "actors", path)
    assert seeded.snapshot().actors["co-1"].name == "Name, with, commas"


@pytest.mark.parametrize("name,content", [
    ("a.csv", b""), ("b.csv", b"\xef\xbb\xbf\n  \n"), ("c.json", b"  "), ("d.yaml", b"\n"),
])
def test_an_empty_file_says_so(seeded: Store, shipped: Dataset, tmp_path: Path, name: str,
                               content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert _problems(seeded, shipped, "actors", path) == [f"{path}: the file is empty"]


def test_an_empty_workbook_says_so(seeded: Store, shipped: Dataset, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "empty.xlsx", [[None, None]])
    assert _problems(seeded, shipped, "actors", path) == [f"{path}: the file is empty"]


def test_a_broken_workbook_is_named(seeded: Store, shipped: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK not really")
    (problem,) = _problems(seeded, shipped, "actors", path)
    assert problem.startswith(f"{path}: not a readable XLSX workbook")


def test_day_first_date_names_the_expected_form_row_and_column(
    seeded: Store, shipped: Dataset, tmp_path: Path
) -> None:
    path = tmp_path / "inquiries.csv"
    path.write_text("actor,reference,sent_on,source,locator\n"
                    "kpo,1,2022-03-01,src-kk2021-report,p\n"
                    "kpo,2,01.03.2021,src-kk2021-report,p\n"
                    "kpo,3,March 2021,src-kk2021-report,p\n", encoding="utf-8")
    assert _problems(seeded, shipped, "inquiries", path) == [
        f"{path}: line 3: sent_on: '01.03.2021' is not a date in the form YYYY-MM-DD "
        "(for day 1, month 3: 2021-03-01)",
        f"{path}: line 4: sent_on: 'March 2021' is not a date in the form YYYY-MM-DD",
    ]


def test_workbook_text_date_is_located_by_row(
    seeded: Store, shipped: Dataset, tmp_path: Path
) -> None:
    path = _xlsx(tmp_path / "inq.xlsx", [
        ["actor", "reference", "sent_on", "source", "locator"],
        ["kpo", 5, "5/3/2022", "src-kk2021-report", "p"],
    ])
    assert _problems(seeded, shipped, "inquiries", path) == [
        f"{path}: row 2: sent_on: '5/3/2022' is not a date in the form YYYY-MM-DD "
        "(for day 5, month 3: 2022-03-05)"]


def test_unknown_enum_value_lists_the_allowed_ones(
    seeded: Store, shipped: Dataset, tmp_path: Path
) -> None:
    path = tmp_path / "replies.csv"
    path.write_text("inquiry,received_on,substance,source,locator\n"
                    "inq-kk2021-02,2021-03-01,partial,src-kk2021-report,p\n", encoding="utf-8")
    assert _problems(seeded, shipped, "replies", path) == [
        f"{path}: line 2: substance: 'partial' is not an allowed value; allowed: no_reply, "
        "acknowledgement, refusal_without_reasons, refusal_with_reasons, partial_answer, "
        "full_answer"]


def test_level_off_the_scale_lists_the_scale_levels(
    seeded: Store, shipped: Dataset, tmp_path: Path
) -> None:
    from hrdscore.model.catalog import JudgementAssessment
    from hrdscore.model.vocab import Scale

    criterion = next(c.id for r in shipped.recommendations for c in r.criteria
                     if isinstance(c.assessed_by, JudgementAssessment)
                     and c.assessed_by.scale is Scale.IMPLEMENTATION)
    path = tmp_path / "assessments.csv"
    path.write_text("criterion,actor,as_of,rationale,assessor,level\n"
                    f"{criterion},kpo,2021-06-01,Why,me,partial\n", encoding="utf-8")
    (problem,) = _problems(seeded, shipped, "assessments", path)
    assert problem.endswith("level 'partial' is not on the implementation scale; allowed: "
                            "not_started, planned, limited, substantial, complete, regressed")


REPLY_HEADER = "actor;inquiry_reference;received_on;substance;source;locator\n"


def test_a_reply_names_its_inquiry_by_actor_and_reference(
    seeded: Store, shipped: Dataset, tmp_path: Path
) -> None:
    path = tmp_path / "replies.csv"
    # 'kPO' is the actor's id in other capitals (no name or alias is spelt so).
    path.write_text(REPLY_HEADER + "kPO;22;2021-03-01;partial_answer;src-kk2021-report;p\n"
                    "federation-of-trade-unions-kz; 11 ;2021-02-20;refusal_with_reasons;"
                    "src-kk2021-report;p\n", encoding="utf-8")
    result = _import(seeded, shipped, "replies", path)
    snap = seeded.snapshot()
    inquiries = sorted(snap.replies[i].inquiry for i in result.changes.created)
    assert inquiries == ["inq-kk2021-02", "inq-kk2021-08"]
    # The same reply given by inquiry id is the same record: importing it changes nothing.
    by_id = tmp_path / "by-id.csv"
    by_id.write_text("inquiry,received_on,substance,source,locator\n"
                     "inq-kk2021-08,2021-03-01,partial_answer,src-kk2021-report,p\n",
                     encoding="utf-8")
    again = _import(seeded, shipped, "replies", by_id)
    assert again.changes.created == [] and len(again.changes.unchanged) == 1


def test_unknown_and_ambiguous_inquiry_references_name_the_row(
    seeded: Store, shipped: Dataset, tmp_path: Path
) -> None:
    second = tmp_path / "inq.csv"  # a second letter to kpo that reuses reference 22
    second.write_text("actor,reference,sent_on,source,locator\n"
                      "kpo,22,2022-01-10,src-kk2021-report,p\n", encoding="utf-8")
    (new_id,) = _import(seeded, shipped, "inquiries", second).changes.created
    path = tmp_path / "replies.csv"
    path.write_text(REPLY_HEADER + "kpo;22;2022-03-01;full_answer;src-kk2021-report;p\n"
                    "kpo;99;2022-03-01;full_answer;src-kk2021-report;p\n"
                    "nobody;1;2022-03-01;full_answer;src-kk2021-report;p\n"
                    "kpo;;2022-03-01;full_answer;src-kk2021-report;p\n", encoding="utf-8")
    ids = ", ".join(sorted(["inq-kk2021-08", new_id]))
    assert _problems(seeded, shipped, "replies", path) == [
        f"{path}: line 2: inquiry_reference: 2 inquiries to 'kpo' have reference '22' ({ids}): "
        "give the inquiry id in the 'inquiry' column instead",
        f"{path}: line 3: inquiry_reference: no inquiry to 'kpo' has reference '99' (its "
        "inquiries' references: 22)",
        f"{path}: line 4: actor: unknown actor 'nobody'",
        f"{path}: line 5: inquiry_reference: name the inquiry: fill 'inquiry' (its id), or "
        "both 'actor' and 'inquiry_reference'",
    ]


def test_a_reply_file_without_any_inquiry_column_is_refused(
    seeded: Store, shipped: Dataset, tmp_path: Path
) -> None:
    path = tmp_path / "replies.csv"
    path.write_text("actor,received_on,substance\nkpo,2021-03-01,full_answer\n",
                    encoding="utf-8")
    assert _problems(seeded, shipped, "replies", path) == [
        f"{path}: line 1: inquiry: missing column 'inquiry' or 'actor' + 'inquiry_reference'"]


def test_workbook_reply_with_excel_date_and_numeric_reference(
    seeded: Store, shipped: Dataset, tmp_path: Path
) -> None:
    path = _xlsx(tmp_path / "replies.xlsx", [
        ["actor", "inquiry_reference", "received_on", "substance", "source", "locator"],
        ["kpo", 22, datetime(2021, 3, 1), "partial_answer", "src-kk2021-report", "p"],
        [None, None, None, None, None, None],  # a blank row between records is skipped
        ["kpo", 22, datetime(2021, 3, 2), "full_answer", "src-kk2021-report", "p"],
    ], title="replies")
    result = _import(seeded, shipped, "replies", path)
    snap = seeded.snapshot()
    got = sorted((snap.replies[i].inquiry, snap.replies[i].received_on)
                 for i in result.changes.created)
    assert got == [("inq-kk2021-08", date(2021, 3, 1)), ("inq-kk2021-08", date(2021, 3, 2))]


def test_workbook_value_under_no_header_is_reported(
    seeded: Store, shipped: Dataset, tmp_path: Path
) -> None:
    path = _xlsx(tmp_path / "actors.xlsx", [["id", "name", "kind"],
                                           ["co-2", "Co", "company", "stray"]])
    assert _problems(seeded, shipped, "actors", path) == [
        f"{path}: row 2: a value in column D, which has no header"]
