"""The public projection of a produced scorecard (scoring itself is left as it is).

Ids of withheld records are replaced by `confidential` wherever the card holds them (evidence
of criteria, red flags, the adjustment, allegations, or an id inside a sentence). Texts are
scrubbed: a confidential recourse that scoring describes ("claim withdrawn (27 Nov 2019)")
becomes "a remedy in a confidential incident (details withheld)"; and should any text still
print a date of a confidential act or recourse, the whole text is replaced by a sentence
saying its details are withheld. Scores, levels and counts stay: the public sees that such
evidence counted, not which record it is.
"""

from __future__ import annotations

import re
from typing import Any

from hrdscore.model import Scorecard
from hrdscore.model.vocab import CONFIDENTIAL
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
    """The scorecard as the public may see it (see the module docstring).

    Every string of the card goes through the same rule, whatever field holds it: a field
    added to scorecards later (as allegations, headlines and requests were) is covered the
    day it is added, with no line here to forget."""
    if not isinstance(withheld, Withheld):
        withheld = Withheld(ids=withheld)
    if not withheld.ids and not withheld.mentions and not withheld.dates:
        return card
    public = Scorecard.model_validate(_scrub(card.model_dump(mode="json"), withheld))
    return card if public == card else public


# Ids are written as one token of letters, digits and - _ . : (e.g. "a-secret-2019-1").
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")


def _masked(token: str, withheld: Withheld) -> str:
    """A withheld id as `confidential`; a sentence's full stop after it is kept."""
    core = token.rstrip(".:-_")
    return CONFIDENTIAL + token[len(core):] if core in withheld.ids else token


def _scrub(value: Any, withheld: Withheld) -> Any:
    if isinstance(value, str):
        return _TOKEN.sub(lambda m: _masked(m.group(), withheld), public_text(value, withheld))
    if isinstance(value, list):
        return [_scrub(v, withheld) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, withheld) for k, v in value.items()}
    return value
