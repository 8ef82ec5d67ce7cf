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

from hrdscore.labels import plain_words
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
    RULE,
    SHADE,
    Styles,
    gap,
    headed_box,
    humanise,
    keep,
    para,
    plain,
    shorten,
    text,
)
from hrdscore.render.pdf.words import EN, Words
from hrdscore.snapshot.evidence import ActorEvidence


def scorecard_pdf(card: Scorecard, evidence: ActorEvidence | None, *,
                  sources: Mapping[str, Source], methodology: Methodology,
                  generated_on: date, organisation: Organisation | None = None,
                  after: Sequence[Flowable] = (), w: Words = EN) -> bytes:
    """The actor's scorecard as PDF bytes. `evidence` (the actor's records in the snapshot the
    card was computed from) adds aliases, sector, the request timeline and the evidence list;
    without it the PDF shows what the scorecard itself carries. `after`: sections printed
    after the scorecard (the right of reply, worded in `w`'s language by its caller). `w`:
    the reader's language."""
    org = organisation or current_organisation()
    story = scorecard_story(card, evidence, sources=sources, methodology=methodology, w=w)
    story += list(after)  # in the reader's language (`reply_section`)
    story += [gap(3), *imprint(org, methodology, generated_on=generated_on,
                               snapshot=card.snapshot_hash,
                               period_end=Period.parse(card.period).end, w=w)]
    info = DocInfo(
        title=w.t("Scorecard {period}: {name}", period=card.period, name=card.actor_name),
        subject=(f"How {card.actor_name} meets the recommendations of report "
                 f"{methodology.report}, {card.period} (hrdscore methodology "
                 f"{card.methodology_version})"),
        author=org.name,
        keywords=("scorecard", "human rights defenders", "Kazakhstan", card.actor,
                  card.period),
        snapshot_hash=card.snapshot_hash, methodology_version=card.methodology_version,
        generated_on=generated_on,
        running_head=w.t("Scorecard {period} · {name}", period=card.period,
                         name=card.actor_name),
        lang=w.lang,
    )
    return build_pdf(story, info)


# ------------------------------------------------------------------------------ the story

def scorecard_story(card: Scorecard, evidence: ActorEvidence | None, *,
                    sources: Mapping[str, Source], methodology: Methodology,
                    compact: bool = False, w: Words = EN) -> list[Flowable]:
    """The flowables of a scorecard. `compact` (the annual report's actor sections): no
    evidence list, and criteria not assessed summarised in one line instead of a row each."""
    refs = Refs.of(card)
    story: list[Flowable] = []
    story += _identity(card, evidence, compact, w)
    if card.headline:  # methodology 2: the headline leads
        band = (f"<b>{text(w.band(card.band).capitalize())}.</b> " if card.band else "")
        story += [para(band + text(card.headline) + text(w.english_note()), Styles.body),
                  gap(2)]
    if card.red_flags:
        story += [_red_flags(card, w), gap(3)]
    story += [_total_box(card, w), gap(3)]
    if card.pillars:
        story += [para(w.t("Pillars"), Styles.h3 if compact else Styles.h2),
                  charts.pillar_bars(card.pillars, bands=methodology.band_labels, w=w)]
        if not compact:
            story.append(para(_pillars_note(methodology, w), Styles.small))
        story.append(gap(2))
    if compact:  # the head of a section stays in one piece
        story = [keep(*story)]
    if evidence is not None:
        story += requests_section(card, w)
    found = {a.id: a for a in evidence.assessments} if evidence is not None else None
    story += recommendations_section(card, None if compact else refs, compact, found, w)
    if evidence is not None and not compact:
        story += evidence_section(refs, evidence, sources, w)
    if not compact:
        story += _legend(methodology, w)
    return story


def _pillars_note(m: Methodology, w: Words) -> str:
    total = (w.t("a total is given only when every weighted pillar has at least {share} "
                 "coverage", share=w.threshold(m.coverage_threshold)) if m.is_v2
             else w.t("the total weighs the pillars that have a score"))
    return w.t("Each pillar is the mean of its recommendations, each recommendation the "
               "weighted mean of its criteria (0-100); {total}. Coverage: the share of the "
               "pillar's applicable criteria (by weight) that could be assessed.", total=total)


