"""Commands over identities: the identity key, and a person (show, consent, erase)."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from hrdscore.cli.store_cmds import db_option, existing_store
from hrdscore.identity.erase import Erasure, erase_person, preview_erasure
from hrdscore.identity.keys import (
    KEY_ENV,
    PASSPHRASE_ENV,
    IdentityKey,
    IdentityKeyError,
    create_key_file,
    load_key_file,
)
from hrdscore.identity.passphrase import (
    KdfRecord,
    new_record,
    open_with,
    read_passphrase_file,
    stored_record,
)
from hrdscore.identity.persons import record_consent, show_person
from hrdscore.identity.rotate import rotate_key
from hrdscore.identity.unlock import Ask, configured_key, require_key
from hrdscore.model.identifying import ConsentLevel
from hrdscore.settings import cli_user

_FIELD_WORDS = {"identity": "Identity", "contact": "Contact"}


def on_terminal() -> bool:
    return sys.stdin.isatty()


def _asker() -> Ask | None:
    """Asks for the passphrase when a person is at a terminal (never in a pipe or a script)."""
    if not on_terminal():
        return None
    return lambda: str(click.prompt("Passphrase of the identity key", hide_input=True,
                                    err=True))


def _key_if_any(doc: dict[str, Any]) -> IdentityKey | None:
    """The configured key, else the passphrase asked for at a terminal; None without both."""
    key = configured_key(doc)
    ask = _asker()
    record = stored_record(doc)
    if key is None and ask is not None and record is not None:
        return open_with(ask(), record)
    return key


@click.group(name="identity-key")
def identity_key() -> None:
    """The key that encrypts identities in the database, kept outside it: a key file
    ($HRDSCORE_KEY_FILE) or a passphrase ($HRDSCORE_PASSPHRASE_FILE, or typed at a prompt)."""


@identity_key.command(name="create")
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"Where to write the key [default: ${KEY_ENV}].")
def key_create(out: Path | None) -> None:
    """Write a new random identity key, readable by its owner only; never over a file."""
    target = out or (Path(os.environ[KEY_ENV]) if os.environ.get(KEY_ENV) else None)
    if target is None:
        raise IdentityKeyError(f"say where to write the key: --out PATH (or set {KEY_ENV})")
    key = create_key_file(target)
    click.echo(f"{target}: identity key {key.key_id} written (mode 600). Set {KEY_ENV}={target}; "
               "keep a copy somewhere safe and apart from the database: without it the "
               "identities cannot be read.")


@identity_key.command(name="rotate")
@click.option("--new", "new", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Move to this key file; made here when it does not exist yet.")
@click.option("--new-passphrase-file", "new_passphrase_file", default=None,
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Move to the passphrase in this file (private to its owner).")
@click.option("--new-passphrase", "ask_new", is_flag=True,
              help="Move to a passphrase typed at the prompt (twice).")
@db_option
def key_rotate(new: Path | None, new_passphrase_file: Path | None, ask_new: bool,
               db: Path | None) -> None:
    """Re-encrypt every identity under a new key file or passphrase, all or nothing; the old
    key then opens nothing in the database or its kept copies."""
    if sum((new is not None, new_passphrase_file is not None, ask_new)) != 1:
        raise click.UsageError("give one of --new KEY_FILE, --new-passphrase-file FILE or "
                               "--new-passphrase")
    store = existing_store(db)
    old = require_key("rotating the identity key", store.read_document(), _asker())
    record: KdfRecord | None = None
    if new is not None:
        new_key = load_key_file(new) if new.exists() else create_key_file(new)
        if new_key.key_id == old.key_id:
            raise IdentityKeyError(f"{new}: this is the key in use ({KEY_ENV}); give a new one")
        target = f"Set {KEY_ENV}={new} (and unset {PASSPHRASE_ENV})"
    else:
        if new_passphrase_file is not None:
            passphrase = read_passphrase_file(new_passphrase_file)
        elif on_terminal():
            passphrase = click.prompt("New passphrase", hide_input=True,
                                      confirmation_prompt=True, err=True)
        else:
            raise IdentityKeyError("--new-passphrase asks for it at a terminal; here, give "
                                   "--new-passphrase-file FILE")
        new_key, record = new_record(passphrase)
        target = (f"Set {PASSPHRASE_ENV}={new_passphrase_file} (and unset {KEY_ENV})"
                  if new_passphrase_file is not None else
                  f"Unset {KEY_ENV}; give the new passphrase from now on")
    done = rotate_key(store, old, new_key, who=cli_user(), record=record)
    click.echo(f"{store.path}: {done.values} values in {len(done.records)} records "
               f"re-encrypted under key {new_key.key_id}; {done.copies} kept copies too. "
               f"{target}, then destroy the old key file or passphrase file (backups made "
               "before still need it: replace them with a new backup).")


@click.group()
def person() -> None:
    """A person in the evidence, known by their pseudonym (a victim id such as v-0001)."""


@person.command(name="show")
@click.argument("pseudonym")
@db_option
def person_show(pseudonym: str, db: Path | None) -> None:
    """Show who PSEUDONYM is (needs the identity key), their consent and where they appear."""
    doc = existing_store(db).read_document()
    key = require_key(f"showing who {pseudonym} is", doc, _asker())
    view = show_person(doc, pseudonym, key)
    click.echo(f"Person {view.pseudonym}")
    for name, value in view.fields.items():
        click.echo(f"  {_FIELD_WORDS.get(name, name.capitalize())}: {value}")
    if not view.fields:
        click.echo("  No identity recorded")
    click.echo(f"  Consent to be named: {view.consent_words}")
    click.echo(f"  Incidents: {', '.join(view.incidents)}")
    click.echo(f"  Acts: {', '.join(view.acts) or 'none'}")
    for kind, record, text in view.texts:
        what = "Summary of incident" if kind == "incident" else f"Description of {kind}"
        click.echo(f"  {what} {record}: {text}")


@person.command(name="consent")
@click.argument("pseudonym")
@click.option("--level", type=click.Choice([c.value for c in ConsentLevel]), required=True,
              help="none: named nowhere; internal: in internal reports; public: publicly.")
@click.option("--by", "recorded_by", required=True, help="Who recorded the consent.")
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date the consent was given [default: today].")
@db_option
def person_consent(pseudonym: str, level: str, recorded_by: str, on: datetime | None,
                   db: Path | None) -> None:
    """Record PSEUDONYM's consent to be named."""
    when = on.date() if on is not None else date.today()
    changed = record_consent(existing_store(db), pseudonym, ConsentLevel(level), on=when,
                             recorded_by=recorded_by, who=cli_user())
    click.echo(f"Consent of {pseudonym} recorded ({ConsentLevel(level).words}) on "
               f"{len(changed)} incident{'s' if len(changed) != 1 else ''}.")


