"""The right of reply in the PDFs: on an actor's scorecard, its public response verbatim (or
that it did not respond by the deadline) and the feedback log; in the annual report, who
responded. Renders `hrdscore.replies.ActorReply`, which never holds a confidential response."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.platypus import Flowable

from hrdscore.model.reply import Outcome
from hrdscore.render.pdf.styles import Styles, gap, para, text
from hrdscore.render.pdf.words import EN, Words
from hrdscore.replies import ActorReply, date_in_words

__all__ = ["reply_report_section", "reply_section"]


def _verbatim(value: str) -> list[Flowable]:
    """The actor's words as written: paragraphs and line breaks kept, nothing interpreted."""
    blocks = [b for b in value.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return [para("<br/>".join(text(line) for line in b.split("\n")), Styles.quote)
            for b in blocks]


def reply_section(reply: ActorReply, w: Words = EN) -> list[Flowable]:
    """An actor's right of reply on its scorecard, in the reader's language; the actor's and
    the decider's own words verbatim, as written."""
    out: list[Flowable] = [para(w.t("Right of reply"), Styles.h2),
                           para(text(reply.status if w.lang == "en" else _status(reply, w)),
                                Styles.body)]
    for r in reply.responses:
        if w.lang == "en":
            got = (f"Response received on {text(date_in_words(r.received_on))} "
                   f"(by {text('the online form' if r.channel == 'api' else r.channel)}):")
        else:
            got = w.t("Response received on {day} (by {channel}):",
                      day=text(w.date(r.received_on)), channel=text(_channel(r.channel, w)))
        out += [para(got, Styles.note), *_verbatim(r.text)]
    out += [para(w.t("Feedback log"), Styles.h3)]
    if not reply.feedback:
        out.append(para(w.t("The actor contested no criterion of its draft scorecard in a "
                            "published response.") if reply.responded else
                        w.t("The actor contested no criterion of its draft scorecard."),
                        Styles.note))
    for f in reply.feedback:
        decided = ""
        if f.decided_on:
            day = date_in_words(f.decided_on) if w.lang == "en" else w.date(f.decided_on)
            decided = f" ({text(day)})"
        out += [para(f"<b>{text(f.statement)}</b>{text(w.english_note())}", Styles.body),
                para(w.t("Contested: {text}", text=text(f.contested)), Styles.body)]
        if f.sources:
            out.append(para(w.t("Sources given: {sources}", sources=text("; ".join(f.sources))),
                            Styles.note))
        outcome = f.outcome_words if w.lang == "en" else _outcome(f.outcome, w)
        out.append(para(w.t("Decision: {outcome}", outcome=text(outcome)) + decided
                        + (f". {text(f.reason)}" if f.reason else "."), Styles.body))
    out.append(gap(2))
    return out


def _status(reply: ActorReply, w: Words) -> str:
    if reply.responses:
        days = ", ".join(w.date(r.received_on) for r in reply.responses)
        return w.t("{name} responded on {days}; the response is published verbatim.",
                   name=reply.actor_name, days=days)
    if reply.answered_in_confidence:
        return w.t("{name} responded in confidence by {deadline}; the response is not "
                   "published.", name=reply.actor_name, deadline=w.date(reply.deadline))
    return w.t("{name} did not respond by {deadline}.", name=reply.actor_name,
               deadline=w.date(reply.deadline))


def _channel(channel: str, w: Words) -> str:
    words = {"api": w.t("the online form"), "post": w.t("post"), "email": w.t("email")}
    return words.get(str(channel), str(channel))


def _outcome(outcome: Outcome | None, w: Words) -> str:
    if outcome is Outcome.CHANGED:
        return w.t("score changed")
    if outcome is Outcome.UNCHANGED:
        return w.t("score unchanged")
    return w.t("no decision recorded")


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
