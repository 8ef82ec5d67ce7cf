"""A newer view's scorecards, made from the older view's: after a write, only the actors the
change can affect are scored again (`hrdscore.snapshot.changes`); everyone else's public card
is carried over, naming the newer snapshot. A write of one inquiry at 100,000 acts then costs
the server milliseconds of scoring instead of seconds per period kept.

Whatever could move a card that the evidence comparison does not see makes everyone's cards be
scored again: a change in what the public may not see (a new confidential act can make a phrase
on another actor's card be withheld), another day (requests' deadlines), another methodology.

One difference from scoring everyone, on the safe side and by design: the redaction masks any
token equal to a withheld id. Act ids are unique only within their incident, so a new
confidential act may share its id with another actor's public act; a card scored again would
mask that token, a carried card still shows it, and it names that actor's own public act,
never the confidential one (and the other way round, a carried card stays masked).
"""

from __future__ import annotations

from hrdscore.api.cards import PublicCards, carried_over, public_cards_of
from hrdscore.api.snapshot_view import SnapshotView
from hrdscore.model import Period
from hrdscore.snapshot.changes import affected_actors

__all__ = ["cards_after"]


def cards_after(old: SnapshotView, new: SnapshotView, period: Period) -> PublicCards | None:
    """The period's public cards in `new`, from those `old` keeps; None when `old` keeps none
    or the change may reach every card (then the caller scores everyone)."""
    kept: PublicCards | None = old.get("cards", period.label)
    if kept is None or _redaction_moved(old, new) or not _same_scoring(old, new):
        return None
    affected = affected_actors(old.snapshot, new.snapshot)
    if affected is None:
        return None
    before, after = old.replies(period), new.replies(period)
    moved_replies = {a for a in before.keys() | after.keys() if before.get(a) != after.get(a)}
    # Whether an actor is scored depends on its own record and evidence only (e.g. whether
    # it was ever sent a request), so only the affected ones are looked at again.
    order = sorted((kept.by_actor.keys() - affected)
                   | set(new.workspace.scored_ids(among=affected)))
    again = {a for a in order if a in affected or a in moved_replies}
    fresh = public_cards_of(new.workspace.score_period(period, only=again), new.withheld,
                            new.snapshot.hash, after)
    return carried_over(kept, fresh, order)


def _redaction_moved(old: SnapshotView, new: SnapshotView) -> bool:
    """Whether what is withheld from the public changed beyond the changed records' own ids
    (those belong to actors `affected_actors` names): sources that may be named, and the
    phrases and dates that are withheld wherever they are printed."""
    a, b = old.withheld, new.withheld
    return (a.public_sources != b.public_sources or a.mentions != b.mentions
            or a.dates != b.dates)


def _same_scoring(old: SnapshotView, new: SnapshotView) -> bool:
    ws, other = old.workspace, new.workspace
    return (ws.today == other.today and ws.methodology is other.methodology
            and ws.catalog is other.catalog)
