"""What a statistics table can be broken down by, and the counting rule of each breakdown.

A dimension maps an act to the row keys it counts in. Most give one key per act, so their rows
add up to the number of threats; a few give several (a threat in two fields, an ongoing threat
over three months, a threat with two named bodies), and say so in their rule.

Keys are strings, or None where the data records nothing (shown as "not recorded"). Dates
follow ISO 8601 / EDTF: `2017-03` a month, `2017-XX` a month not known, `2016/2020` a date known
only to fall within those years.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from hrdscore.model import Actor
from hrdscore.model.vocab import DatePrecision
from hrdscore.snapshot.views import ActView, RecourseView

Key = str | None


class Dimension(StrEnum):
    """Breakdowns of threats (acts)."""

    YEAR = "year"
    MONTH = "month"
    FIELD = "field"
    PRIMARY_FIELD = "primary_field"
    SOURCE_CATEGORY = "source_category"
    SOURCE_BODY = "source_body"
    BLOCK = "block"
    ACT_TYPE = "act_type"
    REGION = "region"
    CITY = "city"
    VICTIM_KIND = "victim_kind"
    GENDER = "gender"
    VERIFICATION = "verification"


class RecourseDimension(StrEnum):
    """Breakdowns of recourses (positive resolutions), by the recourse's own date."""

    YEAR = "year"
    MONTH = "month"
    RECOURSE_TYPE = "recourse_type"
    REGION = "region"
    CITY = "city"


LEGAL_ENTITY = "legal_entity"
_UNKNOWN_MONTH = "XX"

# Dimensions whose rows are in time order; the others are ordered by threats, most first.
CHRONOLOGICAL = frozenset({Dimension.YEAR, Dimension.MONTH})

_MONTH_KEYS: dict[tuple[int, int], str] = {}


def month_key(year: int, month: int) -> str:
    found = _MONTH_KEYS.get((year, month))
    if found is None:
        found = _MONTH_KEYS[(year, month)] = f"{year:04d}-{month:02d}"
    return found


def year_of(start: dt.date, precision: DatePrecision, end: dt.date | None) -> str:
    """The year of a dated event; one known only within a range of years gets that range."""
    if precision is DatePrecision.RANGE and end is not None and end.year != start.year:
        return f"{start.year}/{end.year}"
    return str(start.year)


def month_of(start: dt.date, precision: DatePrecision, end: dt.date | None) -> str:
    """The month of an event that happened once (a recourse, or an act dated imprecisely)."""
    if precision is DatePrecision.YEAR:
        return f"{start.year}-{_UNKNOWN_MONTH}"
    if precision is DatePrecision.RANGE and end is not None and (
            (end.year, end.month) != (start.year, start.month)):
        if end.year != start.year:
            return f"{start.year}/{end.year}"
        return f"{start.year}-{_UNKNOWN_MONTH}"
    return month_key(start.year, start.month)


def year_key(act: ActView) -> str:
    """The act's year: the year it happened or, if ongoing, began."""
    return year_of(act.date, act.precision, act.date_end)


