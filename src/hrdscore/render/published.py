"""The tables of a publication, for spreadsheets: code columns for machines with a label
column beside each (the words the PDFs print, from `hrdscore.labels`), shares as percentages
with the unit in the header, and a one-row-per-actor summary.

The CLI and API keep their long CSV (`hrdscore.render.tabular`); these are what `publish`
writes, as CSV (through `tabular.to_csv`, so formula-safe) and as an XLSX workbook."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from hrdscore.labels import label, pct_number, plain_words
from hrdscore.model import Scorecard
from hrdscore.scoring import Responsiveness

SCORECARDS = [
    "actor", "actor_name", "actor_kind", "actor_kind_label", "period", "recommendation",
    "criterion", "criterion_statement", "pillar", "pillar_label", "weight", "level",
    "level_label", "missing", "missing_label", "points", "basis", "evidence_ids", "explanation",
    "actor_total", "actor_band", "actor_coverage_pct", "methodology_version", "snapshot_hash",
]
RESPONSIVENESS = [
    "inquiry", "actor", "actor_name", "reference", "sent_on", "sent_year", "replied_on",
    "days_to_reply", "counted_from", "counted_from_label", "on_time", "timeliness",
    "timeliness_label", "substance", "substance_label", "follow_ups", "explanation",
]
SUMMARY = [
    "actor", "actor_name", "actor_kind", "actor_kind_label", "period", "total", "band",
    "coverage_pct", "headline", "red_flags", "allegations", "requests", "requests_answered",
    "criteria", "criteria_assessed", "methodology_version",
]


def _blank(value: Any) -> Any:
    return "" if value is None else value


def scorecard_rows(cards: Iterable[Scorecard]) -> list[list[Any]]:
    rows = []
    for card in cards:
        pillars = {p.pillar: p.label for p in card.pillars}
        for rec in card.recommendations:
            for c in rec.criteria:
                rows.append([
                    card.actor, card.actor_name, card.actor_kind.value,
                    label("kind", card.actor_kind), card.period, c.recommendation,
                    c.criterion, c.statement, c.pillar,
                    pillars.get(c.pillar) or label("pillar", c.pillar), c.weight,
                    c.level.value if c.level else "", label("level", c.level) if c.level else "",
                    c.missing.value if c.missing else "",
                    label("missing", c.missing) if c.missing else "", _blank(c.points),
                    c.explanation.basis, ";".join(c.explanation.evidence),
                    plain_words(c.explanation.text), _blank(card.total), _blank(card.band),
                    pct_number(card.coverage), card.methodology_version, card.snapshot_hash,
                ])
    return rows


def responsiveness_rows(report: Responsiveness) -> list[list[Any]]:
    return [[
        r.inquiry, r.actor, r.actor_name, _blank(r.reference), _blank(r.sent_on),
        _blank(r.sent_year), _blank(r.replied_on), _blank(r.days_to_reply),
        _blank(r.counted_from), label("counted_from", r.counted_from) if r.counted_from else "",
        "" if r.on_time is None else str(r.on_time).lower(), r.timeliness,
        label("timeliness", r.timeliness), r.substance.value, label("reply", r.substance),
        ";".join(r.follow_ups), r.explanation,
    ] for r in report.rows]


def summary_rows(cards: Sequence[Scorecard]) -> list[list[Any]]:
    """One row per scored actor."""
    rows = []
    for card in cards:
        criteria = [c for r in card.recommendations for c in r.criteria]
        rows.append([
            card.actor, card.actor_name, card.actor_kind.value, label("kind", card.actor_kind),
            card.period, _blank(card.total), card.band or _blank(card.total_reason),
            pct_number(card.coverage), _blank(card.headline), len(card.red_flags),
            len(card.allegations), len(card.requests),
            sum(1 for r in card.requests if r.replied_on is not None), len(criteria),
            sum(1 for c in criteria if c.level is not None), card.methodology_version,
        ])
    return rows
