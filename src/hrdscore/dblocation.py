"""Where a database is: a TinyDB file (a `Path`) or a PostgreSQL database (a `PgLocation`).

`PgLocation` is a `Path` so that everything that carries a database location (`--db`, the API
settings, `Store.path`, messages) carries either kind unchanged; it prints as its URL without
the password, and `open_store` connects with the whole URL. This module imports nothing heavy:
settings and the CLI's option parsing use it.
"""

from __future__ import annotations

from pathlib import Path, PosixPath
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

__all__ = ["PgLocation", "db_location", "is_postgres_url", "redact_url"]

_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(text: str) -> bool:
    return text.lower().startswith(_SCHEMES)


def redact_url(url: str) -> str:
    """The URL without its password (what messages and logs may show)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    netloc = f"{user}@{host}" if user else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


class PgLocation(PosixPath):
    """A PostgreSQL database named by a `postgresql://` URL, standing where a file path would.

    It names no file: its `parent` is a folder that cannot exist, so code that looks for files
    kept beside a TinyDB database (restore copies) finds none."""

    url: str

    def __new__(cls, url: str) -> PgLocation:
        shown = redact_url(url)
        self = super().__new__(cls, "/nonexistent-hrdscore-postgresql", quote(shown, safe=""))
        self.url = url
        return self

    def __init__(self, *args: Any) -> None:  # Path.__init__ takes no URL in 3.12+
        pass

    @property
    def dbname(self) -> str:
        return unquote(urlsplit(self.url).path.lstrip("/")) or "postgres"

    def __str__(self) -> str:
        return redact_url(self.url)

    def __repr__(self) -> str:
        return f"PgLocation({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PgLocation) and other.url == self.url

    def __hash__(self) -> int:
        return hash(self.url)

    @property
    def parent(self) -> Path:  # type: ignore[override]  # a folder, not another location
        return Path("/nonexistent-hrdscore-postgresql")


def db_location(target: str | Path) -> Path:
    """A `--db` value or $HRDSCORE_DB as a location: a PostgreSQL URL or a file path."""
    if isinstance(target, PgLocation):
        return target
    text = str(target)
    if is_postgres_url(text):
        return PgLocation(text)
    return Path(target)
