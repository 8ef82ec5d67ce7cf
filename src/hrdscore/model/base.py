"""Shared building blocks of every model: strict-ish config, ids, citations."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# Ids are stable, lower-case and URL-safe: they appear in file names, URLs and CSV keys.
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,99}$"),
]
NonEmptyStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Record(BaseModel):
    """Base of all data records: unknown keys are errors (a typo must not vanish), and records
    are immutable so a snapshot can be shared and hashed safely."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Citation(Record):
    """Where a piece of data comes from: a source document and a place in it."""

    source: Id = Field(description="Id of a Source record, e.g. 'src-kk2021-report'.")
    locator: NonEmptyStr = Field(
        description="Where in the source: section, footnote, annex, paragraph."
    )
    quote: str | None = Field(
        default=None, description="A short verbatim passage, when it helps a reader check."
    )
