"""What marks a field as identifying, the sealed form it is stored in, and a person's consent.

A field whose type carries the `IDENTIFYING` marker (read by `hrdscore.identity.fields`) is
encrypted at the store's write boundary: the database, its audit log, backups and kept copies
hold only the sealed string `enc:v1:<key id>:<base64>`. Marking a field is the one step needed
to protect it; no list of field names is kept anywhere else.

Two strengths: an identity or a contact (`IdentifyingLine`) is never stored without a key; free
text that may name a person (`IdentifyingText`, a narrative) is sealed whenever a key is
configured or the database already holds sealed values, and is stored as written only in a
database that has never been under a key (an installation that keeps no identities, the
shipped data loaded without one): that is where no identity was ever recorded to protect.
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
    TEXT_MAX,
    BoundedDate,
    NonEmptyStr,
    Record,
)


class Identifying:
    """Type marker: the value names or reaches a person and is stored only encrypted.
    `needs_key`: a write of it without a key is refused even in a database never under one."""

    def __init__(self, *, needs_key: bool = True) -> None:
        self.needs_key = needs_key

    def __repr__(self) -> str:
        return "IDENTIFYING" if self.needs_key else "IDENTIFYING(when keyed)"


IDENTIFYING: Final = Identifying()
IDENTIFYING_TEXT: Final = Identifying(needs_key=False)
SEALED_PREFIX: Final = "enc:v1:"
_SEALED = re.compile(r"^enc:v1:[0-9a-f]{16}:[A-Za-z0-9_-]+={0,2}$")


def sealed_length(chars: int) -> int:
    """The longest sealed form of `chars` characters: up to 4 bytes of UTF-8 each, a 12-byte
    nonce and a 16-byte tag, base64 (4 characters per 3 bytes), the prefix and the key id."""
    return len(SEALED_PREFIX) + 17 + 4 * -(-(4 * chars + 28) // 3)


SEALED_MAX: Final = sealed_length(LINE_MAX)
SEALED_TEXT_MAX: Final = sealed_length(TEXT_MAX)


def _sealed_or_clear(limit: int) -> AfterValidator:
    def check(value: str) -> str:
        # One rule, not a union: a bad value gets one error under its own field name.
        if value.startswith(SEALED_PREFIX):
            if not _SEALED.match(value):
                raise ValueError("looks encrypted (enc:v1:...) but is not a whole encrypted "
                                 "value")
        elif len(value) > limit:
            raise ValueError(f"should have at most {limit} characters")
        return value
    return AfterValidator(check)


# A line that identifies someone: in clear only in memory, on its way in or shown to an analyst;
# stored sealed.
IdentifyingLine = Annotated[
    str, StringConstraints(max_length=SEALED_MAX, pattern=SAFE_TEXT_PATTERN), _HIDDEN,
    _sealed_or_clear(LINE_MAX), IDENTIFYING]
# Free text that may name or locate a person (a narrative, a note): sealed like a line.
IdentifyingText = Annotated[
    str, StringConstraints(max_length=SEALED_TEXT_MAX, pattern=SAFE_TEXT_PATTERN), _HIDDEN,
    _sealed_or_clear(TEXT_MAX), IDENTIFYING_TEXT]


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
    note: IdentifyingText | None = Field(
        default=None, description="CONFIDENTIAL: how consent was given (it may name who "
        "passed it on); stored encrypted.")
