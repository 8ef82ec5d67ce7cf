"""The tracker as one CSV with its links, in the terms of IMPACT OSS users.

One row per record: its `record_type` (recommendation, response, responsible_body, measure,
progress_report, assessment), its id and the recommendation it belongs to (`recommendation_ref`,
IMPACT OSS's "unique reference"); a measure's body, a progress report's measure, an
assessment's criterion and actor are further links. A record with several sources takes one
more row per source: the same `record_type` and `id`, only source, locator and quote filled.
Statuses are also given on the UN Human Rights Committee's A-E follow-up grades and the OGP IRM
completion scale (derived; ignored on import). A `recommendation` row only names the
recommendation (the catalog holds it) and is ignored on import too.

Pure: rows out (`export_rows`), record dicts in (`records_from_rows`); the store validates and
writes them (`hrdscore.store.followup_import`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hrdscore.followup.status import NO_INFORMATION, hrc_grade, ogp_completion
from hrdscore.model import (
    Assessment,
    Citation,
    Measure,
    ProgressReport,
    Recommendation,
    Response,
    Responsibility,
)
from hrdscore.model.followup import IMPACT_SUPPORT_LEVEL, BodyRole
from hrdscore.snapshot import Snapshot

__all__ = ["COLUMNS", "DERIVED", "KIND_OF_TYPE", "Parsed", "export_rows", "records_from_rows"]

COLUMNS = (
    "record_type", "id", "recommendation_ref", "recommendation", "response", "support_level",
    "date", "comment", "body", "body_role", "measure", "start_date", "target_date",
    "measure_status", "measure_ref", "progress_report", "author", "author_actor", "public",
    "criterion", "actor", "assessor", "assessor_actor", "self_assessment", "as_of", "status",
    "hrc_grade", "ogp_completion", "rationale", "evidence", "review", "source", "locator",
    "quote",
)
# Columns written for a reader and rebuilt from the others on import.
DERIVED = ("recommendation", "support_level", "hrc_grade", "ogp_completion")
KIND_OF_TYPE = {"response": "responses", "responsible_body": "responsibilities",
                "measure": "measures", "progress_report": "progress_reports",
                "assessment": "assessments"}
LIST_SEP = ";"
# The record fields behind each type's columns (column -> field), citations aside.
_FIELDS: dict[str, dict[str, str]] = {
    "response": {"id": "id", "recommendation_ref": "recommendation", "actor": "actor",
                 "response": "response", "date": "date", "comment": "comment"},
    "responsible_body": {"id": "id", "recommendation_ref": "recommendation", "body": "actor",
                         "body_role": "role"},
    "measure": {"id": "id", "recommendation_ref": "recommendation", "measure": "description",
                "body": "actor", "start_date": "start_date", "target_date": "target_date",
                "measure_status": "status"},
    "progress_report": {"id": "id", "recommendation_ref": "recommendation", "date": "date",
                        "progress_report": "text", "author": "author",
                        "author_actor": "author_actor", "measure_ref": "measure",
                        "public": "public"},
    "assessment": {"id": "id", "criterion": "criterion", "actor": "actor", "as_of": "as_of",
                   "rationale": "rationale", "evidence": "evidence", "assessor": "assessor",
                   "assessor_actor": "assessor_actor", "self_assessment": "self_assessment",
                   "review": "review"},
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEP.join(str(v) for v in value)
    return str(value)


def _rows(record_type: str, raw: dict[str, Any], extra: dict[str, str],
          citations: Sequence[Citation]) -> list[dict[str, str]]:
    row = {col: _text(raw.get(name)) for col, name in _FIELDS[record_type].items()}
    row.update(extra, record_type=record_type)
    out = [row]
    for n, c in enumerate(citations):
        target = row if n == 0 else {"record_type": record_type, "id": row["id"]}
        target.update(source=c.source, locator=c.locator, quote=c.quote or "")
        if n:
            out.append(target)
    return out


def _status(a: Assessment) -> str:
    found = a.level if a.level is not None else a.missing
    return found.value if found is not None else ""


def export_rows(recommendations: Sequence[Recommendation], snapshot: Snapshot
                ) -> list[list[str]]:
    """Every follow-up record of `recommendations` (catalog order), linked, one row each."""
    owner = {c.id: r.id for r in recommendations for c in r.criteria}
    assessed = {owner[a.criterion] for a in snapshot.assessments.values()
                if a.criterion in owner}
    rows: list[dict[str, str]] = []

    def of(records: Iterable[Any], rec_id: str) -> list[Any]:
        return sorted((r for r in records if r.recommendation == rec_id), key=lambda r: r.id)

    for rec in recommendations:
        status = "" if rec.id in assessed else NO_INFORMATION
        rows.append({"record_type": "recommendation", "recommendation_ref": rec.id,
                     "recommendation": rec.text, "status": status,
                     "hrc_grade": hrc_grade(status) if status else "",
                     "ogp_completion": ogp_completion(status) if status else ""})
        response: Response
        for response in of(snapshot.responses.values(), rec.id):
            rows += _rows("response", response.model_dump(mode="json"), {
                "support_level": IMPACT_SUPPORT_LEVEL.get(response.response, "")},
                response.citations)
        body: Responsibility
        # The primary body first, as the tracker lists them.
        for body in sorted(of(snapshot.responsibilities.values(), rec.id),
                           key=lambda b: (b.role != BodyRole.PRIMARY, b.actor, b.id)):
            rows += _rows("responsible_body", body.model_dump(mode="json"), {}, body.citations)
        measure: Measure
        for measure in of(snapshot.measures.values(), rec.id):
            rows += _rows("measure", measure.model_dump(mode="json"), {}, measure.citations)
        report: ProgressReport
        for report in of(snapshot.progress_reports.values(), rec.id):
            rows += _rows("progress_report", report.model_dump(mode="json"), {},
                          report.citations)
        for a in sorted((a for a in snapshot.assessments.values() if owner.get(a.criterion)
                         == rec.id), key=lambda a: (a.as_of, a.assessor, a.id)):
            code = _status(a)
            rows += _rows("assessment", a.model_dump(mode="json"), {
                "recommendation_ref": rec.id, "status": code, "hrc_grade": hrc_grade(code),
                "ogp_completion": ogp_completion(code)}, a.citations)
    return [[row.get(col, "") for col in COLUMNS] for row in rows]


@dataclass
class Parsed:
    """Record dicts by kind, each with the line it starts on; problems as (line, field, text)."""

    records: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    problems: list[tuple[int, str | None, str]] = field(default_factory=list)


def _unquote(text: str) -> str:
    """Undo the leading quote a CSV writer puts before a cell a spreadsheet would run."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def records_from_rows(rows: Iterable[tuple[int, dict[str, str]]]) -> Parsed:
    """Rows (line number, column -> cell) as record dicts, ready for the models."""
    parsed = Parsed()
    by_id: dict[tuple[str, str], dict[str, Any]] = {}
    for line, cells in rows:
        cells = {k: _unquote(v) for k, v in cells.items() if k and v is not None and v != ""}
        record_type = cells.get("record_type", "")
        if not cells or record_type == "recommendation":
            continue
        if record_type not in KIND_OF_TYPE:
            parsed.problems.append((line, "record_type", f"unknown record type "
                                    f"{record_type!r}; expected recommendation, "
                                    f"{', '.join(KIND_OF_TYPE)}"))
            continue
        citation = {k: cells[k] for k in ("source", "locator", "quote") if k in cells}
        key = (record_type, cells.get("id", ""))
        if key in by_id and key[1] and set(cells) <= {"record_type", "id", "source", "locator",
                                                       "quote"}:
            by_id[key]["citations"].append(citation)  # another source of the record above
            continue
        raw: dict[str, Any] = {name: cells[col] for col, name in _FIELDS[record_type].items()
                               if col in cells}
        if "evidence" in raw:
            raw["evidence"] = [p.strip() for p in raw["evidence"].split(LIST_SEP) if p.strip()]
        if record_type == "assessment" and "status" in cells:
            level_or_missing = ("missing" if cells["status"] in _MISSING else "level")
            raw[level_or_missing] = cells["status"]
        raw["citations"] = [citation] if citation else []
        by_id[key] = raw
        parsed.records.setdefault(KIND_OF_TYPE[record_type], []).append((line, raw))
    return parsed


_MISSING = {"no_evidence_found", "actor_declined", "not_applicable", "not_assessed"}
