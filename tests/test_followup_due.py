"""Due dates at their boundaries, on a snapshot built by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

from hrdscore.followup import due
from hrdscore.model import Actor, Citation, Inquiry, Measure, Reply
from hrdscore.snapshot import Snapshot

CITE = Citation(source="src-test", locator="p. 1")


def _snapshot(**tables: dict[str, Any]) -> Snapshot:
    raw: dict[str, Any] = {"actors": {"gov": Actor(id="gov", name="Үкімет",
                                                   kind="state_body").model_dump(mode="json")}}
    for kind, records in tables.items():
        raw[kind] = {k: v.model_dump(mode="json") for k, v in records.items()}
    return Snapshot.from_tables(raw)


def _measure(mid: str, status: str, target: date) -> Measure:
    return Measure(id=mid, recommendation="r", description=f"Measure {mid}", actor="gov",
                   start_date=date(2022, 1, 1), target_date=target, status=status,
                   citations=[CITE])


def test_only_open_measures_past_their_target_date_are_overdue() -> None:
    snap = _snapshot(measures={m.id: m for m in (
        _measure("open", "in_progress", date(2022, 6, 30)),
        _measure("planned", "planned", date(2022, 6, 30)),
        _measure("done", "completed", date(2022, 6, 30)),
        _measure("dropped", "abandoned", date(2022, 6, 30)),
        _measure("due-today", "in_progress", date(2022, 7, 1)))})
    items = due(snap, as_of=date(2022, 7, 1))
    assert [(i.record, i.days_overdue) for i in items] == [("open", 1), ("planned", 1)]
    assert items[0].actor_name == "Үкімет"


def test_a_request_is_overdue_the_day_after_its_deadline_unless_answered() -> None:
    inquiry = Inquiry(id="q1", actor="gov", reference="7", sent_on=date(2021, 2, 9),
                      citations=[CITE])
    answered = Inquiry(id="q2", actor="gov", reference="8", sent_on=date(2021, 2, 9),
                       citations=[CITE])
    reply = Reply(id="r2", inquiry="q2", received_on=date(2021, 2, 28),
                  substance="full_answer", citations=[CITE])
    snap = _snapshot(inquiries={"q1": inquiry, "q2": answered}, replies={"r2": reply})
    # 15 days from the letter of 9 February: due on 24 February.
    assert due(snap, as_of=date(2021, 2, 24)) == []
    # Until its (late) reply arrived on 28 February, the second was overdue too.
    assert [(i.record, i.days_overdue) for i in due(snap, as_of=date(2021, 2, 25))] == [
        ("q1", 1), ("q2", 1)]
    (late,) = due(snap, as_of=date(2021, 2, 28))
    assert (late.record, late.days_overdue, late.due_on) == ("q1", 4, date(2021, 2, 24))
    assert late.note is not None and "letter's date" in late.note


def test_without_a_validity_no_assessment_is_ever_due() -> None:
    assert due(_snapshot(), as_of=date(2030, 1, 1), validity_months=None) == []
