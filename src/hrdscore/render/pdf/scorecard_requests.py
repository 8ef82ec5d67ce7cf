"""A scorecard's information requests: the timeline against the legal deadline and the table,
as scoring judged them (`card.requests`): nothing is worked out here."""

from __future__ import annotations

from datetime import timedelta

from reportlab.platypus import Flowable

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
from hrdscore.render.pdf.words import EN, Words

TIMELINE_ROWS = 30
# A scorecard is read, not searched: past these many requests the PDF lists the first ones
# and says where the rest are. The busiest synthetic actor otherwise made a 302-page PDF.
LISTED_REQUESTS = 60

# ------------------------------------------------------------------------------ requests

def requests_section(card: Scorecard, w: Words = EN) -> list[Flowable]:
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
        ref = (w.t("No. {ref}", ref=r.reference) if r.reference
               else w.t("without a number"))
        start = r.received_on or r.sent_on
        if start is not None:
            lines.append(charts.TimelineRow(ref, start, start + timedelta(days=deadline),
                                            r.replied_on, r.status))
        else:
            undated += 1
        sent = (w.date(r.sent_on) if r.sent_on
                else w.t("{year}, day unknown", year=r.sent_year) if r.sent_year
                else w.t("unknown"))
        received = w.t("received {day}", day=w.date(r.received_on)) if r.received_on else ""
        reply = w.date(r.replied_on) if r.replied_on else "—"
        substance = (w.label("reply", r.substance)
                     if r.substance is not ReplySubstance.NO_REPLY
                     else w.t("no written reply"))
        if r.verbal_on is not None:
            substance += w.t("; verbal reply {day}", day=w.date(r.verbal_on))
        if r.declined:
            substance += w.t("; declined when called")
        rows.append([
            plain(ref, Styles.cell_bold),
            para(text(sent) + (f"<br/>{text(received)}" if received else ""), Styles.cell),
            plain(reply, Styles.cell),
            plain("" if r.days is None else str(r.days), Styles.cell_right),
            para(f"<b>{text(w.label('timeliness', r.status))}</b>: "
                 + (f"{text(r.text)}. " if w.lang == "en" else "")
                 + w.t("Substance: {what}.", what=text(substance)), Styles.cell),
        ])
    out: list[Flowable] = [
        para(w.t("Information requests and replies"), Styles.h2),
        para(w.t("Requests sent to {name} in {period}, against the legal deadline of {days} "
                 "calendar days from receipt (Law “On Access to Information”, art. 11(10)). "
                 "Where only the letter date is known, the days are counted from it.",
                 name=text(card.actor_name), period=text(card.period), days=deadline),
             Styles.note),
    ]
    # A drawing cannot break across pages: many requests make several timelines.
    for at in range(0, len(lines), TIMELINE_ROWS):
        out.append(charts.timeline(lines[at:at + TIMELINE_ROWS], deadline_days=deadline,
                                   w=w))
    if undated:
        out.append(para(w.t("{requests} without a known date {verb} in the table but not on "
                            "the timeline.", requests=w.count(undated, "request"),
                            verb="is" if undated == 1 else "are"), Styles.small))
    header = [para(h, Styles.head) for h in (w.t("Request"), w.t("Letter"), w.t("Reply"),
                                             w.t("Days"), w.t("Timeliness and substance"))]
    out += [gap(2), *chunked_tables(header, rows, [62, 78, 58, 30, CONTENT_WIDTH - 228],
                                    flex=None if w.lang == "en" else 4)]
    if unlisted:
        out.append(para(w.t("The first {shown} of {all} requests are shown; {more} more are "
                            "in the responsiveness table (CSV or JSON) of {period}.",
                            shown=LISTED_REQUESTS, all=len(requests), more=unlisted,
                            period=text(card.period)), Styles.small))
    out.append(gap(3))
    return out
