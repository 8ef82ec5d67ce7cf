"""Right of reply: rounds, responses and decisions on the shipped data, and their rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hrdscore.dataset import Dataset
from hrdscore.errors import Conflict, HrdscoreError, InvalidData
from hrdscore.model import Assessment, Period
from hrdscore.model.reply import Channel, CriterionComment, Outcome, ReplyRound
from hrdscore.replies import date_in_words, default_deadline, in_time, next_round_id
from hrdscore.reply_service import (
    close_round,
    draft_card,
    issue_key,
    open_round,
    published_replies,
    record_decision,
    record_response,
    require_no_open_round,
    round_status,
)
from hrdscore.service import Workspace
from hrdscore.store.keys import Role, list_keys
from tests.reply_fixture import Shipped, shipped_template

Y2021 = Period(start_year=2021, end_year=2021)
OPENED = date(2026, 12, 2)
CRITERION = "kk2021-com-01.c1"  # on every company's card


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Shipped:
    return shipped_template(tmp_path_factory.mktemp("reply"), shipped)


@pytest.fixture
def ws(base: Shipped, tmp_path: Path) -> Workspace:
    return base.workspace(tmp_path)


def _round(**kw: object) -> ReplyRound:
    fields: dict[str, object] = {"id": "reply-2021", "period": "2021",
                                 "methodology_version": "2.0", "snapshot_hash": "0" * 64,
                                 "opened_on": OPENED, "deadline": date(2026, 12, 16),
                                 "actors": ["kpo"]}
    return ReplyRound.model_validate({**fields, **kw})


# ------------------------------------------------------------------ pure rules


def test_deadline_is_the_methodology_days_after_opening(ws: Workspace) -> None:
    assert ws.methodology.v2 is not None and ws.methodology.v2.reply_round_days == 14
    assert default_deadline(OPENED, 14) == date(2026, 12, 16)  # 2 + 14


def test_a_response_on_the_deadline_day_counts_the_day_after_does_not() -> None:
    r = _round()
    assert in_time(r, date(2026, 12, 16))
    assert not in_time(r, date(2026, 12, 17))


def test_round_ids_number_later_rounds() -> None:
    assert next_round_id("2021", []) == "reply-2021"
    assert next_round_id("2021", ["reply-2021", "reply-2021-2"]) == "reply-2021-3"


def test_deadline_in_words_in_three_languages() -> None:
    assert date_in_words(date(2026, 12, 16)) == "16 December 2026"
    assert date_in_words(date(2026, 12, 16), "ru") == "16 декабря 2026 года"
    assert date_in_words(date(2027, 3, 1), "kk") == "2027 жылғы 1 наурыз"


def test_a_round_cannot_end_before_it_opens() -> None:
    with pytest.raises(ValueError, match="before the round opens"):
        _round(deadline=date(2026, 12, 1))


# ------------------------------------------------------------------ service


def test_open_freezes_the_drafts_of_every_scored_actor(ws: Workspace) -> None:
    r = open_round(ws, Y2021, opened_on=OPENED, who="analyst")
    assert r.id == "reply-2021" and r.deadline == date(2026, 12, 16)
    assert "kpo" in r.actors and "bozashytranskurylys" in r.actors
    assert "kadir-kasiet" not in r.actors  # the publisher is not scored, so not asked
    assert r.snapshot_hash == ws.snapshot().hash
    card = draft_card(ws, r.id, "kpo")
    assert card.actor_name == "Karachaganak Petroleum Operating B.V."
    assert [e.action for e in ws.store.audit_log()][-1] == "reply-round-open"
    # The snapshot (and so every scorecard) is untouched by the round.
    assert ws.snapshot().hash == r.snapshot_hash
    with pytest.raises(Conflict, match="reply-2021 for 2021 is already open"):
        open_round(ws, Y2021, opened_on=OPENED, who="analyst")


def test_open_with_chosen_actors_and_deadline(ws: Workspace) -> None:
    r = open_round(ws, Y2021, opened_on=OPENED, who="a", deadline=date(2027, 1, 10),
                   actors=["westoil", "kpo"])
    assert r.actors == ["kpo", "westoil"] and r.deadline == date(2027, 1, 10)
    with pytest.raises(InvalidData, match="'kadir-kasiet' has no scorecard"):
        open_round(ws, Y2021, opened_on=OPENED, who="a", actors=["kadir-kasiet"])


def test_responses_are_refused_after_the_deadline_and_off_the_card(ws: Workspace) -> None:
    r = open_round(ws, Y2021, opened_on=OPENED, who="a", actors=["kpo"])
    with pytest.raises(Conflict, match="after the deadline 2026-12-16"):
        record_response(ws, r.id, "kpo", text="Late.", channel=Channel.POST,
                        received_on=date(2026, 12, 17), who="a")
    on_deadline = record_response(ws, r.id, "kpo", text="Just in time.", channel=Channel.POST,
                                  received_on=date(2026, 12, 16), who="a")
    assert on_deadline.id == "reply-2021.kpo.1"
    with pytest.raises(InvalidData, match=r"'kk2021-gov-01\.c1' is not on the draft"):
        record_response(ws, r.id, "kpo", text="x", channel=Channel.EMAIL, who="a",
                        received_on=OPENED,
                        comments=[CriterionComment(criterion="kk2021-gov-01.c1", comment="x")])
    with pytest.raises(HrdscoreError, match="actor in reply round"):
        record_response(ws, r.id, "westoil", text="x", channel=Channel.EMAIL, who="a",
                        received_on=OPENED)


def test_decision_changed_names_an_assessment_of_that_actor_and_criterion(
        ws: Workspace) -> None:
    r = open_round(ws, Y2021, opened_on=OPENED, who="a", actors=["kpo"])
    record_response(ws, r.id, "kpo", text="We have a policy.", channel=Channel.EMAIL,
                    received_on=OPENED, who="a",
                    comments=[CriterionComment(criterion=CRITERION, comment="See policy.",
                                               sources=["https://kpo.kz/policy"])])
    with pytest.raises(HrdscoreError, match="names the new assessment"):
        record_decision(ws, r.id, "kpo", CRITERION, outcome=Outcome.CHANGED, reason="x.",
                        decided_on=OPENED, who="a")
    with pytest.raises(HrdscoreError, match="comment on the criterion"):
        record_decision(ws, r.id, "kpo", "kk2021-com-01.c2", outcome=Outcome.UNCHANGED,
                        reason="x.", decided_on=OPENED, who="a")
    d = record_decision(ws, r.id, "kpo", CRITERION, outcome=Outcome.UNCHANGED,
                        reason="The policy does not mention defenders.", decided_on=OPENED,
                        who="a")
    assert d.response == "reply-2021.kpo.1"
    assert [e.action for e in ws.store.audit_log()][-2:] == ["reply-response", "reply-decision"]


def test_close_revokes_keys_and_publish_view_leaves_confidential_out(ws: Workspace) -> None:
    r = open_round(ws, Y2021, opened_on=OPENED, who="a", actors=["kpo", "westoil", "bi-group"])
    key, _ = issue_key(ws, r.id, "kpo", who="a")
    assert key.role is Role.RESPONDENT and (key.actor, key.reply_round) == ("kpo", r.id)
    record_response(ws, r.id, "kpo", text="Public words.", channel=Channel.API,
                    received_on=OPENED, who=key.who)
    record_response(ws, r.id, "westoil", text="Secret words.", channel=Channel.POST,
                    received_on=OPENED, who="a", confidential=True)
    with pytest.raises(HrdscoreError, match="reply-2021 for 2021 is still open"):
        require_no_open_round(ws, Y2021)
    _, rows = round_status(ws, r.id)
    assert {s.actor: (s.responses, s.confidential, s.key_active) for s in rows} == {
        "bi-group": (0, 0, False), "kpo": (1, 0, True), "westoil": (1, 1, False)}
    assert published_replies(ws, Y2021) is None  # nothing public while open
    with pytest.raises(Conflict, match="runs until 2026-12-16 inclusive"):
        close_round(ws, r.id, closed_on=date(2026, 12, 16), who="a")
    closed = close_round(ws, r.id, closed_on=date(2026, 12, 17), who="a")
    assert closed.final_snapshot_hash == ws.snapshot().hash
    assert not any(k.active for k in list_keys(ws.store) if k.role is Role.RESPONDENT)
    require_no_open_round(ws, Y2021)
    shown = published_replies(ws, Y2021)
    assert shown is not None
    assert [r.text for r in shown["kpo"].responses] == ["Public words."]
    assert shown["westoil"].responses == () and shown["westoil"].answered_in_confidence
    assert "Secret words." not in str(shown["westoil"].as_json())
    assert shown["bi-group"].status == "BI Group did not respond by 16 December 2026."
    with pytest.raises(Conflict, match="closed"):
        record_response(ws, r.id, "bi-group", text="x", channel=Channel.POST,
                        received_on=OPENED, who="a")


def test_changed_decision_through_a_new_assessment(ws: Workspace) -> None:
    r = open_round(ws, Y2021, opened_on=OPENED, who="a", actors=["kpo"])
    record_response(ws, r.id, "kpo", text="Policy adopted in 2021.", channel=Channel.POST,
                    received_on=OPENED, who="a",
                    comments=[CriterionComment(criterion=CRITERION, comment="Adopted.")])
    ws.create("assessments", Assessment.model_validate({
        "id": "asm-kpo-reply", "criterion": CRITERION, "actor": "kpo",
        "as_of": "2021-12-31", "level": "partial", "rationale": "Policy shown in the reply.",
        "assessor": "kadir-kasiet", "assessor_actor": "kadir-kasiet", "review": "published",
        "citations": [{"source": "src-kk2021-report", "locator": "reply"}]}),
        who="a", today=OPENED)
    d = record_decision(ws, r.id, "kpo", CRITERION, outcome=Outcome.CHANGED,
                        reason="The policy sent with the reply is partial.",
                        assessment="asm-kpo-reply", decided_on=OPENED, who="a")
    assert d.assessment == "asm-kpo-reply"
    with pytest.raises(HrdscoreError, match=r"not of kpo on kk2021-com-01\.c2"):
        record_decision(ws, r.id, "kpo", "kk2021-com-01.c2", outcome=Outcome.CHANGED,
                        reason="x.", assessment="asm-kpo-reply", decided_on=OPENED, who="a")
    close_round(ws, r.id, closed_on=OPENED, who="a", before_deadline=True)
    shown = published_replies(ws, Y2021)
    assert shown is not None
    (entry,) = shown["kpo"].feedback
    assert (entry.contested, entry.outcome_words, entry.reason) == (
        "Adopted.", "score changed", "The policy sent with the reply is partial.")
    level = next(c.level for rec in ws.public_scorecard(Y2021, "kpo").recommendations
                 for c in rec.criteria if c.criterion == CRITERION)
    assert level is not None and level.value == "partial"


# ------------------------------------------------------------------ command line


def test_cli_response_file_problems_are_named_and_nothing_is_stored(
        ws: Workspace, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from hrdscore.cli import cli

    db = ["--db", str(ws.store.path)]
    runner = CliRunner()
    assert runner.invoke(cli, ["reply-round", "open", "--year", "2021", "--on", "2026-12-02",
                               "--actor", "kpo", *db]).exit_code == 0
    before = ws.store.path.read_bytes()
    bad = tmp_path / "bad.yaml"
    bad.write_text("actor: kpo\nchannel: post\ntext: ''\ncomments: [{criterion: x}]\n",
                   encoding="utf-8")
    result = runner.invoke(cli, ["reply-round", "response", str(bad), *db])
    assert result.exit_code == 1
    assert f"{bad}: text: String should have at least 1 character" in result.output
    assert f"{bad}: comments.0.comment: Field required" in result.output
    through_api = tmp_path / "api.yaml"
    through_api.write_text("actor: kpo\nchannel: api\ntext: Hello\n", encoding="utf-8")
    result = runner.invoke(cli, ["reply-round", "response", str(through_api), *db])
    assert result.exit_code == 1 and "channel" in result.output
    assert ws.store.path.read_bytes() == before
    record_response(ws, "reply-2021", "kpo", text="x", channel=Channel.POST, who="a",
                    received_on=OPENED,
                    comments=[CriterionComment(criterion=CRITERION, comment="y")])
    two_lines = runner.invoke(cli, ["reply-round", "decide", "--actor", "kpo", "--criterion",
                                    CRITERION, "--outcome", "unchanged", "--reason",
                                    "One.\nTwo.", *db])
    assert two_lines.exit_code == 1 and "one sentence, on one line" in two_lines.output


def test_cli_pdf_of_a_scorecard_after_a_closed_round_shows_the_reply(
        ws: Workspace, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from hrdscore.cli import cli
    from tests.pdftools import full_text

    db = ["--db", str(ws.store.path)]
    runner = CliRunner()
    for args in (["open", "--year", "2021", "--on", "2026-12-01", "--deadline", "2026-12-01",
                  "--actor", "westoil"], ["close", "--on", "2026-12-02"]):
        assert runner.invoke(cli, ["reply-round", *args, *db]).exit_code == 0
    out = tmp_path / "westoil.pdf"
    assert runner.invoke(cli, ["pdf", "--year", "2021", "--actor", "westoil", "-o", str(out),
                               *db]).exit_code == 0
    assert "WestOil did not respond by 1 December 2026." in full_text(out.read_bytes())
