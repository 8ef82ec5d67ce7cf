"""Domain errors. Every error a user can cause says where (file, row, field) and what to fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    file: str
    message: str
    record: str | None = None  # record id, or "record 3" / "line 12" when it has no id
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where += f": {self.record}"
        if self.field:
            where += f": {self.field}"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, str | None]:
        return {"file": self.file, "record": self.record, "field": self.field,
                "message": self.message}


class HrdscoreError(Exception):
    """Base of every error hrdscore raises on purpose."""


class InvalidData(HrdscoreError):
    """Input data has problems; carries all of them, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        head = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  ... and {count - 50} more" if count > 50 else ""
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found:\n{head}{more}")


class NotFound(HrdscoreError):
    """A record asked for by id does not exist."""

    def __init__(self, kind: str, record_id: str) -> None:
        self.kind = kind
        self.record_id = record_id
        super().__init__(f"no {kind} with id {record_id!r}")


class ActorNotScored(NotFound):
    """An actor the methodology does not score (not an addressee, or the publisher itself):
    there is no scorecard to give, and the message says why."""

    def __init__(self, actor_id: str, reason: str) -> None:
        super().__init__("scorecard", actor_id)
        self.reason = reason
        self.args = (reason,)

    def __str__(self) -> str:
        return self.reason


class Conflict(HrdscoreError):
    """The change conflicts with what is stored (duplicate id, record in use)."""


class StoreError(HrdscoreError):
    """The database file cannot be used (corrupt, wrong version, locked too long)."""


class StoredDataInvalid(StoreError):
    """A stored record breaks a rule that writes now enforce (e.g. an act dated year 1, kept
    from before dates were bounded): reading it would give wrong tables or fail deep inside, so
    whatever needs it is refused, naming the record and field to correct."""

    def __init__(self, kind: str, record_id: str, field: str, message: str) -> None:
        self.kind = kind
        self.record_id = record_id
        self.field = field
        super().__init__(f"the database holds a record that does not validate: {kind} "
                         f"{record_id!r}, {field}: {message}. Correct it (re-import the "
                         "record, or replace it through the API) and try again")
