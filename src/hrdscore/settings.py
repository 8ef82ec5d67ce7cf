"""Settings read from the environment at the edges (CLI, server), passed inward explicitly."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import platformdirs

DB_ENV = "HRDSCORE_DB"
USER_ENV = "HRDSCORE_USER"


def default_db_path() -> Path:
    """$HRDSCORE_DB (a file or a postgresql:// URL), else hrdscore.json in the user's data
    directory (on Linux ~/.local/share/hrdscore/hrdscore.json)."""
    env = os.environ.get(DB_ENV)
    if env:
        from hrdscore.dblocation import db_location

        return db_location(env)
    return platformdirs.user_data_path("hrdscore") / "hrdscore.json"


def cli_user() -> str:
    """Who the audit log names for changes made from the command line."""
    name = os.environ.get(USER_ENV)
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry in some containers
            name = "unknown"
    return f"cli:{name}"
