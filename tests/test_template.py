"""`hrdscore template`: a file to fill in that imports, and the allowed values beside it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from hrdscore.cli import cli
from hrdscore.store import IMPORT_KINDS, Store


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "db.json"
    assert CliRunner().invoke(cli, ["init", "--db", str(path)]).exit_code == 0
    return path


def _fresh_copy(initialised: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "db.json"
    copy.write_bytes(initialised.read_bytes())
    return copy


def _rows(data: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data)))


def test_replies_template_filled_in_imports_without_other_documentation(
    runner: CliRunner, initialised: Path, tmp_path: Path
) -> None:
    db = _fresh_copy(initialised, tmp_path)
    out = tmp_path / "replies.csv"
    made = runner.invoke(cli, ["template", "replies", "--out", str(out)])
    assert made.exit_code == 0, made.output
    assert f"hrdscore import replies {out}" in made.stderr
    # The allowed substance values are printed beside the file.
    assert "substance: no_reply, acknowledgement" in made.stderr
    (example,) = _rows(out.read_text(encoding="utf-8-sig"))
    # Filled in as a person would: their own letter, their own date and reading of it.
    example.update(actor="otbasy-bank", inquiry_reference="26", received_on="2021-02-20",
                   substance="refusal_with_reasons", reference="OB-5", excerpt="Отказано.")
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(example))
        writer.writeheader()
        writer.writerow(example)
    done = runner.invoke(cli, ["import", "replies", str(out), "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert "1 created" in done.output
    replies = Store(db).snapshot().replies.values()
    (mine,) = [r for r in replies if r.reference == "OB-5"]
    assert mine.inquiry == "inq-kk2021-10" and mine.excerpt == "Отказано."


@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_every_example_row_imports_into_an_initialised_database(
    runner: CliRunner, initialised: Path, tmp_path: Path, kind: str
) -> None:
    db = _fresh_copy(initialised, tmp_path)
    shown = runner.invoke(cli, ["template", kind])
    assert shown.exit_code == 0
    (row,) = _rows(shown.output)
    assert any(row.values())
    out = tmp_path / f"{kind}.csv"
    out.write_text(shown.output, encoding="utf-8")
    done = runner.invoke(cli, ["import", kind, str(out), "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert "1 created" in done.output


@pytest.mark.parametrize("kind", ["replies", "incidents"])
def test_xlsx_template_has_the_example_and_an_allowed_values_sheet(
    runner: CliRunner, initialised: Path, tmp_path: Path, kind: str
) -> None:
    db = _fresh_copy(initialised, tmp_path)
    out = tmp_path / f"{kind}.xlsx"
    assert runner.invoke(cli, ["template", kind, "--out", str(out)]).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames == [kind, "allowed values"]
    allowed = book["allowed values"]
    columns = {str(c.value): [str(v.value) for v in col[1:] if v.value is not None]
               for col in allowed.iter_cols() for c in col[:1]}
    if kind == "replies":
        assert columns["substance"] == ["no_reply", "acknowledgement",
                                        "refusal_without_reasons", "refusal_with_reasons",
                                        "partial_answer", "full_answer"]
        assert columns["mode"] == ["written", "verbal"]
    else:
        assert columns["victim_kind"] == ["person", "legal_entity"]
        assert "police_summons" in columns["act_type"]
    done = runner.invoke(cli, ["import", kind, str(out), "--db", str(db)])
    assert done.exit_code == 0, done.output


def test_template_never_overwrites_a_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "mine.csv"
    out.write_text("my rows\n", encoding="utf-8")
    result = runner.invoke(cli, ["template", "actors", "-o", str(out)])
    assert result.exit_code == 1 and "already exists" in result.output
    assert out.read_text(encoding="utf-8") == "my rows\n"


def test_help_lists_the_allowed_values_of_coded_columns(runner: CliRunner) -> None:
    for command in ("template", "import"):
        shown = runner.invoke(cli, [command, "--help"]).output
        assert max(len(line) for line in shown.splitlines()) <= 100, command
        text = " ".join(shown.split())
        assert "level (compliance scale): met, partial, not_met level" in text, command
        assert ("level (implementation scale): not_started, planned, limited, substantial, "
                "complete, regressed missing:") in text, command
        assert "sector: land, banking, oil_industry" in text, command
