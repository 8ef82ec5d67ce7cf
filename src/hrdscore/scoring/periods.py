"""Which evidence falls in a period, and how dates read in explanations."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from hrdscore.model import Inquiry, Period
from hrdscore.model.vocab import DatePrecision
from hrdscore.snapshot.views import ActView, RecourseView


def parse_period(text: str) -> Period:
    """'2021' or '2016-2020' (see `Period.parse`, the one grammar)."""
    return Period.parse(text)


def inquiry_in_period(inquiry: Inquiry, period: Period) -> bool:
    year = inquiry.year
    if inquiry.sent_on is not None:
        return period.start <= inquiry.sent_on <= period.end
    return year is not None and period.start_year <= year <= period.end_year


def act_in_period(act: ActView, period: Period) -> bool:
    """An act counts in a period when it certainly happened in it: an ongoing act when it
    overlaps the period; an act known only to a year or a range when that lies within it."""
    if act.precision is DatePrecision.DAY:
        last = act.date_end or act.date
        return act.date <= period.end and last >= period.start
    if act.precision is DatePrecision.MONTH:
        return period.start <= act.date <= period.end
    if act.precision is DatePrecision.YEAR:
        return period.start_year <= act.date.year <= period.end_year
    end = act.date_end or act.date
    return period.start <= act.date and end <= period.end


@lru_cache(maxsize=4096)
def fmt_date(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def fmt_imprecise(day: date, precision: DatePrecision, end: date | None) -> str:
    """A date as precisely as it is known, never more."""
    if precision is DatePrecision.MONTH:
        return f"{day:%B %Y}"
    if precision is DatePrecision.YEAR:
        return str(day.year)
    if precision is DatePrecision.RANGE and end:
        return f"between {fmt_date(day)} and {fmt_date(end)}"
    if end and end != day:
        return f"{fmt_date(day)} to {fmt_date(end)}"
    return fmt_date(day)


def fmt_act_date(act: ActView) -> str:
    return fmt_imprecise(act.date, act.precision, act.date_end)


def fmt_public_act_date(act: ActView) -> str:
    """An act's date as public output may print it: the month at most, never the day (a day
    and a place can single out a defender; see issue 16)."""
    return _public_date(act.date, act.precision, act.date_end)


@lru_cache(maxsize=8192)  # a few thousand distinct dates among 100,000 acts
def _public_date(day: date, precision: DatePrecision, end: date | None) -> str:
    if precision is DatePrecision.YEAR:
        return str(day.year)
    if precision is DatePrecision.RANGE and end:
        if (day.month, end.month, day.day, end.day) == (1, 12, 1, 31):
            return (str(day.year) if day.year == end.year
                    else f"between {day.year} and {end.year}")
        return f"between {day:%B %Y} and {end:%B %Y}"
    if end and (end.year, end.month) != (day.year, day.month):
        return f"{day:%B %Y} to {end:%B %Y}"
    return f"{day:%B %Y}"


def fmt_recourse_date(recourse: RecourseView) -> str:
    return fmt_imprecise(recourse.date, recourse.precision, recourse.date_end)
