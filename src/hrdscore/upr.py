"""Recommendations of UN mechanisms (the Universal Periodic Review, treaty bodies, special
procedures) from the column layout of the UN Universal Human Rights Index and UPR Info exports,
into a catalog of their own, with the State's response to each (supported, noted...) as
follow-up records, so they are tracked beside a report's own recommendations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from hrdscore.datafiles import error_location
from hrdscore.errors import InvalidData, Problem
from hrdscore.model import Recommendation
from hrdscore.model.followup import Response, ResponseKind
from hrdscore.model.vocab import Scale
from hrdscore.recommendation_sheet import DEFAULT_LEVELS, read_sheet, row_value
from hrdscore.report_files import write_files

__all__ = ["UprImport", "read_upr"]

# Each field and the column names the two exports (and hand-made copies) use for it.
COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("recommendation", "text", "recommendation_text", "annotation"),
    "body": ("recommending_state", "recommending_body", "recommending_state_or_body", "body",
             "state", "mechanism", "from"),
    "cycle": ("cycle", "upr_cycle", "session", "year"),
    "themes": ("issues", "themes", "theme", "issue", "affected_persons_themes"),
    "response": ("response", "position", "state_position", "status", "support"),
    "date": ("response_date", "date", "date_of_response"),
    "document": ("document", "symbol", "document_symbol", "source"),
}
RESPONSES = {"supported": ResponseKind.SUPPORTED, "accepted": ResponseKind.SUPPORTED,
             "supported_in_part": ResponseKind.SUPPORTED_IN_PART,
             "partially_supported": ResponseKind.SUPPORTED_IN_PART,
             "noted": ResponseKind.NOTED, "not_supported": ResponseKind.NOTED,
             "rejected": ResponseKind.REJECTED, "no_response": ResponseKind.NO_RESPONSE,
             "pending": ResponseKind.NO_RESPONSE, "": ResponseKind.NO_RESPONSE}


@dataclass
class UprImport:
    """What a UN export turns into: the recommendations and the responses."""

    recommendations: list[dict[str, Any]]
    responses: list[Response]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _find(header: list[str], field: str) -> str | None:
    return next((c for c in COLUMNS[field] if c in header), None)


def read_upr(path: Path, *, report_id: str, source: str, actor: str,
             responded_on: date | None) -> UprImport:
    """Every row of the export as a recommendation to the government and, when the row has a
    response, the State's response; `InvalidData` names each bad line and column."""
    sheet = read_sheet(path, "recommendations")
    header = sheet.header or []
    columns = {f: _find(header, f) for f in COLUMNS}
    problems = list(sheet.problems)
    for needed in ("text", "body"):
        if columns[needed] is None:
            problems.append(Problem(path.name, f"no column for the {needed}; expected one of "
                                    f"{', '.join(COLUMNS[needed])}"))
    if problems:
        raise InvalidData(problems)
    recs: list[dict[str, Any]] = []
    responses: list[Response] = []
    for n, (line, row) in enumerate(sheet.rows, 1):
        where = sheet.where(line)

        def cell(field: str, row: dict[str, str | None] = row) -> str:
            column = columns[field]
            return row_value(row, column) if column else ""

        rec_id = f"{report_id}-gov-{n:03d}"
        body, cycle = cell("body"), cell("cycle")
        locator = ", ".join(x for x in (f"cycle {cycle}" if cycle else "", cell("document"),
                                        f"recommendation by {body}") if x)
        record = {
            "id": rec_id, "report": report_id, "addressee": "government",
            "addressee_as_printed": f"Recommended by {body}" + (f" ({cycle})" if cycle else ""),
            "number": n, "text": cell("text"),
            "citation": {"source": source, "locator": locator},
            "themes": [_slug(t) for t in re.split(r"[;,\n]", cell("themes")) if _slug(t)],
            "criteria": [{"id": f"{rec_id}.c1", "kind": "outcome", "pillar": "protection",
                          "statement": "The State has carried out the recommendation.",
                          "assessed_by": {"method": "judgement", "scale": "implementation",
                                          "guidance": DEFAULT_LEVELS[Scale.IMPLEMENTATION]}}],
        }
        if not body:
            problems.append(Problem(path.name, "required, but empty", where,
                                    columns["body"]))
        try:
            Recommendation.model_validate(record)
        except ValidationError as exc:
            problems += [Problem(path.name, e["msg"], where, columns["text"]
                                 if error_location(e["loc"]) == "text"
                                 else error_location(e["loc"]))
                         for e in exc.errors(include_url=False)]
            continue
        recs.append(record)
        answer = _slug(cell("response"))
        kind = RESPONSES.get(answer)
        if kind is None:
            problems.append(Problem(path.name, f"{cell('response')!r} is not a response; "
                                    "expected Supported, Supported in part, Noted, Rejected "
                                    "or empty", where, columns["response"]))
            continue
        when = _row_date(cell("date"), responded_on)
        if kind is not ResponseKind.NO_RESPONSE and when is None:
            problems.append(Problem(path.name, "the response has no date: add a response "
                                    "date column or give --responded-on", where,
                                    columns["date"] or "date"))
            continue
        try:
            responses.append(Response(
                id=f"resp-{rec_id}", recommendation=rec_id, actor=actor, response=kind,
                date=None if kind is ResponseKind.NO_RESPONSE else when,
                citations=[{"source": source, "locator": locator}]))
        except ValidationError as exc:
            problems += [Problem(path.name, e["msg"], where, error_location(e["loc"]))
                         for e in exc.errors(include_url=False)]
    if not sheet.rows:
        problems.append(Problem(path.name, "no rows below the header"))
    if problems:
        raise InvalidData(problems)
    return UprImport(recs, responses)


def _row_date(text: str, default: date | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


def write_upr_catalog(directory: Path, result: UprImport, report_id: str) -> None:
    """The government recommendations file, and the responses in evidence/ for import."""
    header = f"# Recommendations of UN mechanisms ({report_id}), from `hrdscore import-upr`.\n"
    write_files(directory, {"government.yaml": header + yaml.safe_dump(
        {"kind": "recommendations", "records": result.recommendations},
        allow_unicode=True, sort_keys=False, width=96)})
    write_files(directory / "evidence", {"responses.yaml": yaml.safe_dump(
        {"kind": "responses", "records": [r.model_dump(mode="json", exclude_none=True)
                                          for r in result.responses]},
        allow_unicode=True, sort_keys=False, width=96)})
