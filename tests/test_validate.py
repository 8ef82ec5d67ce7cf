"""`hrdscore validate`: exit 0 on the shipped data; on broken files, every problem located."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from hrdscore.cli import cli

from .conftest import REPO

DATA = REPO / "recommendations" / "kk2021"


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "kk2021"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("schemas"))
    return target


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc["records"])
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_shipped_data_validates(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert "36 recommendations" in result.output
    assert "12 inquiries" in result.output and "7 replies" in result.output


def test_a_copy_of_the_shipped_data_validates_as_paths(runner: CliRunner, tmp_path: Path) -> None:
    copy = _copy_data(tmp_path)
    result = runner.invoke(cli, ["validate", str(copy)])
    assert result.exit_code == 0, result.output


def test_broken_files_list_every_problem_with_file_record_and_field(
    runner: CliRunner, tmp_path: Path
) -> None:
    copy = _copy_data(tmp_path)

    def break_replies(records: list[dict]) -> None:  # type: ignore[type-arg]
        records[0]["received_on"] = "2020-01-01"  # before its inquiry
        records[1]["inquiry"] = "inq-nope"  # unknown inquiry
        records[2]["substance"] = "very_rude"  # not in the vocabulary

    def break_inquiries(records: list[dict]) -> None:  # type: ignore[type-arg]
        records[0]["actor"] = "no-such-actor"
        records[1]["sent_on"] = "2999-01-01"  # in the future
        records.append(dict(records[2]))  # duplicate id

    def break_assessments(records: list[dict]) -> None:  # type: ignore[type-arg]
        records[0]["criterion"] = "kk2021-gov-99.c1"

    _edit(copy / "evidence" / "replies.yaml", break_replies)
    _edit(copy / "evidence" / "inquiries.yaml", break_inquiries)
    _edit(copy / "evidence" / "assessments.yaml", break_assessments)
    result = runner.invoke(cli, ["validate", str(copy), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    problems = report["problems"]
    messages = [f"{p['file']}|{p['record']}|{p['field']}|{p['message']}" for p in problems]

    def has(file_part: str, field: str, text: str) -> bool:
        return any(file_part in m.split("|")[0] and f"|{field}|" in m and text in m
                   for m in messages)

    assert has("replies.yaml", "received_on", "before its inquiry"), messages
    assert has("replies.yaml", "inquiry", "unknown inquiry 'inq-nope'"), messages
    assert has("replies.yaml", "substance", "Input should be"), messages
    assert has("inquiries.yaml", "actor", "unknown actor 'no-such-actor'"), messages
    assert has("inquiries.yaml", "sent_on", "in the future"), messages
    assert has("inquiries.yaml", "id", "duplicate id"), messages
    assert has("assessments.yaml", "criterion", "unknown criterion 'kk2021-gov-99.c1'"), messages
    assert len(problems) == 7, messages
    # Records are named by id and line, so a person can find them.
    substance = next(p for p in problems if p["field"] == "substance")
    assert "(line " in substance["record"]


def test_text_output_names_the_file_and_exits_nonzero(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "actors.yaml"
    bad.write_text("kind: actors\nrecords:\n  - id: Bad Id\n    name: X\n    kind: company\n"
                   "  - id: ok\n    name: ''\n    kind: planet\n", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "3 problems" in result.output
    assert f"{bad}: Bad Id (line 3): id: String should match pattern" in result.output
    assert f"{bad}: ok (line 6): kind: Input should be" in result.output
    assert "Traceback" not in result.output


def test_malformed_yaml_and_wrong_envelope_are_reported(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("kind: actors\nrecords: [\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("- just a list\n", encoding="utf-8")
    (tmp_path / "c.json").write_text('{"kind": "planets", "records": []}', encoding="utf-8")
    (tmp_path / "d.yaml").write_bytes(b"kind: actors\nrecords:\n  - id: x\n    name: \xff\n")
    result = runner.invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "a.yaml: not valid YAML" in result.output
    assert "b.yaml: expected a mapping with keys 'kind' and 'records'" in result.output
    assert "c.json: kind: unknown kind 'planets'" in result.output
    assert "d.yaml: not valid UTF-8" in result.output


def test_parent_cycle_is_found(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "actors.yaml").write_text(
        "kind: actors\nrecords:\n"
        "  - {id: a, name: A, kind: state_body, parent: b}\n"
        "  - {id: b, name: B, kind: state_body, parent: a}\n", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.count("parents form a cycle") == 2


def test_committed_json_schemas_match_the_models() -> None:
    from hrdscore.datafiles import KINDS
    from hrdscore.schemas import render_schema

    for kind in KINDS:
        committed = REPO / "recommendations" / "schemas" / f"{kind}.schema.json"
        assert committed.read_text(encoding="utf-8") == render_schema(kind), (
            f"{committed.name} is stale: run `hrdscore schemas`")


def test_json_schema_accepts_the_shipped_files_and_rejects_a_bad_one() -> None:
    import jsonschema

    from hrdscore.schemas import file_schema

    for path in sorted(DATA.rglob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        schema = file_schema(doc["kind"])
        # YAML gives dates as date objects; the schema speaks JSON, where they are strings.
        jsonschema.validate(json.loads(json.dumps(doc, default=str)), schema)
    bad = {"kind": "actors", "records": [{"id": "x", "name": "X", "kind": "planet"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, file_schema("actors"))
