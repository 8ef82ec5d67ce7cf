"""What the server keeps of a scored period: each actor's public scorecard as the JSON it
sends, and a ranking of headline-only cards.

Scoring everyone at 100,000 acts makes ~55 MiB of models per period; the public JSON of the
same cards is ~24 MiB, 5 MiB compressed. A period kept as compressed JSON (unpacked for the
actors readers ask for, parsed back for the one a page or a CSV needs) lets a few periods
stay in memory beside the snapshot.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any

import orjson

from hrdscore.model import Scorecard
from hrdscore.privacy import Withheld, public_scorecard
from hrdscore.render.tabular import SCORECARD_COLUMNS, scorecard_rows, to_csv
from hrdscore.replies import ActorReply
from hrdscore.reply_publish import with_reply

__all__ = ["PublicCard", "PublicCards", "carried_over", "public_card_of", "public_cards_of",
           "ranking_key"]

REPLY_KEY = "right_of_reply"  # what `with_reply` adds to a card's JSON


@dataclass(frozen=True)
class PublicCard:
    """One actor's public scorecard (redacted for the public) as the JSON sent: compressed
    while it waits in a period's cards (a fifth of the size), plain once asked for."""

    actor: str
    data: bytes
    packed: bool = True
    # (hash in `data`, hash of the snapshot now): a card carried over to a newer snapshot
    # whose changes do not reach it (see `carried_over`) names the newer one.
    restamp: tuple[str, str] | None = None

    @property
    def json(self) -> bytes:
        plain = zlib.decompress(self.data) if self.packed else self.data
        if self.restamp is None:
            return plain
        # The card's own field is the first `"snapshot_hash"` in its JSON (fields before it
        # are plain strings, in which a quote is escaped, so the pattern cannot occur there).
        was, now = (_hash_field(h) for h in self.restamp)
        assert plain.find(was) == plain.find(_HASH_KEY), "a carried card lost its hash field"
        return plain.replace(was, now, 1)

    def unpacked(self) -> PublicCard:
        """The same card with its JSON plain: what a reader's request is served from."""
        return PublicCard(self.actor, self.json, packed=False) if self.packed or \
            self.restamp else self

    def stamped(self, was: str, now: str) -> PublicCard:
        """This card as part of the snapshot `now` (`was`: the one it was carried from)."""
        first = self.restamp[0] if self.restamp is not None else was
        return PublicCard(self.actor, self.data, self.packed,
                          None if first == now else (first, now))

    @property
    def card(self) -> Scorecard:
        """The scorecard, parsed again from the JSON (not kept: a page is rendered once)."""
        data: dict[str, Any] = orjson.loads(self.json)
        data.pop(REPLY_KEY, None)
        return Scorecard.model_validate(data)

    @property
    def csv(self) -> bytes:
        """The long-format CSV (parsed again each time: asked for far less than the JSON)."""
        return to_csv(SCORECARD_COLUMNS, scorecard_rows([self.card])).encode("utf-8")


@dataclass(frozen=True)
class PublicCards:
    """Every actor's public scorecard for one period, and the ranking.

    `ranked` holds headline-only cards: actor, names, kind, total, band, headline, pillars
    and red flags, without recommendations, allegations or requests (what a ranking and a
    list of scorecards show); the full card is `by_actor[actor].card`."""

    snapshot_hash: str
    by_actor: dict[str, PublicCard]
    ranked: list[Scorecard]
    # The ranking's rows as the API lists them, per actor kind asked for (None: every kind),
    # worked out on first request: a page is then a slice, not 2,000 summaries rebuilt.
    summaries: dict[Any, list[dict[str, Any]]] = field(default_factory=dict, compare=False,
                                                        repr=False)


def ranking_key(card: Scorecard) -> tuple[bool, float, str]:
    """Highest total first; insufficient evidence last; ties by actor id."""
    return (card.total is None, -(card.total or 0.0), card.actor)


def public_card_of(shown: Scorecard, reply: ActorReply | None) -> PublicCard:
    """A public scorecard (already through `public_scorecard`) with its right of reply."""
    # Level 1: 24 MiB of a period's JSON at 100,000 acts become 5 MiB in 0.7 s.
    return PublicCard(shown.actor, zlib.compress(orjson.dumps(with_reply(shown, reply)), 1))


def public_cards_of(cards: list[Scorecard], withheld: Withheld, snapshot_hash: str,
                    replies: dict[str, ActorReply]) -> PublicCards:
    """A period's internal cards made public: JSON per actor and the headline ranking.
    `cards` is emptied: the models go before the ranking is made, so the few objects kept
    for it land in pages of their own instead of keeping the models' pages in memory (made
    from the models themselves, they held ~45 MiB per period at 100,000 acts)."""
    by_actor: dict[str, PublicCard] = {}
    for card in cards:
        by_actor[card.actor] = public_card_of(public_scorecard(card, withheld),
                                              replies.get(card.actor))
    cards.clear()
    heads = [_head(public.json) for public in by_actor.values()]
    return PublicCards(snapshot_hash, by_actor, sorted(heads, key=ranking_key))


def carried_over(kept: PublicCards, fresh: PublicCards, order: list[str]) -> PublicCards:
    """A period's cards for a newer snapshot (`fresh.snapshot_hash`), in `order` (every actor
    scored now): the cards in `fresh` (the actors a change may affect, scored again), the
    others carried over from `kept`, naming the newer snapshot."""
    was, now = kept.snapshot_hash, fresh.snapshot_hash
    heads = {head.actor: head for head in kept.ranked}
    heads.update((head.actor, head) for head in fresh.ranked)
    by_actor: dict[str, PublicCard] = {}
    ranked: list[Scorecard] = []
    for actor in order:
        found = fresh.by_actor.get(actor)
        head = heads[actor]
        if found is None:
            found = kept.by_actor[actor].stamped(was, now)
            head = head.model_copy(update={"snapshot_hash": now})
        by_actor[actor] = found
        ranked.append(head)
    return PublicCards(now, by_actor, sorted(ranked, key=ranking_key))


_HASH_KEY = b'"snapshot_hash":'


def _hash_field(snapshot_hash: str) -> bytes:
    return _HASH_KEY + orjson.dumps(snapshot_hash)


def _head(encoded: bytes) -> Scorecard:
    """A headline-only card from a public card's JSON (see `PublicCards`)."""
    data: dict[str, Any] = orjson.loads(encoded)
    data.pop(REPLY_KEY, None)
    data.update(recommendations=[], allegations=[], requests=[])
    for flag in data.get("red_flags", ()):
        flag["evidence"] = []  # a ranking counts red flags; the card lists what they rest on
    if data.get("adjustment"):
        data["adjustment"]["acts"] = []
    return Scorecard.model_validate(data)
