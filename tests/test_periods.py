"""One period grammar, the same for scoring, statistics, the CLI and the API."""

from __future__ import annotations

import pytest

from hrdscore import scoring, stats
from hrdscore.model import Period, PeriodError


@pytest.mark.parametrize("parse", [Period.parse, scoring.parse_period, stats.parse_period])
@pytest.mark.parametrize(("text", "start", "end"), [
    ("2021", 2021, 2021),
    (" 2021 ", 2021, 2021),
    ("2016-2020", 2016, 2020),
    ("2016–2020", 2016, 2020),
    ("2016/2020", 2016, 2020),
    ("2016 - 2020", 2016, 2020),
    ("1900", 1900, 1900),
    ("2100", 2100, 2100),
    ("2019-2019", 2019, 2019),
])
def test_every_reader_accepts_the_same_forms(parse, text: str, start: int, end: int) -> None:
    assert parse(text) == Period(start_year=start, end_year=end)


@pytest.mark.parametrize(("text", "reason"), [
    ("20", "give a year"),
    ("last year", "give a year"),
    ("2021-", "give a year"),
    ("2016.2020", "give a year"),
    ("2020-2016", "ends before it starts"),
    ("1899", "between 1900 and 2100"),
    ("2101", "between 1900 and 2100"),
    ("1899-2000", "between 1900 and 2100"),
    ("2000-2101", "between 1900 and 2100"),
])
def test_bad_periods_say_what_to_write(text: str, reason: str) -> None:
    for parse in (Period.parse, scoring.parse_period, stats.parse_period):
        with pytest.raises(PeriodError, match=reason):
            parse(text)


def test_label_and_previous_period() -> None:
    assert Period.parse("2016/2020").label == "2016-2020"
    assert Period.parse("2016-2020").previous() == Period(start_year=2011, end_year=2015)
    assert Period.parse("2021").previous().label == "2020"
