"""The report's own published figures, as a reference dataset.

Where no act-level data exists (the report publishes none), a publication can still chart what
the report printed: threats by year, by field, by source, by type, persons, recourses. Each
figure cites the passage it comes from, verbatim, and states where the report disagrees with
itself; nothing is corrected. The file ships in `scorecards/reference/`.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from hrdscore.errors import InvalidData, Problem
from hrdscore.model import Citation, Id, Period
from hrdscore.paths import scorecards_dir

REFERENCE_FILE = Path("reference") / "kk2021-published-figures.yaml"


class Measure(StrEnum):
    """What a published number counts, in the report's units."""

    THREATS = "threats"
    PERSONS = "persons"  # distinct persons (legal entities included, as the report counts)
    SOURCES = "sources"  # the report's "sources of threats" (516 in all)
    RECOURSES = "recourses"
    TYPES = "types"  # kinds of threat or recourse, not threats
    PLACES = "places"  # cities and regions
    MENTIONS = "mentions"  # "times" a company is found in the monitoring


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FigureValue(_Model):
    key: str = Field(description="hrdscore's code where one exists (field, act type, actor id).")
    label: str | None = Field(default=None, description="The report's wording, if different.")
    group: str | None = Field(default=None, description="e.g. the block of an act type.")
    counts: dict[Measure, int] = Field(min_length=1)
    note: str | None = None

    @property
    def display(self) -> str:
        return self.label or self.key.replace("_", " ")


class Figure(_Model):
    id: Id
    title: str
    period: Period
    dimension: str | None = Field(default=None, description="Breakdown; None for headlines.")
    measures: list[Measure] = Field(min_length=1)
    values: list[FigureValue] = Field(min_length=1)
    complete: bool = Field(
        default=False,
        description="True when the values cover every category, so they should add up to the "
                    "total; False for a selection (e.g. the eight leading fields).")
    total: dict[Measure, int] = Field(
        default_factory=dict, description="The whole the values are part of, as published.")
    citations: list[Citation] = Field(min_length=1)
    discrepancies: list[str] = Field(
        default_factory=list, description="Where the report disagrees with itself.")

    @model_validator(mode="after")
    def _consistent(self) -> Figure:
        problems: list[str] = []
        keys = [v.key for v in self.values]
        if len(set(keys)) != len(keys):
            problems.append("duplicate value keys")
        for value in self.values:
            extra = set(value.counts) - set(self.measures)
            if extra:
                problems.append(f"value {value.key!r} counts {sorted(extra)} not in measures")
        problems += [f"citation {c.locator!r} has no quote" for c in self.citations
                     if not c.quote]
        # A complete breakdown must add up to its total, a selection must not exceed it;
        # otherwise the figure must say why (the report's own inconsistency).
        for measure, whole in self.total.items():
            part = self.sum(measure)
            if part is None:
                continue
            off = part != whole if self.complete else part > whole
            if off and not self.discrepancies:
                problems.append(f"{measure.value} add up to {part}, not {whole}: record the "
                                "discrepancy")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def sum(self, measure: Measure) -> int | None:
        """The sum of the values' counts of a measure; None unless every value has one."""
        counts = [v.counts.get(measure) for v in self.values]
        if any(c is None for c in counts):
            return None
        return sum(c for c in counts if c is not None)

    def adds_up(self, measure: Measure) -> bool | None:
        """Do the values add up to the published total? None when it cannot be told."""
        whole, part = self.total.get(measure), self.sum(measure)
        if whole is None or part is None or not self.complete:
            return None
        return whole == part


class ReferenceFigures(_Model):
    kind: Literal["reference_figures"]
    report: Id
    source: Id
    title: str
    notes: list[str] = Field(default_factory=list)
    figures: list[Figure] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> ReferenceFigures:
        ids = [f.id for f in self.figures]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate figure ids: {', '.join(dupes)}")
        return self

    def figure(self, figure_id: str) -> Figure:
        for fig in self.figures:
            if fig.id == figure_id:
                return fig
        raise KeyError(figure_id)


def reference_path() -> Path:
    return scorecards_dir() / REFERENCE_FILE


def load_reference(path: Path | None = None) -> ReferenceFigures:
    """The report's published figures from the shipped file (or `path`)."""
    path = path or reference_path()
    text = path.read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidData([Problem(str(path), f"not valid YAML: {exc}")]) from None
    try:
        return ReferenceFigures.model_validate(raw)
    except ValidationError as exc:
        raise InvalidData([
            Problem(str(path), err["msg"], field=".".join(str(p) for p in err["loc"]) or None)
            for err in exc.errors()
        ]) from None
