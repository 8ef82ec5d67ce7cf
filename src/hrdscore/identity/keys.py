"""The identity key: a file outside the database, and the cipher it drives.

AES-256-GCM (`cryptography`), a fresh random 96-bit nonce per value, and the value's slot name
(kind/record/.../field) as associated data: authenticated, so a changed or moved ciphertext
fails to open instead of yielding a wrong name. A sealed value is self-describing,
`enc:v1:<key id>:<base64url(nonce + ciphertext)>`, so a value sealed under another key is
named as such, never silently misread.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from hrdscore.errors import HrdscoreError
from hrdscore.model.identifying import SEALED_PREFIX

KEY_ENV = "HRDSCORE_KEY_FILE"
PASSPHRASE_ENV = "HRDSCORE_PASSPHRASE_FILE"  # the alternative (hrdscore.identity.passphrase)
_HEADER = "hrdscore-identity-key:v1:"
_NONCE_BYTES = 12


class IdentityKeyError(HrdscoreError):
    """The identity key is missing, unreadable, or does not open a value."""


def missing_key_message(what: str) -> str:
    return (f"{what} needs the identity key, and none is configured: set {KEY_ENV} to the "
            f"key file (make one with `hrdscore identity-key create --out PATH`), or "
            f"{PASSPHRASE_ENV} to a file holding the passphrase when the database is under one")


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(SEALED_PREFIX)


def sealed_key_id(value: str) -> str:
    return value[len(SEALED_PREFIX):].split(":", 1)[0]


@dataclass(frozen=True)
class IdentityKey:
    secret: bytes = field(repr=False)
    path: Path | None = None

    @property
    def key_id(self) -> str:
        # A digest of the key, not the key: it names the key in sealed values and messages.
        return hashlib.sha256(b"hrdscore identity key id\0" + self.secret).hexdigest()[:16]

    def seal(self, clear: str, name: str) -> str:
        nonce = secrets.token_bytes(_NONCE_BYTES)
        sealed = AESGCM(self.secret).encrypt(nonce, clear.encode("utf-8"), name.encode())
        body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
        return f"{SEALED_PREFIX}{self.key_id}:{body}"

    def open(self, value: str, name: str) -> str:
        """The clear text of a sealed value; `IdentityKeyError` when this key cannot open it."""
        if not is_sealed(value):
            raise IdentityKeyError(f"{name}: not an encrypted value")
        kid = sealed_key_id(value)
        if kid != self.key_id:
            raise IdentityKeyError(f"{name}: encrypted under key {kid}, not under the "
                                   f"configured key {self.key_id}")
        try:
            raw = base64.urlsafe_b64decode(value.rsplit(":", 1)[1])
            clear = AESGCM(self.secret).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:],
                                                name.encode())
        except (InvalidTag, ValueError) as exc:
            raise IdentityKeyError(f"{name}: the encrypted value does not open with key "
                                   f"{self.key_id} here (altered, or moved from another "
                                   "record)") from exc
        return clear.decode("utf-8")


def create_key_file(path: Path) -> IdentityKey:
    """Write a new random key to `path`, readable by its owner only; never over a file."""
    key = IdentityKey(AESGCM.generate_key(bit_length=256), path)
    text = _HEADER + base64.urlsafe_b64encode(key.secret).decode("ascii") + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise IdentityKeyError(f"{path}: a file is already there; an identity key is never "
                               "overwritten (the values sealed under it would be lost)") from exc
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    return key


def read_private_file(path: Path, what: str, env: str, encoding: str) -> str:
    """The text of a secret file (`what`: "identity key file", "passphrase file"; `env`: the
    variable that names it), refused unless only its owner may read it."""
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding=encoding)
    except FileNotFoundError as exc:
        raise IdentityKeyError(f"{path}: no {what} there ({env})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise IdentityKeyError(f"{path}: cannot read the {what}") from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise IdentityKeyError(f"{path}: the {what} is readable by others; make it private "
                               f"with `chmod 600 {path}`")
    return text


def load_key_file(path: Path) -> IdentityKey:
    text = read_private_file(path, "identity key file", KEY_ENV, "ascii").strip()
    try:
        if not text.startswith(_HEADER):
            raise ValueError("no header")
        secret = base64.urlsafe_b64decode(text[len(_HEADER):])
        if len(secret) != 32:
            raise ValueError("wrong length")
    except ValueError as exc:
        raise IdentityKeyError(f"{path}: not an hrdscore identity key file") from exc
    return IdentityKey(secret, path)
