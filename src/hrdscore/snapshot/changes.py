"""Which actors' scorecards a change of the evidence can move: what lets a server re-score only
those after a write, and keep everyone else's card (at 100,000 acts, scoring every actor takes
seconds; one actor, milliseconds).

A scorecard reads only its actor's own evidence (`Snapshot.evidence_for`): the actor record,
its inquiries and their replies, the acts involving it or a body below it, its assessments. So
a changed inquiry, reply, incident or assessment moves the cards of the actors it names (in the
snapshot before and after the change) and of every body above them. Sources and follow-up
records are not read by scoring (what a public card may name of a source is redaction, which
the caller compares on its own). A changed actor record can move any card (names are printed on
other actors' cards; kinds and parents change what rolls up where): then everyone is affected.
"""

from __future__ import annotations

from collections.abc import Iterable

from hrdscore.snapshot.evidence import EVIDENCE_KINDS, Snapshot
from hrdscore.snapshot.reuse import changed_ids

__all__ = ["affected_actors", "changed_records"]


def changed_records(old: Snapshot, new: Snapshot) -> dict[str, set[str]] | None:
    """Per evidence kind, the ids of records added, removed or stored differently between two
    snapshots; None when either was built without what the comparison needs."""
    before, after = old._basis, new._basis
    if before is None or after is None:
        return None
    return {kind: changed_ids(before.raw[kind], after.raw[kind])
            | (before.raw[kind].keys() - after.raw[kind].keys())
            for kind in EVIDENCE_KINDS}


def affected_actors(old: Snapshot, new: Snapshot) -> frozenset[str] | None:
    """The actors whose scorecards may differ between `old` and `new` (see the module's
    docstring); None: any of them may (an actor record changed, or it cannot be told)."""
    changed = changed_records(old, new)
    if changed is None or changed["actors"]:
        return None
    named: set[str] = set()
    for snap in (old, new):
        named.update(snap.inquiries[i].actor for i in changed["inquiries"]
                     if i in snap.inquiries)
        named.update(snap.assessments[i].actor for i in changed["assessments"]
                     if i in snap.assessments)
        for reply_id in changed["replies"]:
            reply = snap.replies.get(reply_id)
            inquiry = snap.inquiries.get(reply.inquiry) if reply is not None else None
            if inquiry is not None:
                named.add(inquiry.actor)
        basis = snap._basis
        assert basis is not None
        for incident_id in changed["incidents"]:
            for act in basis.views.get(incident_id, ()):
                named.update(act.actor_ids)
    return frozenset(_with_ancestors(new, named))


def _with_ancestors(snap: Snapshot, actor_ids: Iterable[str]) -> set[str]:
    """The actors and every body above them (a body's card counts the acts of those below)."""
    out: set[str] = set()
    for actor_id in actor_ids:
        current: str | None = actor_id
        while current is not None and current not in out:
            out.add(current)
            actor = snap.actors.get(current)
            current = actor.parent if actor is not None else None
    return out
