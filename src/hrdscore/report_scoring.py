"""Scoring against several reports: one workspace per report, each with that report's
recommendations and its own methodology, so an actor scored against two reports gets two
scorecards, each naming its report and methodology version, never one mixed card."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hrdscore.errors import ActorNotScored, NotFound
from hrdscore.model import NotScored, Period, Scorecard
from hrdscore.model.vocab import ActorKind
from hrdscore.report_methodology import load_report_methodology
from hrdscore.scoring import RULES
from hrdscore.service import Workspace

__all__ = ["ReportCards", "report_workspaces", "score_reports"]


def report_workspaces(ws: Workspace, version: str | None = None) -> list[tuple[str, Workspace]]:
    """(report id, workspace) for each loaded report, the shipped one first. With the shipped
    report alone: `ws` itself (under `version` when given)."""
    cset = ws.catalog_set
    if cset is None or len(cset.catalogs) == 1:
        return [(ws.methodology.report, ws if version is None else ws.with_methodology(version))]
    out = []
    for cat in cset.catalogs:
        methodology = load_report_methodology(cat, set(RULES), version if cat.shipped else None)
        out.append((cat.id, Workspace(catalog=ws.catalog, methodology=methodology,
                                      store=ws.store, today=ws.today, catalog_set=cset)))
    return out


@dataclass
class ReportCards:
    """The scorecards of one report under its methodology."""

    report: str
    title: str
    methodology_version: str
    cards: list[Scorecard]
    not_scored: list[NotScored]

    def card_json(self, card: Scorecard) -> dict[str, Any]:
        return {"report": self.report, **card.model_dump(mode="json")}

    def as_json(self) -> dict[str, Any]:
        return {"report": self.report, "report_title": self.title,
                "methodology_version": self.methodology_version,
                "scorecards": [self.card_json(c) for c in self.cards],
                "not_scored": [n.model_dump(mode="json") for n in self.not_scored]}


def score_reports(pairs: list[tuple[str, Workspace]], period: Period, *,
                  actor_id: str | None = None, kind: ActorKind | None = None
                  ) -> list[ReportCards]:
    """Each report's scorecards for the period (one actor's, or every actor's of a kind). An
    actor a report does not score is listed under that report's not scored, with why."""
    out = []
    for report_id, ws in pairs:
        title = next((r.title.strip() for r in ws.catalog.reports if r.id == report_id),
                     report_id)
        skipped = [n for n in ws.not_scored() if kind is None or n.actor_kind is kind]
        if actor_id is None:
            cards = ws.internal_scorecards(period, kind)
        else:
            try:
                cards = [ws.internal_scorecard(period, actor_id)]
            except ActorNotScored:
                cards = []
            except NotFound:
                if all(n.actor != actor_id for n in skipped):
                    raise
                cards = []
            skipped = [n for n in skipped if n.actor == actor_id]
        out.append(ReportCards(report_id, title, ws.methodology.version, cards, skipped))
    return out
