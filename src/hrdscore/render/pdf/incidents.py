"""The annual report's charts of incidents: public tables of recorded acts (cells with fewer
persons than the threshold withheld) and the report's own published figures beside them."""


from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from hrdscore.labels import plain_words
from hrdscore.model import Period
from hrdscore.render.pdf import charts
from hrdscore.render.pdf.document import outline
from hrdscore.render.pdf.styles import (
    Styles,
    gap,
    keep,
    para,
    text,
)
from hrdscore.render.pdf.vocab import source_category_words
from hrdscore.render.pdf.words import EN, Words
from hrdscore.snapshot.views import ActView
from hrdscore.stats import (
    Measure,
    ReferenceFigures,
    Table,
)
from hrdscore.stats.public import catalogue_tables

# ------------------------------------------------------------------------------ incidents

def _bars_from_table(table: Table, words: Callable[[str], str] | None = None,
                     ) -> list[charts.Bar]:
    """One bar per cell; `words` turns a cell's code into the reader's words (English keeps
    the table's own label)."""
    return [charts.Bar(words(c.key[0]) if words and c.key and c.key[0] else c.label[0],
                       c.threats) for c in table.cells]


def _chart_block(title: str, bars: Sequence[charts.Bar], note: str,
                 vertical: bool, w: Words = EN) -> list[Flowable]:
    if not bars:
        return []
    if all(b.value is None for b in bars):
        # One sentence, not an empty chart under a heading.
        return [para(w.t("{title}: every figure is withheld (too few persons to publish "
                         "without singling someone out).", title=text(title)), Styles.note)]
    heading = para(text(title), Styles.h3)
    drawing = (charts.vertical_bars(bars) if vertical
               else charts.horizontal_bars(bars))
    return [keep(heading, drawing, para(note, Styles.small)), gap(3)]


def _last_year(key: str | None) -> int:
    """The last year of a key of the table by year: '2019', or '2016/2020' for an act known
    only to fall within those years."""
    return int((key or "0").rsplit("/", 1)[-1])


def incidents_section(acts: Sequence[ActView], period: Period, reference: ReferenceFigures | None,
                      threshold: int, w: Words = EN) -> list[Flowable]:
    out: list[Flowable] = [
        PageBreak(),
        outline(para(w.t("Incidents against defenders"), Styles.h1),
                w.t("Incidents against defenders")),
        para(w.t("A threat is one act: one victim, one type of act, one date. Charts of "
                 "recorded acts are public tables: a figure resting on fewer than {threshold} "
                 "persons is withheld (and enough others that it cannot be worked out), so "
                 "that no defender can be singled out.", threshold=threshold), Styles.body),
    ]
    first = min((a.date.year for a in acts if a.date.year <= period.end_year), default=None)
    if first is None:
        out.append(para(w.t("No act is recorded up to {year}.", year=period.end_year),
                        Styles.body))
    else:
        # Only tables of the public catalogue (hrdscore.stats.public), so that nothing charted
        # here can be subtracted from another public table.
        span = Period(start_year=first, end_year=period.end_year)
        (by_year,) = catalogue_tables(acts, None, ())
        shown = [c for c in by_year.cells if _last_year(c.key[0]) <= period.end_year]
        if len(shown) == len(by_year.cells):
            total = by_year.total.threats
        else:
            counts = [c.threats for c in shown]
            total = None if None in counts else sum(c or 0 for c in counts)
        if w.lang == "en":
            threats = f"{'withheld' if total is None else f'{total:,}'} threats"
        else:
            threats = (w.t("a withheld number of threats") if total is None
                       else w.count(total, "threat", "threats"))
        out.append(para(w.t("Recorded acts, {span}: {threats} in the evidence database.",
                            span=text(span.label), threats=threats), Styles.h2))
        common = w.t("Recorded acts, public table, figures under {threshold} persons "
                     "withheld.", threshold=threshold)
        out += _chart_block(w.t("Threats by year (recorded acts)"),
                            [charts.Bar(c.label[0], c.threats) for c in shown],
                            common + " " + w.t("Year of the act, or the year it began."), True,
                            w)
        field_words = None if w.lang == "en" else w.sector
        source_words = None if w.lang == "en" else (lambda code: source_category_words(code, w))
        for year in range(period.start_year, period.end_year + 1):
            by_field, by_source = catalogue_tables(acts, year, ("field", "source_category"))
            out += _chart_block(w.t("Threats by field of activity, {year} (recorded acts)",
                                    year=year),
                                _bars_from_table(by_field, field_words),
                                common + " " + w.t("A threat counts once in each of its "
                                                   "fields."), False, w)
            out += _chart_block(w.t("Threats by category of source, {year} (recorded acts)",
                                    year=year),
                                _bars_from_table(by_source, source_words),
                                common + " " + w.t("A threat counts once in each category "
                                                   "of its sources."), False, w)
    if reference is not None:
        out += _reference_charts(reference, w)
    return out


_REFERENCE_CHARTS = (
    ("threats-by-year", Measure.THREATS, True),
    ("threats-by-field", Measure.THREATS, False),
    ("sources-by-category", Measure.SOURCES, False),
)


def _reference_charts(ref: ReferenceFigures, w: Words = EN) -> list[Flowable]:
    out: list[Flowable] = [
        CondPageBreak(200),
        para(w.t("The report's own figures"), Styles.h2),
        para(w.t("The figures the report itself publishes, reproduced as printed (the "
                 "act-level data behind them is not public, so they cannot be recomputed "
                 "here). Where the report disagrees with itself, the note under the chart "
                 "says so."), Styles.note),
    ]
    if w.lang != "en":
        out.append(para(w.t("The titles, labels and notes of these figures are quoted in "
                            "English, as recorded from the report."), Styles.note))
    known = {f.id for f in ref.figures}
    for figure_id, measure, vertical in _REFERENCE_CHARTS:
        if figure_id not in known:
            continue
        fig = ref.figure(figure_id)
        bars = [charts.Bar(v.display, v.counts.get(measure)) for v in fig.values]
        where = "; ".join(dict.fromkeys(c.locator for c in fig.citations))
        if w.lang == "en":
            unit = "sources of threats" if measure is Measure.SOURCES else measure.value
            note = (f"As published in the report ({fig.period.label}), in {unit}. Source: "
                    f"{where}.")
        else:
            unit = (w.t("sources of threats") if measure is Measure.SOURCES
                    else w.t("threats"))
            note = w.t("As published in the report ({period}), in {unit}. Source: {where}.",
                       period=fig.period.label, unit=unit, where=where)
        if fig.discrepancies:
            note += (" " + w.t("Note:") + " "
                     + plain_words(fig.discrepancies[0]).replace("hrdscore's ", "the "))
        title = (f"{fig.title} (the report's figures)" if w.lang == "en"
                 else w.t("{title} (the report's figures)", title=fig.title))
        out += _chart_block(title, bars, text(note), vertical, w)
    return out
