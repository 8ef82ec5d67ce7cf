"""Drafts are visible: an import says how many assessments are drafts that will not count,
and a second person publishes them (`hrdscore assessments review ID --publish`), audited."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from hrdscore.cli import cli

DRAFT = """kind: assessments
records:
  - id: asm-test-kpo-com-01
    criterion: kk2021-com-01.c1
    actor: kpo
    as_of: 2021-06-30
    level: met
    rationale: KPO publishes a human rights policy (test record).
    assessor: Test analyst
    assessor_actor: kadir-kasiet
"""


def _as(runner: CliRunner, user: str, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, list(args), env={"HRDSCORE_USER": user})


def _points(runner: CliRunner, db: Path) -> float | None:
    out = _as(runner, "alice", "score", "--year", "2021", "--actor", "kpo", "--format", "json",
              "--db", str(db))
    card = json.loads(out.output)
    return next(c["points"] for r in card["recommendations"] for c in r["criteria"]
                if c["criterion"] == "kk2021-com-01.c1")


def test_draft_import_is_announced_and_published_by_a_second_person(
        runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    assert _as(runner, "alice", "init", "--db", str(db)).exit_code == 0
    draft = tmp_path / "draft.yaml"
    draft.write_text(DRAFT, encoding="utf-8")
    imported = _as(runner, "alice", "import", "assessments", str(draft), "--db", str(db))
    assert imported.exit_code == 0, imported.output
    assert "1 created" in imported.output
    assert "1 of the assessments are drafts that count in no score" in imported.output
    assert _points(runner, db) is None  # a draft counts for nothing

    same = _as(runner, "alice", "assessments", "review", "asm-test-kpo-com-01", "--publish",
               "--db", str(db))
    assert same.exit_code == 1
    assert "another person must review and publish it" in same.output
    assert _points(runner, db) is None

    other = _as(runner, "bob", "assessments", "review", "asm-test-kpo-com-01", "--publish",
                "--db", str(db))
    assert other.exit_code == 0, other.output
    assert _points(runner, db) == 100.0
    log = json.loads(_as(runner, "bob", "audit", "--format", "json", "--db", str(db)).output)
    entry = log[-1]
    assert (entry["action"], entry["who"], entry["ids"]) == (
        "review", "cli:bob", ["asm-test-kpo-com-01"])
    assert "author cli:alice" in entry["note"]
    again = _as(runner, "carol", "assessments", "review", "asm-test-kpo-com-01", "--publish",
                "--db", str(db))
    assert again.exit_code == 1 and "already published" in again.output
