"""Scoring: pure functions from a catalog, an evidence snapshot and a methodology to
scorecards. No I/O happens here."""

from hrdscore.scoring.engine import INSUFFICIENT, score_actor, score_all, scored_actor_ids
from hrdscore.scoring.engine_v2 import not_scored
from hrdscore.scoring.periods import parse_period
from hrdscore.scoring.responsiveness import Responsiveness, responsiveness
from hrdscore.scoring.rules import RULES

__all__ = [
    "INSUFFICIENT",
    "RULES",
    "Responsiveness",
    "not_scored",
    "parse_period",
    "responsiveness",
    "score_actor",
    "score_all",
    "scored_actor_ids",
]
