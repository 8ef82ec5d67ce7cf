"""A spreadsheet of recommendations (CSV or XLSX, one row per recommendation) into a catalog
folder's YAML files: validated row by row, then as a set with the other catalogs, and written
only when everything is valid."""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from hrdscore.catalogs import active_dirs, load_catalogs, read_catalog
from hrdscore.datafiles import error_location
from hrdscore.errors import InvalidData, Problem
from hrdscore.model import Recommendation
from hrdscore.model.vocab import AddresseeGroup, Scale
from hrdscore.report_files import GROUP_CODES, GROUP_FILES, GROUP_WORDS, write_files
from hrdscore.report_methodology import load_report_methodology
from hrdscore.store.sheets import Sheet, read_csv, read_xlsx

__all__ = ["import_recommendations", "read_sheet", "row_value"]

REQUIRED = ("number", "addressee", "text", "criteria")
OPTIONAL = ("themes", "scale", "levels", "pillar", "kind", "reiterates", "builds_on",
            "addressee_as_printed", "locator")
# The first pillar of the shipped methodology's plan for each group's actors.
DEFAULT_PILLAR = {AddresseeGroup.GOVERNMENT: "protection",
                  AddresseeGroup.COMPANIES: "commitments",
                  AddresseeGroup.CIVIL_SOCIETY: "solidarity_advocacy",
                  AddresseeGroup.INTERNATIONAL: "solidarity_advocacy"}
DEFAULT_SCALE = {AddresseeGroup.GOVERNMENT: Scale.IMPLEMENTATION,
                 AddresseeGroup.INTERNATIONAL: Scale.IMPLEMENTATION}
DEFAULT_LEVELS = {
    Scale.IMPLEMENTATION: "complete: fully carried out; substantial: mostly carried out; "
    "limited: some steps taken; planned: announced with a plan; not_started: nothing done; "
    "regressed: the situation has worsened.",
    Scale.COMPLIANCE: "met: fully; partial: in part; not_met: not at all.",
}


def row_value(row: dict[str, str | None], name: str) -> str:
    return (row.get(name) or "").strip()


def read_sheet(path: Path, sheet_name: str) -> Sheet:
    """A CSV or XLSX file as rows with their line numbers, headers lower-cased."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        sheet = read_xlsx(data, path.name, sheet_name)
    elif suffix in (".csv", ".tsv", ".txt"):
        sheet = read_csv(data, path.name)
    else:
        raise InvalidData([Problem(path.name, "expected a .csv or .xlsx file")])
    sheet.header = [_key(h) for h in sheet.header or []]
    sheet.rows = [(n, {_key(k): v for k, v in row.items() if k}) for n, row in sheet.rows]
    return sheet


def _key(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def _split(text: str, lines: bool = False) -> list[str]:
    parts = text.splitlines() if lines else re.split(r"[;\n]", text)
    return [p.strip() for p in parts if p.strip()]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _row_record(report_id: str, source: str, row: dict[str, str | None]
                ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The recommendation a row describes, and (column, message) for what is wrong."""
    bad: list[tuple[str, str]] = []
    for name in REQUIRED:
        if not row_value(row, name):
            bad.append((name, "required, but empty"))
    number_text = row_value(row, "number")
    number = int(number_text) if number_text.isdigit() else None
    if number_text and number is None:
        bad.append(("number", f"{number_text!r} is not a whole number"))
    words = {g.value: g for g in AddresseeGroup}
    addressee = words.get(_slug(row_value(row, "addressee")))
    if row_value(row, "addressee") and addressee is None:
        bad.append(("addressee", f"{row_value(row, 'addressee')!r} is not one of "
                    f"{', '.join(words)}"))
    if bad or number is None or addressee is None:
        return {}, bad
    rec_id = f"{report_id}-{GROUP_CODES[addressee]}-{number:02d}"
    scale_text = row_value(row, "scale")
    scale = DEFAULT_SCALE.get(addressee, Scale.COMPLIANCE)
    if scale_text:
        if scale_text not in {s.value for s in Scale}:
            return {}, [("scale", f"{scale_text!r} is not one of "
                         f"{', '.join(s.value for s in Scale)}")]
        scale = Scale(scale_text)
    criteria = [{
        "id": f"{rec_id}.c{n}", "statement": statement,
        "kind": row_value(row, "kind") or "process",
        "pillar": row_value(row, "pillar") or DEFAULT_PILLAR[addressee],
        "assessed_by": {"method": "judgement", "scale": scale.value,
                        "guidance": row_value(row, "levels") or DEFAULT_LEVELS[scale]},
    } for n, statement in enumerate(_split(row_value(row, "criteria"), lines=True), 1)]
    record: dict[str, Any] = {
        "id": rec_id, "report": report_id, "addressee": addressee.value,
        "addressee_as_printed": row_value(row, "addressee_as_printed") or GROUP_WORDS[addressee],
        "number": number, "text": row_value(row, "text"),
        "citation": {"source": source, "locator": row_value(row, "locator")
                     or f"Recommendations, {GROUP_WORDS[addressee].lower()}, item {number}"},
        "themes": [_slug(t) for t in _split(row_value(row, "themes"))],
        "criteria": criteria,
    }
    for link in ("reiterates", "builds_on"):
        if row_value(row, link):
            record[link] = _split(row_value(row, link))
    return record, []


