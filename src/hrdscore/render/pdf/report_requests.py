"""The annual report's table of every information request of the period and its summary
figures, as in the report's annex."""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from hrdscore.render.pdf.document import outline
from hrdscore.render.pdf.styles import CONTENT_WIDTH, Styles, chunked_tables, para, plain, text
from hrdscore.render.pdf.words import Words
from hrdscore.scoring import Responsiveness


def responsiveness_section(resp: Responsiveness, w: Words) -> list[Flowable]:
    s = resp.summary
    median = (w.t("n/a") if s.median_days_to_reply is None
              else w.number(f"{s.median_days_to_reply:g}"))
    out: list[Flowable] = [
        NextPageTemplate("portrait"),
        PageBreak(),
        outline(para(w.t("Information requests and replies"), Styles.h1),
                w.t("Information requests and replies")),
        para(w.t("Every information request of {period}, as in the report's annex: when it was "
                 "sent, when and how it was answered, against the legal deadline of {days} "
                 "calendar days from receipt (Law “On Access to Information”, art. 11(10)). "
                 "Where only the letter date is known, days are counted from it.",
                 period=text(resp.period), days=resp.deadline_days), Styles.body),
        para(w.t("<b>{n}</b> requests · <b>{replies}</b> written replies (response rate "
                 "<b>{rate}</b>) · <b>{substantive}</b> substantive (<b>{share}</b>) · "
                 "<b>{on_time}</b> certainly on time · median <b>{median}</b> days to reply.",
                 n=s.inquiries, replies=s.replies, rate=w.pct(s.response_rate),
                 substantive=s.substantive_replies, share=w.pct(s.substantive_response_rate),
                 on_time=s.on_time, median=median), Styles.lead),
    ]
    if not resp.rows:
        return [*out, para(w.t("No information request is recorded for this period."),
                           Styles.body)]
    header = [para(h, Styles.head) for h in (w.t("Actor"), w.t("Ref."), w.t("Sent"),
                                             w.t("Replied"), w.t("Days"), w.t("Timeliness"),
                                             w.t("Substance"))]
    rows = []
    for r in resp.rows:
        sent = (w.date(date.fromisoformat(r.sent_on)) if r.sent_on
                else w.t("{year}, day unknown", year=r.sent_year) if r.sent_year
                else w.t("unknown"))
        replied = w.date(date.fromisoformat(r.replied_on)) if r.replied_on else "—"
        days = "" if r.days_to_reply is None else str(r.days_to_reply)
        if r.counted_from == "letter" and days:
            days += "*"
        rows.append([plain(r.actor_name, Styles.cell), plain(r.reference or "—", Styles.cell),
                     plain(sent, Styles.cell), plain(replied, Styles.cell),
                     plain(days, Styles.cell_right),
                     plain(w.label("timeliness", r.timeliness),
                           Styles.cell),
                     plain(w.label("reply", r.substance), Styles.cell)])
    out += chunked_tables(header, rows, [CONTENT_WIDTH - 372, 46, 66, 62, 30, 78, 90], chunk=1000,
                          flex=None if w.lang == "en" else 0)
    out.append(para(w.t("* counted from the letter date, as the date of receipt is not "
                        "known."), Styles.small))
    return out
