"""Follow-up records: what an addressee did about a recommendation after the report.

The addressee's response (supported, noted...), the bodies responsible for it, the measures
taken or planned, and progress reports. Status assessments on the implementation scale are the
`Assessment` records of methodology v2 (several named assessors, self-assessments kept apart):
one record type serves scoring and the tracker alike.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, ValidationInfo, field_validator, model_validator

from hrdscore.model.base import BoundedDate, Citation, Id, NonEmptyStr, NonEmptyText, Record

__all__ = [
    "BodyRole",
    "Measure",
    "MeasureStatus",
    "ProgressReport",
    "Response",
    "ResponseKind",
    "Responsibility",
]


class ResponseKind(StrEnum):
    """The addressee's answer to a recommendation (UPR Info and IMPACT OSS vocabulary)."""

    SUPPORTED = "supported"
    SUPPORTED_IN_PART = "supported_in_part"
    NOTED = "noted"
    REJECTED = "rejected"
    NO_RESPONSE = "no_response"


# IMPACT OSS "support level": 2 supported, 1 supported in part, 0 noted; none otherwise.
IMPACT_SUPPORT_LEVEL: dict[ResponseKind, str] = {
    ResponseKind.SUPPORTED: "2",
    ResponseKind.SUPPORTED_IN_PART: "1",
    ResponseKind.NOTED: "0",
}


class BodyRole(StrEnum):
    PRIMARY = "primary"
    SUPPORTING = "supporting"


class MeasureStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


class Response(Record):
    """The addressee's response to one recommendation, on a date, with its source."""

    id: Id
    recommendation: Id
    actor: Id = Field(description="The body that responded (e.g. the government).")
    response: ResponseKind
    date: BoundedDate | None = Field(
        default=None, description="Date of the response; empty for 'no_response'.")
    comment: NonEmptyText | None = Field(
        default=None, description="The addressee's explanation, e.g. why a recommendation is "
                                  "only noted.")
    citations: list[Citation] = Field(min_length=1)

    @model_validator(mode="after")
    def _dated(self) -> Response:
        if self.date is None and self.response is not ResponseKind.NO_RESPONSE:
            raise ValueError("date is required unless the response is no_response")
        return self


class Responsibility(Record):
    """A body responsible for carrying out a recommendation: the primary one or a supporting one."""

    id: Id
    recommendation: Id
    actor: Id
    role: BodyRole = BodyRole.PRIMARY
    citations: list[Citation] = Field(default_factory=list)


class Measure(Record):
    """An action taken or planned to carry out a recommendation."""

    id: Id
    recommendation: Id
    description: NonEmptyText
    actor: Id = Field(description="The body responsible for the measure.")
    start_date: BoundedDate | None = None
    target_date: BoundedDate | None = Field(
        default=None, description="When it is due; past it and not completed, it is overdue.")
    status: MeasureStatus = MeasureStatus.PLANNED
    citations: list[Citation] = Field(min_length=1)

    # A field validator, not a model one, so the error names target_date.
    @field_validator("target_date")
    @classmethod
    def _after_start(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start_date")
        if value is not None and start is not None and value < start:
            raise ValueError(f"target date {value} is before the start date {start}")
        return value


class ProgressReport(Record):
    """A dated account of progress on a recommendation (from the body or from a monitor)."""

    id: Id
    recommendation: Id
    date: BoundedDate
    text: NonEmptyText
    author: NonEmptyStr
    author_actor: Id | None = None
    measure: Id | None = Field(default=None, description="The measure it reports on, if one.")
    public: bool = Field(default=True, description="False: kept for the monitor, never shown "
                                                   "to the public.")
    citations: list[Citation] = Field(min_length=1)
