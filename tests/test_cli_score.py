"""`hrdscore score` in its three formats, and its errors."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.render.tabular import SCORECARD_COLUMNS
from hrdscore.store import Store


def _run(runner: CliRunner, store: Store, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, [*args, "--db", str(store.path)])


def _run_v1(runner: CliRunner, store: Store, *args: str):  # type: ignore[no-untyped-def]
    """Methodology 1, kept reproducible; methodology 2 (the default) is tested in
    test_methodology_v2_shipped.py."""
    return _run(runner, store, *args, "--methodology", "1.0")


def test_json_scorecard_carries_what_a_reader_needs(runner: CliRunner,
                                                    shipped_store: Store) -> None:
    result = _run_v1(runner, shipped_store, "score", "--year", "2021", "--actor", "kpo",
                  "--format", "json")
    assert result.exit_code == 0, result.output
    card = json.loads(result.output)
    assert card["actor"] == "kpo" and card["period"] == "2021"
    assert card["methodology_version"] == "1.0"
    assert card["snapshot_hash"] == shipped_store.snapshot().hash
    assert card["total"] is None and card["total_reason"].startswith("insufficient evidence")
    assert {p["pillar"] for p in card["pillars"]} == {
        "commitments", "due_diligence_remedy", "responsiveness", "conduct"}
    criteria = {c["criterion"]: c for r in card["recommendations"] for c in r["criteria"]}
    timely = criteria["kk2021-com-08.c2"]
    assert timely["explanation"]["basis"] == "rule:reply_on_time"
    assert "counted from the letter date" in timely["explanation"]["text"]
    assert card["change"]["previous_period"] == "2020"


def test_csv_is_long_format_one_row_per_actor_and_criterion(runner: CliRunner,
                                                            shipped_store: Store) -> None:
    result = _run_v1(runner, shipped_store, "score", "--year", "2021", "--kind", "company",
                  "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == SCORECARD_COLUMNS
    actors = {r["actor"] for r in rows}
    assert len(actors) == 11
    per_actor = {a: sum(r["actor"] == a for r in rows) for a in actors}
    assert len(set(per_actor.values())) == 1  # same criteria for every company
    kpo = {r["criterion"]: r for r in rows if r["actor"] == "kpo"}
    assert kpo["kk2021-com-08.c1"]["level"] == "met"
    assert kpo["kk2021-com-08.c1"]["evidence_ids"] == "inq-kk2021-08;rep-kk2021-08"
    assert kpo["kk2021-com-01.c1"]["missing"] == "not_assessed"
    assert {r["methodology_version"] for r in rows} == {"1.0"}
    bozashy = next(r for r in rows if r["actor"] == "bozashytranskurylys")
    assert bozashy["actor_name"] == "BozashyTransҚұrylys LLP"


def _cell_reads(table: str, text: str) -> bool:
    """The table has a cell reading `text`, on one line or wrapped between its words."""
    first, *rest = text.split()
    lines = table.splitlines()
    for number, line in enumerate(lines):
        column = line.find(first)
        if column < 0:
            continue
        if line[column:].startswith(text):
            return True
        below = lines[number + 1: number + 1 + len(rest)]
        if [b[column:].split(" ")[0] for b in below] == rest:
            return True
    return False


def test_table_ranks_and_shows_insufficient_evidence(runner: CliRunner,
                                                     shipped_store: Store) -> None:
    result = _run_v1(runner, shipped_store, "score", "--period", "2016-2020", "--kind",
                  "state_body")
    assert result.exit_code == 0
    assert "Scorecards 2016-2020" in result.output
    assert _cell_reads(result.output, "insufficient evidence")
    detail = _run_v1(runner, shipped_store, "score", "--year", "2019", "--actor",
                  "burlinsky-police")
    assert "RED FLAG" in detail.output and "detention" in detail.output


def test_default_period_is_the_latest_year_with_evidence(runner: CliRunner,
                                                         shipped_store: Store) -> None:
    result = _run(runner, shipped_store, "score", "--format", "json")
    assert {c["period"] for c in json.loads(result.output)["scorecards"]} == {"2021"}


def test_errors_are_messages_not_tracebacks(runner: CliRunner, shipped_store: Store,
                                            tmp_path) -> None:  # type: ignore[no-untyped-def]
    both = _run(runner, shipped_store, "score", "--year", "2021", "--period", "2016-2020")
    assert both.exit_code == 1 and "not both" in both.output
    bad = _run(runner, shipped_store, "score", "--period", "2020-2016")
    assert bad.exit_code == 1 and "ends before it starts" in bad.output
    unknown = _run(runner, shipped_store, "score", "--actor", "nobody")
    assert unknown.exit_code == 1 and "no actor with id 'nobody'" in unknown.output
    missing = runner.invoke(cli, ["score", "--db", str(tmp_path / "none.json")])
    assert missing.exit_code == 1
    assert f"hrdscore init --db {tmp_path / 'none.json'}" in missing.output
    for result in (both, bad, unknown, missing):
        assert "Traceback" not in result.output
