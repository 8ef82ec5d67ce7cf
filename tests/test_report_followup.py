"""The annual report carries the follow-up tracker of its period, in words."""

from __future__ import annotations

from datetime import date

from hrdscore.model import Period
from hrdscore.service import Workspace

from .pdftools import full_text

Y2021 = Period(start_year=2021, end_year=2021)


def test_the_tracker_table_names_recommendations_in_words(workspace: Workspace) -> None:
    columns, rows, notes = workspace.public_tracker_table(Y2021)
    assert columns == ["Recommendation", "Assessor", "2021"]
    assert len(rows) == 36  # every recommendation, one assessor so far
    status = {row[0]: row[2] for row in rows}
    # From the shipped assessments (as of 31 Dec 2020, valid 24 months): no defenders'
    # protection mechanism (gov-06) and trade unions' registration obstructed (gov-16.c1).
    assert status["Government, no. 6"] == "not started"
    assert status["Government, no. 16"] == "regressed"
    assert status["Government, no. 1"] == "no info"
    assert not any(row[0].startswith("kk2021-") for row in rows)
    # Nine recommendations have a status from the shipped assessments (government 5, 6, 14,
    # 16, 17, 18; companies 6; civil society 1; international 2): each gets its note, the
    # other 36 - 9 = 27 one line together.
    assert "Government, no. 6: no response recorded; latest change 31 Dec 2020: from no " \
        "information to not started (analysts reading the 2021 report)" in notes
    assert len(notes) == 1 + 9 + 1
    assert notes[-1] == "No response and no change recorded for the other 27 recommendations."
    assert not any(n.startswith("Government, no. 1:") for n in notes)


def test_the_annual_report_prints_the_tracker(workspace: Workspace) -> None:
    text = full_text(workspace.public_report_pdf(Y2021, date(2026, 11, 21)))
    assert "Follow-up of the recommendations, 2021" in text
    assert "Government, no. 6" in text
