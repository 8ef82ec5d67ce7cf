"""Right of reply commands: `hrdscore reply-round open | status | key | response | decide |
letters | close`, thin shells over `hrdscore.reply_service`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click
import yaml
from pydantic import ValidationError

from hrdscore.cli.output import echo_json, echo_table, format_option
from hrdscore.cli.score_cmds import _workspace, require_evidence
from hrdscore.cli.store_cmds import db_option
from hrdscore.errors import HrdscoreError, InvalidData, Problem
from hrdscore.model import Period
from hrdscore.model.reply import Channel, Outcome, ReplyRound, ResponseInput
from hrdscore.replies import date_in_words
from hrdscore.reply_service import (
    close_round,
    issue_key,
    open_round,
    record_decision,
    record_response,
    round_status,
    tables,
)
from hrdscore.service import Workspace
from hrdscore.settings import cli_user

DAY = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: datetime | None) -> date:
    return value.date() if value is not None else date.today()


def round_option(func: click.decorators.FC) -> click.decorators.FC:
    func = click.option("--year", type=click.IntRange(1900, 2100), default=None,
                        help="The open round of this year.")(func)
    return click.option("--round", "round_id", metavar="ID", default=None,
                        help="The round's id, e.g. reply-2021 [default: the open round, when "
                             "there is one].")(func)


def resolve_round(ws: Workspace, round_id: str | None, year: int | None) -> ReplyRound:
    found = tables(ws)
    if round_id is not None:
        if round_id not in found.rounds:
            known = ", ".join(found.rounds) or "none yet"
            raise HrdscoreError(f"no reply round {round_id!r} (rounds: {known})")
        return found.rounds[round_id]
    candidates = [r for r in found.rounds.values() if r.is_open
                  and (year is None or r.period == Period(start_year=year, end_year=year).label)]
    if len(candidates) != 1:
        which = "open rounds: " + ", ".join(r.id for r in candidates) if candidates else \
            "no round is open" + (f" for {year}" if year else "")
        raise HrdscoreError(f"give --round ID ({which})")
    return candidates[0]


@click.group(name="reply-round")
def reply_round() -> None:
    """Right of reply: before a period is published, each scored actor gets its draft
    scorecard (a letter with its own key) and may answer by a deadline; analysts record
    answers received by post or email and decide on each contested criterion."""


@reply_round.command(name="open")
@click.option("--year", type=click.IntRange(1900, 2100), required=True,
              help="The year whose draft scorecards are sent.")
@click.option("--deadline", type=DAY, default=None, metavar="YYYY-MM-DD",
              help="Last day for answers [default: the methodology's reply_round_days after "
                   "today].")
@click.option("--actor", "actors", multiple=True, metavar="ID",
              help="Only these actors (repeat) [default: every scored actor].")
@click.option("--on", "opened_on", type=DAY, default=None, metavar="YYYY-MM-DD",
              help="The opening date [default: today].")
@db_option
def open_cmd(year: int, deadline: datetime | None, actors: tuple[str, ...],
             opened_on: datetime | None, db: Path | None) -> None:
    """Open a reply round: freeze the draft scorecards of the year (snapshot hash and
    methodology version recorded) and give each actor a deadline."""
    ws = _workspace(db)
    require_evidence(ws)
    r = open_round(ws, Period(start_year=year, end_year=year), opened_on=_day(opened_on),
                   who=cli_user(), deadline=deadline.date() if deadline else None,
                   actors=actors)
    click.echo(f"Opened reply round {r.id} for {r.period}: {len(r.actors)} actors, deadline "
               f"{date_in_words(r.deadline)}; drafts frozen from snapshot "
               f"{r.snapshot_hash[:12]}. Next: hrdscore reply-round letters --round {r.id} "
               "--out DIR")


@reply_round.command(name="status")
@round_option
@format_option(("table", "json"))
@db_option
def status_cmd(round_id: str | None, year: int | None, fmt: str, db: Path | None) -> None:
    """Per actor: responses received (confidential ones counted), comments, decisions and
    whether its key is active."""
    ws = _workspace(db)
    chosen = resolve_round(ws, round_id, year)
    r, rows = round_status(ws, chosen.id)
    state = "open" if r.is_open else f"closed on {date_in_words(r.closed_on or r.opened_on)}"
    if fmt == "json":
        echo_json({"round": r.model_dump(mode="json"), "actors": [vars(s) for s in rows]})
        return
    echo_table(f"Reply round {r.id} ({r.period}), {state}, deadline "
               f"{date_in_words(r.deadline)}",
               ["actor", "responses", "confidential", "comments", "decisions", "key"],
               [(s.actor_name, s.responses, s.confidential, s.comments, s.decisions,
                 "active" if s.key_active else "") for s in rows])


@reply_round.command(name="key")
@round_option
@click.option("--actor", required=True, metavar="ID", help="The actor answering.")
@db_option
def key_cmd(round_id: str | None, year: int | None, actor: str, db: Path | None) -> None:
    """Issue a respondent key for one actor (its earlier key is revoked) and print the token
    once. `letters` issues them for every actor."""
    ws = _workspace(db)
    r = resolve_round(ws, round_id, year)
    key, token = issue_key(ws, r.id, actor, who=cli_user())
    click.echo(token)
    click.echo(f"Respondent key {key.name!r} for {actor} in {r.id}: it reads only this "
               "actor's draft and submits its response, until the round closes.", err=True)


def _read_response(path: Path) -> ResponseInput:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidData([Problem(str(path), f"not valid YAML or JSON: {exc}")]) from None
    try:
        return ResponseInput.model_validate(raw)
    except ValidationError as exc:
        raise InvalidData([Problem(str(path), e["msg"],
                                   field=".".join(str(p) for p in e["loc"]) or None)
                           for e in exc.errors()]) from None


@reply_round.command(name="response")
@round_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
def response_cmd(round_id: str | None, year: int | None, file: Path, db: Path | None) -> None:
    """Record a response received by post or email, from a YAML or JSON FILE: actor,
    channel (post or email), received_on, text, optional comments (criterion, comment,
    sources), confidential (true keeps it out of every publication)."""
    ws = _workspace(db)
    r = resolve_round(ws, round_id, year)
    given = _read_response(file)
    if given.actor is None or given.channel not in (Channel.POST, Channel.EMAIL):
        raise InvalidData([Problem(str(file), "give the actor and channel: post or email "
                                   "(answers through the API record themselves)",
                                   field="actor" if given.actor is None else "channel")])
    assert given.channel is not None
    saved = record_response(ws, r.id, given.actor, text=given.text, channel=given.channel,
                            received_on=given.received_on or date.today(), who=cli_user(),
                            comments=given.comments, confidential=given.confidential,
                            signatory=given.signatory)
    click.echo(f"Recorded response {saved.id} of {saved.actor} ({saved.channel.value}"
               f"{', confidential' if saved.confidential else ''}, "
               f"{len(saved.comments)} comment{'' if len(saved.comments) == 1 else 's'}).")


@reply_round.command(name="decide")
@round_option
@click.option("--actor", required=True, metavar="ID")
@click.option("--criterion", required=True, metavar="ID", help="A criterion the actor "
              "commented on.")
@click.option("--outcome", type=click.Choice([o.value for o in Outcome]), required=True)
@click.option("--reason", required=True, help="One sentence: why (published).")
@click.option("--assessment", metavar="ID", default=None,
              help="With 'changed': the new assessment (recorded with `hrdscore import "
                   "assessments`) that changes the score.")
@click.option("--on", "decided_on", type=DAY, default=None, metavar="YYYY-MM-DD",
              help="[default: today]")
@db_option
def decide_cmd(round_id: str | None, year: int | None, actor: str, criterion: str,
               outcome: str, reason: str, assessment: str | None, decided_on: datetime | None,
               db: Path | None) -> None:
    """Record the decision on a criterion an actor commented on: the score changed (through
    a new assessment) or not, and one sentence why."""
    ws = _workspace(db)
    r = resolve_round(ws, round_id, year)
    d = record_decision(ws, r.id, actor, criterion, outcome=Outcome(outcome), reason=reason,
                        assessment=assessment, decided_on=_day(decided_on), who=cli_user())
    click.echo(f"Recorded decision {d.id}: {actor}, {criterion}, {d.outcome.value}.")


@reply_round.command(name="letters")
@round_option
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="A new or empty directory for the letters.")
@click.option("--languages", default=None, metavar="en,ru[,kk]",
              help="Languages to write [default: every scorecards/letters/letter.<lang>.yaml].")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=None, help="A folder of letter.<lang>.yaml templates [default: "
                                 "scorecards/letters/].")
@click.option("--generated-on", "generated_on", type=DAY, default=None, metavar="YYYY-MM-DD",
              help="The date printed on the letters [default: today].")
@db_option
def letters_cmd(round_id: str | None, year: int | None, out: Path, languages: str | None,
                templates: Path | None, generated_on: datetime | None, db: Path | None) -> None:
    """Write, per actor, its letter and draft scorecard as PDF (English and Russian, Kazakh
    when a translation is supplied), from the templates in scorecards/letters/. Each actor
    gets a new respondent key, printed in its letters (earlier ones stop working)."""
    from hrdscore.reply_letters import write_letters

    ws = _workspace(db)
    r = resolve_round(ws, round_id, year)
    chosen = [x.strip() for x in languages.split(",") if x.strip()] if languages else None
    written = write_letters(ws, r.id, out, who=cli_user(), generated_on=_day(generated_on),
                            languages=chosen, templates=templates)
    click.echo(f"Wrote {len(written)} letters for {len(r.actors)} actors to {out}; each holds "
               "the actor's new respondent key: send them, keep no other copy.")
    from hrdscore.organisation import current_organisation, organisation_path

    if current_organisation().example:  # the reply addresses are examples too: say so
        click.echo(f"Note: the publisher's name and reply addresses in the letters are the "
                   f"examples shipped with hrdscore. Set yours in {organisation_path()} and "
                   f"remove `example: true` before sending any letter.", err=True)


@reply_round.command(name="close")
@round_option
@click.option("--on", "closed_on", type=DAY, default=None, metavar="YYYY-MM-DD",
              help="[default: today]")
@click.option("--before-deadline", is_flag=True,
              help="Close although the deadline has not passed (answers still due are lost).")
@db_option
def close_cmd(round_id: str | None, year: int | None, closed_on: datetime | None,
              before_deadline: bool, db: Path | None) -> None:
    """Close the round: the final scorecards' snapshot is recorded and every respondent key
    of the round stops working. `publish` then shows each response and the feedback log."""
    ws = _workspace(db)
    r = resolve_round(ws, round_id, year)
    closed = close_round(ws, r.id, closed_on=_day(closed_on), who=cli_user(),
                         before_deadline=before_deadline)
    click.echo(f"Closed reply round {closed.id} on {date_in_words(closed.closed_on or r.opened_on)}"
               f"; final snapshot {(closed.final_snapshot_hash or '')[:12]}.")


COMMANDS = [reply_round]
