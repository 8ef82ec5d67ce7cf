"""Shared building blocks of every model: strict-ish config, ids, bounded text and dates,
citations.

Every text field is one of the bounded types below, so a length limit and the refusal of
invisible control characters hold for every record and show in the JSON Schema and the API's
OpenAPI document (a client learns what is refused before sending it)."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

# Ids are stable, lower-case and URL-safe: they appear in file names, URLs and CSV keys.
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,99}$"),
]

# Characters no text field may hold. NUL and the other C0 controls (tab, line feed and carriage
# return excepted) break files and terminals; the bidirectional embedding, override and isolate
# controls (U+202A-U+202E, U+2066-U+2069) make text display in another order than it is stored
# ("Trojan Source"), so a name or a quote could read differently from what was checked. The
# left-to-right and right-to-left marks (U+200E, U+200F) are kept: they only affect the
# neighbouring character and legitimately appear in mixed-script text.
_FORBIDDEN = {
    **{c: f"control character U+{c:04X}" for c in range(0x20) if chr(c) not in "\t\n\r"},
    0x00: "NUL character (U+0000)",
    **{c: f"bidirectional control character U+{c:04X}"
       for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}
# The same rule as a pattern, declared in the schemas (and enforced again by it).
SAFE_TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069]*$"

LINE_MAX = 500  # names, titles, locators, references: one line of text
TEXT_MAX = 10_000  # descriptions, summaries, rationales, quotes
URL_MAX = 2_000


# One search, no copy: `str.translate` made a new string of every text validated (most of
# the time of validating a snapshot's inquiries and replies in Kazakh or Russian).
_FORBIDDEN_SEARCH = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in sorted(_FORBIDDEN)) + "]").search


def _refuse_hidden_characters(value: Any) -> Any:
    """A readable refusal, before the pattern would give an unreadable one."""
    if isinstance(value, str) and _FORBIDDEN_SEARCH(value) is not None:
        found = next(ch for ch in value if ord(ch) in _FORBIDDEN)
        raise ValueError(f"contains a {_FORBIDDEN[ord(found)]}, which is not allowed in text; "
                         "remove it")
    return value


_HIDDEN = BeforeValidator(_refuse_hidden_characters)

# One line of text (a name, a title, a locator); NonEmptyStr must hold something once trimmed.
Line = Annotated[str, StringConstraints(max_length=LINE_MAX, pattern=SAFE_TEXT_PATTERN), _HIDDEN]
NonEmptyStr = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=LINE_MAX,
                      pattern=SAFE_TEXT_PATTERN),
    _HIDDEN,
]
# Free text (a description, a summary, a rationale, a quote).
Text = Annotated[str, StringConstraints(max_length=TEXT_MAX, pattern=SAFE_TEXT_PATTERN), _HIDDEN]
NonEmptyText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX,
                      pattern=SAFE_TEXT_PATTERN),
    _HIDDEN,
]
Url = Annotated[str, StringConstraints(max_length=URL_MAX, pattern=SAFE_TEXT_PATTERN), _HIDDEN]

# Dates. Nothing the project records happened before the earliest date (the monitoring the
# report draws on starts well after it); a date far in the past or the future is a typo, and
# left in it would stretch every time series the statistics build (a 9999-12-31 act made the
# monthly tables 30 MB). "Today" is read through `today()` so tests can fix it (`today_is`).
EARLIEST_DATE = dt.date(1990, 1, 1)
FUTURE_YEARS = 1  # how far ahead a date may lie: an ongoing act's announced end, a letter's
# receipt recorded in advance


def _system_today() -> dt.date:
    return dt.date.today()


_clock: Callable[[], dt.date] = _system_today


def today() -> dt.date:
    """The date every date bound is measured from (the system date unless a test fixed it)."""
    return _clock()


@contextmanager
def today_is(day: dt.date) -> Iterator[None]:
    """Validate as if today were `day` (for tests: no failures around midnight or new year)."""
    global _clock
    previous, _clock = _clock, (lambda: day)
    try:
        yield
    finally:
        _clock = previous


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# (clock, when read, latest date) of the last reading: the bound moves once a day, and reading
# the clock for each of the 30,000 dates a 100,000-act snapshot validates cost more than the
# checks. A reading serves one second, for the clock it came from (a test's day is another).
_LATEST: tuple[Callable[[], dt.date], float, dt.date] | None = None


def latest_date() -> dt.date:
    global _LATEST
    now = time.monotonic()
    kept = _LATEST
    if kept is not None and kept[0] is _clock and now - kept[1] < 1.0:
        return kept[2]
    latest = add_years(today(), FUTURE_YEARS)
    _LATEST = (_clock, now, latest)
    return latest


def check_date_bounds(value: dt.date) -> dt.date:
    if value < EARLIEST_DATE:
        raise ValueError(f"date {value} is before {EARLIEST_DATE}, the earliest date accepted")
    latest = latest_date()
    if value > latest:
        raise ValueError(f"date {value} is too far in the future: the latest date accepted is "
                         f"{latest}, {FUTURE_YEARS} year after today ({today()})")
    return value


BoundedDate = Annotated[dt.date, AfterValidator(check_date_bounds)]
# Years, where only the year is known: the same bounds, declared statically in the schema
# (2100 caps it there; the validator applies today's bound).


def _check_year(year: int) -> int:
    latest = latest_date().year
    if year > latest:
        raise ValueError(f"year {year} is after {latest}, the latest year accepted")
    return year


BoundedYear = Annotated[int, Field(ge=EARLIEST_DATE.year, le=2100), AfterValidator(_check_year)]


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
    quote: Text | None = Field(
        default=None, description="A short verbatim passage, when it helps a reader check."
    )
