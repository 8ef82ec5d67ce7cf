"""One actor's scorecard as PDF, and the same as a section of the annual report.

Reading order follows what a reader needs first: who and when, red flags, the total (or why
there is none), the pillars, the information requests against the legal deadline, then every
recommendation with each criterion's level and explanation, and the evidence with its sources.

Privacy: this is public output. Victims are never named or numbered here; an act is shown by
its type, date, place and the actor's role, as in the scorecard's explanations, and nothing of a
confidential incident beyond that. Sources that are not public are not named.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from reportlab.platypus import Flowable, HRFlowable, Table, TableStyle

from hrdscore.labels import count_noun, label, plain_words
from hrdscore.methodology import Methodology
from hrdscore.model import (
    Period,
    Scorecard,
    Source,
)
from hrdscore.organisation import Organisation, current_organisation
from hrdscore.render.pdf import charts
from hrdscore.render.pdf.criteria import Refs, recommendations_section
from hrdscore.render.pdf.document import DocInfo, build_pdf, outline
from hrdscore.render.pdf.evidence import evidence_section
from hrdscore.render.pdf.fonts import REGULAR
from hrdscore.render.pdf.imprint import imprint
from hrdscore.render.pdf.scorecard_requests import requests_section
from hrdscore.render.pdf.styles import (
    ACCENT,
    BAD,
    CONTENT_WIDTH,
    FLAG_BG,
    LEVEL_LABELS,
    MISSING_LABELS,
    RULE,
    SHADE,
    Styles,
    fmt_pct,
    fmt_score,
    gap,
    headed_box,
    humanise,
    keep,
    para,
    plain,
    shorten,
    text,
)
from hrdscore.scoring.periods import fmt_date
from hrdscore.snapshot.evidence import ActorEvidence


def scorecard_pdf(card: Scorecard, evidence: ActorEvidence | None, *,
                  sources: Mapping[str, Source], methodology: Methodology,
                  generated_on: date, organisation: Organisation | None = None,
                  after: Sequence[Flowable] = ()) -> bytes:
    """The actor's scorecard as PDF bytes. `evidence` (the actor's records in the snapshot the
    card was computed from) adds aliases, sector, the request timeline and the evidence list;
    without it the PDF shows what the scorecard itself carries. `after`: sections printed
    after the scorecard (the right of reply)."""
    org = organisation or current_organisation()
    story = scorecard_story(card, evidence, sources=sources, methodology=methodology)
    story += list(after)
    story += [gap(3), *imprint(org, methodology, generated_on=generated_on,
                               snapshot=card.snapshot_hash,
                               period_end=Period.parse(card.period).end)]
    info = DocInfo(
        title=f"Scorecard {card.period}: {card.actor_name}",
        subject=(f"How {card.actor_name} meets the recommendations of report "
                 f"{methodology.report}, {card.period} (hrdscore methodology "
                 f"{card.methodology_version})"),
        author=org.name,
        keywords=("scorecard", "human rights defenders", "Kazakhstan", card.actor,
                  card.period),
        snapshot_hash=card.snapshot_hash, methodology_version=card.methodology_version,
        generated_on=generated_on,
        running_head=f"Scorecard {card.period} · {card.actor_name}",
    )
    return build_pdf(story, info)


# ------------------------------------------------------------------------------ the story

def scorecard_story(card: Scorecard, evidence: ActorEvidence | None, *,
                    sources: Mapping[str, Source], methodology: Methodology,
                    compact: bool = False) -> list[Flowable]:
    """The flowables of a scorecard. `compact` (the annual report's actor sections): no
    evidence list, and criteria not assessed summarised in one line instead of a row each."""
    refs = Refs.of(card)
    story: list[Flowable] = []
    story += _identity(card, evidence, compact)
    if card.headline:  # methodology 2: the headline leads
        band = f"<b>{text(card.band.capitalize())}.</b> " if card.band else ""
        story += [para(band + text(card.headline), Styles.body), gap(2)]
    if card.red_flags:
        story += [_red_flags(card), gap(3)]
    story += [_total_box(card), gap(3)]
    if card.pillars:
        story += [para("Pillars", Styles.h3 if compact else Styles.h2),
                  charts.pillar_bars(card.pillars, bands=methodology.band_labels)]
        if not compact:
            story.append(para(_pillars_note(methodology), Styles.small))
        story.append(gap(2))
    if compact:  # the head of a section stays in one piece
        story = [keep(*story)]
    if evidence is not None:
        story += requests_section(card)
    found = {a.id: a for a in evidence.assessments} if evidence is not None else None
    story += recommendations_section(card, None if compact else refs, compact, found)
    if evidence is not None and not compact:
        story += evidence_section(refs, evidence, sources)
    if not compact:
        story += _legend(methodology)
    return story


def _pillars_note(m: Methodology) -> str:
    total = (f"a total is given only when every weighted pillar has at least "
             f"{m.coverage_threshold:.0%} coverage" if m.is_v2
             else "the total weighs the pillars that have a score")
    return ("Each pillar is the mean of its recommendations, each recommendation the weighted "
            f"mean of its criteria (0-100); {total}. Coverage: the share of the pillar's "
            "applicable criteria (by weight) that could be assessed.")


def _identity(card: Scorecard, evidence: ActorEvidence | None,
              compact: bool) -> list[Flowable]:
    head = Styles.h1 if compact else Styles.title
    title = plain(card.actor_name, head)
    out: list[Flowable] = []
    if compact:
        out.append(HRFlowable(width="100%", thickness=0.8, color=ACCENT, spaceBefore=4,
                              spaceAfter=4))
    out.append(outline(title, card.actor_name, 1 if compact else 0))
    actor = evidence.actor if evidence is not None else None
    if actor is not None and actor.aliases:
        out.append(para("Also written: " + " · ".join(text(a) for a in actor.aliases),
                        Styles.subtitle if not compact else Styles.note))
    kind = label("kind", card.actor_kind)
    if compact:
        sector = (f" · sector {humanise(actor.sector.value)}"
                  if actor is not None and actor.sector is not None else "")
        out += [para(f"{text(kind.capitalize())}{text(sector)} · {text(card.period)}",
                     Styles.note), gap(1)]
        return out
    facts = [("Kind", kind)]
    if actor is not None and actor.sector is not None:
        facts.append(("Sector", humanise(actor.sector.value)))
    # The actor's id stays in the JSON and CSV files, where it joins the tables.
    facts += [("Period", card.period),
              ("Methodology", f"version {card.methodology_version}")]
    cells = [[plain(k, Styles.cell_small), plain(v, Styles.cell_bold)] for k, v in facts]
    # Two facts per row.
    rows = []
    for i in range(0, len(cells), 2):
        pair = cells[i:i + 2]
        rows.append([*pair[0], *(pair[1] if len(pair) > 1 else ["", ""])])
    table = Table(rows, colWidths=[22 * 3.6, 140, 22 * 3.6, CONTENT_WIDTH - 140 - 2 * 79.2],
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
    ]))
    out += [table, gap(3)]
    return out


def _red_flags(card: Scorecard) -> Flowable:
    items: list[Flowable] = [para(f"Red flag{'s' if len(card.red_flags) > 1 else ''}",
                                  Styles.flag_head)]
    items += [para("▲ " + text(shorten(plain_words(f.text))), Styles.flag) for f in card.red_flags]
    items.append(para("A red flag is shown whatever the total: no average hides it.",
                      Styles.small))
    return headed_box(items, border=BAD, background=FLAG_BG)


def _total_box(card: Scorecard) -> Flowable:
    if card.total is not None:
        left: list[Flowable] = [para("Total", Styles.small),
                                para(f"{fmt_score(card.total)}<font size=12> / 100</font>",
                                     Styles.total)]
    else:
        reason = card.total_reason or "no total"
        head, _, rest = reason.partition(":")
        left = [para("Total", Styles.small),
                para(text(head[:1].upper() + head[1:]), Styles.total_none)]
        if rest.strip():
            left.append(plain(rest.strip()[:1].upper() + rest.strip()[1:] + ".", Styles.note))
    right: list[Flowable] = [para(f"<b>Coverage</b> {fmt_pct(card.coverage)} of the "
                                  "applicable criteria (by weight) assessed.", Styles.body)]
    if card.adjustment is not None:
        right.append(para(
            f"<b>Conduct towards defenders</b>: {fmt_score(card.total_before_adjustment)} "
            f"before adjustment, {fmt_score(card.total)} after "
            f"(−{fmt_score(card.adjustment.points)} points, capped at "
            f"{fmt_score(card.adjustment.cap)}). {text(shorten(card.adjustment.text))}",
            Styles.body))
    right.append(para(_change_text(card), Styles.body))
    table = Table([[left, right]], colWidths=[170, CONTENT_WIDTH - 170], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, 0), SHADE),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def _change_text(card: Scorecard) -> str:
    change = card.change
    if change is None:
        return "<b>Change</b>: not computed for this scorecard."
    if change.criteria_compared == 0:
        return (f"<b>Change since {text(change.previous_period)}</b>: none can be shown, as no "
                f"criterion was scored in both {text(change.previous_period)} and "
                f"{text(card.period)}.")
    if change.delta is None or change.previous_total is None:
        return (f"<b>Change since {text(change.previous_period)}</b>: "
                f"{change.criteria_compared} criteria were scored in both periods, but they "
                "give no comparable total.")
    now = change.previous_total + change.delta
    sign = "+" if change.delta > 0 else "−" if change.delta < 0 else "±"
    return (f"<b>Change since {text(change.previous_period)}</b>: {sign}"
            f"{fmt_score(abs(change.delta))} points ({fmt_score(change.previous_total)} then, "
            f"{fmt_score(now)} now), on the "
            f"{count_noun(change.criteria_compared, 'criterion', 'criteria')} scored in both "
            "periods only.")


def _legend(m: Methodology) -> list[Flowable]:
    points = ", ".join(f"{LEVEL_LABELS[level]} {m.points[level]:g}" for level in m.points)
    missing = "; ".join(
        f"{MISSING_LABELS[s]}: " + ("excluded" if v is None else f"scores {v:g}")
        for s, v in m.missing_points.items())
    return [gap(4), para("How to read this scorecard", Styles.h3),
            para(f"Levels and points: {text(points)}. Missing evidence is never a silent zero "
                 f"({text(missing)}). Below {m.coverage_threshold:.0%} coverage the total "
                 "reads “insufficient evidence”; pillar scores are still shown, each with its "
                 "own coverage. Change from the previous period uses only the criteria scored "
                 f"in both. Methodology {text(m.version)} of {fmt_date(m.released_on)}.",
                 Styles.note)]
