"""CSV rows to record dicts, one layout per kind (see README, "Importing").

Cells are text: lists are separated by ';', an empty cell means "not given", a citation is the
pair of columns source + locator. Incidents take one row per act; rows with the same
incident_id form one incident.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hrdscore.errors import Problem

LIST_SEP = ";"

COLUMNS: dict[str, tuple[list[str], list[str]]] = {
    # kind: (required columns, optional columns)
    "actors": (["id", "name", "kind"],
               ["aliases", "sector", "parent", "country", "huridocs_perpetrator_type", "website",
                "notes", "source", "locator"]),
    "sources": (["id", "title"],
                ["url", "file", "published_on", "sha256", "public", "language"]),
    "inquiries": (["actor"],
                  ["id", "reference", "sent_on", "received_on", "deadline_days", "subject",
                   "missing_reason", "source", "locator"]),
    "replies": (["received_on", "substance"],
                ["inquiry", "actor", "inquiry_reference", "id", "mode", "reference",
                 "signatory_role", "excerpt", "source", "locator"]),
    "assessments": (["criterion", "actor", "as_of", "rationale", "assessor"],
                    ["id", "level", "missing", "evidence", "review", "assessor_actor",
                     "self_assessment", "source", "locator"]),
    "responses": (["recommendation", "actor", "response"],
                  ["id", "date", "comment", "source", "locator"]),
    "responsibilities": (["recommendation", "actor"], ["id", "role", "source", "locator"]),
    "measures": (["recommendation", "description", "actor"],
                 ["id", "start_date", "target_date", "status", "source", "locator"]),
    "progress_reports": (["recommendation", "date", "text", "author"],
                         ["id", "author_actor", "measure", "public", "source", "locator"]),
    "incidents": (["incident_id", "incident_title", "act_id", "victim_id", "victim_kind",
                   "act_type", "date", "fields", "primary_field", "source", "locator"],
                  ["incident_summary", "incident_public_summary", "confidentiality",
                   "victim_gender",
                   "victim_hrd_category", "victim_identity", "victim_contact",
                   "date_precision", "date_end", "region", "city",
                   "involvements", "verification", "description", "recourse_id",
                   "recourse_type", "recourse_date"]),
}
LIST_COLUMNS = {"aliases", "evidence", "fields"}
# Columns of which one group must be present: a reply names its inquiry by id, or by the
# actor it was sent to and the inquiry's reference number (what the letter itself shows).
ONE_OF: dict[str, tuple[tuple[str, ...], ...]] = {
    "replies": (("inquiry",), ("actor", "inquiry_reference")),
}


def check_header(kind: str, header: Sequence[str] | None, file: str,
                 unit: str = "line") -> list[Problem]:
    required, optional = COLUMNS[kind]
    present = [h.strip() for h in header or []]
    where = f"{unit} 1"
    problems = [
        Problem(file, f"missing required column {col!r}", record=where, field=col)
        for col in required if col not in present
    ]
    groups = ONE_OF.get(kind, ())
    if groups and not any(all(col in present for col in group) for group in groups):
        problems.append(Problem(file, "missing column " + " or ".join(
            " + ".join(repr(col) for col in group) for group in groups),
            record=where, field=groups[0][0]))
    problems += [
        Problem(file, f"unknown column {col!r}; expected some of: "
                f"{', '.join(required + optional)}", record=where, field=col)
        for col in present if col not in required and col not in optional
    ]
    return problems


def row_cells(row: dict[str, str | None]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key is None or value is None:
            continue
        text = value.strip()
        if not text:
            continue
        out[key.strip()] = (
            [part.strip() for part in text.split(LIST_SEP) if part.strip()]
            if key in LIST_COLUMNS else text
        )
    return out


def _citations(cells: dict[str, Any]) -> list[dict[str, Any]]:
    source, locator = cells.pop("source", None), cells.pop("locator", None)
    if source is None and locator is None:
        return []
    return [{"source": source, "locator": locator}]


def simple_record(kind: str, row: dict[str, str | None]) -> dict[str, Any]:
    """A flat kind's row as a record dict (before validation)."""
    cells = row_cells(row)
    if kind != "sources":
        citations = _citations(cells)
        if citations:
            cells["citations"] = citations
    return cells


