"""The annual report for a period: cover, how to read a scorecard, the methodology in brief,
rankings by kind of actor, the information requests (as in the report's annex), charts of
incidents, one section per actor and the methodology annex.

Incident charts are public output: they use `hrdscore.stats` public tables, in which cells
with fewer persons than the threshold are withheld. Where act-level data is thin, the report's
own published figures are charted beside them, labelled as the report's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import Final

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, NextPageTemplate, PageBreak, TableStyle
from reportlab.platypus import Table as PdfTable

from hrdscore.catalog import Catalog
from hrdscore.errors import HrdscoreError
from hrdscore.followup.matrix import Matrix
from hrdscore.methodology import Methodology
from hrdscore.model import NotScored, Period, Report, Scorecard, Source
from hrdscore.model.vocab import ActorKind
from hrdscore.organisation import Organisation, current_organisation
from hrdscore.render.pdf.annex import methodology_annex, methodology_summary
from hrdscore.render.pdf.document import DocInfo, build_with_contents, outline
from hrdscore.render.pdf.followup import tracker_flowables
from hrdscore.render.pdf.how_to_read import how_to_read
from hrdscore.render.pdf.imprint import contents, imprint
from hrdscore.render.pdf.incidents import incidents_section
from hrdscore.render.pdf.report_requests import responsiveness_section
from hrdscore.render.pdf.scorecard import scorecard_story
from hrdscore.render.pdf.styles import (
    BAD,
    CELL_PADDING,
    CONTENT_WIDTH,
    WIDE_WIDTH,
    Styles,
    band_colour,
    gap,
    headed_tables,
    para,
    plain,
    score_colour,
    text,
)
from hrdscore.render.pdf.tracker_words import tracker_table
from hrdscore.render.pdf.words import EN, Words
from hrdscore.scoring import Responsiveness
from hrdscore.snapshot.views import ActView
from hrdscore.stats import (
    PUBLIC_THRESHOLD,
    ReferenceFigures,
    load_reference,
)


class _Shipped:
    """Default for `reference`: the report's published figures shipped with hrdscore."""


SHIPPED: Final = _Shipped()


@lru_cache(maxsize=1)
def _shipped_reference() -> ReferenceFigures | None:
    try:
        return load_reference()
    except (OSError, HrdscoreError):
        return None


def annual_report_pdf(cards: Sequence[Scorecard], *, period: Period,
                      responsiveness: Responsiveness, methodology: Methodology,
                      catalog: Catalog, acts: Sequence[ActView], generated_on: date,
                      reference: ReferenceFigures | _Shipped | None = SHIPPED,
                      organisation: Organisation | None = None,
                      not_scored: Sequence[NotScored] = (),
                      tracker: Matrix | tuple[Sequence[str], Sequence[Sequence[str]],
                                              Sequence[str]] | None = None,
                      cover_note: str | None = None,
                      reply: Sequence[Flowable] = (), w: Words = EN) -> bytes:
    """The annual report as PDF bytes. `not_scored` (methodology 2): actors listed after the
    rankings with the reason, never ranked. `acts`: every recorded act (the charts count those
    up to the end of the period, in public tables of `hrdscore.stats.public`).
    `reference`: the report's own published figures to chart beside them (default: the ones
    shipped for the methodology's report; None for none). `cover_note`: a warning printed on
    the cover (e.g. published without a reply round); `reply`: the right-of-reply section,
    printed after the rankings. `tracker`: the follow-up tracker (as a table of words, or the
    tracker itself to be put in the reader's language). `w`: the reader's language; texts that
    exist only in English in the data (recommendations, criteria, the report's figures) are
    quoted in English and marked so."""
    org = organisation or current_organisation()
    if isinstance(reference, _Shipped):
        reference = _shipped_reference()
    if reference is not None and reference.report != methodology.report:
        reference = None
    cards = sorted(cards, key=lambda c: (list(ActorKind).index(c.actor_kind),
                                         c.actor_name.casefold(), c.actor))
    report = next((r for r in catalog.reports if r.id == methodology.report), None)
    snapshot = cards[0].snapshot_hash if cards else responsiveness.snapshot_hash
    def story(entries: list[tuple[str, int]] | None) -> list[Flowable]:
        out: list[Flowable] = []
        out += _cover(cards, period, responsiveness, methodology, report, snapshot,
                      generated_on, cover_note, w)
        out += contents(entries, w)
        out += imprint(org, methodology, generated_on=generated_on, snapshot=snapshot,
                       period_end=period.end, w=w)
        out += [PageBreak()]
        out += how_to_read(methodology, w)
        out += methodology_summary(methodology, report.title if report else None, w)
        out += _rankings(cards, methodology, period, w)
        if not_scored:
            out += [para(w.t("Not scored"), Styles.h2), para(w.t(
                "Listed, never ranked: the organisations that publish these scorecards and "
                "actors no recommendation addresses."), Styles.note)]
            out += [para(f"<b>{text(n.actor_name)}</b>: {text(n.reason)}", Styles.body)
                    for n in not_scored]
        out += list(reply)
        out += responsiveness_section(responsiveness, w)
        table = tracker_table(tracker, w) if isinstance(tracker, Matrix) else tracker
        if table is not None and table[1]:
            out += tracker_flowables(w.t("Follow-up of the recommendations, {period}",
                                         period=period.label), *table, w=w)
        out += incidents_section(acts, period, reference, PUBLIC_THRESHOLD, w)
        out += _sections(cards, methodology, w)
        out += methodology_annex(methodology, catalog, w)
        return out

    info = DocInfo(
        title=w.t("Scorecards {period}: human rights defenders and corporate accountability",
                  period=period.label),
        subject=(f"Annual scorecards {period.label} of {len(cards)} actors against the "
                 f"recommendations of {report.title if report else methodology.report} "
                 f"(hrdscore methodology "
                 f"{methodology.version})" if w.lang == "en" else
                 w.t("Annual scorecards {period} of {n} actors against the recommendations of "
                     "“{report}” (hrdscore methodology {version})", period=period.label,
                     n=len(cards),
                     report=report.title if report else methodology.report,
                     version=methodology.version)),
        author=org.name,
        keywords=("scorecards", "annual report", "human rights defenders", "Kazakhstan",
                  period.label),
        snapshot_hash=snapshot, methodology_version=methodology.version,
        generated_on=generated_on,
        running_head=w.t("Scorecards {period} · methodology {version}", period=period.label,
                         version=methodology.version),
        lang=w.lang,
    )
    return build_with_contents(story, info)


