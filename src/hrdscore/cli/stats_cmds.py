"""`hrdscore stats`: the report's tables from the acts in the database, safe to publish."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from hrdscore.cli.output import echo_json, echo_table, format_option
from hrdscore.cli.store_cmds import db_option, existing_store
from hrdscore.errors import StoreError
from hrdscore.model import Period
from hrdscore.model.vocab import VerificationStatus
from hrdscore.render.tabular import to_csv
from hrdscore.stats import (
    DEFAULT_THRESHOLD,
    Cell,
    Dimension,
    RecourseDimension,
    ReferenceFigures,
    StatsError,
    StatsFilter,
    StatsReport,
    StatsRequest,
    Table,
    incident_statistics,
    load_reference,
    parse_dimensions,
    parse_period,
    public_statistics,
)

STATS_COLUMNS = ["table", "row_type", "dimension_1", "key_1", "label_1", "dimension_2", "key_2",
                 "label_2", "threats", "persons", "recourses", "suppressed", "note"]
REFERENCE_COLUMNS = ["figure", "title", "period", "dimension", "key", "label", "group",
                     "measure", "value", "row_type", "note"]
SUPPRESSED = "suppressed"


@click.command()
@click.option("--by", "by", multiple=True, metavar="DIMENSION[,DIMENSION]",
              help="A table by one dimension or a cross-table by two (year,field); repeat for "
                   "several tables [default: every one-way table]. Dimensions: "
                   + ", ".join(d.value for d in Dimension)
                   + "; with --recourses: " + ", ".join(d.value for d in RecourseDimension)
                   + ".")
@click.option("--year", "year_text", metavar="YEAR", default=None, help="Only this year.")
@click.option("--period", "period_text", metavar="A-B", default=None,
              help="Only these years, e.g. 2016-2020.")
@click.option("--actor", "actor_id", metavar="ID", default=None,
              help="Only threats involving this actor or any body below it.")
@click.option("--verification", "verification_text", metavar="STATUS[,STATUS]", default=None,
              help="Only threats with these statuses: "
                   + ", ".join(s.value for s in VerificationStatus) + ".")
@click.option("--recourses", is_flag=True,
              help="Count recourses (positive resolutions) by their own date instead of threats.")
@click.option("--public", is_flag=True,
              help="Tables safe to publish: only the public catalogue (by year over every "
                   "year, or one breakdown within one --year; no --actor, --verification or "
                   "--period), without confidential incidents, small cells suppressed.")
@click.option("--threshold", "threshold_text", metavar="N", default=None,
              help=f"Fewest persons a public cell may show [default: {DEFAULT_THRESHOLD}].")
@click.option("--reference", is_flag=True,
              help="Show the report's own published figures instead (no database needed).")
@format_option(("table", "json", "csv"))
@db_option
def stats(by: tuple[str, ...], year_text: str | None, period_text: str | None,
          actor_id: str | None, verification_text: str | None, recourses: bool, public: bool,
          threshold_text: str | None, reference: bool, fmt: str, db: Path | None) -> None:
    """Count threats and distinct persons by year, month, field, source, type of threat, place,
    victim, with the counting rules printed under every table.

    A threat is one act (one victim, one type of act, one date); persons are distinct victims,
    never a sum. Tables whose rows overlap (a threat in two fields, an ongoing threat over
    several months, several source bodies) say by how much they exceed the total. --public
    makes tables safe to publish; --reference shows the report's published figures."""
    if reference:
        _echo_reference(load_reference(), fmt)
        return
    request = StatsRequest(
        tables=tuple(parse_dimensions(text, recourses=recourses) for text in by),
        filter=StatsFilter(period=_period(year_text, period_text), actor=actor_id,
                           verification=_statuses(verification_text)),
        recourses=recourses,
        public=public,
        threshold=_threshold(threshold_text, public),
    )
    store = existing_store(db)
    snapshot = store.snapshot()
    if not snapshot.incidents:
        raise StoreError(f"the database {store.path} holds no incidents: nothing to count "
                         "(import some with `hrdscore import incidents FILE`)")
    # --public: only the public catalogue, the same rule as the API's public callers.
    report = (public_statistics if public else incident_statistics)(snapshot, request)
    if fmt == "json":
        echo_json(report.model_dump(mode="json"))
    elif fmt == "csv":
        click.echo(to_csv(STATS_COLUMNS, _report_rows(report)), nl=False)
    else:
        for table in report.tables:
            _echo_stats_table(table)


def _period(year_text: str | None, period_text: str | None) -> Period | None:
    if year_text is not None and period_text is not None:
        raise StatsError("give --year or --period, not both")
    if year_text is not None:
        if not year_text.strip().isdigit():
            raise StatsError(f"bad --year {year_text!r}: give a year such as 2017")
        return parse_period(year_text)
    return parse_period(period_text) if period_text is not None else None


def _statuses(text: str | None) -> tuple[VerificationStatus, ...]:
    if text is None:
        return ()
    out = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        try:
            out.append(VerificationStatus(part))
        except ValueError:
            raise StatsError(f"unknown verification status {part!r}; choose from "
                             + ", ".join(s.value for s in VerificationStatus)) from None
    return tuple(out)


def _threshold(text: str | None, public: bool) -> int:
    if text is None:
        return DEFAULT_THRESHOLD
    if not public:
        raise StatsError("--threshold applies to public tables: add --public")
    if not text.strip().isdigit() or int(text) < 2:
        raise StatsError(f"bad --threshold {text!r}: give a whole number of persons, at least 2")
    return int(text)


