"""Import templates: a header and one example row per kind, and the values each coded column
allows, so a person can fill a spreadsheet without reading anything else.

Every example row imports as it is into a database made by `hrdscore init` (a test checks it),
so a filled-in copy fails only where the person's own values are wrong.
"""

from __future__ import annotations

import csv
import io
import textwrap
import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel

from hrdscore.model import Act, Incident, Recourse, Victim
from hrdscore.model.vocab import SCALE_LEVELS, InvolvementRole, SourceCategory
from hrdscore.snapshot.evidence import MODELS
from hrdscore.store.csvrows import COLUMNS, LIST_SEP, ONE_OF

ALLOWED_SHEET = "allowed values"

# Values taken from the shipped data (kpo, its inquiry 22, the report as source) so that the
# row imports into a fresh database; the names show Kazakh and Russian are welcome.
EXAMPLES: dict[str, dict[str, str]] = {
    "actors": {
        "id": "example-llp", "name": "Мысал ЖШС", "kind": "company",
        "aliases": f"Example LLP{LIST_SEP}ТОО Пример", "sector": "oil_industry",
        "country": "KZ", "website": "https://example.kz",
        "notes": "Subcontractor named in the interview", "source": "src-kk2021-report",
        "locator": "p. 12",
    },
    "sources": {
        "id": "src-example-letter", "title": "Ответ на запрос от 25.02.2021",
        "file": "reply-2021-02-25.pdf", "published_on": "2021-02-25", "public": "false",
        "language": "ru",
    },
    "inquiries": {
        "actor": "kpo", "reference": "301", "sent_on": "2021-03-01",
        "received_on": "2021-03-02", "deadline_days": "15",
        "subject": "Measures to protect human rights defenders", "source": "src-kk2021-report",
        "locator": "annex 1, row 8",
    },
    "replies": {
        "actor": "kpo", "inquiry_reference": "22", "received_on": "2021-03-10",
        "mode": "written", "reference": "KPO-17/301", "signatory_role": "Technical Director",
        "substance": "partial_answer", "excerpt": "The company has a grievance mechanism.",
        "source": "src-kk2021-report", "locator": "annex 1, row 8",
    },
    "assessments": {
        "criterion": "kk2021-com-01.c1", "actor": "kpo", "as_of": "2021-06-30",
        "level": "partial", "rationale": "A policy exists but does not mention defenders.",
        "assessor": "analyst@example.org", "review": "draft", "source": "src-kk2021-report",
        "locator": "p. 40",
    },
    "responses": {
        "recommendation": "kk2021-gov-06", "actor": "kz-government",
        "response": "supported_in_part", "date": "2022-03-15",
        "comment": "Будет рассмотрено в рамках плана действий по правам человека.",
        "source": "src-kk2021-report", "locator": "p. 3",
    },
    "responsibilities": {
        "recommendation": "kk2021-gov-06", "actor": "kz-ministry-of-justice",
        "role": "primary", "source": "src-kk2021-report", "locator": "p. 3",
    },
    "measures": {
        "recommendation": "kk2021-gov-06", "actor": "kz-ministry-of-justice",
        "description": "Draft a regulation on a focal point for human rights defenders",
        "start_date": "2022-04-01", "target_date": "2022-12-31", "status": "in_progress",
        "source": "src-kk2021-report", "locator": "p. 3",
    },
    "progress_reports": {
        "recommendation": "kk2021-gov-06", "date": "2022-09-30",
        "text": "Жоба әзірленді, қоғамдық талқылау күтілуде.", "author": "Kadir-Kasiet",
        "author_actor": "kadir-kasiet", "public": "true", "source": "src-kk2021-report",
        "locator": "p. 3",
    },
    "incidents": {
        "incident_id": "inc-example", "incident_title": "Вызов в полицию после пикета",
        "incident_summary": "An activist was summoned after a picket.",
        "confidentiality": "public", "act_id": "act-example-1", "victim_id": "v-example-1",
        "victim_kind": "person", "victim_gender": "female",
        "victim_hrd_category": "environmental activist", "act_type": "police_summons",
        "date": "2021-03-01", "fields": f"environment{LIST_SEP}oil_industry",
        "primary_field": "environment", "region": "Батыс Қазақстан облысы", "city": "Ақсай",
        "involvements": "kpo:initiator:alleged", "verification": "reported",
        "source": "src-kk2021-report", "locator": "p. 25",
    },
}

