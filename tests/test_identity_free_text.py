"""Free text the model marks identifying (an incident's summary, an act's and a recourse's
description, a consent's note): sealed whenever there is a key or the database was ever under
one; as written only in a database never under a key; never in a public projection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hrdscore.cli import cli
from hrdscore.dataset import Dataset
from hrdscore.identity.keys import KEY_ENV, PASSPHRASE_ENV
from hrdscore.model import Incident
from hrdscore.model.base import TEXT_MAX
from hrdscore.model.identifying import SEALED_MAX, SEALED_TEXT_MAX
from hrdscore.privacy import public_incident
from hrdscore.store import Store, seed

from .identity_helpers import (
    CANARY_NARRATIVE,
    CANARY_SUMMARY,
    FREE_TEXT,
    api_incident,
    canary_csv,
    files_holding,
    with_free_text,
)

NO_KEY: dict[str, str | None] = {KEY_ENV: None, PASSPHRASE_ENV: None}
# The shipped data's first act description (data/.../incidents): shipped free text is sealed
# like any other once a key is configured.
SHIPPED_WORDS = "Interrogated in Aksai with his lawyer"


def _run(db: Path, *args: str, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(cli, [*args, "--db", str(db)], env=env)


def _narrative_only(path: Path, incident: str, act: str, *, free_text: bool = True) -> Path:
    """An incident CSV with no identity column; `free_text`: with narratives naming someone."""
    header, extra = "", ""
    if free_text:
        header, extra = ",incident_summary,description", f",{CANARY_SUMMARY},{CANARY_NARRATIVE}"
    path.write_text(
        "incident_id,incident_title,act_id,victim_id,victim_kind,act_type,date,fields,"
        f"primary_field,source,locator{header}\n"
        f"{incident},Summons,{act},v-{act},person,police_summons,2021-03-01,trade_unions,"
        f"trade_unions,src-kk2021-report,p. 1{extra}\n", encoding="utf-8")
    return path


def test_free_text_is_kept_as_written_only_until_the_database_is_under_a_key(
        tmp_path: Path, shipped: Dataset, monkeypatch: pytest.MonkeyPatch,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    inputs = tmp_path_factory.mktemp("in")
    db = tmp_path / "db.json"
    # An installation without a key: `init` and an import with narratives work as before.
    monkeypatch.delenv(KEY_ENV)
    assert _run(db, "init").exit_code == 0
    plain = _run(db, "import", "incidents", str(_narrative_only(inputs / "a.csv", "inc-a",
                                                                "act-a")))
    assert plain.exit_code == 0, plain.output
    assert files_holding(tmp_path, CANARY_SUMMARY) == ["db.json"]
    assert files_holding(tmp_path, SHIPPED_WORDS) == ["db.json"]
    # ...an identity still needs a key.
    refused = _run(db, "import", "incidents", str(canary_csv(inputs / "c.csv")))
    assert refused.exit_code == 1 and "'identity'" in refused.output

    # The first write with a key seals every marked value in the file, shipped text too.
    monkeypatch.setenv(KEY_ENV, str(_key(tmp_path_factory)))
    keyed = _run(db, "import", "incidents", str(canary_csv(inputs / "c.csv")))
    assert keyed.exit_code == 0, keyed.output
    for text in (CANARY_SUMMARY, CANARY_NARRATIVE, SHIPPED_WORDS):
        assert files_holding(tmp_path, text) == [], text

    # From then on a write of free text without the key is refused, naming the field, and
    # writes nothing; one without marked text goes through.
    before = db.read_bytes()
    later = _run(db, "import", "incidents",
                 str(_narrative_only(inputs / "b.csv", "inc-b", "act-b")), env=NO_KEY)
    assert later.exit_code == 1
    assert "'summary' identifies a person" in later.output and KEY_ENV in later.output
    assert db.read_bytes() == before
    bare = _run(db, "import", "incidents", str(_narrative_only(
        inputs / "bare.csv", "inc-bare", "act-bare", free_text=False)), env=NO_KEY)
    assert bare.exit_code == 0, bare.output
    score = _run(db, "score", "--year", "2021", "--actor", "kpo", env=NO_KEY)
    assert score.exit_code == 0, score.output
    stats = _run(db, "stats", "--format", "json", env=NO_KEY)
    assert stats.exit_code == 0, stats.output


def _key(factory: pytest.TempPathFactory) -> Path:
    from hrdscore.identity.keys import create_key_file

    path = factory.mktemp("key") / "identity.key"
    create_key_file(path)
    return path


def test_the_public_projection_drops_marked_free_text_even_when_stored_as_written() -> None:
    """A database never under a key holds free text in clear: the projection, not the
    cipher, is what keeps it out of public output."""
    incident = Incident.model_validate(
        with_free_text(api_incident("inc-p", "v-p", "Ақ Ниет", "act-p")))
    shown = public_incident(incident)
    assert shown is not None
    dumped = shown.model_dump_json()
    assert not [text for text in (*FREE_TEXT, "Ақ Ниет") if text in dumped]
    assert shown.summary is None and shown.acts[0].description is None
    assert shown.recourses[0].description is None and shown.victims[0].consent is None
    # What is not marked stays: the title, the act's type, the recourse.
    assert shown.title == "Detention of a union member"
    assert [r.id for r in shown.recourses] == ["rc-act-p"]


@pytest.mark.parametrize(("field", "limit", "sealed_max"), [
    ("identity", 500, SEALED_MAX), ("description", TEXT_MAX, SEALED_TEXT_MAX)])
def test_the_longest_value_of_four_byte_characters_still_fits_once_sealed(
        tmp_path: Path, shipped: Dataset, field: str, limit: int, sealed_max: int) -> None:
    """A value at its length limit, in characters UTF-8 spells with 4 bytes (𝔸), sealed,
    stays within the sealed bound: the store can read back every value it accepted."""
    raw = api_incident("inc-long", "v-long", "x", "act-long")
    long = "𝔸" * limit
    if field == "identity":
        raw["victims"][0]["identity"] = long
    else:
        raw["acts"][0]["description"] = long
    store = Store(tmp_path / "db.json")
    seed(store, shipped, who="test")
    with store.transaction("test") as tx:
        tx.incidents.put(Incident.model_validate(raw))
    stored = json.loads(store.path.read_bytes())["incidents"]["inc-long"]
    value = (stored["victims"][0]["identity"] if field == "identity"
             else stored["acts"][0]["description"])
    # By hand: 4 bytes x 500 + 12 (nonce) + 16 (tag) = 2,028 bytes, 2,704 in base64, after
    # the 24 of "enc:v1:<key id>:"; 40,028 bytes for 10,000 characters: 53,372 + 24.
    assert len(value) == {500: 2_728, TEXT_MAX: 53_396}[limit]
    assert len(value) <= sealed_max
    assert "inc-long" in store.snapshot().incidents  # read back: every record validates