# --------------------------------------------------------------------------- table output


def _n(value: int | None, cell: Cell) -> str:
    if cell.suppressed:
        return SUPPRESSED
    return "" if value is None else f"{value:,}"


def _echo_stats_table(table: Table) -> None:
    recourse = table.unit == "recourses"
    measures = ["recourses", "threats", "persons"] if recourse else ["threats", "persons"]

    def counts(cell: Cell) -> list[str]:
        return [_n(cell.recourses, cell) if m == "recourses" else
                _n(cell.threats if m == "threats" else cell.persons, cell) for m in measures]

    rows: list[list[str]] = []
    if not table.margins:
        rows = [[cell.label[0], *counts(cell)] for cell in table.cells]
        rows.append(["total", *counts(table.total)])
        columns = [table.dimensions[0], *measures]
    else:
        rows = [[*cell.label, *counts(cell)] for cell in table.cells]
        rows += [[cell.label[0], "(all)", *counts(cell)] for cell in table.margins[0].cells]
        rows += [["(all)", cell.label[0], *counts(cell)] for cell in table.margins[1].cells]
        rows.append(["total", "", *counts(table.total)])
        columns = [*table.dimensions, *measures]
    echo_table(table.title, columns, rows)
    click.echo("Counting rules:")
    for rule in table.rules:
        click.echo(f"  - {rule}")
    click.echo(f"Check: {_check_sentence(table)}")
    for reason in table.check.reasons:
        click.echo(f"  - {reason}")
    click.echo("")


def _check_sentence(table: Table) -> str:
    unit = table.unit.removesuffix("s")
    main = table.check.adds_up
    persons = table.check.persons_add_up
    parts = [f"{unit} cells add up to the total" if main else
             f"{unit} cells do NOT add up to the total" if main is False else
             f"whether {unit} cells add up cannot be told"]
    parts.append("persons add up" if persons else
                 "persons do not add up (distinct persons are never a sum)"
                 if persons is False else "persons cannot be told")
    return "; ".join(parts) + "."


# --------------------------------------------------------------------------- CSV


def _cell_row(table: Table, row_type: str, dims: Sequence[str], cell: Cell) -> list[Any]:
    keyed: list[Any] = []
    for i in range(2):
        if i < len(dims) and i < len(cell.key):
            keyed += [dims[i], cell.key[i] or "", cell.label[i]]
        else:
            keyed += ["", "", ""]

    def num(value: int | None) -> Any:
        return "" if value is None else value

    return [table.id, row_type, *keyed, num(cell.threats), num(cell.persons),
            num(cell.recourses), "true" if cell.suppressed else "false",
            cell.suppression or ""]


def _report_rows(report: StatsReport) -> list[list[Any]]:
    rows: list[list[Any]] = []
    blank = [""] * 10
    for table in report.tables:
        rows += [[table.id, "rule", *blank, rule] for rule in table.rules]
        rows.append([table.id, "check", *blank, _check_sentence(table)])
        rows += [[table.id, "check", *blank, reason] for reason in table.check.reasons]
        rows += [_cell_row(table, "cell", table.dimensions, c) for c in table.cells]
        for margin in table.margins:
            rows += [_cell_row(table, "margin", (margin.dimension,), c) for c in margin.cells]
        rows.append(_cell_row(table, "total", (), table.total))
    return rows


# --------------------------------------------------------------------------- reference


def _echo_reference(ref: ReferenceFigures, fmt: str) -> None:
    if fmt == "json":
        echo_json(ref.model_dump(mode="json"))
        return
    if fmt == "csv":
        rows: list[list[Any]] = []
        for fig in ref.figures:
            base = [fig.id, fig.title, fig.period.label, fig.dimension or ""]
            for value in fig.values:
                for measure, count in value.counts.items():
                    rows.append([*base, value.key, value.display, value.group or "",
                                 measure.value, count, "value", value.note or ""])
            for measure, count in fig.total.items():
                rows.append([*base, "", "total", "", measure.value, count, "total", ""])
            for cite in fig.citations:
                rows.append([*base, "", "", "", "", "", "citation",
                             f"{cite.source}, {cite.locator}: “{cite.quote}”"])
            for note in fig.discrepancies:
                rows.append([*base, "", "", "", "", "", "discrepancy", note])
        click.echo(to_csv(REFERENCE_COLUMNS, rows), nl=False)
        return
    click.echo(f"{ref.title.strip()}\nSource: {ref.source}")
    for note in ref.notes:
        click.echo(f"  - {note}")
    click.echo("")
    for fig in ref.figures:
        measures = [m.value for m in fig.measures]
        table_rows = [[value.display, *(f"{value.counts[m]:,}" if m in value.counts else ""
                                        for m in fig.measures)] for value in fig.values]
        if fig.total:
            table_rows.append(["total, as published",
                               *(f"{fig.total[m]:,}" if m in fig.total else ""
                                 for m in fig.measures)])
        echo_table(f"{fig.title} ({fig.period.label}) [{fig.id}]",
                   [fig.dimension or "", *measures], table_rows)
        for cite in fig.citations:
            click.echo(f"  {cite.source}, {cite.locator}: “{cite.quote}”")
        for note in fig.discrepancies:
            click.echo(f"  Discrepancy: {note}")
        click.echo("")


COMMANDS = [stats]
