"""Which key opens a database's identities: the key file ($HRDSCORE_KEY_FILE) or the key derived
from a passphrase ($HRDSCORE_PASSPHRASE_FILE, or typed at a prompt), checked against what the
database says it is under before anything is read or written with it."""

from __future__ import annotations

import os
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

from hrdscore.identity.fields import slots
from hrdscore.identity.keys import (
    KEY_ENV,
    PASSPHRASE_ENV,
    IdentityKey,
    IdentityKeyError,
    is_sealed,
    load_key_file,
    missing_key_message,
)
from hrdscore.identity.passphrase import (
    confirm,
    new_record,
    open_with,
    read_passphrase_file,
    store_record,
    stored_record,
)

Doc = MutableMapping[str, Any]
Ask = Callable[[], str]  # asks a person for the passphrase (a terminal prompt)


def under_key(doc: Doc) -> bool:
    """Whether the database has been under a key: it holds a sealed value or a passphrase."""
    return stored_record(doc) is not None or any(is_sealed(slot.value) for slot in slots(doc))


def _file_key(doc: Doc, key: IdentityKey) -> IdentityKey:
    record = stored_record(doc)
    if record is not None and not confirm(key, record):
        raise IdentityKeyError(f"the identities in this database are under a passphrase "
                               f"(set {PASSPHRASE_ENV}), not under the key file {key.path}")
    return key


def passphrase_key(doc: Doc, passphrase: str, *, writing: bool = False) -> IdentityKey:
    """The key `passphrase` gives this database; refused when it is not the database's.

    A database no identity of which is encrypted yet gets its passphrase record when
    `writing` (in `doc`, stored with the write); one encrypted under a key file is refused:
    a database is under one key, never a mix."""
    record = stored_record(doc)
    if record is not None:
        return open_with(passphrase, record)
    if under_key(doc):
        raise IdentityKeyError(
            f"the identities in this database are under a key file (set {KEY_ENV}), not a "
            "passphrase; to move them under one, run `hrdscore identity-key rotate "
            "--new-passphrase` with the key file set")
    key, made = new_record(passphrase)
    if writing:
        store_record(doc, made)
    return key  # reading: nothing in the database is encrypted, so it opens nothing


def configured_key(doc: Doc, *, writing: bool = False) -> IdentityKey | None:
    """The key configured in the environment for this database, None when neither variable
    is set. Errors name the variable, the file or the mismatch."""
    key_file = os.environ.get(KEY_ENV, "").strip()
    passphrase_file = os.environ.get(PASSPHRASE_ENV, "").strip()
    if key_file and passphrase_file:
        raise IdentityKeyError(f"both {KEY_ENV} and {PASSPHRASE_ENV} are set: set only the "
                               "one this database is under")
    if key_file:
        return _file_key(doc, load_key_file(Path(key_file)))
    if passphrase_file:
        return passphrase_key(doc, read_passphrase_file(Path(passphrase_file)),
                              writing=writing)
    return None


def writing_key(doc: Doc) -> IdentityKey | None:
    """The key a write seals with (see `passphrase_key` for a first passphrase)."""
    return configured_key(doc, writing=True)


def require_key(what: str, doc: Doc, ask: Ask | None = None) -> IdentityKey:
    """The key for `what`; without one configured, the passphrase is asked for (`ask`, on a
    terminal) when the database is under one; otherwise the refusal names both variables."""
    key = configured_key(doc)
    if key is not None:
        return key
    record = stored_record(doc)
    if record is not None and ask is not None:
        return open_with(ask(), record)
    raise IdentityKeyError(missing_key_message(what))