def _identity(card: Scorecard, evidence: ActorEvidence | None,
              compact: bool, w: Words) -> list[Flowable]:
    head = Styles.h1 if compact else Styles.title
    title = plain(card.actor_name, head)
    out: list[Flowable] = []
    if compact:
        out.append(HRFlowable(width="100%", thickness=0.8, color=ACCENT, spaceBefore=4,
                              spaceAfter=4))
    out.append(outline(title, card.actor_name, 1 if compact else 0))
    actor = evidence.actor if evidence is not None else None
    if actor is not None and actor.aliases:
        out.append(para(w.t("Also written: ") + " · ".join(text(a) for a in actor.aliases),
                        Styles.subtitle if not compact else Styles.note))
    kind = w.label("kind", card.actor_kind)
    if compact:
        sector = (w.t(" · sector {sector}", sector=humanise(actor.sector.value)
                      if w.lang == "en" else w.sector(actor.sector.value))
                  if actor is not None and actor.sector is not None else "")
        out += [para(f"{text(kind.capitalize())}{text(sector)} · {text(card.period)}",
                     Styles.note), gap(1)]
        return out
    facts = [(w.t("Kind"), kind)]
    if actor is not None and actor.sector is not None:
        facts.append((w.t("Sector"), humanise(actor.sector.value) if w.lang == "en"
                      else w.sector(actor.sector.value)))
    # The actor's id stays in the JSON and CSV files, where it joins the tables.
    facts += [(w.t("Period"), card.period),
              (w.t("Methodology"), w.t("version {v}", v=card.methodology_version))]
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


def _red_flags(card: Scorecard, w: Words) -> Flowable:
    items: list[Flowable] = [para(w.t("Red flags") if len(card.red_flags) > 1
                                  else w.t("Red flag"), Styles.flag_head)]
    items += [para("▲ " + text(shorten(plain_words(f.text))) + text(w.english_note()),
                   Styles.flag) for f in card.red_flags]
    items.append(para(w.t("A red flag is shown whatever the total: no average hides it."),
                      Styles.small))
    return headed_box(items, border=BAD, background=FLAG_BG)


def _total_box(card: Scorecard, w: Words) -> Flowable:
    if card.total is not None:
        left: list[Flowable] = [para(w.t("Total"), Styles.small),
                                para(f"{w.score(card.total)}<font size=12> / 100</font>",
                                     Styles.total)]
    else:
        reason = card.total_reason or "no total"
        head, _, rest = reason.partition(":")
        if w.lang != "en":  # the reason is English prose; its head is one of a few words
            head, rest = w.reason(head), ""
        left = [para(w.t("Total"), Styles.small),
                para(text(head[:1].upper() + head[1:]), Styles.total_none)]
        if rest.strip():
            left.append(plain(rest.strip()[:1].upper() + rest.strip()[1:] + ".", Styles.note))
    right: list[Flowable] = [para(w.t("<b>Coverage</b> {share} of the applicable criteria "
                                      "(by weight) assessed.", share=w.pct(card.coverage)),
                                  Styles.body)]
    if card.adjustment is not None:
        right.append(para(
            w.t("<b>Conduct towards defenders</b>: {before} before adjustment, {after} after "
                "(−{points} points, capped at {cap}).",
                before=w.score(card.total_before_adjustment), after=w.score(card.total),
                points=w.score(card.adjustment.points), cap=w.score(card.adjustment.cap))
            + f" {text(shorten(card.adjustment.text))}{text(w.english_note())}",
            Styles.body))
    right.append(para(_change_text(card, w), Styles.body))
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


def _change_text(card: Scorecard, w: Words) -> str:
    change = card.change
    if change is None:
        return w.t("<b>Change</b>: not computed for this scorecard.")
    before = text(change.previous_period)
    if change.criteria_compared == 0:
        return w.t("<b>Change since {before}</b>: none can be shown, as no criterion was "
                   "scored in both {before} and {now}.", before=before, now=text(card.period))
    if change.delta is None or change.previous_total is None:
        return w.t("<b>Change since {before}</b>: {n} criteria were scored in both periods, "
                   "but they give no comparable total.", before=before,
                   n=change.criteria_compared)
    now = change.previous_total + change.delta
    sign = "+" if change.delta > 0 else "−" if change.delta < 0 else "±"
    return w.t("<b>Change since {before}</b>: {sign}{delta} points ({then} then, {now} now), "
               "on the {criteria} scored in both periods only.", before=before, sign=sign,
               delta=w.score(abs(change.delta)), then=w.score(change.previous_total),
               now=w.score(now),
               criteria=w.count(change.criteria_compared, "criterion", "criteria"))


def _legend(m: Methodology, w: Words) -> list[Flowable]:
    points = ", ".join(f"{w.label('level', level)} {w.number(f'{m.points[level]:g}')}"
                       for level in m.points)
    missing = "; ".join(
        f"{w.label('missing', s)}: " + (w.t("excluded") if v is None
                                        else w.t("scores {v}", v=w.number(f"{v:g}")))
        for s, v in m.missing_points.items())
    return [gap(4), para(w.t("How to read this scorecard"), Styles.h3),
            para(w.t("Levels and points: {points}. Missing evidence is never a silent zero "
                     "({missing}). Below {share} coverage the total reads “insufficient "
                     "evidence”; pillar scores are still shown, each with its own coverage. "
                     "Change from the previous period uses only the criteria scored in both. "
                     "Methodology {version} of {released}.", points=text(points),
                     missing=text(missing), share=w.threshold(m.coverage_threshold),
                     version=text(m.version), released=w.date(m.released_on)),
                 Styles.note)]
