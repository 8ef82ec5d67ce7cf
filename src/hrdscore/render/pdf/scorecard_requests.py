"""A scorecard's information requests: the timeline against the legal deadline and the table,
as scoring judged them (`card.requests`): nothing is worked out here."""

from __future__ import annotations

from datetime import timedelta

from reportlab.platypus import Flowable

from hrdscore.labels import count_noun, label
from hrdscore.model import (
    Scorecard,
)
from hrdscore.model.vocab import ReplySubstance
from hrdscore.render.pdf import charts
from hrdscore.render.pdf.styles import (
    CONTENT_WIDTH,
    Styles,
    chunked_tables,
    gap,
    para,
    plain,
    text,
)
from hrdscore.scoring.periods import fmt_date

TIMELINE_ROWS = 30
# A scorecard is read, not searched: past these many requests the PDF lists the first ones
# and says where the rest are. The busiest synthetic actor otherwise made a 302-page PDF.
LISTED_REQUESTS = 60

# ------------------------------------------------------------------------------ requests

def requests_section(card: Scorecard) -> list[Flowable]:
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
        substance = (label("reply", r.substance) if r.substance is not ReplySubstance.NO_REPLY
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
            para(f"<b>{text(label('timeliness', r.status))}</b>: "
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
        out.append(para(f"{count_noun(undated, 'request')} without a known date "
                        f"{'is' if undated == 1 else 'are'} in the table but not on "
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
