"""The publication's tables as one XLSX workbook (openpyxl): a sheet per table, the summary
first, headers bold and frozen. Cells go through `tabular.formula_safe` like every CSV cell (a
spreadsheet would run "=..." as a formula), and the file is byte-identical for the same
inputs: document properties carry the generation date, and the zip entries a fixed time."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from hrdscore.render.tabular import formula_safe

Sheet = tuple[str, Sequence[str], Sequence[Sequence[Any]]]


def workbook(sheets: Sequence[Sheet], *, generated: datetime, creator: str) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([formula_safe(v) for v in row])
        sheet.freeze_panes = "A2"
        for i, name in enumerate(columns, start=1):
            width = max([len(str(name))] + [len(str(r[i - 1])) for r in rows[:200]])
            sheet.column_dimensions[sheet.cell(1, i).column_letter].width = min(width + 2, 60)
    book.properties.creator = creator
    book.properties.created = generated
    book.properties.modified = generated
    book.properties.lastModifiedBy = creator
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_times(raw.getvalue(), generated)


def _fixed_times(data: bytes, when: datetime) -> bytes:
    """The same zip with every entry dated `when` (openpyxl stamps the clock)."""
    out = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl sets "modified" to the clock when it saves.
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                              + rb"\g<2>", data)
            dst.writestr(entry, data)
    return out.getvalue()
