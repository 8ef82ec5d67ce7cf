"""Commands that score: score, responsiveness."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from hrdscore.cli.output import TABLE_WIDTH, echo_json, echo_table, format_option
from hrdscore.cli.store_cmds import db_option, existing_store
from hrdscore.errors import HrdscoreError, StoreError
from hrdscore.labels import fmt_pct, label
from hrdscore.model import NotScored, Period, Scorecard
from hrdscore.model.vocab import ActorKind
from hrdscore.render.tabular import (
    RESPONSIVENESS_COLUMNS,
    SCORECARD_COLUMNS,
    responsiveness_rows,
    scorecard_rows,
    to_csv,
)
from hrdscore.report_scoring import ReportCards, report_workspaces, score_reports
from hrdscore.scoring import INSUFFICIENT, parse_period
from hrdscore.service import Workspace, open_workspace

F = TypeVar("F", bound=Callable[..., Any])


def period_options(func: F) -> F:
    func = click.option("--period", "period_text", metavar="A-B", default=None,
                        help="A range of years, e.g. 2016-2020.")(func)
    return click.option("--year", type=click.IntRange(1900, 2100), default=None,
                        help="A calendar year [default: the latest year with evidence].")(func)


def resolve_period(ws: Workspace, year: int | None, period_text: str | None) -> Period:
    if year is not None and period_text is not None:
        raise HrdscoreError("give --year or --period, not both")
    if period_text is not None:
        return parse_period(period_text)
    if year is not None:
        return Period(start_year=year, end_year=year)
    return ws.default_period()


def _workspace(db: Path | None) -> Workspace:
    return open_workspace(existing_store(db).path, date.today())


def require_evidence(ws: Workspace, *, inquiries: bool = False) -> None:
    """Refuse to read an empty database: printing nothing and exiting 0 looks like success."""
    snap, path = ws.store.snapshot(), ws.store.path
    if not snap.actors:
        raise StoreError(f"the database {path} holds no actors: nothing to score (start from "
                         f"`hrdscore init --db {path}`, or import actors)")
    if inquiries and not snap.inquiries:
        raise StoreError(f"the database {path} holds no information requests: import them "
                         "with `hrdscore import inquiries FILE`")
    if not (snap.inquiries or snap.replies or snap.incidents or snap.assessments):
        raise StoreError(f"the database {path} holds no evidence (inquiries, replies, "
                         "incidents or assessments): import some with `hrdscore import KIND "
                         "FILE`")


def _total(card: Scorecard) -> str:
    return f"{card.total:g}" if card.total is not None else INSUFFICIENT


def methodology_option(func: F) -> F:
    return click.option("--methodology", "methodology_version", metavar="VERSION",
                        default=None, help="A shipped methodology version, e.g. 1.0 "
                        "[default: the latest].")(func)


@click.command()
@period_options
@methodology_option
@click.option("--actor", "actor_id", default=None, help="Score one actor (id).")
@click.option("--kind", type=click.Choice([k.value for k in ActorKind]), default=None,
              help="Only actors of this kind.")
@format_option(("table", "json", "csv"))
@db_option
def score(year: int | None, period_text: str | None, methodology_version: str | None,
          actor_id: str | None, kind: str | None, fmt: str, db: Path | None) -> None:
    """Score actors against the criteria for a year or a range of years.

    JSON gives full scorecards with every explanation (methodology 2: an object with
    `scorecards` and `not_scored`, each not-scored actor with the reason); CSV is long format,
    one row per actor x criterion; the table leads with name, band and headline, best first,
    then the actors not scored."""
    ws = _workspace(db)
    require_evidence(ws)
    wanted = ActorKind(kind) if kind else None
    pairs = report_workspaces(ws, methodology_version)
    if len(pairs) > 1:  # several reports: one set of scorecards each, never a mix
        period = resolve_period(ws, year, period_text)
        echo_reports(score_reports(pairs, period, actor_id=actor_id, kind=wanted), fmt,
                     period)
        return
    ws = pairs[0][1]
    period = resolve_period(ws, year, period_text)
    if actor_id is not None:
        cards = [ws.internal_scorecard(period, actor_id)]
    else:
        cards = ws.internal_scorecards(period, wanted)
    skipped = [n for n in ws.not_scored() if wanted is None or n.actor_kind is wanted]
    if fmt == "json":
        data = [c.model_dump(mode="json") for c in cards]
        if actor_id is not None:
            echo_json(data[0])
        elif ws.methodology.is_v2:
            echo_json({"period": period.label, "methodology_version": ws.methodology.version,
                       "scorecards": data,
                       "not_scored": [n.model_dump(mode="json") for n in skipped]})
        else:
            echo_json(data)
    elif fmt == "csv":
        click.echo(to_csv(SCORECARD_COLUMNS, scorecard_rows(cards)), nl=False)
    elif actor_id is not None:
        _detail_table(cards[0])
    elif ws.methodology.is_v2:
        _headline_table(cards, skipped, period, ws.methodology.version)
    else:
        ranked = sorted(cards, key=lambda c: (c.total is None, -(c.total or 0), c.actor))
        # The name to read and, under it, the id to type (--actor ID): one column, so
        # the table fits 100 columns without cutting words.
        rows = [(f"{c.actor_name}\n{c.actor}", label("kind", c.actor_kind), _total(c),
                 fmt_pct(c.coverage),
                 "; ".join(f"{p.label} {p.score:g}" for p in c.pillars if p.score is not None),
                 len(c.red_flags)) for c in ranked]
        echo_table(f"Scorecards {period.label} (methodology {ws.methodology.version})",
                   ["actor", "kind", "total", "coverage", "pillars", "red flags"], rows)


def echo_reports(results: list[ReportCards], fmt: str, period: Period) -> None:
    """Scorecards of several reports, each set under its report and methodology version."""
    if fmt == "json":
        echo_json({"period": period.label, "reports": [r.as_json() for r in results]})
    elif fmt == "csv":
        rows = [["report", "methodology_version", *SCORECARD_COLUMNS]]
        for r in results:
            rows += [[r.report, r.methodology_version, *row] for row in scorecard_rows(r.cards)]
        click.echo(to_csv(rows[0], rows[1:]), nl=False)
    else:
        for r in results:
            click.echo(f"Report: {r.title} ({r.report}), methodology {r.methodology_version}")
            if len(r.cards) == 1 and len(results) and not r.not_scored:
                _detail_table(r.cards[0])
            else:
                _headline_table(r.cards, r.not_scored, period, r.methodology_version)
            click.echo("")


def _headline_table(cards: list[Scorecard], skipped: list[NotScored], period: Period,
                    version: str) -> None:
    ranked = sorted(cards, key=lambda c: (c.total is None, -(c.total or 0), c.actor_name))
    rows = [(c.actor_name, c.band or "no total", c.headline or "") for c in ranked]
    echo_table(f"Scorecards {period.label} (methodology {version})",
               ["actor", "band", "headline"], rows, width=TABLE_WIDTH)
    if skipped:
        echo_table("Not scored (never ranked)", ["actor", "why"],
                   [(n.actor_name, n.reason) for n in skipped], width=TABLE_WIDTH)


def _detail_table(card: Scorecard) -> None:
    click.echo(f"{card.actor_name} ({card.actor_kind.value}), {card.period}: total "
               f"{_total(card)}{f' ({card.band})' if card.band else ''}; coverage "
               f"{fmt_pct(card.coverage)}")
    if card.headline:
        click.echo(f"  {card.headline}")
    for p in card.pillars:
        if p.band is not None:
            points = "" if p.score is None else f" {p.score:g}"
            click.echo(f"  {p.label}: {p.band}{points} (coverage {fmt_pct(p.coverage)})")
    if card.total is None and card.total_reason:
        click.echo(f"  {card.total_reason}")
    if card.adjustment:
        click.echo(f"  before adjustment {card.total_before_adjustment:g}; "
                   f"{card.adjustment.text}")
    for flag in card.red_flags:
        click.echo(f"  RED FLAG: {flag.text}")
    for allegation in card.allegations:
        click.echo(f"  ALLEGATION: {allegation.text} Response: {allegation.response}.")
    if card.change is not None and not card.change.comparable:
        click.echo(f"  Change from {card.change.previous_period}: {card.change.note}")
    rows = [(c.criterion, c.pillar, label("level", c.level) if c.level
             else label("missing", c.missing) if c.missing else "",
             "" if c.points is None else f"{c.points:g}",
             c.explanation.text) for r in card.recommendations for c in r.criteria]
    echo_table(None, ["criterion", "pillar", "level", "points", "explanation"], rows)


@click.command(name="responsiveness")
@period_options
@format_option(("table", "json", "csv"))
@db_option
def responsiveness_cmd(year: int | None, period_text: str | None, fmt: str,
                       db: Path | None) -> None:
    """Information requests and replies: one row per inquiry (days to reply, on time,
    substance) and the summary figures: response rate, substantive-response rate, median
    days to reply."""
    ws = _workspace(db)
    require_evidence(ws, inquiries=True)
    period = resolve_period(ws, year, period_text)
    report = ws.responsiveness(period)
    if fmt == "json":
        echo_json(report.model_dump(mode="json"))
        return
    if fmt == "csv":
        click.echo(to_csv(RESPONSIVENESS_COLUMNS, responsiveness_rows(report)), nl=False)
        return
    rows = [(r.actor_name, r.reference or "—", r.sent_on or (str(r.sent_year or "") + " ?"),
             r.replied_on or "—", "" if r.days_to_reply is None else r.days_to_reply,
             label("timeliness", r.timeliness), label("reply", r.substance))
            for r in report.rows]
    echo_table(f"Information requests {period.label} (deadline {report.deadline_days} days)",
               ["actor", "ref.", "sent", "replied", "days", "timeliness", "substance"], rows)
    s = report.summary
    rate = "n/a" if s.response_rate is None else fmt_pct(s.response_rate)
    sub = "n/a" if s.substantive_response_rate is None else fmt_pct(s.substantive_response_rate)
    median = "n/a" if s.median_days_to_reply is None else f"{s.median_days_to_reply:g}"
    click.echo(textwrap.fill(
        f"{s.inquiries} inquiries, {s.replies} written replies (response rate {rate}), "
        f"{s.substantive_replies} substantive ({sub}), {s.on_time} certainly on time, "
        f"median {median} days to reply.", TABLE_WIDTH))


COMMANDS = [score, responsiveness_cmd]
