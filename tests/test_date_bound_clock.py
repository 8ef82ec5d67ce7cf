"""The latest date accepted is read from the clock at most once a second (a snapshot validates
tens of thousands of dates), yet follows the clock: a new day moves it within a second, and a
test's fixed day is used at once."""

from __future__ import annotations

import datetime as dt

import pytest

from hrdscore.model import base


def test_the_bound_follows_the_same_clock_to_a_new_day(monkeypatch: pytest.MonkeyPatch) -> None:
    day = [dt.date(2024, 2, 28)]
    seconds = [1000.0]
    monkeypatch.setattr(base, "_clock", lambda: day[0])  # one clock object, a moving date
    monkeypatch.setattr(base.time, "monotonic", lambda: seconds[0])
    assert base.latest_date() == dt.date(2025, 2, 28)
    day[0] = dt.date(2024, 3, 5)
    seconds[0] += 0.5  # within the second: the reading is kept
    assert base.latest_date() == dt.date(2025, 2, 28)
    seconds[0] += 0.6
    assert base.latest_date() == dt.date(2025, 3, 5)
    day[0] = dt.date(2024, 2, 29)
    seconds[0] += 1.0
    assert base.latest_date() == dt.date(2025, 2, 28)  # 29 February -> 28 February

def test_a_fixed_day_is_used_at_once() -> None:
    base.latest_date()
    with base.today_is(dt.date(2020, 6, 1)):
        assert base.latest_date() == dt.date(2021, 6, 1)
        with pytest.raises(ValueError, match="too far in the future"):
            base.check_date_bounds(dt.date(2021, 6, 2))
    assert base.latest_date() == base.add_years(dt.date.today(), 1)
