"""The right of reply in the PDFs: on an actor's scorecard, its public response verbatim (or
that it did not respond by the deadline) and the feedback log; in the annual report, who
responded. Renders `hrdscore.replies.ActorReply`, which never holds a confidential response."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.platypus import Flowable

from hrdscore.render.pdf.styles import Styles, gap, para, text
from hrdscore.render.pdf.words import EN, Words
from hrdscore.replies import ActorReply, date_in_words

__all__ = ["reply_report_section", "reply_section"]


def _verbatim(value: str) -> list[Flowable]:
    """The actor's words as written: paragraphs and line breaks kept, nothing interpreted."""
    blocks = [b for b in value.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return [para("<br/>".join(text(line) for line in b.split("\n")), Styles.quote)
            for b in blocks]


def reply_section(reply: ActorReply) -> list[Flowable]:
    out: list[Flowable] = [para("Right of reply", Styles.h2), para(text(reply.status),
                                                                   Styles.body)]
    for r in reply.responses:
        out += [para(f"Response received on {text(date_in_words(r.received_on))} "
                     f"(by {text('the online form' if r.channel == 'api' else r.channel)}):",
                     Styles.note), *_verbatim(r.text)]
    out += [para("Feedback log", Styles.h3)]
    if not reply.feedback:
        out.append(para("The actor contested no criterion of its draft scorecard"
                        + (" in a published response." if reply.responded else "."),
                        Styles.note))
    for f in reply.feedback:
        decided = (f" ({text(date_in_words(f.decided_on))})" if f.decided_on else "")
        out += [para(f"<b>{text(f.statement)}</b>", Styles.body),
                para(f"Contested: {text(f.contested)}", Styles.body)]
        if f.sources:
            out.append(para(f"Sources given: {text('; '.join(f.sources))}", Styles.note))
        out.append(para(f"Decision: {text(f.outcome_words)}{decided}"
                        + (f". {text(f.reason)}" if f.reason else "."), Styles.body))
    out.append(gap(2))
    return out


def reply_report_section(replies: Mapping[str, ActorReply], deadline_words: str,
                         w: Words = EN) -> list[Flowable]:
    """Who responded to the draft scorecards, and who did not. `deadline_words`: the deadline
    written in the reader's language."""
    ordered: Sequence[ActorReply] = sorted(replies.values(),
                                           key=lambda r: r.actor_name.casefold())
    answered = [r for r in ordered if r.responded]
    silent = [r for r in ordered if not r.responded]
    out: list[Flowable] = [
        para(w.t("Right of reply"), Styles.h2),
        para(w.t("Every actor scored was sent its draft scorecard and could answer by "
                 "{deadline}. {answered} of {total} responded; public responses are printed "
                 "verbatim on each actor's scorecard with the feedback log, confidential ones "
                 "are not published.", deadline=text(deadline_words), answered=len(answered),
                 total=len(ordered)), Styles.body)]
    if answered:
        out.append(para(w.t("<b>Responded:</b> ") + text("; ".join(
            r.actor_name + (w.t(" (in confidence)") if not r.responses else "")
            + (_contested(len(r.feedback), w) if r.feedback else "")
            for r in answered)), Styles.body))
    if silent:
        out.append(para(w.t("<b>Did not respond by {deadline}:</b> ",
                            deadline=text(deadline_words))
                        + text("; ".join(r.actor_name for r in silent)), Styles.body))
    return out


def _contested(n: int, w: Words) -> str:
    if w.lang == "en":
        return f", {n} {'criterion' if n == 1 else 'criteria'} contested"
    return w.t(", contested: {criteria}", criteria=w.count(n, "criterion", "criteria"))