def import_recommendations(directory: Path, path: Path, *, today: date,
                           rule_names: set[str]) -> dict[AddresseeGroup, int]:
    """Replace the recommendations of the catalog in `directory` with those of the
    spreadsheet; `InvalidData` (nothing written) names each bad line and column."""
    current = read_catalog(directory, today=today)
    report_id, source = current.id, current.report.source
    sheet = read_sheet(path, "recommendations")
    problems = list(sheet.problems)
    missing = [c for c in REQUIRED if c not in (sheet.header or [])]
    if missing:
        raise InvalidData([Problem(path.name, f"missing columns: {', '.join(missing)}; "
                                   f"expected {', '.join(REQUIRED)} and optionally "
                                   f"{', '.join(OPTIONAL)}")])
    groups: dict[AddresseeGroup, list[dict[str, Any]]] = {g: [] for g in AddresseeGroup}
    first_line: dict[str, int] = {}
    for number, row in sheet.rows:
        record, bad = _row_record(report_id, source, row)
        where = sheet.where(number)
        problems += [Problem(path.name, msg, record=where, field=col) for col, msg in bad]
        if not record:
            continue
        if record["id"] in first_line:
            problems.append(Problem(path.name, f"{record['addressee']} no. {record['number']} "
                                    f"is already on {sheet.where(first_line[record['id']])}",
                                    record=where, field="number"))
            continue
        first_line[record["id"]] = number
        try:
            Recommendation.model_validate(record)
        except ValidationError as exc:
            problems += [Problem(path.name, err["msg"], record=where,
                                 field=_column(error_location(err["loc"])))
                         for err in exc.errors(include_url=False)]
            continue
        groups[AddresseeGroup(record["addressee"])].append(record)
    if not sheet.rows:
        problems.append(Problem(path.name, "no rows below the header"))
    if problems:
        raise InvalidData(problems)
    files = {GROUP_FILES[g]: _group_file(g, report_id, recs) for g, recs in groups.items()}
    _check_as_set(directory, files, today, rule_names, {i: sheet.where(n)
                                                         for i, n in first_line.items()}, path)
    write_files(directory, files)
    return {g: len(recs) for g, recs in groups.items()}


def _column(location: str) -> str:
    """A model field as the spreadsheet column a person fixes."""
    head = location.split(".")[0].split("[")[0]
    return {"criteria": "criteria", "citation": "locator", "id": "number"}.get(head, head)


def _group_file(group: AddresseeGroup, report_id: str, recs: list[dict[str, Any]]) -> str:
    recs = sorted(recs, key=lambda r: int(r["number"]))
    header = (f"# {GROUP_WORDS[group]}: recommendations of {report_id}, written by `hrdscore "
              "import-recommendations`.\n")
    return header + yaml.safe_dump({"kind": "recommendations", "records": recs},
                                   allow_unicode=True, sort_keys=False, width=96)


def _check_as_set(directory: Path, files: dict[str, str], today: date, rule_names: set[str],
                  lines: dict[str, str], path: Path) -> None:
    """Validate the new files in a copy of the folder, with the other catalogs (links, ids)
    and the report's methodology; problems point at the spreadsheet's lines."""
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / directory.name
        shutil.copytree(directory, trial, ignore=shutil.ignore_patterns("evidence", ".*"))
        for name, text in files.items():
            (trial / name).write_text(text, encoding="utf-8")
        others = [d for d in active_dirs() if d.resolve() != directory.resolve()]
        try:
            cset = load_catalogs([*others, trial], today=today)
            load_report_methodology(cset.catalogs[-1], rule_names)
        except InvalidData as exc:
            raise InvalidData([Problem(path.name, p.message, record=lines.get(
                p.record or "", p.record), field=p.field) for p in exc.problems]) from None
