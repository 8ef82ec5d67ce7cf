"""API keys: who may write through the HTTP API, and with which role.

Keys live in the database, in the `_keys` table, written through `Store.transaction` like any
change (so each creation and revocation is in the audit log). A key is a high-entropy random
token shown once, when it is created; the database keeps only its SHA-256, so a copy of the
database gives nobody a working key. Revoked keys stay (with the time of revocation) so the
audit log's `key:<name>` entries keep naming something.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from datetime import UTC
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from hrdscore.errors import Conflict, HrdscoreError, NotFound
from hrdscore.store.database import Store, Transaction

KEYS_TABLE = "_keys"
TOKEN_PREFIX = "hrd_"

_SCOPE = {"actor", "reply_round"}

KeyName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")]


class Role(StrEnum):
    """Roles in increasing power: each may do everything the ones before it may, except
    `respondent`, which only an actor answering its draft scorecard holds (one actor, one reply
    round: see `hrdscore.api.auth`)."""

    RESPONDENT = "respondent"  # reads its own draft scorecard and answers it; nothing else
    ANALYST = "analyst"  # reads confidential incident detail and draft assessments
    EDITOR = "editor"  # also creates and updates evidence
    ADMIN = "admin"  # also deletes evidence and manages keys

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


class ApiKey(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: KeyName
    role: Role
    hash: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the token.")
    created_at: str = Field(description="ISO 8601, UTC.")
    created_by: str
    revoked_at: str | None = None
    # A respondent key's scope: the actor it answers for and the reply round.
    actor: str | None = None
    reply_round: str | None = None

    @model_validator(mode="after")
    def _scoped_respondent(self) -> ApiKey:
        scoped = self.actor is not None and self.reply_round is not None
        if (self.role is Role.RESPONDENT) != scoped:
            raise ValueError("a respondent key, and only a respondent key, names one actor and "
                             "one reply round")
        return self

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def who(self) -> str:
        """How the audit log names changes made with this key."""
        return f"key:{self.name}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", errors="surrogatepass")).hexdigest()


def new_token() -> str:
    # 32 random bytes: 256 bits, so a plain SHA-256 of it is enough (no salt or slow hash is
    # needed against guessing; those protect low-entropy passwords).
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def keys_in(document: Mapping[str, Any]) -> dict[str, ApiKey]:
    """The keys of a database document, by name."""
    table = document.get(KEYS_TABLE) or {}
    return {name: ApiKey.model_validate(raw) for name, raw in sorted(table.items())}


def find_key(keys: Iterable[ApiKey], token: str) -> ApiKey | None:
    """The active key whose hash matches the token, compared in constant time."""
    presented = token_hash(token)
    found = None
    for key in keys:
        # Every key is compared, so the time taken does not tell which one nearly matched.
        if hmac.compare_digest(key.hash, presented) and key.active:
            found = key
    return found




class KeyRepository:
    """Keys inside one transaction."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def _now(self) -> str:
        return self._tx.clock().astimezone(UTC).isoformat(timespec="seconds")

    def _table(self) -> dict[str, Any]:
        table: dict[str, Any] = self._tx.document.setdefault(KEYS_TABLE, {})
        return table

    def all(self) -> list[ApiKey]:
        return list(keys_in(self._tx.document).values())

    def get(self, name: str) -> ApiKey | None:
        raw = self._table().get(name)
        return None if raw is None else ApiKey.model_validate(raw)

    def create(self, name: str, role: Role, *, by: str,
               scope: tuple[str, str] | None = None) -> tuple[ApiKey, str]:
        """A new key and its token (the only time the token exists outside the caller).
        `scope` (actor, reply round): only for a respondent key, which needs one."""
        if name in self._table():
            raise Conflict(f"a key named {name!r} already exists (names are never reused, "
                           "so the audit log stays unambiguous)")
        if (role is Role.RESPONDENT) != (scope is not None):
            raise HrdscoreError("respondent keys are issued per actor by `hrdscore reply-round "
                                "letters` (or `reply-round key`), not created by hand")
        token = new_token()
        actor, round_id = scope or (None, None)
        key = ApiKey(name=name, role=role, hash=token_hash(token), created_at=self._now(),
                     created_by=by, actor=actor, reply_round=round_id)
        # Keys without a scope are stored as they always were.
        self._table()[name] = key.model_dump(mode="json", exclude=None if scope else _SCOPE)
        # The audit entry also makes the transaction write: the table is edited in place.
        self._tx.record("key-create", "keys", ids=[name], note=f"role {role.value}")
        return key, token

    def revoke(self, name: str) -> ApiKey:
        key = self.get(name)
        if key is None:
            raise NotFound("key", name)
        if not key.active:
            raise Conflict(f"key {name!r} was already revoked at {key.revoked_at}")
        revoked = key.model_copy(update={"revoked_at": self._now()})
        self._table()[name] = revoked.model_dump(mode="json", exclude=None if key.actor else _SCOPE)
        self._tx.record("key-revoke", "keys", ids=[name])
        return revoked


def check_key_name(name: str) -> str:
    try:
        ApiKey.model_validate({"name": name, "role": "analyst", "hash": "0" * 64,
                               "created_at": "", "created_by": ""})
    except ValueError:
        raise HrdscoreError(f"bad key name {name!r}: use lower-case letters, digits, '.', '_' "
                            "or '-', starting with a letter or digit (at most 64)") from None
    return name


def create_key(store: Store, name: str, role: Role, *, who: str) -> tuple[ApiKey, str]:
    check_key_name(name)
    with store.transaction(who) as tx:
        return KeyRepository(tx).create(name, role, by=who)


def revoke_key(store: Store, name: str, *, who: str) -> ApiKey:
    with store.transaction(who) as tx:
        return KeyRepository(tx).revoke(name)


def list_keys(store: Store) -> list[ApiKey]:
    if not store.exists():
        return []
    return list(keys_in(store.document()).values())
