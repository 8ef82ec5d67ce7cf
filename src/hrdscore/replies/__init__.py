"""Right of reply, the pure part: round rules, the public view of each actor's response and
the feedback log, dates in words. No I/O; the store and the renderers are elsewhere
(`hrdscore.reply_service`, `hrdscore.render.pdf.letters`)."""

from hrdscore.replies.feedback import (
    ActorReply,
    FeedbackEntry,
    PublicResponse,
    actor_reply,
    public_responses,
)
from hrdscore.replies.rounds import (
    default_deadline,
    in_time,
    next_round_id,
    respondent_key_name,
)
from hrdscore.replies.words import LANGUAGES, date_in_words

__all__ = [
    "LANGUAGES",
    "ActorReply",
    "FeedbackEntry",
    "PublicResponse",
    "actor_reply",
    "date_in_words",
    "default_deadline",
    "in_time",
    "next_round_id",
    "public_responses",
    "respondent_key_name",
]