# ------------------------------------------------------------------------------ cover

def _cover(cards: Sequence[Scorecard], period: Period, resp: Responsiveness,
           m: Methodology, report: Report | None, snapshot: str,
           generated_on: date, note: str | None = None, w: Words = EN) -> list[Flowable]:
    with_total = [c for c in cards if c.total is not None]
    flagged = [c for c in cards if c.red_flags]
    s = resp.summary
    out: list[Flowable] = [
        gap(30),
        para(w.t("ANNUAL SCORECARDS · {period}", period=text(period.label)), Styles.subtitle),
        outline(para(w.t("Scorecards {period}", period=text(period.label)),
                     Styles.cover_title), w.t("Scorecards {period}", period=period.label)),
        para(w.t("How governments, companies and other actors meet the recommendations on the "
                 "protection of human rights defenders working on corporate accountability"),
             Styles.cover_sub),
    ]
    if report is not None:
        out.append(para(w.t("Recommendations of “{title}”, {publishers}, {year}.",
                            title=text(report.title),
                            publishers=text(w.t(" and ").join(report.publishers)),
                            year=report.published_year), Styles.lead))
    if note:
        out.append(para(f"<b>{text(note)}{text(w.english_note())}</b>", Styles.flag))
    out.append(gap(10))
    figures = [
        (str(len(cards)), w.t("actors scored")),
        (str(len(with_total)), w.t("with a total")),
        (str(len(cards) - len(with_total)), w.t("with insufficient evidence")),
        (str(len(flagged)), w.t("with red flags")),
        (str(s.inquiries), w.t("information requests")),
        (w.pct(s.response_rate), w.t("answered in writing")),
    ]
    # Number and label in one cell, so the text reads "36 actors scored" when extracted.
    cells = [[[para(f"<b>{text(v)}</b>", Styles.total), plain(k, Styles.note)]
              for v, k in figures[i:i + 3]] for i in (0, 3)]
    grid = PdfTable(cells, colWidths=[CONTENT_WIDTH / 3] * 3, hAlign="LEFT")
    grid.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), Styles.body.fontName),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
    out += [grid, gap(12),
            para(w.t("Period: {period} · methodology {version} of {released} · generated "
                     "{day}", period=text(period.label), version=text(m.version),
                     released=w.date(m.released_on), day=w.date(generated_on)), Styles.body),
            para(w.t("Evidence snapshot (SHA-256): {hash}", hash=text(snapshot)),
                 Styles.small),
            gap(6),
            para(w.t("Every number in this report is computed from a frozen snapshot of the "
                     "evidence, whose hash is printed on every page, with the methodology "
                     "named above: the same inputs give the same report, byte for byte."),
                 Styles.note),
            PageBreak()]
    return out


# ------------------------------------------------------------------------------ rankings

def _rank(cards: Sequence[Scorecard]) -> list[tuple[str, Scorecard]]:
    """Competition ranking among actors with a total (ties share a rank); the rest after."""
    scored = sorted((c for c in cards if c.total is not None),
                    key=lambda c: (-(c.total or 0), c.actor_name.casefold(), c.actor))
    out: list[tuple[str, Scorecard]] = []
    previous: float | None = None
    rank = 0
    for i, card in enumerate(scored, start=1):
        if card.total != previous:
            rank, previous = i, card.total
        out.append((str(rank), card))
    rest = sorted((c for c in cards if c.total is None),
                  key=lambda c: (-c.coverage, c.actor_name.casefold(), c.actor))
    out += [("—", c) for c in rest]
    return out


