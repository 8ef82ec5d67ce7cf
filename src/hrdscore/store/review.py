"""Publishing a draft assessment: a second person reviews it.

An imported or created assessment is a draft and does not count in any score until someone
other than its author publishes it; the audit log names both.
"""

from __future__ import annotations

from hrdscore.errors import HrdscoreError, NotFound
from hrdscore.model import Assessment
from hrdscore.model.vocab import ReviewState
from hrdscore.store.database import Store

WRITE_ACTIONS = ("init", "import", "create", "update", "restore")


def author_of(store: Store, assessment_id: str) -> str | None:
    """Who first wrote the assessment, from the audit log."""
    for entry in store.audit_log():
        if (entry.kind == "assessments" and entry.action in WRITE_ACTIONS
                and assessment_id in entry.ids):
            return entry.who
    return None


def publish_assessment(store: Store, assessment_id: str, reviewer: str) -> Assessment:
    author = author_of(store, assessment_id)
    with store.transaction(reviewer) as tx:
        current = tx.assessments.get(assessment_id)
        if current is None:
            raise NotFound("assessment", assessment_id)
        if current.review is ReviewState.PUBLISHED:
            raise HrdscoreError(f"assessment {assessment_id!r} is already published")
        if author is None:
            raise HrdscoreError(f"assessment {assessment_id!r}: the audit log names no "
                                "author, so a second person's review cannot be checked")
        if author == reviewer:
            raise HrdscoreError(f"assessment {assessment_id!r} was written by {author}: "
                                "another person must review and publish it")
        published = current.model_copy(update={"review": ReviewState.PUBLISHED})
        changes = tx.assessments.put(published)
        tx.record("review", "assessments", changes,
                  note=f"published after review; author {author}")
    return published
