"""hrdscore: assessable criteria from human-rights reports, evidence, and scorecards.

The names below are the library's public API; see "Use as a library" in README.md::

    from hrdscore import open_workspace, Period

    ws = open_workspace("evidence.json")
    card = ws.public_scorecard(Period.parse("2021"), "kpo")

They are loaded on first use, so that `import hrdscore.scoring` (the pure core) stays free of
the storage, web and PDF libraries that other names need.
"""

from __future__ import annotations

import importlib as _importlib
import typing as _typing

__version__ = "0.1.0"

if _typing.TYPE_CHECKING:
    from hrdscore.catalog import Catalog
    from hrdscore.errors import (
        Conflict,
        HrdscoreError,
        InvalidData,
        NotFound,
        Problem,
        StoreError,
    )
    from hrdscore.methodology import Methodology
    from hrdscore.model import (
        Actor,
        Assessment,
        Incident,
        Inquiry,
        Period,
        PeriodError,
        Recommendation,
        Reply,
        Scorecard,
        Source,
    )
    from hrdscore.records import create_record, delete_record, replace_record
    from hrdscore.scoring import Responsiveness, responsiveness, score_actor, score_all
    from hrdscore.service import Workspace, open_workspace
    from hrdscore.shipped import load_shipped
    from hrdscore.snapshot import ActorEvidence, Snapshot
    from hrdscore.stats import StatsReport, StatsRequest, incident_statistics
    from hrdscore.store import ImportResult, Store, import_file, seed

# name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Actor": "hrdscore.model",
    "ActorEvidence": "hrdscore.snapshot",
    "Assessment": "hrdscore.model",
    "Catalog": "hrdscore.catalog",
    "Conflict": "hrdscore.errors",
    "HrdscoreError": "hrdscore.errors",
    "ImportResult": "hrdscore.store",
    "Incident": "hrdscore.model",
    "Inquiry": "hrdscore.model",
    "InvalidData": "hrdscore.errors",
    "Methodology": "hrdscore.methodology",
    "NotFound": "hrdscore.errors",
    "Period": "hrdscore.model",
    "PeriodError": "hrdscore.model",
    "Problem": "hrdscore.errors",
    "Recommendation": "hrdscore.model",
    "Reply": "hrdscore.model",
    "Responsiveness": "hrdscore.scoring",
    "Scorecard": "hrdscore.model",
    "Snapshot": "hrdscore.snapshot",
    "Source": "hrdscore.model",
    "StatsReport": "hrdscore.stats",
    "StatsRequest": "hrdscore.stats",
    "Store": "hrdscore.store",
    "StoreError": "hrdscore.errors",
    "Workspace": "hrdscore.service",
    "create_record": "hrdscore.records",
    "delete_record": "hrdscore.records",
    "import_file": "hrdscore.store",
    "incident_statistics": "hrdscore.stats",
    "load_shipped": "hrdscore.shipped",
    "open_workspace": "hrdscore.service",
    "replace_record": "hrdscore.records",
    "responsiveness": "hrdscore.scoring",
    "score_actor": "hrdscore.scoring",
    "score_all": "hrdscore.scoring",
    "seed": "hrdscore.store",
}

__all__ = [
    "Actor",
    "ActorEvidence",
    "Assessment",
    "Catalog",
    "Conflict",
    "HrdscoreError",
    "ImportResult",
    "Incident",
    "Inquiry",
    "InvalidData",
    "Methodology",
    "NotFound",
    "Period",
    "PeriodError",
    "Problem",
    "Recommendation",
    "Reply",
    "Responsiveness",
    "Scorecard",
    "Snapshot",
    "Source",
    "StatsReport",
    "StatsRequest",
    "Store",
    "StoreError",
    "Workspace",
    "__version__",
    "create_record",
    "delete_record",
    "import_file",
    "incident_statistics",
    "load_shipped",
    "open_workspace",
    "replace_record",
    "responsiveness",
    "score_actor",
    "score_all",
    "seed",
]


def __getattr__(name: str) -> _typing.Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'hrdscore' has no attribute {name!r}")
    value = getattr(_importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
