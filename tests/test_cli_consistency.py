"""One CLI: the same option names everywhere, databases that must exist, empty databases
that say so, success that is stated, and tables that fit 100 columns with words whole."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.cli.output import fit_widths
from hrdscore.store import Store

from .conftest import REPO, make_actor

# Commands that read no database: the report's own data, help for files, a new database.
NO_DATABASE = {"validate", "recommendations", "schemas", "template", "demo-data", "new-report",
               "import-recommendations", "identity-key create"}


def _commands() -> dict[str, click.Command]:
    out: dict[str, click.Command] = {}
    for name, command in cli.commands.items():
        if isinstance(command, click.Group):
            out.update({f"{name} {sub}": c for sub, c in command.commands.items()})
        else:
            out[name] = command
    return out


def _options(command: click.Command) -> dict[str, click.Option]:
    return {opt: p for p in command.params if isinstance(p, click.Option) for opt in p.opts}


def test_every_command_that_reads_data_takes_db() -> None:
    for name, command in _commands().items():
        if name.split()[0] in NO_DATABASE or name in NO_DATABASE:
            assert "--db" not in _options(command), name
        else:
            assert "--db" in _options(command), name


def test_where_to_write_is_always_out_with_o_as_short_name() -> None:
    writers = {name: c for name, c in _commands().items()
               if {"--out", "--output", "-o"} & set(_options(c))}
    assert set(writers) == {"schemas", "template", "backup", "pdf", "report", "publish",
                            "demo-data", "reply-round letters", "identity-key create"}
    for name, command in writers.items():
        option = _options(command)["--out"]
        assert {"-o", "--out"} <= set(option.opts), name
        help_line = option.get_help_record(click.Context(command))
        assert help_line is not None and "--output" not in help_line[0], name


def test_formats_are_named_alike() -> None:
    for name, command in _commands().items():
        option = _options(command).get("--format")
        if option is None or name == "template":  # a template is a file type: csv or xlsx
            continue
        assert isinstance(option.type, click.Choice)
        assert set(option.type.choices) <= {"table", "json", "csv"}, name
        assert option.default in ("table", None), name


def test_old_spellings_still_work(runner: CliRunner, tmp_path: Path) -> None:
    ok = runner.invoke(cli, ["validate", "--format", "text"])
    assert ok.exit_code == 0 and ok.output.startswith("OK: ")
    assert runner.invoke(cli, ["validate", "--format", "table"]).output == ok.output
    bad = runner.invoke(cli, ["validate", "--format", "yaml"])
    assert bad.exit_code == 2 and "'table', 'json'" in bad.output
    # --output, the name pdf and report had, reaches the same option as --out.
    db = tmp_path / "typo.json"
    for spelling in ("--output", "--out", "-o"):
        result = runner.invoke(cli, ["report", spelling, str(tmp_path / "r.pdf"), "--db",
                                     str(db)])
        assert result.exit_code == 1 and "no database at" in result.stderr, spelling


@pytest.mark.parametrize("args", [
    ["import", "actors", "{file}"], ["audit"], ["backup", "-o", "{dir}/b.json"], ["score"],
    ["responsiveness"], ["stats"], ["publish", "--out", "{dir}/pub"],
    ["pdf", "--actor", "kpo", "-o", "{dir}/a.pdf"], ["report", "-o", "{dir}/r.pdf"],
    ["keys", "list"], ["keys", "create", "k", "--role", "admin"], ["keys", "revoke", "k"],
    ["actors"],
])
def test_a_mistyped_database_path_is_refused_not_created(
    runner: CliRunner, tmp_path: Path, args: list[str]
) -> None:
    data = tmp_path / "actors.csv"
    data.write_text("id,name,kind\nx,X,company\n", encoding="utf-8")
    db = tmp_path / "typo" / "evidence.json"
    filled = [a.format(file=data, dir=tmp_path) for a in args]
    result = runner.invoke(cli, [*filled, "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert f"no database at {db}: create one with `hrdscore init --db {db}`" in result.stderr
    assert not db.parent.exists()


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """A database file with nothing in it, as a restore of an empty backup leaves."""
    store = Store(tmp_path / "empty.json")
    with store.transaction("test") as tx:
        tx.record("note", None, note="nothing yet")
    return store.path


@pytest.mark.parametrize("args,says", [
    (["score"], "holds no actors"), (["responsiveness"], "holds no actors"),
    (["publish", "--out", "{dir}/pub"], "holds no actors"), (["stats"], "holds no incidents"),
])
def test_reading_an_empty_database_says_so(runner: CliRunner, empty_db: Path,
                                           args: list[str], says: str) -> None:
    filled = [a.format(dir=empty_db.parent) for a in args]
    result = runner.invoke(cli, [*filled, "--db", str(empty_db)])
    assert result.exit_code == 1
    assert result.stdout == "" and f"the database {empty_db} {says}" in result.stderr
    assert not (empty_db.parent / "pub").exists()


def test_actors_without_evidence_say_there_is_none(runner: CliRunner, tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json")
    with store.transaction("test") as tx:
        tx.actors.put(make_actor("lonely"))
    score = runner.invoke(cli, ["score", "--db", str(store.path)])
    assert score.exit_code == 1 and "holds no evidence" in score.stderr
    replies = runner.invoke(cli, ["responsiveness", "--db", str(store.path)])
    assert replies.exit_code == 1 and "holds no information requests" in replies.stderr


def test_actors_lists_the_databases_actors_when_given_one(runner: CliRunner,
                                                          tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json")
    with store.transaction("test") as tx:
        tx.actors.put(make_actor("kz-akimat-uralsk", "Орал қаласының әкімдігі"))
    result = runner.invoke(cli, ["actors", "--db", str(store.path), "--format", "csv"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "id,name,kind,sector,parent,aliases",
        "kz-akimat-uralsk,Орал қаласының әкімдігі,company,,,"]
    # With no database anywhere, the actors named in the report.
    shipped = runner.invoke(cli, ["actors", "--format", "csv"],
                            env={"HRDSCORE_DB": str(tmp_path / "none.json")})
    assert "kpo," in shipped.output and "kz-akimat-uralsk" not in shipped.output


def test_audit_verify_says_the_chain_is_intact(runner: CliRunner, tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json")
    for actor_id in ("a", "b"):
        with store.transaction("test") as tx:
            tx.actors.put(make_actor(actor_id))
            tx.record("put", "actors", ids=[actor_id])
    result = runner.invoke(cli, ["audit", "--verify", "--db", str(store.path)])
    assert result.exit_code == 0
    assert "Audit log verified: 2 entries, chain intact." in result.stderr


def test_fit_widths_keeps_words_whole_and_fits_the_room() -> None:
    grid = [["id", "name"], ["bozashytranskurylys", "BozashyTransҚұrylys LLP, Ақсай"]]
    # Room for everything: each column as wide as its widest cell.
    assert fit_widths(grid, 60) == [19, 30]
    # Less room: the name wraps between words, the id stays whole.
    assert fit_widths(grid, 40) == [19, 21]
    # Too little room even for the words: the longest word gives way first.
    assert fit_widths(grid, 30) == [15, 15]


def test_tables_fit_100_columns_without_cutting_ids(runner: CliRunner,
                                                    shipped_store: Store) -> None:
    db = ["--db", str(shipped_store.path)]
    snapshot = shipped_store.snapshot()
    short_ids = [a for a in snapshot.actors if len(a) <= 30]
    for args in (["actors", *db], ["score", "--year", "2021", *db], ["audit", *db],
                 ["responsiveness", "--year", "2021", *db], ["recommendations"],
                 ["score", "--year", "2021", "--actor", "kpo", *db]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, args
        table = result.stdout
        lines = table.splitlines()
        # From the table's header row on (a scorecard's summary lines above it are prose).
        start = next(i for i, line in enumerate(lines) if line.startswith("──")) - 1
        assert max(len(line) for line in lines[start:]) <= 100, args
        if args[0] == "actors":
            words = set(table.split())
            assert [i for i in short_ids if i not in words] == []


def test_every_command_is_a_row_of_the_readme_commands_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `hrdscore ")]
    documented = {m.group(1) for row in rows
                  for m in re.finditer(r"`hrdscore ([a-z-]+(?: [a-z][a-z-]*)?)", row)}
    assert sorted(set(_commands()) - documented) == []
