"""One actor's scorecard as PDF, and the same as a section of the annual report.

Reading order follows what a reader needs first: who and when, red flags, the total (or why
there is none), the pillars, the information requests against the legal deadline, then every
recommendation with each criterion's level and explanation, and the evidence with its sources.

Privacy: this is public output. Victims are never named or numbered here; an act is shown by
its type, date, place and the actor's role, as in the scorecard's explanations, and nothing of a
confidential incident beyond that. Sources that are not public are not named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reportlab.platypus import Flowable, HRFlowable, Paragraph, Table, TableStyle

from hrdscore.methodology import Methodology
from hrdscore.model import (
    Assessment,
    Citation,
    CriterionResult,
    Incident,
    Inquiry,
    Reply,
    Scorecard,
    Source,
)
from hrdscore.model.vocab import ActorKind, Confidentiality, MissingState, ReplySubstance
from hrdscore.privacy import CONFIDENTIAL
from hrdscore.render.pdf import charts
from hrdscore.render.pdf.fonts import REGULAR
from hrdscore.render.pdf.styles import (
    ACCENT,
    BAD,
    CONTENT_WIDTH,
    FLAG_BG,
    LEVEL_LABELS,
    MISSING_LABELS,
    RULE,
    SHADE,
    DocInfo,
    Styles,
    build_pdf,
    chunked_tables,
    fmt_pct,
    fmt_score,
    gap,
    headed_box,
    headed_tables,
    humanise,
    keep,
    level_colour,
    outline,
    para,
    plain,
    shorten,
    text,
)
from hrdscore.scoring.periods import fmt_act_date, fmt_date
from hrdscore.snapshot.evidence import ActorEvidence
from hrdscore.snapshot.views import ActView
from hrdscore.text import sentence

AUTHOR = "hrdscore"
KIND_LABELS: dict[ActorKind, str] = {
    ActorKind.STATE_BODY: "state body", ActorKind.COMPANY: "company", ActorKind.BANK: "bank",
    ActorKind.PUBLIC_ORGANISATION: "public organisation",
    ActorKind.CIVIL_SOCIETY: "civil society organisation",
    ActorKind.INTERNATIONAL_BODY: "international body",
}
KIND_PLURALS: dict[ActorKind, str] = {
    ActorKind.STATE_BODY: "State bodies", ActorKind.COMPANY: "Companies",
    ActorKind.BANK: "Banks", ActorKind.PUBLIC_ORGANISATION: "Public organisations",
    ActorKind.CIVIL_SOCIETY: "Civil society organisations",
    ActorKind.INTERNATIONAL_BODY: "International bodies",
}
TIMELINE_ROWS = 30
# A scorecard is read, not searched: past these many requests or evidence records the PDF lists
# the first ones and says where the rest are (the scorecard's JSON and CSV list every id). The
# busiest synthetic actor otherwise made a 302-page PDF in 4.8 s.
LISTED_REQUESTS = 60
LISTED_EVIDENCE = 150
TIMELINESS_LABELS = {"on_time": "on time", "probably_on_time": "possibly on time",
                     "late": "late", "no_reply": "no written reply", "unknown": "date unknown",
                     "pending": "deadline not yet passed"}


def scorecard_pdf(card: Scorecard, evidence: ActorEvidence | None, *,
                  sources: Mapping[str, Source], methodology: Methodology,
                  generated_on: date) -> bytes:
    """The actor's scorecard as PDF bytes. `evidence` (the actor's records in the snapshot the
    card was computed from) adds aliases, sector, the request timeline and the evidence list;
    without it the PDF shows what the scorecard itself carries."""
    story = scorecard_story(card, evidence, sources=sources, methodology=methodology)
    info = DocInfo(
        title=f"Scorecard {card.period}: {card.actor_name}",
        subject=(f"How {card.actor_name} meets the recommendations of report "
                 f"{methodology.report}, {card.period} (hrdscore methodology "
                 f"{card.methodology_version})"),
        author=AUTHOR,
        keywords=("scorecard", "human rights defenders", "Kazakhstan", card.actor,
                  card.period),
        snapshot_hash=card.snapshot_hash, methodology_version=card.methodology_version,
        generated_on=generated_on,
        running_head=f"Scorecard {card.period} · {card.actor_name}",
    )
    return build_pdf(story, info)


# ------------------------------------------------------------------------------ the story

@dataclass
class _Refs:
    """Evidence ids numbered E1, E2 ... in order of first mention, and the documents."""

    order: dict[str, int]

    @classmethod
    def of(cls, card: Scorecard) -> _Refs:
        order: dict[str, int] = {}
        ids: list[str] = [i for f in card.red_flags for i in f.evidence]
        ids += [i for r in card.recommendations for c in r.criteria
                for i in c.explanation.evidence]
        if card.adjustment:
            ids += card.adjustment.acts
        for i in ids:
            order.setdefault(i, len(order) + 1)
        return cls(order)

    def mark(self, ids: Iterable[str], most: int = 12) -> str:
        """'E1, E3-E9, E12': consecutive numbers as ranges, at most `most` of them."""
        numbers = sorted({self.order[i] for i in ids if i in self.order})
        runs: list[tuple[int, int]] = []
        for n in numbers:
            if runs and runs[-1][1] == n - 1:
                runs[-1] = (runs[-1][0], n)
            else:
                runs.append((n, n))
        shown = [f"E{a}" if a == b else f"E{a}–E{b}" for a, b in runs[:most]]
        if len(runs) > most:
            rest = sum(b - a + 1 for a, b in runs[most:])
            shown.append(f"and {rest} more")
        return ", ".join(shown)


def scorecard_story(card: Scorecard, evidence: ActorEvidence | None, *,
                    sources: Mapping[str, Source], methodology: Methodology,
                    compact: bool = False) -> list[Flowable]:
    """The flowables of a scorecard. `compact` (the annual report's actor sections): no
    evidence list, and criteria not assessed summarised in one line instead of a row each."""
    refs = _Refs.of(card)
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
                  charts.pillar_bars(card.pillars)]
        if not compact:
            story.append(para(
                "Each pillar is the mean of its recommendations, each recommendation the "
                "weighted mean of its criteria (0-100); the total weighs the pillars that have "
                "a score. Coverage: the share of the pillar's applicable criteria (by weight) "
                "that could be assessed.", Styles.small))
        story.append(gap(2))
    if compact:  # the head of a section stays in one piece
        story = [keep(*story)]
    if evidence is not None:
        story += _requests(card)
    story += _recommendations(card, refs, compact)
    if evidence is not None and not compact:
        story += _evidence(refs, evidence, sources)
    if not compact:
        story += _legend(methodology)
    return story


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
    kind = KIND_LABELS.get(card.actor_kind, humanise(card.actor_kind.value))
    if compact:
        sector = (f" · sector {humanise(actor.sector.value)}"
                  if actor is not None and actor.sector is not None else "")
        out += [para(f"{text(kind.capitalize())}{text(sector)} · {text(card.period)} · "
                     f"actor id {text(card.actor)}", Styles.note), gap(1)]
        return out
    facts = [("Kind", kind)]
    if actor is not None and actor.sector is not None:
        facts.append(("Sector", humanise(actor.sector.value)))
    facts += [("Period", card.period),
              ("Methodology", f"version {card.methodology_version}"),
              ("Actor id", card.actor)]
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
    items += [para("▲ " + text(shorten(f.text)), Styles.flag) for f in card.red_flags]
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
            f"{fmt_score(now)} now), on the {change.criteria_compared} criteria scored in both "
            "periods only.")


# ------------------------------------------------------------------------------ requests

def _requests(card: Scorecard) -> list[Flowable]:
    """The requests as scoring judged them (`card.requests`): nothing is worked out here."""
    requests = card.requests
    if not requests:
        return []
    deadline = requests[0].deadline_days
    rows: list[list[Flowable | str]] = []
    lines: list[charts.TimelineRow] = []
    undated = 0
    unlisted = max(0, len(requests) - LISTED_REQUESTS)
    for r in requests[:LISTED_REQUESTS]:
        ref = f"No. {r.reference}" if r.reference else "without a number"
        start = r.received_on or r.sent_on
        if start is not None:
            lines.append(charts.TimelineRow(ref, start, start + timedelta(days=deadline),
                                            r.replied_on, r.status))
        else:
            undated += 1
        sent = (fmt_date(r.sent_on) if r.sent_on
                else f"{r.sent_year}, day unknown" if r.sent_year else "unknown")
        received = f"received {fmt_date(r.received_on)}" if r.received_on else ""
        reply = fmt_date(r.replied_on) if r.replied_on else "—"
        substance = (humanise(r.substance.value) if r.substance is not ReplySubstance.NO_REPLY
                     else "no written reply")
        if r.verbal_on is not None:
            substance += f"; verbal reply {fmt_date(r.verbal_on)}"
        if r.declined:
            substance += "; declined when called"
        rows.append([
            plain(ref, Styles.cell_bold),
            para(text(sent) + (f"<br/>{text(received)}" if received else ""), Styles.cell),
            plain(reply, Styles.cell),
            plain("" if r.days is None else str(r.days), Styles.cell_right),
            para(f"<b>{text(TIMELINESS_LABELS.get(r.status, r.status))}</b>: "
                 f"{text(r.text)}. Substance: {text(substance)}.", Styles.cell),
        ])
    out: list[Flowable] = [
        para("Information requests and replies", Styles.h2),
        para(f"Requests sent to {text(card.actor_name)} in {text(card.period)}, against the "
             f"legal deadline of {deadline} calendar days from receipt (Law “On Access to "
             "Information”, art. 11(10)). Where only the letter date is known, the days are "
             "counted from it.", Styles.note),
    ]
    # A drawing cannot break across pages: many requests make several timelines.
    for at in range(0, len(lines), TIMELINE_ROWS):
        out.append(charts.timeline(lines[at:at + TIMELINE_ROWS], deadline_days=deadline))
    if undated:
        out.append(para(f"{undated} request(s) without a known date are in the table but not on "
                        "the timeline.", Styles.small))
    header = [para(h, Styles.head) for h in ("Request", "Letter", "Reply", "Days",
                                             "Timeliness and substance")]
    out += [gap(2), *chunked_tables(header, rows, [62, 78, 58, 30, CONTENT_WIDTH - 228])]
    if unlisted:
        out.append(para(f"The first {LISTED_REQUESTS} of {len(requests)} requests are shown; "
                        f"{unlisted} more are in the responsiveness table (CSV or JSON) of "
                        f"{text(card.period)}.", Styles.small))
    out.append(gap(3))
    return out


# ------------------------------------------------------------------------------ criteria

def _level_cell(c: CriterionResult) -> Paragraph:
    colour = level_colour(c.level, c.points).hexval()[2:]
    if c.level is not None:
        name = LEVEL_LABELS.get(c.level, humanise(c.level.value))
    elif c.missing is not None:
        name = MISSING_LABELS.get(c.missing, humanise(c.missing.value))
    else:
        name = "—"
    points = "excluded" if c.points is None else f"{fmt_score(c.points)} points"
    return para(f'<font color="#{colour}"><b>{text(name)}</b></font><br/>'
                f'<font size="6.8" color="#52606d">{points}</font>', Styles.cell)


def _criterion_rows(card: Scorecard, criteria: Sequence[CriterionResult], refs: _Refs,
                    pillars: Mapping[str, str], with_statement: bool) -> list[list[Paragraph]]:
    rows = []
    for c in criteria:
        short = c.criterion.removeprefix(c.recommendation + ".")
        meta = f"{text(pillars.get(c.pillar, humanise(c.pillar)))} · weight {c.weight:g}"
        first = (f"<b>{text(short)}</b> {text(c.statement)}<br/>"
                 f'<font size="6.8" color="#52606d">{meta}</font>' if with_statement
                 else f"<b>{text(c.criterion)}</b><br/>"
                      f'<font size="6.8" color="#52606d">{meta}</font>')
        basis = c.explanation.basis.replace("rule:", "rule ").replace(
            "assessment:", "assessment ")
        marks = refs.mark(c.explanation.evidence)
        small = f"Basis: {text(basis)}" + (f" · evidence {marks}" if marks else "")
        rows.append([para(first, Styles.cell), _level_cell(c),
                     para(f'{text(shorten(c.explanation.text))}<br/><font size="6.8" '
                          f'color="#52606d">{small}</font>', Styles.cell)])
    return rows


def _recommendations(card: Scorecard, refs: _Refs, compact: bool) -> list[Flowable]:
    pillars = {p.pillar: p.label for p in card.pillars}
    out: list[Flowable] = []
    if compact:
        assessed = [c for r in card.recommendations for c in r.criteria
                    if c.missing is not MissingState.NOT_ASSESSED]
        skipped = [c for r in card.recommendations for c in r.criteria
                   if c.missing is MissingState.NOT_ASSESSED]
        if not assessed:
            out.append(para(f"None of the {len(skipped)} applicable criteria could be assessed "
                            f"for {text(card.period)}.", Styles.note))
        else:
            header = [para(h, Styles.head) for h in ("Criterion", "Level", "Explanation")]
            out += headed_tables([para("Criteria assessed", Styles.h3)], header,
                                 _criterion_rows(card, assessed, refs, pillars, False),
                                 [112, 66, CONTENT_WIDTH - 178])
            if skipped:
                out.append(para(
                    f"Not assessed ({len(skipped)} criteria, excluded from the total and "
                    "lowering coverage): " + ", ".join(text(c.criterion) for c in skipped)
                    + ".", Styles.small))
        out.append(gap(4))
        return out
    section = outline(para("Recommendations and criteria", Styles.h2),
                      "Recommendations and criteria", 1)
    header = [para(h, Styles.head) for h in ("Criterion", "Level", "Explanation")]
    for i, rec in enumerate(card.recommendations):
        score = ("no score" if rec.score is None else f"score {fmt_score(rec.score)}")
        title = para(f"{text(humanise(rec.addressee).capitalize())}, recommendation "
                     f"{rec.number} <font color='#52606d' size='8'>({text(rec.recommendation)}"
                     f" · {score})</font>", Styles.h3)
        quote = plain(f"“{rec.text}”", Styles.quote)
        first = [section] if i == 0 else []
        out += [*headed_tables([*first, title, quote], header,
                               _criterion_rows(card, rec.criteria, refs, pillars, True),
                               [190, 62, CONTENT_WIDTH - 252]), gap(2)]
    if not card.recommendations:
        out += [section, para("No recommendation applies to this actor.", Styles.body)]
    return out


# ------------------------------------------------------------------------------ evidence

def _find(ev: ActorEvidence) -> dict[str, object]:
    found: dict[str, object] = {}
    for inq in ev.inquiries:
        found[inq.id] = inq
    for reply in ev.replies:
        found[reply.id] = reply
    for act in ev.acts:
        found[act.id] = act
    for assessment in ev.assessments:
        found[assessment.id] = assessment
    for incident_id in ev.incident_ids:
        found.setdefault(incident_id, incident_id)  # resolved lazily below
    return found


class _Documents:
    """Sources cited, numbered S1, S2 ... in order of first citation."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self.sources = sources
        self.order: dict[str, int] = {}

    def cite(self, citations: Sequence[Citation], *, quotes: bool = True) -> str:
        parts = []
        for c in citations:
            n = self.order.setdefault(c.source, len(self.order) + 1)
            part = f"[S{n}] {text(c.locator)}"
            if quotes and c.quote and self._public(c.source):
                quote = c.quote if len(c.quote) <= 240 else c.quote[:239] + "…"
                part += f": <i>“{text(quote)}”</i>"
            parts.append(part)
        return "; ".join(parts)

    def _public(self, source_id: str) -> bool:
        source = self.sources.get(source_id)
        return source is not None and source.public

    def rows(self) -> list[list[Paragraph]]:
        rows = []
        for source_id, n in self.order.items():
            source = self.sources.get(source_id)
            if source is None:
                desc = f"{text(source_id)} (not in this snapshot)"
            elif not source.public:
                desc = "A non-public document, kept by the monitor (not named here)."
            else:
                desc = f"<b>{text(source.title)}</b>"
                if source.published_on:
                    desc += f", {fmt_date(source.published_on)}"
                if source.url:
                    desc += f"<br/>{text(source.url)}"
                if source.sha256:
                    desc += (f'<br/><font size="6.5" color="#52606d">SHA-256 of the kept copy '
                             f"{source.sha256}</font>")
            rows.append([plain(f"S{n}", Styles.cell_bold), para(desc, Styles.cell)])
        return rows



def _describe(item: object, item_id: str, ev: ActorEvidence, docs: _Documents,
              incidents: Mapping[str, Incident]) -> str:
    if isinstance(item, Inquiry):
        ref = f"No. {item.reference}" if item.reference else "without a number"
        when = fmt_date(item.sent_on) if item.sent_on else (str(item.year or "date unknown"))
        desc = f"Information request {text(ref)} of {text(when)}"
        if item.subject:
            desc += f": {text(item.subject)}"
        return f"{sentence(desc)} {docs.cite(item.citations)}"
    if isinstance(item, Reply):
        desc = f"{humanise(item.mode.value).capitalize()} reply of {fmt_date(item.received_on)}"
        if item.reference:
            desc += f", ref. {text(item.reference)}"
        if item.signatory_role:
            desc += f", signed by the {text(item.signatory_role)}"
        desc = sentence(desc + f": {humanise(item.substance.value)}")
        if item.excerpt:
            excerpt = item.excerpt.strip().strip("“”\"'‘’").strip()
            excerpt = excerpt if len(excerpt) <= 300 else excerpt[:299] + "…"
            desc += f" Excerpt: <i>“{text(excerpt)}”</i>"
        return f"{desc} {docs.cite(item.citations)}"
    if isinstance(item, ActView):
        return _describe_act(item, ev, docs, incidents)
    if isinstance(item, Assessment):
        desc = sentence(f"Analyst's assessment as of {fmt_date(item.as_of)} "
                         f"({item.review.value}): {text(item.rationale)}")
        return desc + (f" {docs.cite(item.citations)}" if item.citations else "")
    if item is None and item_id == CONFIDENTIAL:
        return "Records withheld from publication (a confidential incident, or a document " \
               "that is not public)."
    if isinstance(item, str):  # an incident id
        incident = incidents.get(item)
        if incident is None:
            return f"{text(item_id)} (not in this snapshot)."
        if incident.confidentiality is Confidentiality.CONFIDENTIAL:
            return "An incident recorded confidentially (details withheld)."
        return (f"{sentence('Incident: ' + text(incident.title))} "
                f"{docs.cite(incident.citations, quotes=False)}")
    return f"{text(item_id)} (not in this snapshot)."


def _describe_act(act: ActView, ev: ActorEvidence, docs: _Documents,
                  incidents: Mapping[str, Incident]) -> str:
    members = {ev.actor.id}
    roles = sorted({f"{i.role.value}{', alleged' if i.alleged else ''}"
                    for i in act.involvements if i.actor in members}) or ["a body below it"]
    desc = (f"Act against a defender: {humanise(act.type.value)}, {fmt_act_date(act)}; "
            f"role of {text(ev.actor.name)}: {'; '.join(roles)}; "
            f"{humanise(act.verification.value)}")
    if act.confidential:
        return desc + " (recorded in a confidential incident: details withheld)."
    place = ", ".join(p for p in (act.city, act.region) if p)
    if place:
        desc += f"; {text(place)}"
    incident = incidents.get(act.incident)
    if incident is not None:
        desc = sentence(desc) + " " + sentence(f"Incident: {text(incident.title)}")
        return f"{desc} {docs.cite(incident.citations, quotes=False)}"
    return sentence(desc)


def _evidence(refs: _Refs, ev: ActorEvidence, sources: Mapping[str, Source]) -> list[Flowable]:
    if not refs.order:
        return []
    found = _find(ev)
    docs = _Documents(sources)
    incidents = ev.incident_models  # built only for the incidents described below
    listed = list(refs.order.items())[:LISTED_EVIDENCE]
    rows = [[plain(f"E{n}", Styles.cell_bold), plain(item_id, Styles.cell_small),
             para(_describe(found.get(item_id), item_id, ev, docs, incidents), Styles.cell)]
            for item_id, n in listed]
    header = [para(h, Styles.head) for h in ("", "Record", "What it is, and where it is cited")]
    out: list[Flowable] = [
        outline(para("Evidence", Styles.h2), "Evidence", 1),
        para("Every record an explanation above rests on, with the passages it is taken from. "
             "Victims of acts are never identified.", Styles.note),
        *chunked_tables(header, rows, [26, 110, CONTENT_WIDTH - 136]),
    ]
    if len(refs.order) > len(listed):
        out.append(para(f"Records E1-E{len(listed)} of {len(refs.order)} are listed; the "
                        "scorecard's JSON and CSV give the id of every record cited.",
                        Styles.small))
    doc_rows = docs.rows()
    if doc_rows:
        out += [para("Documents cited", Styles.h3),
                *chunked_tables([para("", Styles.head), para("Document", Styles.head)],
                                doc_rows, [26, CONTENT_WIDTH - 26])]
    return out


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
