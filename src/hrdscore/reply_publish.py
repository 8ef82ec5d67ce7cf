"""The right of reply in a publication: the gate (no publication while the period's reply
round is open, unless the publisher says so and the cover says it too), and what each
published scorecard carries: the actor's public response or that it did not respond, and the
feedback log.

Kept apart from `publish` so the publication gains the right of reply by a few calls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hrdscore.model import Period, Scorecard
from hrdscore.replies import ActorReply, date_in_words
from hrdscore.reply_service import (
    open_round_of,
    published_replies,
    require_no_open_round,
    tables,
)
from hrdscore.service import Workspace

__all__ = ["ReplyInPublication", "reply_file", "reply_flowables", "reply_in_publication",
           "with_reply"]


@dataclass(frozen=True)
class ReplyInPublication:
    replies: dict[str, ActorReply] | None  # None: no closed round for the period
    cover_note: str | None

    @property
    def round_id(self) -> str | None:
        if not self.replies:
            return None
        return next(iter(self.replies.values())).round

    def of(self, actor: str) -> ActorReply | None:
        return (self.replies or {}).get(actor)

    def report_section(self, lang: str = "en") -> list[Any]:
        """The annual report's section on who responded (ReportLab flowables), in `lang`."""
        if not self.replies:
            return []
        from hrdscore.render.pdf.reply import reply_report_section
        from hrdscore.render.pdf.words import words

        first = next(iter(self.replies.values()))
        w = words(lang)
        deadline = date_in_words(first.deadline) if w.lang == "en" else w.date(first.deadline)
        return reply_report_section(self.replies, deadline, w)

    def card_section(self, actor: str, lang: str = "en") -> list[Any]:
        return reply_flowables(self.of(actor), lang)


def reply_flowables(reply: ActorReply | None, lang: str = "en") -> list[Any]:
    """The right-of-reply section of a scorecard PDF in `lang` (ReportLab flowables); none
    without a closed round."""
    if reply is None:
        return []
    from hrdscore.render.pdf.reply import reply_section
    from hrdscore.render.pdf.words import words

    return reply_section(reply, words(lang))


def reply_in_publication(ws: Workspace, period: Period, *,
                         without_reply_round: bool) -> ReplyInPublication:
    """`ReplyRoundOpen` while the period's round is open, unless `without_reply_round`; then
    the cover says so. Otherwise the latest closed round's replies, if any."""
    if not without_reply_round:
        require_no_open_round(ws, period)
        return ReplyInPublication(published_replies(ws, period), None)
    found = tables(ws)
    still_open = open_round_of(found, period)
    replies = published_replies(ws, period)
    if still_open is not None:
        note = (f"Published before the right-of-reply round closed (deadline "
                f"{date_in_words(still_open.deadline)}): the actors' responses to their draft "
                "scorecards are not included.")
    elif replies is None:
        note = ("Published without a reply round: the actors were not shown their draft "
                "scorecards before publication.")
    else:
        note = None
    return ReplyInPublication(None if still_open is not None else replies, note)


def with_reply(card: Scorecard, reply: ActorReply | None) -> dict[str, Any]:
    """A scorecard's JSON, with its right of reply when the period had a round."""
    data: dict[str, Any] = card.model_dump(mode="json")
    if reply is not None:
        data["right_of_reply"] = reply.as_json()
    return data


def reply_file(label: str, shown: ReplyInPublication) -> tuple[str, dict[str, Any]] | None:
    """(file name, content) of the publication's right-of-reply file: every actor's public
    response or non-response and feedback log."""
    if not shown.replies:
        return None
    return (f"right-of-reply-{label}.json", {
        "period": label, "round": shown.round_id,
        "actors": {actor: {"actor_name": r.actor_name, **r.as_json()}
                   for actor, r in sorted(shown.replies.items())}})