def month_keys(act: ActView, until: dt.date | None = None) -> tuple[str, ...]:
    """Every month the act falls in: one for a dated act, each month an ongoing act spans
    (not past `until`, the end of the period asked for), an unknown-month key otherwise."""
    start, end, precision = act.date, act.date_end, act.precision
    if precision in (DatePrecision.YEAR, DatePrecision.RANGE):
        return (month_of(start, precision, end),)
    # Known to the day or the month: date_end, if any, is the last day of an ongoing act.
    if end is None or (end.year, end.month) == (start.year, start.month):
        return (month_key(start.year, start.month),)
    if until is not None and end > until:
        end = until
    keys: list[str] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        keys.append(month_key(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(keys)


def recourse_year(recourse: RecourseView) -> str:
    return year_of(recourse.date, recourse.precision, recourse.date_end)


def recourse_month(recourse: RecourseView) -> str:
    return month_of(recourse.date, recourse.precision, recourse.date_end)


@dataclass(frozen=True, slots=True)
class DimensionSpec:
    """How a dimension keys acts, names its rows and explains itself."""

    name: str
    title: str
    multi: bool  # may an act fall in several rows?
    rule: str
    none_label: str = "not recorded"
    overlap: str = ""  # "{n} threats ... " sentence when rows overlap (multi only)


SPECS: dict[Dimension, DimensionSpec] = {
    Dimension.YEAR: DimensionSpec(
        "year", "Year", False,
        "Year: the year the act happened or, for an ongoing act, began, so each threat counts "
        "once; an act dated only within a range of years is shown under that range "
        "(e.g. 2016/2020)."),
    Dimension.MONTH: DimensionSpec(
        "month", "Month", True,
        "Month: an ongoing act (with an end date in a later month) counts in every month from "
        "its first to its last, so month rows add up to more than the threats; an act known "
        "only to the year is shown as YYYY-XX, one known only within a range of years as "
        "YYYY/YYYY.",
        overlap="Ongoing threats spanning more than one month, counted in each month: {n} "
                "({extra} extra counts)."),
    Dimension.FIELD: DimensionSpec(
        "field", "Field of activity", True,
        "Field: a threat counts once in each of its fields of activity, so field rows add up "
        "to more than the threats when threats have several fields; the primary_field "
        "breakdown counts each threat once and adds up.",
        overlap="Threats in more than one field, counted once in each: {n} ({extra} extra "
                "counts)."),
    Dimension.PRIMARY_FIELD: DimensionSpec(
        "primary_field", "Primary field", False,
        "Primary field: each threat counts once, in the field recorded as its main one, so "
        "rows add up to the threats."),
    Dimension.SOURCE_CATEGORY: DimensionSpec(
        "source_category", "Source category", True,
        "Source category: a threat counts once in each category of its sources (a named "
        "body's category comes from its kind: state body = government agency), so rows add "
        "up to more than the threats when its sources are of several categories; alleged "
        "involvements count.",
        none_label="no source recorded",
        overlap="Threats with sources of more than one category, counted once in each: {n} "
                "({extra} extra counts)."),
    Dimension.SOURCE_BODY: DimensionSpec(
        "source_body", "Source body", True,
        "Source body: a threat counts once for each body named as its initiator, decider or "
        "executor (alleged involvements included), so rows add up to more than the threats "
        "when several bodies are named; threats whose sources are unknown or unnamed are "
        "under 'no body named'.",
        none_label="no body named",
        overlap="Threats naming more than one body, counted once for each: {n} ({extra} extra "
                "counts)."),
    Dimension.BLOCK: DimensionSpec(
        "block", "Block of threat types", False,
        "Block: the report's five blocks of threat types (criminal, criminal-executive, "
        "administrative, civil, other); each act type belongs to one block, so rows add up."),
    Dimension.ACT_TYPE: DimensionSpec(
        "act_type", "Type of threat", False,
        "Act type: each threat has one type, so rows add up."),
    Dimension.REGION: DimensionSpec(
        "region", "Region", False,
        "Region: where the act took place (the act's place, else its incident's), so rows "
        "add up; 'not recorded' holds threats without one."),
    Dimension.CITY: DimensionSpec(
        "city", "City", False,
        "City: where the act took place (the act's place, else its incident's), so rows add "
        "up; 'not recorded' holds threats without one."),
    Dimension.VICTIM_KIND: DimensionSpec(
        "victim_kind", "Kind of victim", False,
        "Victim kind: person or legal entity; legal entities are victims too and count among "
        "the persons column."),
    Dimension.GENDER: DimensionSpec(
        "gender", "Gender of the victim", False,
        "Gender: of the victim as recorded; legal entities have no gender and form their own "
        "row 'legal entity'; 'unknown' where no gender is recorded."),
    Dimension.VERIFICATION: DimensionSpec(
        "verification", "Verification status", False,
        "Verification: the act's status (reported by one source, corroborated by two, "
        "verified by the monitor, disputed)."),
}

RECOURSE_SPECS: dict[RecourseDimension, DimensionSpec] = {
    RecourseDimension.YEAR: DimensionSpec(
        "year", "Year of the recourse", False,
        "Year: the year of the recourse's own date, not of the threats it remedies; one "
        "dated only within a range of years is shown under that range (e.g. 2018/2020)."),
    RecourseDimension.MONTH: DimensionSpec(
        "month", "Month of the recourse", False,
        "Month: the month of the recourse's own date, not of the threats it remedies; "
        "YYYY-XX when only the year is known."),
    RecourseDimension.RECOURSE_TYPE: DimensionSpec(
        "recourse_type", "Type of recourse", False,
        "Recourse type: each recourse has one type (release, acquittal, claim rejected ...)."),
    RecourseDimension.REGION: DimensionSpec(
        "region", "Region", True,
        "Region: where the remedied threats took place; a recourse remedying threats in "
        "several regions counts once in each.",
        overlap="Recourses remedying threats in more than one region, counted in each: {n} "
                "({extra} extra counts)."),
    RecourseDimension.CITY: DimensionSpec(
        "city", "City", True,
        "City: where the remedied threats took place; a recourse remedying threats in "
        "several cities counts once in each.",
        overlap="Recourses remedying threats in more than one city, counted in each: {n} "
                "({extra} extra counts)."),
}


def label(dimension: str, key: Key, actors: Mapping[str, Actor], none_label: str) -> str:
    """A reader's name for a row key."""
    if key is None:
        return none_label
    if dimension == "source_body":
        actor = actors.get(key)
        return actor.name if actor is not None else key
    if dimension in ("year", "month"):
        if key.endswith(f"-{_UNKNOWN_MONTH}"):
            return f"{key[:4]}, month not known"
        if "/" in key:
            return f"{key.replace('/', '-')}, date not known more precisely"
        return key
    if key == LEGAL_ENTITY:
        return "legal entity"
    if dimension in ("region", "city"):
        return key
    return key.replace("_", " ")

