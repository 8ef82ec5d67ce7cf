"""Reading hand-edited data files (YAML or JSON) into validated records.

Every data file is a mapping `{kind: <kind>, records: [...]}`. Reading never stops at the first
problem: it returns every valid record and a Problem for every invalid one, so `validate` can
list them all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from hrdscore.errors import Problem
from hrdscore.model import (
    Actor,
    Assessment,
    Incident,
    Inquiry,
    Measure,
    ProgressReport,
    Recommendation,
    Reply,
    Report,
    Response,
    Responsibility,
    Source,
)

# The kinds a data file may hold, in the order they are loaded and cross-checked.
KINDS: dict[str, type[BaseModel]] = {
    "report": Report,
    "recommendations": Recommendation,
    "sources": Source,
    "actors": Actor,
    "inquiries": Inquiry,
    "replies": Reply,
    "incidents": Incident,
    "assessments": Assessment,
    "responses": Response,
    "responsibilities": Responsibility,
    "measures": Measure,
    "progress_reports": ProgressReport,
}
DATA_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class FileContent:
    path: Path
    kind: str | None = None
    records: list[BaseModel] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def error_location(loc: tuple[int | str, ...]) -> str:
    """Pydantic's location tuple as a readable dotted path: acts[2].date."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(record)"


_Settings = TypeVar("_Settings", bound=BaseModel)


def load_settings(path: Path, model: type[_Settings]) -> _Settings:
    """A settings file an organisation edits (YAML: the publisher, a letter template), read and
    validated; `InvalidData` names the file and each field at fault."""
    from hrdscore.errors import InvalidData

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidData([Problem(str(path), f"cannot be read: {exc.strerror or exc}")]) \
            from None
    except yaml.YAMLError as exc:
        raise InvalidData([Problem(str(path), f"not valid YAML: {exc}")]) from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise InvalidData([Problem(str(path), err["msg"], field=error_location(err["loc"]))
                           for err in exc.errors(include_url=False)]) from None


def validation_problems(
    exc: ValidationError, file: str, record: str
) -> list[Problem]:
    return [
        Problem(file=file, record=record, field=error_location(err["loc"]), message=err["msg"])
        for err in exc.errors(include_url=False)
    ]


# libyaml's safe loader where PyYAML was built with it: the same results, 5-10x faster on the
# shipped catalog (which every command and most tests load).
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def record_label(raw: Any, index: int, line: int | None) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    label = str(ident) if isinstance(ident, str) and ident else f"record {index + 1}"
    return f"{label} (line {line})" if line else label


def record_lines(text: str) -> list[int]:
    """1-based line numbers where each item of `records` starts (YAML and JSON alike)."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return []
    if isinstance(node, yaml.SequenceNode):
        return [item.start_mark.line + 1 for item in node.value]
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if getattr(key, "value", None) == "records" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def parse_text(text: str, suffix: str) -> Any:
    if suffix == ".json":
        return json.loads(text)
    return yaml.load(text, Loader=_LOADER)


def read_data_file(path: Path, display: str | None = None) -> FileContent:
    name = display or str(path)
    content = FileContent(path=path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        content.problems.append(Problem(name, f"not valid UTF-8 at byte {exc.start}"))
        return content
    except OSError as exc:
        content.problems.append(Problem(name, f"cannot read: {exc.strerror}"))
        return content
    try:
        doc = parse_text(text, path.suffix.lower())
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        content.problems.append(Problem(name, f"not valid {path.suffix[1:].upper()}: {exc}"))
        return content
    if not isinstance(doc, dict) or "kind" not in doc or "records" not in doc:
        content.problems.append(
            Problem(name, "expected a mapping with keys 'kind' and 'records'")
        )
        return content
    kind, raw_records = doc["kind"], doc["records"]
    if kind not in KINDS:
        content.problems.append(
            Problem(name, f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}",
                    field="kind")
        )
        return content
    if not isinstance(raw_records, list):
        content.problems.append(Problem(name, "'records' must be a list", field="records"))
        return content
    content.kind = kind
    model = KINDS[kind]
    lines = record_lines(text)
    for index, raw in enumerate(raw_records):
        line = lines[index] if index < len(lines) else None
        label = record_label(raw, index, line)
        try:
            content.records.append(model.model_validate(raw))
            content.labels.append(label)
        except ValidationError as exc:
            content.problems.extend(validation_problems(exc, name, label))
    return content


def is_data_file(path: Path) -> bool:
    # JSON Schemas sit beside the data for editors; they are not data.
    return path.suffix.lower() in DATA_SUFFIXES and not path.name.endswith(".schema.json")


def find_data_files(paths: list[Path]) -> list[Path]:
    """Data files under the given files or directories, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if is_data_file(p)))
        else:
            found.append(path)
    return found


def dump_records(kind: str, records: list[BaseModel]) -> str:
    """Records as a data file in YAML, Kazakh letters kept as they are."""
    doc = {"kind": kind, "records": [r.model_dump(mode="json", exclude_none=True) for r in records]}
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
