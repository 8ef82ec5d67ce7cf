"""The frozen evidence snapshot: plain immutable types that the store fills and that scoring,
statistics and renderers read.

Nothing here touches storage. The store builds a `Snapshot` from its tables
(`Snapshot.from_tables`); scoring and statistics read it without knowing where it came from,
which is why `import hrdscore.scoring` loads no database library.
"""

from hrdscore.snapshot.evidence import (
    EVIDENCE_KINDS,
    FOLLOWUP_KINDS,
    MODELS,
    ActorEvidence,
    Snapshot,
    evidence_hash,
)
from hrdscore.snapshot.views import (
    ActView,
    InvolvementView,
    LazyModels,
    RecourseView,
    act_views,
)

__all__ = [
    "EVIDENCE_KINDS",
    "FOLLOWUP_KINDS",
    "MODELS",
    "ActView",
    "ActorEvidence",
    "InvolvementView",
    "LazyModels",
    "RecourseView",
    "Snapshot",
    "act_views",
    "evidence_hash",
]
