"""The README documents every command, and its two commands are the ones CI runs."""

from __future__ import annotations

import re

from hrdscore.cli import cli

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_is_documented_in_the_readme() -> None:
    missing = [name for name in cli.commands if f"hrdscore {name}" not in README]
    assert not missing, f"commands not in README.md: {missing}"


def test_every_command_has_help_text() -> None:
    for name, command in cli.commands.items():
        assert command.help and len(command.help) > 20, name


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = ci.strip().splitlines()[-1]
    assert test_command in README
    assert "pytest" in test_command


def test_readme_names_the_default_database_path_and_env_var() -> None:
    assert "HRDSCORE_DB" in README
    assert re.search(r"~/\.local/share/hrdscore/hrdscore\.json", README)
