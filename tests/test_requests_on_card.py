"""A scorecard carries each information request as scoring judged it, and the PDF prints
those judgements instead of working them out again."""

from __future__ import annotations

from datetime import date

import pytest

from hrdscore.model import Period
from hrdscore.render.pdf import scorecard_pdf
from hrdscore.scoring import score_actor
from hrdscore.service import Workspace

from .pdftools import full_text

Y2021 = Period(start_year=2021, end_year=2021)
ON = date(2026, 11, 21)


def _card(ws: Workspace, actor: str, as_of: date | None = None):  # type: ignore[no-untyped-def]
    return score_actor(ws.catalog, ws.snapshot(), actor, Y2021, ws.methodology, as_of=as_of)


def test_each_request_is_on_the_card_with_its_verdict(workspace: Workspace) -> None:
    # KPO: letter No. 22 of 9 Feb 2021, partial answer on 25 Feb: 16 days from the letter,
    # past 15 but within the 3 days' grace for an unknown date of receipt.
    [kpo] = _card(workspace, "kpo").requests
    assert (kpo.reference, kpo.sent_on, kpo.replied_on, kpo.days) == (
        "22", date(2021, 2, 9), date(2021, 2, 25), 16)
    assert (kpo.status, kpo.counted_from, kpo.substance.value) == (
        "probably_on_time", "letter", "partial_answer")
    # Techno Trading: letter of 3 Feb, reply 4 Mar: 29 days, late.
    [techno] = _card(workspace, "techno-trading-ltd").requests
    assert (techno.days, techno.status) == (29, "late")
    # WestOil: no date and no reply.
    [westoil] = _card(workspace, "westoil").requests
    assert (westoil.sent_on, westoil.sent_year, westoil.status) == (None, 2021, "no_reply")


@pytest.mark.parametrize(("as_of", "status"), [
    # Kentech Kazakhstan: letter No. 15 of 3 Feb 2021, never answered. The deadline counted
    # from the letter is 15 days plus 3 days' grace: 21 Feb. Until that day passes it is
    # pending.
    (date(2021, 2, 10), "pending"),
    (date(2021, 2, 21), "pending"),
    (date(2021, 2, 22), "no_reply"),
    (None, "no_reply"),  # as of the end of the year
])
def test_an_unanswered_request_is_pending_until_its_deadline_passes(
        workspace: Workspace, as_of: date | None, status: str) -> None:
    [request] = _card(workspace, "kentech-kazakhstan", as_of).requests
    assert request.status == status
    assert request.replied_on is None
    assert ("has not passed" in request.text) == (status == "pending")


def test_a_request_declined_on_the_phone_is_never_pending(workspace: Workspace) -> None:
    # Burgylau (letter No. 14 of 3 Feb 2021) declined to reply when called.
    [request] = _card(workspace, "burgylau", date(2021, 2, 10)).requests
    assert (request.status, request.declined) == ("no_reply", True)


def test_the_pdf_prints_the_cards_judgements(workspace: Workspace) -> None:
    card = _card(workspace, "kentech-kazakhstan", date(2021, 2, 10))
    evidence = workspace.snapshot().evidence_for("kentech-kazakhstan")

    def pdf_text(c):  # type: ignore[no-untyped-def]
        return full_text(scorecard_pdf(c, evidence, sources=workspace.snapshot().sources,
                                       methodology=workspace.methodology, generated_on=ON))

    pending = pdf_text(card)
    assert "deadline not yet passed" in pending
    assert "no written reply to" not in pending
    # The PDF reads the card, not the evidence: change the card and the page follows.
    edited = card.model_copy(update={"requests": [card.requests[0].model_copy(
        update={"status": "late", "text": "a verdict only the card knows"})]})
    assert "a verdict only the card knows" in pdf_text(edited)
    assert "Information requests and replies" not in pdf_text(
        card.model_copy(update={"requests": []}))


def test_the_responsiveness_table_agrees_with_the_cards_on_pending(
        workspace: Workspace) -> None:
    from hrdscore.scoring import responsiveness

    snap = workspace.snapshot()
    # On 10 Feb 2021 three unanswered requests were still inside their deadline (15 days plus
    # 3 days' grace from the letter): the trade unions' (2 Feb), Kentech's (3 Feb) and BI
    # Group's (12 Feb). Burgylau had declined on the phone; WestOil's letter has no date.
    early = responsiveness(snap, Y2021, workspace.methodology, as_of=date(2021, 2, 10))
    pending = sorted(r.actor for r in early.rows if r.timeliness == "pending")
    assert pending == ["bi-group", "federation-of-trade-unions-kz", "kentech-kazakhstan"]
    # 12 requests, 3 pending: the 7 written replies are counted against the other 9.
    assert (early.summary.inquiries, early.summary.pending, early.summary.replies) == (12, 3, 7)
    assert early.summary.response_rate == round(7 / 9, 3)
    # At the end of the year nothing is pending: the report's own figures, 7 of 12.
    late = responsiveness(snap, Y2021, workspace.methodology)
    assert (late.summary.pending, late.summary.response_rate) == (0, round(7 / 12, 3))
