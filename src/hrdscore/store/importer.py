"""Importing evidence from CSV, XLSX, JSON or YAML: all or nothing.

Every row is parsed and validated, then checked against what the database already holds
(unknown actor ids, replies before their inquiry...). With any problem nothing is written and
every problem is reported with its line and field. Records are keyed by stable ids (or, where a
CSV leaves the id empty, by an id derived from the record's natural key), so importing the same
file twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from hrdscore.checks import Dataset, References, cross_check
from hrdscore.datafiles import error_location, parse_text, record_label, record_lines
from hrdscore.errors import InvalidData, Problem
from hrdscore.model import Assessment, Recommendation
from hrdscore.model.identity import natural_id
from hrdscore.model.vocab import ReviewState
from hrdscore.perf import gc_paused
from hrdscore.snapshot.evidence import EVIDENCE_KINDS, MODELS, Snapshot
from hrdscore.store.csvrows import (
    ActRow,
    check_header,
    incident_record,
    row_cells,
    simple_record,
)
from hrdscore.store.database import Store
from hrdscore.store.lookups import InquiryIndex, readable_message, resolve_reply_inquiry
from hrdscore.store.repository import Changes
from hrdscore.store.sheets import EMPTY, Sheet, read_csv, read_xlsx

IMPORT_KINDS = EVIDENCE_KINDS
SUFFIXES = (".csv", ".tsv", ".xlsx", ".json", ".yaml", ".yml")

# Fields that identify a record when a CSV gives no id.


@dataclass
class Parsed:
    records: list[BaseModel] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ImportResult:
    kind: str
    file: str
    rows: int
    changes: Changes
    dry_run: bool
    # Assessments imported as drafts: stored, but they count in no score until a second
    # person publishes them.
    drafts: int = 0


def _validate(model: type[BaseModel], raw: dict[str, Any], file: str, label: str,
              line_of_act: list[str] | None = None) -> tuple[BaseModel | None, list[Problem]]:
    try:
        return model.model_validate(raw), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = err["loc"]
            where = label
            # An incident's act problem belongs to that act's CSV row.
            if (line_of_act and len(loc) >= 2 and loc[0] == "acts"
                    and isinstance(loc[1], int) and loc[1] < len(line_of_act)):
                where = line_of_act[loc[1]]
            problems.append(Problem(file, readable_message(err), record=where,
                                    field=error_location(loc)))
        return None, problems


def parse_rows(kind: str, sheet: Sheet, file: str,
               inquiries: Callable[[], InquiryIndex] | None = None) -> Parsed:
    """Rows of a CSV file or a workbook as validated records."""
    parsed = Parsed(problems=list(sheet.problems))
    if sheet.header is None:
        return parsed
    header_problems = check_header(kind, sheet.header, file, sheet.unit)
    if header_problems:
        parsed.problems += header_problems
        return parsed
    model = MODELS[kind]
    if kind == "incidents":
        groups: dict[str, list[ActRow]] = {}
        for line, row in sheet.rows:
            act = ActRow(line, row_cells(row))
            groups.setdefault(str(act.cells.get("incident_id", f"line {line}")), []).append(act)
        for group in groups.values():
            raw, problems = incident_record(group, file, sheet.unit)
            parsed.problems += problems
            label = f"{raw.get('id')} ({sheet.where(group[0].line)})"
            record, problems = _validate(model, raw, file, label,
                                         [sheet.where(r.line) for r in group])
            parsed.problems += problems
            if record is not None:
                parsed.records.append(record)
                parsed.labels.append(label)
        return parsed
    citations = model.model_fields.get("citations")
    citation_required = citations is not None and citations.is_required()
    for line, row in sheet.rows:
        label = sheet.where(line)
        raw = simple_record(kind, row)
        if not raw:
            continue  # a blank row between records, as spreadsheets have
        uncited = citation_required and "citations" not in raw
        if uncited:
            parsed.problems.append(Problem(
                file, "a citation is required: fill the source and locator columns",
                record=label, field="source"))
            # A stand-in lets the row's other cells be checked too; it is dropped right after.
            raw["citations"] = [{"source": "x", "locator": "x"}]
        _add_record(parsed, kind, raw, file, label, inquiries)
        if uncited and parsed.labels and parsed.labels[-1] == label:
            parsed.records[-1] = parsed.records[-1].model_copy(update={"citations": []})
    return parsed


def _add_record(parsed: Parsed, kind: str, raw: dict[str, Any], file: str, label: str,
                inquiries: Callable[[], InquiryIndex] | None) -> None:
    """Validate one record dict (an inquiry named by actor and reference resolved first)."""
    names_inquiry = "actor" in raw or "inquiry_reference" in raw or "inquiry" not in raw
    if kind == "replies" and names_inquiry:
        raw = dict(raw)
        problem = resolve_reply_inquiry(raw, inquiries, file, label)
        if problem is not None:
            parsed.problems.append(problem)
            return
    if "id" not in raw and (derived := natural_id(kind, raw)):
        raw = {**raw, "id": derived}
    record, problems = _validate(MODELS[kind], raw, file, label)
    parsed.problems += problems
    if record is not None:
        parsed.records.append(record)
        parsed.labels.append(label)


def parse_structured(kind: str, data: bytes, suffix: str, file: str,
                     inquiries: Callable[[], InquiryIndex] | None = None) -> Parsed:
    parsed = Parsed()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        parsed.problems.append(Problem(file, "not valid UTF-8; save the file as UTF-8",
                                       record=f"line {line}"))
        return parsed
    try:
        doc = parse_text(text, suffix)
    except ValueError as exc:  # json.JSONDecodeError and yaml errors
        parsed.problems.append(Problem(file, f"not valid {suffix[1:].upper()}: {exc}"))
        return parsed
    except Exception as exc:
        parsed.problems.append(Problem(file, f"not valid {suffix[1:].upper()}: {exc}"))
        return parsed
    if isinstance(doc, dict) and "records" in doc:
        if doc.get("kind") != kind:
            parsed.problems.append(Problem(file, f"file holds {doc.get('kind')!r}, not {kind!r}",
                                           field="kind"))
            return parsed
        raw_records = doc["records"]
    else:
        raw_records = doc
    if not isinstance(raw_records, list):
        parsed.problems.append(Problem(file, "expected a list of records"))
        return parsed
    lines = record_lines(text)
    for index, raw in enumerate(raw_records):
        label = record_label(raw, index, lines[index] if index < len(lines) else None)
        _add_record(parsed, kind, raw if isinstance(raw, dict) else {}, file, label, inquiries)
    return parsed


def read_import_file(kind: str, path: Path,
                     inquiries: Callable[[], InquiryIndex] | None = None) -> Parsed:
    """Read and validate FILE's records; `inquiries` looks up a reply's inquiry named by
    actor and reference (built only when a row needs it)."""
    file = str(path)
    if kind not in IMPORT_KINDS:
        raise InvalidData([Problem(file, f"unknown kind {kind!r}; expected one of "
                                   f"{', '.join(IMPORT_KINDS)}")])
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidData([Problem(file, f"unsupported file type {suffix!r}; use "
                                   f"{', '.join(SUFFIXES)}")])
    data = path.read_bytes()
    if not data.strip() or data.strip() == b"\xef\xbb\xbf":
        raise InvalidData([Problem(file, EMPTY)])
    if suffix in (".csv", ".tsv"):
        return parse_rows(kind, read_csv(data, file), file, inquiries)
    if suffix == ".xlsx":
        return parse_rows(kind, read_xlsx(data, file, kind), file, inquiries)
    return parse_structured(kind, data, suffix, file, inquiries)


def references(snapshot: Snapshot, *, replacing: str, ids: set[str]) -> References:
    """What the database makes known, less the records the import replaces."""

    def keep(kind: str, record_id: str) -> bool:
        return not (kind == replacing and record_id in ids)

    return References(
        actor_parents={a.id: a.parent for a in snapshot.actors.values() if keep("actors", a.id)},
        source_ids=frozenset(s for s in snapshot.sources if keep("sources", s)),
        inquiry_sent={i.id: i.sent_on for i in snapshot.inquiries.values()
                      if keep("inquiries", i.id)},
        evidence_ids=frozenset(
            [*snapshot.inquiries, *snapshot.replies, *snapshot.incidents, *snapshot.sources,
             *(a.id for a in snapshot.acts)]),
        victims={a.victim: (a.incident, (a.victim_kind, a.victim_gender))
                 for a in snapshot.acts},
        act_incident={a.id: a.incident for a in snapshot.acts},
        measure_ids=frozenset(m for m in snapshot.measures if keep("measures", m)),
    )


def check_against(snapshot: Snapshot, recommendations: list[Recommendation], kind: str,
                  parsed: Parsed, file: str, today: date) -> list[Problem]:
    """Problems the imported records would have beside what is stored."""
    ds = Dataset(recommendations=list(recommendations))
    for record, label in zip(parsed.records, parsed.labels, strict=True):
        ds.add(kind, record, file, label)
    ids = {getattr(r, "id") for r in parsed.records}  # noqa: B009
    refs = references(snapshot, replacing=kind, ids=ids)
    return _duplicate_ids(parsed, file) + [
        p for p in cross_check(ds, today=today, refs=refs)
        if p.file == file and "duplicate id" not in p.message
    ]


def _duplicate_ids(parsed: Parsed, file: str) -> list[Problem]:
    first: dict[str, str] = {}
    problems = []
    for record, label in zip(parsed.records, parsed.labels, strict=True):
        record_id = getattr(record, "id")  # noqa: B009
        if record_id in first:
            problems.append(Problem(file, f"id {record_id!r} already used at {first[record_id]}",
                                    record=label, field="id"))
        else:
            first[record_id] = label
    return problems


def import_file(store: Store, kind: str, path: Path, *, who: str, today: date,
                recommendations: list[Recommendation], dry_run: bool = False) -> ImportResult:
    """Import a CSV, JSON or YAML file of `kind`: every row or none. `InvalidData` lists
    every problem with its line and field; `dry_run` checks and writes nothing."""
    with gc_paused():
        return _import_file(store, kind, path, who=who, today=today,
                            recommendations=recommendations, dry_run=dry_run)


def _import_file(store: Store, kind: str, path: Path, *, who: str, today: date,
                 recommendations: list[Recommendation], dry_run: bool) -> ImportResult:
    parsed = read_import_file(kind, path, lambda: InquiryIndex.of(store.snapshot()))
    file = str(path)
    if dry_run:
        snapshot = store.snapshot()
        problems = parsed.problems + check_against(
            snapshot, recommendations, kind, parsed, file, today)
        if problems:
            raise InvalidData(problems)
        changes = _preview(snapshot, kind, parsed.records)
        return ImportResult(kind, file, len(parsed.records), changes, dry_run=True,
                            drafts=_drafts(parsed.records))
    with store.transaction(who) as tx:
        # Checked under the lock: another writer may have changed what the rows refer to.
        # Raising here leaves the transaction uncommitted: nothing is written.
        snapshot = Snapshot.from_tables(tx.tables)  # read only: no copy of the document
        problems = parsed.problems + check_against(
            snapshot, recommendations, kind, parsed, file, today)
        if problems:
            raise InvalidData(problems)
        changes = tx.repo(kind).put_many(parsed.records)
        if changes.changed:
            tx.record("import", kind, changes, note=f"from {path.name}")
    return ImportResult(kind, file, len(parsed.records), changes, dry_run=False,
                        drafts=_drafts(parsed.records))


def _drafts(records: list[BaseModel]) -> int:
    return sum(1 for r in records if isinstance(r, Assessment)
               and r.review is ReviewState.DRAFT)


def _preview(snapshot: Snapshot, kind: str, records: list[BaseModel]) -> Changes:
    stored = getattr(snapshot, kind)
    changes = Changes()
    for record in records:
        record_id = getattr(record, "id")  # noqa: B009
        old = stored.get(record_id)
        if old is None:
            changes.created.append(record_id)
        elif old == record:
            changes.unchanged.append(record_id)
        else:
            changes.updated.append(record_id)
    return changes
