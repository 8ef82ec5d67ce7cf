"""The timeline of one recommendation: everything recorded about its follow-up, in date order,
each entry with its source.

The caller decides what a reader may see: `show_report` drops a progress report (None) and
`cite` projects a citation, so the public API passes its privacy projection and the CLI shows
everything recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from hrdscore.followup.status import status_label
from hrdscore.model import Citation, ProgressReport, Recommendation
from hrdscore.model.vocab import ReviewState
from hrdscore.snapshot import Snapshot

__all__ = ["Entry", "timeline"]

# Entries of one day: the response first, then what was done, then what was said about it.
_KIND_ORDER = {"response": 0, "measure_started": 1, "measure_due": 2, "progress_report": 3,
               "assessment": 4}


@dataclass(frozen=True, slots=True)
class Entry:
    on: date | None
    kind: str  # response, measure_started, measure_due, progress_report, assessment
    record: str
    text: str
    by: str | None = None
    status: str | None = None
    citations: tuple[Citation, ...] = ()


def _same(citation: Citation) -> Citation:
    return citation


def _shown(report: ProgressReport) -> ProgressReport | None:
    return report


def timeline(rec: Recommendation, snapshot: Snapshot, *,
             show_report: Callable[[ProgressReport], ProgressReport | None] = _shown,
             cite: Callable[[Citation], Citation] = _same,
             include_drafts: bool = False) -> list[Entry]:
    """Entries about `rec`, oldest first; undated ones (a response never given) first."""
    def cites(citations: list[Citation]) -> tuple[Citation, ...]:
        return tuple(cite(c) for c in citations)

    entries: list[Entry] = []
    def name(actor_id: str) -> str:
        actor = snapshot.actors.get(actor_id)
        return actor.name if actor is not None else actor_id

    for r in snapshot.responses.values():
        if r.recommendation == rec.id:
            text = status_label(r.response.value) + (f": {r.comment}" if r.comment else "")
            entries.append(Entry(r.date, "response", r.id, text, name(r.actor),
                                 r.response.value, cites(r.citations)))
    for m in snapshot.measures.values():
        if m.recommendation != rec.id:
            continue
        by = name(m.actor)
        if m.start_date is not None:
            entries.append(Entry(m.start_date, "measure_started", m.id, m.description, by,
                                 m.status.value, cites(m.citations)))
        if m.target_date is not None:
            entries.append(Entry(m.target_date, "measure_due", m.id,
                                 f"Target date of: {m.description}", by, m.status.value,
                                 cites(m.citations)))
    for p in snapshot.progress_reports.values():
        if p.recommendation != rec.id or (shown := show_report(p)) is None:
            continue
        entries.append(Entry(shown.date, "progress_report", shown.id, shown.text, shown.author,
                             None, cites(shown.citations)))
    criteria = {c.id for c in rec.criteria}
    for a in snapshot.assessments.values():
        if a.criterion not in criteria or (
                not include_drafts and a.review is not ReviewState.PUBLISHED):
            continue
        code = a.level.value if a.level is not None else (a.missing.value if a.missing else "")
        who = a.assessor + (" (self-assessment)" if a.self_assessment else "")
        entries.append(Entry(a.as_of, "assessment", a.id, a.rationale, who, code,
                             cites(a.citations)))
    return sorted(entries, key=lambda e: (e.on or date.min, _KIND_ORDER[e.kind], e.record))
