"""The tracker, a timeline and the due list as plain data: JSON-ready dicts and table rows.

Codes stay in the JSON (they are the exchange contract) beside the words a reader sees; the
table shows words only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from hrdscore.followup.due import DueItem
from hrdscore.followup.matrix import Matrix, Row
from hrdscore.followup.status import NO_INFORMATION, Cell, hrc_grade, ogp_completion, status_label
from hrdscore.followup.timeline import Entry
from hrdscore.model import Citation
from hrdscore.model.catalog import Recommendation

__all__ = ["due_json", "due_rows", "matrix_json", "matrix_rows", "reader_name",
           "timeline_json", "timeline_rows"]

Cite = Callable[[Citation], Citation]


def _same(citation: Citation) -> Citation:
    return citation


def _cites(citations: Sequence[Citation], cite: Cite) -> list[dict[str, Any]]:
    shown: list[dict[str, Any]] = []
    for c in citations:
        dumped = cite(c).model_dump(mode="json", exclude_none=True)
        if dumped not in shown:
            shown.append(dumped)
    return shown


def _cell_json(cell: Cell, cite: Cite) -> dict[str, Any]:
    return {
        "assessor": cell.assessor,
        "self_assessment": cell.self_assessment,
        "status": cell.status,
        "label": status_label(cell.status),
        "hrc_grade": hrc_grade(cell.status),
        "ogp_completion": ogp_completion(cell.status),
        "as_of": cell.as_of.isoformat() if cell.as_of else None,
        "expired": cell.expired,
        "assessments": list(cell.assessments),
        "criteria": [{"criterion": c, "status": s} for c, s in cell.criteria],
        "sources": _cites(cell.citations, cite),
    }


def _no_assessor() -> dict[str, Any]:
    return {"assessor": None, "self_assessment": False, "status": NO_INFORMATION,
            "label": status_label(NO_INFORMATION), "hrc_grade": hrc_grade(NO_INFORMATION),
            "ogp_completion": ogp_completion(NO_INFORMATION), "as_of": None, "expired": False,
            "assessments": [], "criteria": [], "sources": []}


def _row_json(row: Row, cite: Cite) -> dict[str, Any]:
    rec = row.recommendation
    response = row.response
    change = row.latest_change
    return {
        "id": rec.id,
        "number": rec.number,
        "addressee": rec.addressee.value,
        "text": rec.text,
        "themes": list(rec.themes),
        "response": None if response is None else {
            "id": response.id, "response": response.response.value,
            "label": status_label(response.response.value),
            "date": response.date.isoformat() if response.date else None,
            "actor": response.actor, "sources": _cites(response.citations, cite)},
        "bodies": [{"actor": b.actor, "role": b.role.value} for b in row.bodies],
        "measures": [{"id": m.id, "description": m.description, "actor": m.actor,
                      "status": m.status.value,
                      "target_date": m.target_date.isoformat() if m.target_date else None}
                     for m in row.measures],
        "status": ([_cell_json(c, cite) for c in row.current] if row.current
                   else [_no_assessor()]),
        "years": {str(year): [{"assessor": c.assessor, "status": c.status} for c in cells]
                  for year, cells in row.years},
        "latest_change": None if change is None else {
            "on": change.on.isoformat(), "assessor": change.assessor, "from": change.before,
            "to": change.after, "assessments": list(change.assessments)},
    }


def matrix_json(matrix: Matrix, cite: Cite = _same) -> dict[str, Any]:
    return {"as_of": matrix.as_of.isoformat(), "years": list(matrix.years),
            "assessors": list(matrix.assessors),
            "recommendations": [_row_json(r, cite) for r in matrix.rows]}


def reader_name(rec: Recommendation) -> str:
    """A recommendation as a reader names it: "To the government, no. 6", not its id."""
    return f"{rec.addressee.value.replace('_', ' ').capitalize()}, no. {rec.number}"


def assessor_cells(row: Row, assessor: str) -> list[tuple[str, bool]]:
    """One assessor's line of a tracker row: per year, the status it recorded (or no
    information) and whether its latest change falls in that year (the '*' of the tables)."""
    change = row.latest_change
    out = []
    for year, year_cells in row.years:
        found = [c for c in year_cells if c.assessor == assessor]
        out.append((found[0].status if found else NO_INFORMATION,
                    change is not None and change.assessor == assessor
                    and change.on.year == year))
    return out


def matrix_rows(matrix: Matrix, *, for_reader: bool = False,
                fmt_day: Callable[[date], str] = date.isoformat,
                ) -> tuple[list[str], list[list[str]], list[str]]:
    """The tracker as a table: one line per recommendation and assessor (numbered; the notes
    name them), one column per year, '*' on the latest change; then notes: the assessors and
    each recommendation's response and latest change. `for_reader` (the PDFs) names the
    recommendations in words, with dates as `fmt_day` writes them; the terminal keeps the
    ids an analyst types in the next command."""
    name: Callable[[Recommendation], str] = reader_name if for_reader else _id
    day = fmt_day
    columns = ["Recommendation" if for_reader else "recommendation",
               "Assessor" if for_reader else "by", *map(str, matrix.years)]
    assessors = matrix.assessors or ("no assessor",)
    silent = 0
    notes = [f"{n}: {who}" for n, who in enumerate(assessors, start=1)]
    rows: list[list[str]] = []
    for row in matrix.rows:
        change = row.latest_change
        for n, assessor in enumerate(assessors):
            # The table's columns are narrow: "no info" fits where "no information" wraps.
            cells = [("no info" if status == NO_INFORMATION else status_label(status))
                     + ("*" if latest else "") for status, latest in assessor_cells(row, assessor)]
            rows.append([name(row.recommendation) if n == 0 else "", str(n + 1), *cells])
        response = row.response
        if for_reader and response is None and change is None:
            silent += 1  # one line for them all, not a page of "no response recorded"
            continue
        said = (f"response {status_label(response.response.value)}"
                + (f" on {day(response.date)}" if response.date else "")
                if response else "no response recorded")
        arrow = (f"from {status_label(change.before)} to {status_label(change.after)}"
                 if for_reader else
                 f"{status_label(change.before)} -> {status_label(change.after)}") \
            if change else ""
        moved = f"; latest change {day(change.on)}: {arrow} ({change.assessor})" if change \
            else ""
        notes.append(f"{name(row.recommendation)}: {said}{moved}")
    if silent:
        notes.append(f"No response and no change recorded for the other {silent} "
                     f"recommendation{'s' if silent != 1 else ''}.")
    return columns, rows, notes


def _id(rec: Recommendation) -> str:
    return rec.id


def _entry_json(entry: Entry, cite: Cite) -> dict[str, Any]:
    return {"date": entry.on.isoformat() if entry.on else None, "kind": entry.kind,
            "record": entry.record, "by": entry.by, "status": entry.status,
            "label": status_label(entry.status) if entry.status else None,
            "text": entry.text, "sources": _cites(entry.citations, cite)}


def timeline_json(recommendation: str, entries: Sequence[Entry],
                  cite: Cite = _same) -> dict[str, Any]:
    return {"recommendation": recommendation,
            "entries": [_entry_json(e, cite) for e in entries]}


_KIND_WORDS = {"response": "response", "measure_started": "measure started",
               "measure_due": "measure due", "progress_report": "progress report",
               "assessment": "assessment", "information_request": "information request",
               "measure": "measure"}


def timeline_rows(entries: Sequence[Entry]) -> tuple[list[str], list[list[str]]]:
    columns = ["date", "what", "by", "status", "text", "source"]
    return columns, [[e.on.isoformat() if e.on else "undated", _KIND_WORDS[e.kind], e.by or "",
                      status_label(e.status) if e.status else "", e.text,
                      "; ".join(f"{c.source}, {c.locator}" for c in e.citations)]
                     for e in entries]


def due_json(items: Sequence[DueItem]) -> list[dict[str, Any]]:
    return [{"kind": i.kind, "record": i.record, "what": i.what, "due_on": i.due_on.isoformat(),
             "days_overdue": i.days_overdue, "actor": i.actor, "actor_name": i.actor_name,
             "recommendation": i.recommendation, "note": i.note} for i in items]


def due_rows(items: Sequence[DueItem]) -> tuple[list[str], list[list[str]]]:
    columns = ["days overdue", "due on", "what", "kind", "who", "record"]
    return columns, [[str(i.days_overdue), i.due_on.isoformat(), i.what, _KIND_WORDS[i.kind],
                      i.actor_name or i.actor or "", i.record] for i in items]
