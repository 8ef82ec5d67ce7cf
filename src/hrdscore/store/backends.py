"""One way to open a store wherever a database is named: a TinyDB file or a PostgreSQL URL."""

from __future__ import annotations

from pathlib import Path

from hrdscore.dblocation import PgLocation, db_location
from hrdscore.store.database import Store

__all__ = ["open_store"]


def open_store(target: str | Path) -> Store:
    """The Store for a file path, or a PostgresStore for a `postgresql://` URL (or a
    `PgLocation`). psycopg is imported only for the latter."""
    location = db_location(target)
    if isinstance(location, PgLocation):
        from hrdscore.store.postgres import PostgresStore

        return PostgresStore(location)
    return Store(location)
