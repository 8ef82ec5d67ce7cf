"""JSON Schemas of the data files, generated from the models so editors can validate as they
type (e.g. `# yaml-language-server: $schema=../schemas/actors.schema.json`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hrdscore.datafiles import KINDS


def file_schema(kind: str) -> dict[str, Any]:
    """Schema of one data file: `{kind, records: [...]}` of the given kind."""
    item = KINDS[kind].model_json_schema(mode="validation")
    defs = item.pop("$defs", {})
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"hrdscore {kind} file",
        "type": "object",
        "required": ["kind", "records"],
        "additionalProperties": False,
        "properties": {
            "kind": {"const": kind},
            "records": {"type": "array", "items": {"$ref": f"#/$defs/{item['title']}"}},
        },
        "$defs": {**defs, item["title"]: item},
    }
    return schema


def render_schema(kind: str) -> str:
    return json.dumps(file_schema(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = directory / f"{kind}.schema.json"
        path.write_text(render_schema(kind), encoding="utf-8")
        written.append(path)
    return written
