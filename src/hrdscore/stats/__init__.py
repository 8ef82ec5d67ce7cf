"""Incident statistics: the report's tables from act-level data, safe to publish.

Pure: no I/O except `load_reference`, which reads the shipped reference figures. See
`tables` for the counting conventions, `suppression` for the privacy guarantee.
"""

from hrdscore.stats.build import check_table
from hrdscore.stats.dimensions import Dimension, RecourseDimension
from hrdscore.stats.model import (
    DEFAULT_THRESHOLD,
    Cell,
    Margin,
    Overlap,
    StatsError,
    StatsFilter,
    Suppression,
    Table,
    TableCheck,
)
from hrdscore.stats.public import (
    PUBLIC_THRESHOLD,
    RECOURSE_YEAR_DIMENSIONS,
    YEAR_DIMENSIONS,
    PublicQueryError,
    public_statistics,
    public_tables_for,
)
from hrdscore.stats.reference import (
    Figure,
    FigureValue,
    Measure,
    ReferenceFigures,
    load_reference,
    reference_path,
)
from hrdscore.stats.selection import select_acts
from hrdscore.stats.service import (
    ActSource,
    StatsReport,
    StatsRequest,
    incident_statistics,
    parse_dimensions,
    parse_period,
)
from hrdscore.stats.tables import recourse_table, threat_table, threat_tables
from hrdscore.stats.withhold import protect

__all__ = [
    "DEFAULT_THRESHOLD",
    "PUBLIC_THRESHOLD",
    "RECOURSE_YEAR_DIMENSIONS",
    "YEAR_DIMENSIONS",
    "ActSource",
    "Cell",
    "Dimension",
    "Figure",
    "FigureValue",
    "Margin",
    "Measure",
    "Overlap",
    "PublicQueryError",
    "RecourseDimension",
    "ReferenceFigures",
    "StatsError",
    "StatsFilter",
    "StatsReport",
    "StatsRequest",
    "Suppression",
    "Table",
    "TableCheck",
    "check_table",
    "incident_statistics",
    "load_reference",
    "parse_dimensions",
    "parse_period",
    "protect",
    "public_statistics",
    "public_tables_for",
    "recourse_table",
    "reference_path",
    "select_acts",
    "threat_table",
    "threat_tables",
]
