"""A passphrase instead of a key file: the identity key derived from it with scrypt.

The database keeps, in `_meta.identity_key`, what derivation needs and nothing that opens a
value: the scrypt parameters, a random salt (not secret: it only makes the same passphrase give
a different key in another database) and a check value, a constant sealed under the derived
key. A wrong passphrase is refused once, by the check, instead of failing record by record.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Mapping, MutableMapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hrdscore.identity.keys import (
    PASSPHRASE_ENV,
    IdentityKey,
    IdentityKeyError,
    read_private_file,
)

META_TABLE = "_meta"  # the store's metadata table (hrdscore.store.migrations.META_TABLE)
RECORD_ID = "identity_key"
# scrypt at n=2**17, r=8, p=1: 128 MiB and about half a second per derivation, the OWASP
# password-storage minimum for scrypt (a stolen database costs an attacker the same per guess).
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
MIN_LENGTH = 12
# The check value's slot name (the associated data of its sealing) and its clear text.
_CHECK_NAME = f"{META_TABLE}/{RECORD_ID}/check"
_CHECK_TEXT = "hrdscore passphrase check"
WRONG = "the passphrase does not open this database"


class KdfRecord(BaseModel):
    """What the database keeps to derive its identity key from a passphrase."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kdf: Literal["scrypt"] = "scrypt"
    # Bounds: never weaker than the default, never so costly that opening a database
    # exhausts the memory (128 * n * r bytes) of the laptop it is opened on.
    n: int = Field(ge=SCRYPT_N, le=2**20)
    r: int = Field(ge=8, le=16)
    p: int = Field(ge=1, le=4)
    salt: str = Field(pattern=r"^[A-Za-z0-9_-]{22}==$")  # 16 bytes, padded
    check: str = Field(max_length=200)

    @property
    def salt_bytes(self) -> bytes:
        return base64.urlsafe_b64decode(self.salt)


def read_passphrase_file(path: Path) -> str:
    """The passphrase in `path` (one trailing line break dropped), kept private like a key."""
    text = read_private_file(path, "passphrase file", PASSPHRASE_ENV, "utf-8")
    text = text.removesuffix("\n").removesuffix("\r")
    if not text:
        raise IdentityKeyError(f"{path}: the passphrase file is empty")
    return text


def configured_passphrase() -> str | None:
    where = os.environ.get(PASSPHRASE_ENV, "").strip()
    return read_passphrase_file(Path(where)) if where else None


def stored_record(doc: Mapping[str, Any]) -> KdfRecord | None:
    """The database's passphrase record, None when its identities are not under one."""
    raw = (doc.get(META_TABLE) or {}).get(RECORD_ID)
    if raw is None:
        return None
    try:
        return KdfRecord.model_validate(raw)
    except ValidationError as exc:
        where = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors())
        raise IdentityKeyError("the passphrase settings stored in the database are damaged "
                               f"(at: {where}); restore a backup") from exc


@lru_cache(maxsize=8)
def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # Cached: a server or a command deriving once, not once per request or transaction.
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def derive(passphrase: str, record: KdfRecord) -> IdentityKey:
    return IdentityKey(_derive(passphrase, record.salt_bytes, record.n, record.r, record.p))


def new_record(passphrase: str) -> tuple[IdentityKey, KdfRecord]:
    """A fresh salt and the key it gives `passphrase`, with the check value sealed under it."""
    if len(passphrase) < MIN_LENGTH:
        raise IdentityKeyError(f"the passphrase has {len(passphrase)} characters; use at least "
                               f"{MIN_LENGTH} (a few unrelated words)")
    salt = base64.urlsafe_b64encode(secrets.token_bytes(SALT_BYTES)).decode("ascii")
    unsealed = KdfRecord(n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, salt=salt, check="-")
    key = derive(passphrase, unsealed)
    return key, unsealed.model_copy(update={"check": key.seal(_CHECK_TEXT, _CHECK_NAME)})


def confirm(key: IdentityKey, record: KdfRecord) -> bool:
    """Whether `key` is the one the database's check value was sealed under."""
    try:
        return key.open(record.check, _CHECK_NAME) == _CHECK_TEXT
    except IdentityKeyError:
        return False


def open_with(passphrase: str, record: KdfRecord) -> IdentityKey:
    key = derive(passphrase, record)
    if not confirm(key, record):
        raise IdentityKeyError(f"{WRONG}: nothing was read or written")
    return key


def store_record(doc: MutableMapping[str, Any], record: KdfRecord | None) -> None:
    """Set (or, moving to a key file, drop) the database's passphrase record."""
    meta = doc.setdefault(META_TABLE, {})
    if record is None:
        meta.pop(RECORD_ID, None)
    else:
        meta[RECORD_ID] = record.model_dump(mode="json")
