"""The follow-up tracker as the PDFs print it, in the reader's language: the columns, one row
per recommendation and assessor, and the notes under the table.

English is `hrdscore.followup.matrix_rows` for readers itself (so the English PDFs keep their
bytes); Russian and Kazakh say the same things through the PDF catalogs. Assessors are named
as they are recorded (a name, not a sentence)."""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from hrdscore.followup import matrix_rows
from hrdscore.followup.matrix import Matrix
from hrdscore.followup.status import NO_INFORMATION
from hrdscore.followup.views import assessor_cells
from hrdscore.model.catalog import Recommendation
from hrdscore.model.followup import ResponseKind
from hrdscore.model.vocab import AddresseeGroup, Level, MissingState
from hrdscore.render.pdf.words import Words
from hrdscore.scoring.periods import fmt_date

__all__ = ["TrackerTable", "status_words", "tracker_table", "tracker_title"]

TrackerTable = tuple[list[str], list[list[str]], list[str]]
_CYRILLIC: Final = re.compile("[\u0400-\u04ff]")


def tracker_table(matrix: Matrix, w: Words) -> TrackerTable:
    """(columns, rows, notes) of the tracker in `w`'s language."""
    if w.lang == "en":
        english = matrix_rows(matrix, for_reader=True, fmt_day=fmt_date)
        # The assessor column holds a number, 24 points wide: "Assessor" broke into
        # "Ass/ess/or" there. A sign heads it, as "#" heads the rankings' ranks.
        return (["#" if n == 1 else c for n, c in enumerate(english[0])], english[1],
                english[2])
    # The assessor column holds a number (24 points wide): its header is a sign, not a word.
    columns = [w.t("Recommendation"), w.t("assessor, in a column"), *map(str, matrix.years)]
    assessors = matrix.assessors or (w.t("no assessor"),)
    # Assessors are named as recorded: a name with no Cyrillic letter is marked as English.
    notes = [f"{n}: {who}" + ("" if _CYRILLIC.search(who) or not matrix.assessors
                              else w.english_note())
             for n, who in enumerate(assessors, start=1)]
    rows: list[list[str]] = []
    silent = 0
    for row in matrix.rows:
        change = row.latest_change
        name = _name(row.recommendation, w)
        for n, assessor in enumerate(assessors):
            cells = [status_words(status, w) + ("*" if latest else "")
                     for status, latest in assessor_cells(row, assessor)]
            rows.append([name if n == 0 else "", str(n + 1), *cells])
        response = row.response
        if response is None and change is None:
            silent += 1  # one line for them all, as in English
            continue
        if response is None:
            said = w.t("no response recorded")
        elif response.date:
            said = w.t("response: {response}, {day}", response=_response(response.response, w),
                       day=w.date(response.date))
        else:
            said = w.t("response: {response}", response=_response(response.response, w))
        moved = (w.t("; latest change {day}: from {before} to {after} ({assessor})",
                     day=w.date(change.on), before=status_words(change.before, w),
                     after=status_words(change.after, w), assessor=change.assessor)
                 if change else "")
        notes.append(f"{name}: {said}{moved}")
    if silent:
        notes.append(w.t("No response and no change recorded for the other {count}.",
                         count=w.count(silent, "recommendation", "recommendations")))
    return columns, rows, notes


def tracker_title(as_of: date, w: Words) -> str:
    """The heading of the tracker's own PDF (English: as the terminal table is headed)."""
    if w.lang == "en":
        return f"Follow-up tracker on {as_of} (* marks the latest change)"
    return w.t("Follow-up tracker on {day} (* marks the latest change)", day=w.date(as_of))


def status_words(status: str, w: Words) -> str:
    """Where a recommendation stands, in words ('не начато'); no information in short."""
    if status == NO_INFORMATION:
        return w.t("no information")
    if status in Level.__members__.values():
        return w.label("level", status)
    if status in MissingState.__members__.values():
        return w.label("missing", status)
    return status.replace("_", " ")


def _name(rec: Recommendation, w: Words) -> str:
    groups = {AddresseeGroup.GOVERNMENT: w.t("Government"),
              AddresseeGroup.COMPANIES: w.t("Companies"),
              AddresseeGroup.CIVIL_SOCIETY: w.t("Civil society"),
              AddresseeGroup.INTERNATIONAL: w.t("International")}
    group = groups.get(rec.addressee, rec.addressee.value.replace("_", " "))
    return w.t("{group}, no. {number}", group=group, number=rec.number)


def _response(kind: ResponseKind, w: Words) -> str:
    words = {ResponseKind.SUPPORTED: w.t("supported"),
             ResponseKind.SUPPORTED_IN_PART: w.t("supported in part"),
             ResponseKind.NOTED: w.t("noted"), ResponseKind.REJECTED: w.t("rejected"),
             ResponseKind.NO_RESPONSE: w.t("no response")}
    return words.get(kind, kind.value.replace("_", " "))
