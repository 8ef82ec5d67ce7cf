"""Reading a table of rows from CSV (comma, semicolon or tab separated) or an XLSX workbook.

Spreadsheet programs in Kazakhstan and Russia save CSV with ';' (the decimal comma takes ','),
and NGOs keep their registers as .xlsx; both are read into the same rows so the importer does
not care which it got. Every row keeps its line (CSV) or row (XLSX) number for messages.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from hrdscore.errors import Problem

DELIMITERS = (",", ";", "\t")
EMPTY = "the file is empty"


@dataclass
class Sheet:
    """A header and its rows as text cells; `unit` is what a row number is called."""

    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str | None]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unit: str = "line"

    def where(self, number: int) -> str:
        return f"{self.unit} {number}"


def decode_lines(data: bytes, file: str) -> tuple[str, set[int], list[Problem]]:
    """Decode UTF-8 line by line so a stray byte is reported on its own line, not as the
    whole file being unreadable."""
    if data.startswith(b"\xef\xbb\xbf"):  # a BOM, as spreadsheet programs write
        data = data[3:]
    bad_lines: set[int] = set()
    problems: list[Problem] = []
    parts = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            parts.append(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            bad_lines.add(number)
            problems.append(Problem(file, f"not valid UTF-8 (byte 0x{line[exc.start]:02x} at "
                                    f"column {exc.start + 1}); save the file as UTF-8",
                                    record=f"line {number}"))
            parts.append(line.decode("utf-8", errors="replace"))
    return "\n".join(parts), bad_lines, problems


def header_delimiter(text: str) -> str:
    """The separator the header line uses most: the header decides, because data cells
    may hold commas or semicolons of their own (lists are ';'-separated)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: _count_outside_quotes(first, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count


def read_csv(data: bytes, file: str) -> Sheet:
    text, bad_lines, problems = decode_lines(data, file)
    sheet = Sheet(problems=problems)
    if not text.strip():
        sheet.problems = [Problem(file, EMPTY)]
        return sheet
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=header_delimiter(text))
    sheet.header = [h.strip() for h in reader.fieldnames or []]
    try:
        start = reader.line_num + 1
        for row in reader:
            lines = set(range(start, reader.line_num + 1))
            start = reader.line_num + 1
            if lines & bad_lines:
                continue  # already reported; its other cells would only add noise
            if None in row:
                sheet.problems.append(Problem(file, "more cells than the header has columns",
                                              record=f"line {min(lines)}"))
                continue
            sheet.rows.append((min(lines), row))
    except csv.Error as exc:
        sheet.problems.append(Problem(file, f"malformed CSV: {exc}",
                                      record=f"line {reader.line_num}"))
    return sheet


def cell_text(value: object) -> str | None:
    """An XLSX cell as the text a CSV would hold: dates as YYYY-MM-DD, whole numbers without
    '.0' (a reference 22 is typed as a number), booleans as true/false."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(data: bytes, file: str, kind: str) -> Sheet:
    """The sheet named after the kind, else the workbook's first sheet."""
    from openpyxl import load_workbook  # only XLSX imports pay for loading it

    sheet = Sheet(unit="row")
    try:
        with warnings.catch_warnings():
            # Workbooks saved by other programs lack a default style; openpyxl warns, and the
            # person importing can do nothing about it.
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        sheet.problems.append(Problem(file, f"not a readable XLSX workbook ({exc})"))
        return sheet
    try:
        ws = book[kind] if kind in book.sheetnames else book.worksheets[0]
        grid = [(n, [cell_text(v) for v in values])
                for n, values in enumerate(ws.iter_rows(values_only=True), start=1)]
    finally:
        book.close()
    grid = [(n, cells) for n, cells in grid if any(c is not None and c.strip() for c in cells)]
    if not grid:
        sheet.problems.append(Problem(file, EMPTY))
        return sheet
    _, header = grid[0]
    names = [(c or "").strip() for c in header]
    sheet.header = [n for n in names if n]
    for number, cells in grid[1:]:
        row: dict[str, str | None] = {}
        for index, value in enumerate(cells):
            name = names[index] if index < len(names) else ""
            if name:
                row[name] = value
            elif value is not None and value.strip():
                sheet.problems.append(Problem(
                    file, f"a value in column {_column_letter(index)}, which has no header",
                    record=f"row {number}"))
        sheet.rows.append((number, row))
    return sheet


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
