"""The headline that leads every view of a scorecard: one or two plain sentences generated
from the evidence, never a code."""

from __future__ import annotations

from hrdscore.labels import count_noun
from hrdscore.model import Adjustment, Allegation, PillarResult


def standing(total: float | None, band: str | None, pillars: list[PillarResult],
             adjustment: Adjustment | None, allegations: list[Allegation],
             insufficient: str) -> str:
    """The sentence on the overall result."""
    if total is not None and band is not None:
        text = f"Overall {band} ({total:g} of 100"
        text += f", after {adjustment.points:g} points off for acts against defenders)" \
            if adjustment else ")"
    else:
        banded = [p for p in pillars if p.band not in (None, insufficient, "not applicable")]
        short = sum(1 for p in pillars if p.band == insufficient)
        weighted = sum(1 for p in pillars if p.band != "not applicable")
        if banded:
            shown = "; ".join(f"{p.label}: {p.band} ({p.score:g} of 100)" for p in banded)
            text = f"{shown}; no total, as {short} of {weighted} pillars lack evidence"
        else:
            text = "No total: no pillar has enough evidence yet"
    alleged = sum(1 for a in allegations if a.status == "alleged")
    if alleged:
        text += (f"; {count_noun(alleged, 'alleged act')} against defenders listed, "
                 "not counted")
    return text + "."


def headline(responsiveness: str | None, standing_text: str) -> str:
    return standing_text if responsiveness is None else f"{responsiveness} {standing_text}"