def _change(card: Scorecard, w: Words) -> str:
    if card.change is None or card.change.delta is None:
        return "—"
    d = card.change.delta
    return ("+" if d > 0 else "−" if d < 0 else "±") + w.score(abs(d))


def _rankings(cards: Sequence[Scorecard], m: Methodology, period: Period,
              w: Words) -> list[Flowable]:
    out: list[Flowable] = [NextPageTemplate("landscape"), PageBreak(),
                           outline(para(w.t("Rankings"), Styles.h1), w.t("Rankings")),
                           para(w.t("Actors of each kind ranked by total for {period}. Pillar "
                                    "scores are out of 100; “—” means no score. Change: points "
                                    "since the previous period, on the criteria scored in "
                                    "both.", period=text(period.label)), Styles.note)]
    by_kind: dict[ActorKind, list[Scorecard]] = {}
    for card in cards:
        by_kind.setdefault(card.actor_kind, []).append(card)
    for kind in ActorKind:
        group = by_kind.get(kind)
        if not group:
            continue
        plan = m.kinds.get(kind)
        pillars = ([(p.id, p.label if w.lang == "en" else w.label("pillar", p.id))
                    for p in plan.pillars] if plan else [])
        title = w.label("kind_plural", kind)
        # The last two columns are narrow: other languages take a short word for each.
        flags = w.t("Red flags") if w.lang == "en" else w.t("red flags, in a column")
        change = w.t("Change") if w.lang == "en" else w.t("change, in a column")
        pillar_ws = [_fit(label, Styles.head_small_right, 76.0, w) for _, label in pillars]
        ends = [_fit(flags, Styles.head_small_right, 40, w),
                _fit(change, Styles.head_right, 46, w)]
        fixed = 24 + 86 + 54 + sum(pillar_ws) + sum(ends)
        widths = [24, WIDE_WIDTH - fixed, 86, 54, *pillar_ws, *ends]
        header = [para("#", Styles.head), para(w.t("Actor"), Styles.head),
                  para(w.t("Total"), Styles.head), para(w.t("Coverage"), Styles.head_right)]
        header += [para(text(label), Styles.head_small_right) for _, label in pillars]
        header += [para(flags, Styles.head_small_right), para(change, Styles.head_right)]
        rows = []
        for rank, card in _rank(group):
            scores = {p.pillar: p.score for p in card.pillars}
            band = (f'<br/><font size="6.8">{text(w.band(card.band))}</font>' if card.band
                    else "")
            colour = (band_colour(card.band, m.band_labels, for_text=True) if m.v2
                      else score_colour(card.total, for_text=True))
            total = (f'<font color="#{colour.hexval()[2:]}"><b>'
                     f"{w.score(card.total)}</b></font>{band}" if card.total is not None
                     else f'<font size="6.8">{text(w.band("insufficient evidence"))}</font>')
            rows.append([
                plain(rank, Styles.cell), plain(card.actor_name, Styles.cell),
                para(total, Styles.cell), plain(w.pct(card.coverage), Styles.cell_right),
                *[plain(w.score(scores.get(pid)), Styles.cell_right) for pid, _ in pillars],
                para(f'<font color="#{BAD.hexval()[2:]}"><b>{len(card.red_flags)}</b></font>'
                     if card.red_flags else "0", Styles.cell_right),
                plain(_change(card, w), Styles.cell_right),
            ])
        heading = outline(para(f"{text(title)} ({len(group)})", Styles.h2), title, 1)
        out += [*headed_tables([heading], header, rows, widths, chunk=1000), gap(3)]
    return out


def _fit(words: str, style: ParagraphStyle, least: float, w: Words) -> float:
    """A header column's width: `least`, or wider so that its longest word fits on a line
    (ReportLab would otherwise break a Russian or Kazakh pillar name inside a word). English
    keeps the widths it always had."""
    if w.lang == "en":
        return least
    longest = max((stringWidth(word, style.fontName, style.fontSize) for word in words.split()),
                  default=0.0)
    return max(least, math.ceil(longest) + 2 * CELL_PADDING + 1)


# ------------------------------------------------------------------------------ actors

def _sections(cards: Sequence[Scorecard], m: Methodology, w: Words) -> list[Flowable]:
    out: list[Flowable] = [PageBreak(),
                           outline(para(w.t("Scorecards, actor by actor"), Styles.h1),
                                   w.t("Scorecards, actor by actor")),
                           para(w.t("Each actor's scorecard in brief: red flags, the total, "
                                    "the pillars and every criterion that could be assessed, "
                                    "with its explanation. The full scorecard of each actor, "
                                    "with the evidence and its sources, is published as its "
                                    "own PDF."), Styles.body)]
    kind: ActorKind | None = None
    for card in cards:
        if card.actor_kind is not kind:
            kind = card.actor_kind
            heading = w.label("kind_plural", kind)
            out += [CondPageBreak(300), para(text(heading), Styles.subtitle)]
        out += scorecard_story(card, None, sources=_NO_SOURCES, methodology=m, compact=True,
                               w=w)
    return out


_NO_SOURCES: Mapping[str, Source] = MappingProxyType({})
