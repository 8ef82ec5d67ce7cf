"""The public projection of a produced scorecard (scoring itself is left as it is).

Ids of withheld records are replaced by `confidential` wherever the card cites evidence
(criteria, red flags, the adjustment). Texts are scrubbed: a confidential recourse that
scoring describes ("claim withdrawn (27 Nov 2019)") becomes "a remedy in a confidential
incident (details withheld)"; and as a safety net, should any text still print a date of a
confidential act or recourse (a wording scoring may adopt later), the whole text is replaced
by a sentence saying its details are withheld. Scores, levels and counts stay: the public
sees that such evidence counted, not which record it is.
"""

from __future__ import annotations

from typing import Any

from hrdscore.model import Scorecard
from hrdscore.privacy.records import mask
from hrdscore.privacy.withheld import Withheld

REMEDY_WITHHELD = "a remedy in a confidential incident (details withheld)"
TEXT_WITHHELD = ("Details withheld: this finding rests in part on records of a confidential "
                 "incident.")


def public_text(text: str, withheld: Withheld) -> str:
    for mention in withheld.mentions:
        text = text.replace(mention, REMEDY_WITHHELD)
    if any(d in text for d in withheld.dates):
        return TEXT_WITHHELD
    return text


def public_scorecard(card: Scorecard, withheld: Withheld | frozenset[str]) -> Scorecard:
    """The scorecard as the public may see it (see the module docstring)."""
    if not isinstance(withheld, Withheld):
        withheld = Withheld(ids=withheld)
    if not withheld.ids and not withheld.mentions and not withheld.dates:
        return card
    raw = card.model_dump(mode="json")

    def shown(part: dict[str, Any], ids: str) -> None:
        part[ids] = mask(part[ids], withheld)
        part["text"] = public_text(part["text"], withheld)

    for rec in raw["recommendations"]:
        for crit in rec["criteria"]:
            shown(crit["explanation"], "evidence")
    for flag in raw["red_flags"]:
        shown(flag, "evidence")
    if raw.get("adjustment"):
        shown(raw["adjustment"], "acts")
    if raw.get("total_reason"):
        raw["total_reason"] = public_text(raw["total_reason"], withheld)
    public = Scorecard.model_validate(raw)
    return card if public == card else public