@dataclass
class ActRow:
    line: int
    cells: dict[str, Any]


def parse_involvements(text: str) -> list[dict[str, Any]]:
    """'kpo:initiator:alleged; burlinsky-police:executor; ?unknown_person:executor'.

    An entry starting with '?' names a source category instead of a known actor."""
    out = []
    for entry in text.split(LIST_SEP):
        parts = [p.strip() for p in entry.strip().split(":")]
        if not parts or not parts[0]:
            continue
        who, role = parts[0], parts[1] if len(parts) > 1 else ""
        item: dict[str, Any] = {"role": role, "alleged": "alleged" in parts[2:]}
        if who.startswith("?"):
            item["source_category"] = who[1:]
        else:
            item["actor"] = who
        out.append(item)
    return out


def incident_record(rows: list[ActRow], file: str,
                    unit: str = "line") -> tuple[dict[str, Any], list[Problem]]:
    """Rows of one incident (one per act) as an incident record dict; `unit` names a row
    number in messages ('line' in a CSV, 'row' in a workbook)."""
    problems: list[Problem] = []
    first = rows[0].cells
    incident: dict[str, Any] = {
        "id": first.get("incident_id"),
        "title": first.get("incident_title"),
        "victims": [],
        "acts": [],
        "recourses": [],
        "citations": [],
    }
    for key, target in (("incident_summary", "summary"),
                        ("incident_public_summary", "public_summary"),
                        ("confidentiality", "confidentiality")):
        if key in first:
            incident[target] = first[key]
    victims: dict[str, dict[str, Any]] = {}
    recourses: dict[str, dict[str, Any]] = {}
    citations: list[dict[str, Any]] = []
    for row in rows:
        c = dict(row.cells)
        for key in ("incident_title", "incident_summary", "incident_public_summary",
                    "confidentiality"):
            if key in c and key in first and c[key] != first[key]:
                problems.append(Problem(file, f"differs from the incident's first row "
                                        f"({unit} {rows[0].line})", record=f"{unit} {row.line}",
                                        field=key))
        victim = {"id": c.get("victim_id"), "kind": c.get("victim_kind")}
        if "victim_gender" in c:
            victim["gender"] = c["victim_gender"]
        for column in ("victim_hrd_category", "victim_identity", "victim_contact"):
            if column in c:
                victim[column.removeprefix("victim_")] = c[column]
        known = victims.setdefault(str(victim["id"]), victim)
        if known != victim:
            problems.append(Problem(file, "victim is described differently on another row",
                                    record=f"{unit} {row.line}", field="victim_id"))
        act: dict[str, Any] = {
            "id": c.get("act_id"), "victim": c.get("victim_id"), "type": c.get("act_type"),
            "date": c.get("date"), "fields": c.get("fields"),
            "primary_field": c.get("primary_field"),
        }
        for key in ("date_precision", "date_end", "verification", "description"):
            if key in c:
                act[key] = c[key]
        if "region" in c or "city" in c:
            act["place"] = {k: c[k] for k in ("region", "city") if k in c}
        if "involvements" in c:
            act["involvements"] = parse_involvements(c["involvements"])
        incident["acts"].append(act)
        if "recourse_id" in c:
            rc = recourses.setdefault(c["recourse_id"], {
                "id": c["recourse_id"], "type": c.get("recourse_type"),
                "date": c.get("recourse_date"), "remedies": []})
            rc["remedies"].append(act["id"])
        for citation in _citations(c):
            if citation not in citations:
                citations.append(citation)
    incident["victims"] = list(victims.values())
    incident["recourses"] = list(recourses.values())
    incident["citations"] = citations
    return incident, problems