@person.command(name="erase")
@click.argument("pseudonym")
@click.option("--dry-run", is_flag=True, help="List what would go; change nothing.")
@click.option("--keep-acts-pseudonymised", "keep_acts", is_flag=True,
              help="Keep the acts for statistics under a new random pseudonym.")
@db_option
def person_erase(pseudonym: str, dry_run: bool, keep_acts: bool, db: Path | None) -> None:
    """Erase PSEUDONYM on request: identity and every record there only because of them,
    in the database and the copies it keeps beside it."""
    store = existing_store(db)
    key = _key_if_any(store.read_document())  # to find free text that names them
    if dry_run:
        _report(preview_erasure(store, pseudonym, keep_acts=keep_acts, key=key), would=True)
        return
    _report(erase_person(store, pseudonym, who=cli_user(), keep_acts=keep_acts, key=key),
            would=False)
    click.echo("Backups made before with `hrdscore backup` still hold the person: replace "
               "them with a new backup.")


def _report(plan: Erasure, *, would: bool) -> None:
    head = "Dry run, nothing changed. Erasing" if would else "Erased"
    click.echo(f"{head} {plan.pseudonym}{' would change' if would else ''}:")
    rows = [("incidents removed", plan.incidents_removed),
            ("incidents changed", plan.incidents_changed),
            ("acts removed", plan.acts_removed),
            ("acts kept under a new pseudonym", plan.acts_pseudonymised),
            ("recourses removed", plan.recourses_removed),
            ("kept copies cleaned", plan.copies)]
    for label, ids in rows:
        if ids:
            click.echo(f"  {label}: {', '.join(ids)}")
    if plan.mentions is None:
        click.echo(f"  Free text naming the person was not looked for: no identity key "
                   f"({KEY_ENV} or {PASSPHRASE_ENV}).")
    elif plan.mentions:
        click.echo(f"  Free text that {'would still name' if would else 'still names'} the "
                   f"person, to edit by hand: {', '.join(plan.mentions)}")


COMMANDS = [identity_key, person]
