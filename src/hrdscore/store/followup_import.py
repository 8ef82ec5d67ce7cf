"""Importing the tracker CSV (or XLSX) of `hrdscore followup --format csv`: every row or none.

Rows become responses, responsible bodies, measures, progress reports and assessments (see
`hrdscore.followup.exchange`); each is validated with its model, then all are checked together
against the database (unknown recommendation, actor, source or measure; dates in the future),
and written in one transaction with one audit entry per kind. With any problem nothing is
written and every problem names its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from hrdscore.checks import Dataset, cross_check
from hrdscore.errors import InvalidData, Problem
from hrdscore.followup.exchange import COLUMNS, KIND_OF_TYPE, records_from_rows
from hrdscore.model import Recommendation
from hrdscore.model.identity import natural_id
from hrdscore.snapshot.evidence import MODELS, Snapshot
from hrdscore.store.database import Store
from hrdscore.store.importer import _validate, references
from hrdscore.store.repository import Changes
from hrdscore.store.sheets import EMPTY, Sheet, read_csv, read_xlsx

__all__ = ["TrackerImport", "import_tracker"]

KINDS = tuple(KIND_OF_TYPE.values())


@dataclass
class TrackerImport:
    file: str
    rows: int
    changes: dict[str, Changes] = field(default_factory=dict)
    dry_run: bool = False


def _sheet(path: Path) -> Sheet:
    file = str(path)
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if not data.strip() or data.strip() == b"\xef\xbb\xbf":
        raise InvalidData([Problem(file, EMPTY)])
    if suffix in (".csv", ".tsv"):
        return read_csv(data, file)
    if suffix == ".xlsx":
        return read_xlsx(data, file, "tracker")
    raise InvalidData([Problem(file, f"unsupported file type {suffix!r}; use .csv or .xlsx")])


def _parse(path: Path) -> tuple[list[tuple[str, str, BaseModel]], list[Problem], int]:
    """(kind, row label, record) per record, problems, and the number of rows read."""
    file = str(path)
    sheet = _sheet(path)
    problems = list(sheet.problems)
    if sheet.header is None:
        return [], problems, 0
    header = [h.strip() for h in sheet.header]
    problems += [Problem(file, f"unknown column {col!r}; the tracker's columns are: "
                         f"{', '.join(COLUMNS)}", record=sheet.where(1), field=col)
                 for col in header if col not in COLUMNS]
    if "record_type" not in header:
        problems.append(Problem(file, "missing required column 'record_type'",
                                record=sheet.where(1), field="record_type"))
    if problems:
        return [], problems, len(sheet.rows)
    rows = [(line, {k.strip(): (v or "").strip() for k, v in row.items() if k})
            for line, row in sheet.rows]
    parsed = records_from_rows(rows)
    problems += [Problem(file, text, record=sheet.where(line), field=col)
                 for line, col, text in parsed.problems]
    out: list[tuple[str, str, BaseModel]] = []
    for kind, raws in parsed.records.items():
        for line, raw in raws:
            label = sheet.where(line)
            if "id" not in raw and (derived := natural_id(kind, raw)):
                raw = {**raw, "id": derived}
            record, found = _validate(MODELS[kind], raw, file, label)
            problems += found
            if record is not None:
                out.append((kind, label, record))
    return out, problems, len(sheet.rows)


def _check(snapshot: Snapshot, recommendations: list[Recommendation],
           records: list[tuple[str, str, BaseModel]], file: str, today: date) -> list[Problem]:
    ds = Dataset(recommendations=list(recommendations))
    first: dict[tuple[str, str], str] = {}
    problems = []
    for kind, label, record in records:
        record_id: str = getattr(record, "id")  # noqa: B009
        if (kind, record_id) in first:
            problems.append(Problem(file, f"id {record_id!r} already used at "
                                    f"{first[(kind, record_id)]}", record=label, field="id"))
            continue
        first[(kind, record_id)] = label
        ds.add(kind, record, file, label)
    refs = references(snapshot, replacing="", ids=set())
    return problems + [p for p in cross_check(ds, today=today, refs=refs, strict=True)
                       if p.file == file and "duplicate id" not in p.message]


def import_tracker(store: Store, path: Path, *, who: str, today: date,
                   recommendations: list[Recommendation], dry_run: bool = False
                   ) -> TrackerImport:
    """Import a tracker CSV/XLSX: every record or none (`InvalidData` lists each problem)."""
    file = str(path)
    records, problems, rows = _parse(path)
    if problems:
        raise InvalidData(problems)
    result = TrackerImport(file, rows, dry_run=dry_run)
    by_kind: dict[str, list[Any]] = {kind: [] for kind in KINDS}
    for kind, _label, record in records:
        by_kind[kind].append(record)
    if dry_run:
        found = _check(store.snapshot(), recommendations, records, file, today)
        if found:
            raise InvalidData(found)
        return result
    with store.transaction(who) as tx:
        # Checked under the lock; raising leaves the transaction unwritten.
        found = _check(Snapshot.from_tables(tx.tables), recommendations, records, file,
                       today)
        if found:
            raise InvalidData(found)
        for kind in KINDS:
            changes = tx.repo(kind).put_many(by_kind[kind])
            result.changes[kind] = changes
            if changes.changed:
                tx.record("import", kind, changes, note=f"tracker from {path.name}")
    return result
