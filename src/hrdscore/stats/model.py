"""The shapes of count tables: cells, margins, overlaps, checks, filters.

See `tables` for the counting conventions."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from hrdscore.errors import HrdscoreError
from hrdscore.model import Period
from hrdscore.model.vocab import VerificationStatus

Measure = Literal["threats", "persons", "recourses"]
Unit = Literal["threats", "recourses"]

DEFAULT_THRESHOLD = 5

UNIT_RULES: dict[str, str] = {
    "threats": "Unit: a threat is one act (one victim, one type of act, one date); 'threats' "
               "counts acts.",
    "recourses": "Unit: a recourse is one positive resolution (a release, an acquittal, a "
                 "cancelled judicial act, a registered union ...); a recourse remedying several "
                 "threats is one recourse. Recourses are counted by their own date, not by the "
                 "dates of the threats they remedy.",
}
PERSONS_RULE = ("Persons: distinct victims (people and legal entities, by pseudonymous id) in "
                "each row; a victim threatened several times counts once per row, so person "
                "rows are never added up: the total counts each victim once.")
RECOURSE_COLUMNS_RULE = ("Threats and persons of a recourse row: the distinct threats its "
                         "recourses remedy and the distinct victims in whose favour they are.")


class StatsError(HrdscoreError):
    """A statistics request that cannot be answered as asked (bad dimension, period...)."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Cell(_Model):
    """One row of a one-way table, one cell of a two-way table, a margin or the total.

    Suppressed cells carry `None` counts and `suppressed: true`; their values are not in the
    object at all, so nothing that serialises a public table can leak them."""

    key: tuple[str | None, ...] = Field(description="One key per dimension; None = not recorded.")
    label: tuple[str, ...]
    threats: int | None
    persons: int | None
    recourses: int | None = None
    suppressed: bool = False
    suppression: Literal["primary", "secondary"] | None = Field(
        default=None,
        description="primary: fewer persons than the threshold; secondary: hidden so that a "
                    "primary cell cannot be worked out from the totals.")

    def value(self, measure: Measure) -> int | None:
        found: int | None = getattr(self, measure)
        return found


class Margin(_Model):
    """Totals along one dimension of a two-way table (the one-way table of that dimension)."""

    dimension: str
    cells: tuple[Cell, ...]


class Overlap(_Model):
    """Why rows count more than the items: items counted in more than one row."""

    dimension: str
    measure: Measure
    items: int | None = Field(
        description="Threats or recourses in more than one row (None for persons, where only "
                    "the extra counts are counted, or when withheld below the threshold).")
    extra: int | None = Field(description="Counts beyond one per item (None: withheld).")
    text: str


class TableCheck(_Model):
    """Do the cells add up to the total (and, in two-way tables, to the margins)?"""

    adds_up: bool | None = Field(description="Main unit; None when suppressed cells hide it.")
    persons_add_up: bool | None
    reasons: tuple[str, ...]


class Suppression(_Model):
    threshold: int
    suppressed: int = Field(description="Cells hidden, margins and total included.")
    primary: int
    secondary: int
    text: str


class Table(_Model):
    id: str = Field(description="e.g. 'year', 'year,field', 'recourses:year'.")
    title: str
    unit: Unit
    dimensions: tuple[str, ...]
    cells: tuple[Cell, ...]
    margins: tuple[Margin, ...] = Field(default=(), description="Two-way tables only.")
    total: Cell
    counted_more_than_once: int | None = Field(
        description="Items (threats or recourses) counted in more than one cell.")
    overlaps: tuple[Overlap, ...] = ()
    check: TableCheck
    rules: tuple[str, ...] = Field(description="The counting rules, as sentences.")
    suppression: Suppression | None = Field(default=None, description="Public tables only.")

    @property
    def public(self) -> bool:
        return self.suppression is not None


class StatsFilter(_Model):
    """Which acts to count. Period: an act belongs to the year it happened or began; one
    dated only within a range must lie wholly inside. Actor: acts involving it or any body
    below it. Verification: acts with one of the statuses (empty = all)."""

    period: Period | None = None
    actor: str | None = None
    verification: tuple[VerificationStatus, ...] = ()