# Columns a template leaves out: a reply's inquiry is named by actor + reference instead.
LEFT_OUT = {"replies": {"inquiry"}}

# Incident columns hold fields of the records inside an incident.
_INCIDENT_FIELDS: dict[str, tuple[type[BaseModel], str]] = {
    "confidentiality": (Incident, "confidentiality"), "victim_kind": (Victim, "kind"),
    "victim_gender": (Victim, "gender"), "act_type": (Act, "type"), "fields": (Act, "fields"),
    "primary_field": (Act, "primary_field"), "date_precision": (Act, "date_precision"),
    "verification": (Act, "verification"), "recourse_type": (Recourse, "type"),
}


def template_columns(kind: str) -> list[str]:
    """Required columns first; a reply's actor and inquiry reference lead, as on the letter;
    an optional id (derived when empty) comes last."""
    required, optional = COLUMNS[kind]
    left_out = LEFT_OUT.get(kind, set())
    lead = [c for group in ONE_OF.get(kind, ()) for c in group if c not in left_out]
    ordered = [*lead, *required, *(c for c in optional if c != "id" and c not in lead)]
    if "id" in optional:
        ordered.append("id")
    return [c for c in ordered if c not in left_out]


def _choices(annotation: Any) -> list[str] | None:
    """The values an annotation allows when it is an enum or a bool, through Optional/list."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [str(member.value) for member in annotation]
    if annotation is bool:
        return ["true", "false"]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            if (found := _choices(arg)) is not None:
                return found
    return None


def allowed_values(kind: str) -> dict[str, list[str]]:
    """Coded column -> the values it takes, in the template's column order."""
    out: dict[str, list[str]] = {}
    for column in template_columns(kind):
        model, name = _INCIDENT_FIELDS.get(column, (MODELS[kind], column))
        if kind == "incidents" and column not in _INCIDENT_FIELDS:
            continue
        info = model.model_fields.get(name)
        if info is not None and (choices := _choices(info.annotation)) is not None:
            out[column] = choices
    # Values only, one per cell, so that any of them can be copied as it is; what they
    # depend on goes in the column's name.
    if kind == "assessments":
        level_at = list(out).index("level")
        items = list(out.items())
        items[level_at: level_at + 1] = [
            (f"level ({scale.value} scale)", [lv.value for lv in levels])
            for scale, levels in SCALE_LEVELS.items()]
        out = dict(items)
    if kind == "incidents":
        out["involvements role (actor:role[:alleged])"] = [r.value for r in InvolvementRole]
        out["involvements ?category (perpetrator not known by name)"] = [
            f"?{c.value}" for c in SourceCategory]
    return out


def allowed_values_text(kinds: typing.Iterable[str]) -> str:
    """Allowed values of every coded column, for --help (click keeps '\\b' blocks as is)."""
    lines = []
    for kind in kinds:
        if values := allowed_values(kind):
            lines.append(f"\b\n{kind}:")
            # Wrapped here: click keeps a '\b' block's lines as they are.
            lines += [textwrap.fill(f"  {column}: {', '.join(choices)}", width=94,
                                    subsequent_indent="      ", break_on_hyphens=False)
                      for column, choices in values.items()]
    return "\n".join(lines)


def template_csv(kind: str) -> bytes:
    columns = template_columns(kind)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerow([EXAMPLES[kind].get(c, "") for c in columns])
    # A BOM so that Excel opens the file as UTF-8 and keeps Kazakh letters.
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(kind: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    columns = template_columns(kind)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = kind
    sheet.append(columns)
    sheet.append([EXAMPLES[kind].get(c) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Text cells: Excel would otherwise turn 2021-03-01 into a date shown as 01.03.2021 and a
    # reference 22 into a number, and the person could not see what the import reads.
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.number_format = "@"
    allowed = book.create_sheet(ALLOWED_SHEET)
    values = allowed_values(kind)
    allowed.append(list(values))
    for index in range(max((len(v) for v in values.values()), default=0)):
        allowed.append([v[index] if index < len(v) else None for v in values.values()])
    for cell in allowed[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
