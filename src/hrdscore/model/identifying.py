"""What marks a field as identifying, the sealed form it is stored in, and a person's consent.

A field whose type carries the `IDENTIFYING` marker (read by `hrdscore.identity.fields`) is
encrypted at the store's write boundary: the database, its audit log, backups and kept copies
hold only the sealed string `enc:v1:<key id>:<base64>`. Marking a field is the one step needed
to protect it; no list of field names is kept anywhere else.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Final

from pydantic import AfterValidator, Field, StringConstraints

from hrdscore.model.base import (
    _HIDDEN,
    LINE_MAX,
    SAFE_TEXT_PATTERN,
    BoundedDate,
    Line,
    NonEmptyStr,
    Record,
)


class Identifying:
    """Type marker: the value names or reaches a person and is stored only encrypted."""

    def __repr__(self) -> str:
        return "IDENTIFYING"


IDENTIFYING: Final = Identifying()
SEALED_PREFIX: Final = "enc:v1:"
# 500 characters of Kazakh text are up to 1,000 bytes of UTF-8: sealed, about 1,400 characters.
SEALED_MAX: Final = 2_000

_SEALED = re.compile(r"^enc:v1:[0-9a-f]{16}:[A-Za-z0-9_-]+={0,2}$")


def _sealed_or_line(value: str) -> str:
    # One rule, not a union: a bad value gets one error under its own field name.
    if value.startswith(SEALED_PREFIX):
        if not _SEALED.match(value):
            raise ValueError("looks encrypted (enc:v1:...) but is not a whole encrypted value")
    elif len(value) > LINE_MAX:
        raise ValueError(f"should have at most {LINE_MAX} characters")
    return value


# A line that identifies someone: in clear only in memory, on its way in or shown to an analyst;
# stored sealed.
IdentifyingLine = Annotated[
    str, StringConstraints(max_length=SEALED_MAX, pattern=SAFE_TEXT_PATTERN), _HIDDEN,
    AfterValidator(_sealed_or_line), IDENTIFYING]


class ConsentLevel(StrEnum):
    """How far a person agreed to be named."""

    NONE = "none"  # named nowhere; only the monitor keeps the identity
    INTERNAL = "internal"  # may be named in the organisation's internal reports
    PUBLIC = "public"  # may be named in published output

    @property
    def rank(self) -> int:
        return list(ConsentLevel).index(self)

    def allows(self, audience: ConsentLevel) -> bool:
        return self.rank >= audience.rank

    @property
    def words(self) -> str:
        return {"none": "not to be named", "internal": "may be named in internal reports",
                "public": "may be named publicly"}[self.value]


class Consent(Record):
    """A person's recorded consent to be named: what, when, and who recorded it."""

    level: ConsentLevel = ConsentLevel.NONE
    on: BoundedDate
    recorded_by: NonEmptyStr = Field(description="Who recorded the consent.")
    note: Line | None = None
