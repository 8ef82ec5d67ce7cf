"""What one evidence snapshot holds that the public never sees, worked out once per snapshot."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from hrdscore.model import Assessment, Source
from hrdscore.model.vocab import ReviewState
from hrdscore.scoring.periods import fmt_date, fmt_recourse_date
from hrdscore.snapshot.views import ActView


@dataclass(frozen=True)
class Withheld:
    """`ids`: records the public never sees (confidential incidents, their acts and recourses,
    non-public sources, draft assessments). `public_sources`: sources a citation may name.
    `mentions`: how scoring's texts describe a confidential act or recourse (type and date),
    where no public record is described the same way; `dates`: their dates as printed."""

    ids: frozenset[str] = frozenset()
    public_sources: frozenset[str] | None = None  # None: every source may be named
    mentions: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()

    def source_is_public(self, source_id: str) -> bool:
        return self.public_sources is None or source_id in self.public_sources


def withheld_of(acts: Iterable[ActView], sources: Mapping[str, Source],
                assessments: Mapping[str, Assessment]) -> Withheld:
    ids: set[str] = set()
    secret: set[str] = set()
    shown: set[str] = set()
    dates: set[str] = set()
    acts = tuple(acts)
    # Most acts are public and have no recourse: all they show is their days, a few thousand
    # distinct ones across 100,000 acts, printed once each (1.0 s -> 0.1 s at that scale).
    plain_days = {day for act in acts if not act.confidential and not act.recourses
                  for day in (act.date, act.date_end) if day is not None}
    shown_dates = _printed(plain_days)
    for act in acts:
        if not act.confidential and not act.recourses:
            continue
        # The phrases scoring writes (see scoring.rules): "claim withdrawn (27 Nov 2019)".
        mentions = {f"{r.type.value.replace('_', ' ')} ({fmt_recourse_date(r)})"
                    for r in act.recourses}
        days = {d for d in (act.date, act.date_end, *(r.date for r in act.recourses),
                            *(r.date_end for r in act.recourses)) if d is not None}
        printed = _printed(days)
        if act.confidential:
            ids.update((act.id, act.incident, *(r.id for r in act.recourses)))
            secret |= mentions
            dates |= printed
        else:
            shown |= mentions
            shown_dates |= printed
    ids.update(s.id for s in sources.values() if not s.public)
    ids.update(a.id for a in assessments.values() if a.review is not ReviewState.PUBLISHED)
    return Withheld(ids=frozenset(ids),
                    public_sources=frozenset(s.id for s in sources.values() if s.public),
                    mentions=tuple(sorted(secret - shown)),
                    dates=tuple(sorted(dates - shown_dates)))


def _printed(days: Iterable[date]) -> set[str]:
    """Days as scoring's texts print them, and as ISO dates."""
    return {fmt_date(d) for d in days} | {d.isoformat() for d in days}


def confidential_ids(acts: Iterable[tuple[str, str, bool]]) -> frozenset[str]:
    """Ids of confidential incidents and of their acts, from (act id, incident id,
    confidential) triples: every incident has at least one act."""
    hidden: set[str] = set()
    for act_id, incident_id, confidential in acts:
        if confidential:
            hidden.update((act_id, incident_id))
    return frozenset(hidden)
