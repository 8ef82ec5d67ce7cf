"""Erasure on request: after `person erase`, neither the database, a backup made afterwards nor
a kept copy holds the person; the audit log names ids only and still verifies; statistics
change only as the rule says (README, "Erasing a person")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.dataset import Dataset
from hrdscore.model import Assessment, Incident
from hrdscore.store import Store, seed, verify_chain

from .identity_helpers import CANARY, CANARY_CONTACT, api_incident, files_holding

OTHER = "Бөтен Адам"


def _shared_incident() -> Incident:
    """The canary and another person in one incident: an act each, a recourse for the
    canary's act alone and one for both."""
    raw = api_incident("inc-shared", "v-canary", CANARY, "act-s1")
    raw["victims"][0]["contact"] = CANARY_CONTACT
    raw["victims"].append({"id": "v-other", "kind": "person", "gender": "female",
                           "identity": OTHER})
    raw["acts"].append({**raw["acts"][0], "id": "act-s2", "victim": "v-other"})
    raw["acts"][0]["description"] = f"{CANARY} was detained after the strike."
    raw["recourses"] = [
        {"id": "rc-only-canary", "type": "release", "date": "2021-05-10", "remedies": ["act-s1"]},
        {"id": "rc-both", "type": "release", "date": "2021-05-11",
         "remedies": ["act-s1", "act-s2"]}]
    return Incident.model_validate(raw)


@pytest.fixture
def db(tmp_path: Path, shipped: Dataset) -> Path:
    """Seeded, plus the canary alone in one incident (one act) and in a shared one; a backup
    restored once, so a kept copy holds them too."""
    path = tmp_path / "db.json"
    store = Store(path)
    seed(store, shipped, who="test")
    with store.transaction("test") as tx:
        tx.incidents.put(Incident.model_validate(
            api_incident("inc-canary", "v-canary", CANARY, "act-c1")))
        tx.incidents.put(_shared_incident())
    runner = CliRunner()
    backup = tmp_path / "before.json"
    assert runner.invoke(cli, ["backup", "-o", str(backup), "--db", str(path)]).exit_code == 0
    assert runner.invoke(cli, ["restore", str(backup), "--db", str(path)]).exit_code == 0
    backup.unlink()  # a backup made before the erasure is the operator's to destroy
    return path


def _run(db: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, [*args, "--db", str(db)])


def _totals(db: Path) -> tuple[int, int]:
    """(threats, persons) of 2021 in the statistics tables."""
    result = _run(db, "stats", "--year", "2021", "--by", "act_type", "--format", "json")
    assert result.exit_code == 0, result.output
    total = json.loads(result.output)["tables"][0]["total"]
    return total["threats"], total["persons"]


def _sealed(db: Path) -> list[str]:
    """The canary's sealed values as stored now."""
    return [victim[k] for inc in json.loads(db.read_bytes())["incidents"].values()
            for victim in inc["victims"] if victim["id"] == "v-canary"
            for k in ("identity", "contact") if k in victim]


def _traces(db: Path, sealed: list[str]) -> list[str]:
    """What in the database's folder still holds the canary: its pseudonym, its sealed
    values (as they were before the erasure) or its clear identity."""
    found = []
    for needle in ("v-canary", CANARY, CANARY_CONTACT, *sealed):
        found += files_holding(db.parent, needle)
    return sorted(set(found))


def test_erase_removes_the_person_everywhere_and_the_statistics_by_their_acts(
        db: Path, shipped: Dataset) -> None:
    baseline_dir = db.parent / "baseline"
    baseline = baseline_dir / "db.json"
    seed(Store(baseline), shipped, who="test")
    threats, persons = _totals(baseline)
    # By hand: the canary's two acts and the other person's one; two persons more.
    assert _totals(db) == (threats + 3, persons + 2)
    # The analyst sees the free text about a person, not another victim's act naming someone.
    other = _run(db, "person", "show", "v-other")
    assert "Description of act" not in other.output and CANARY not in other.output
    canary = _run(db, "person", "show", "v-canary").output
    assert f"Description of act act-s1: {CANARY} was detained after the strike.\n" in canary
    sealed = _sealed(db)
    assert len(sealed) == 3 and _traces(db, sealed)  # the database and the kept copy hold them

    dry = _run(db, "person", "erase", "v-canary", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "incidents removed: inc-canary" in dry.output
    assert "acts removed: act-c1, act-s1" in dry.output
    assert "recourses removed: rc-only-canary" in dry.output
    assert "kept copies cleaned: db.json.before-restore-" in dry.output
    assert _traces(db, sealed)  # nothing changed

    erased = _run(db, "person", "erase", "v-canary")
    assert erased.exit_code == 0, erased.output
    assert _run(db, "backup", "-o", str(db.parent / "after.json")).exit_code == 0
    assert _traces(db, sealed) == []
    doc = json.loads(db.read_bytes())
    assert "inc-canary" not in doc["incidents"]
    shared = doc["incidents"]["inc-shared"]
    assert [v["id"] for v in shared["victims"]] == ["v-other"]
    assert [a["id"] for a in shared["acts"]] == ["act-s2"]
    assert [(r["id"], r["remedies"]) for r in shared["recourses"]] == [("rc-both", ["act-s2"])]
    # The other person is untouched and still opens.
    assert f"Identity: {OTHER}" in _run(db, "person", "show", "v-other").output
    # By hand: the canary's two acts go, and the canary as a person.
    assert _totals(db) == (threats + 1, persons + 1)

    entries = Store(db).audit_log()
    assert verify_chain(entries) == []
    assert _run(db, "audit", "--verify").exit_code == 0
    last = entries[-1]
    assert (last.action, last.ids) == ("erase-person", ["inc-canary", "inc-shared"])
    assert "v-canary" not in last.model_dump_json()
    (kept,) = db.parent.glob("db.json.before-restore-*")
    assert verify_chain(Store(kept).audit_log()) == []
    Store(kept).snapshot()  # the cleaned copy still validates: it can be restored

    again = _run(db, "person", "erase", "v-canary")
    assert again.exit_code == 1 and "v-canary" in again.output


def test_keeping_the_acts_pseudonymised_leaves_the_statistics_unchanged(db: Path) -> None:
    before = _totals(db)
    sealed = _sealed(db)
    erased = _run(db, "person", "erase", "v-canary", "--keep-acts-pseudonymised")
    assert erased.exit_code == 0, erased.output
    assert _traces(db, sealed) == []
    assert _totals(db) == before
    doc = json.loads(db.read_bytes())
    victims = [v for inc in doc["incidents"].values() for v in inc["victims"]
               if v["id"].startswith("v-erased-")]
    assert len(victims) == 2 and len({v["id"] for v in victims}) == 1
    assert all(set(v) == {"id", "kind", "gender"} for v in victims)
    acts = {a["id"]: a for inc in doc["incidents"].values() for a in inc["acts"]}
    assert "description" not in acts["act-s1"]  # it named them
    assert acts["act-s1"]["victim"] == victims[0]["id"]
    assert _run(db, "audit", "--verify").exit_code == 0


def test_an_erasure_other_records_refer_to_is_refused_and_writes_nothing(db: Path) -> None:
    store = Store(db)
    with store.transaction("test") as tx:
        tx.assessments.put(Assessment.model_validate({
            "id": "asm-cites-act", "criterion": "kk2021-com-06-c1", "actor": "kpo",
            "as_of": "2021-06-01", "level": "met", "rationale": "Seen in the incident.",
            "evidence": ["act-c1"], "assessor": "analyst-1"}))
    before = db.read_bytes()
    refused = _run(db, "person", "erase", "v-canary")
    assert refused.exit_code == 1 and "assessments asm-cites-act" in refused.output
    assert "--keep-acts-pseudonymised" in refused.output
    assert db.read_bytes() == before


def test_free_text_still_naming_the_person_is_listed_for_review(db: Path) -> None:
    """Free text is sealed on disk: the search opens it with the key to find the person in an
    incident summary, another person's act description or consent note; text that does not
    name them is not listed."""
    store = Store(db)
    mention = api_incident("inc-mention", "v-third", "Үшінші Адам", "act-m1")
    mention["acts"][0]["description"] = f"Detained with {CANARY} at the gate."
    quiet = api_incident("inc-quiet", "v-fourth", "Төртінші Адам", "act-q1")
    quiet["acts"][0]["description"] = "Detained alone at the gate."
    noted = api_incident("inc-noted", "v-fifth", "Бесінші Адам", "act-n1")
    noted["victims"][0]["consent"] = {"level": "none", "on": "2021-05-05",
                                      "recorded_by": "m-1", "note": f"Asked by {CANARY}."}
    with store.transaction("test") as tx:
        shared = tx.incidents.get("inc-shared")
        assert shared is not None
        tx.incidents.put(shared.model_copy(update={
            "summary": f"{CANARY} and a colleague were detained."}))
        tx.incidents.put_many(Incident.model_validate(i) for i in (mention, quiet, noted))
    assert files_holding(db.parent, CANARY) == []  # all of it sealed
    listed = "incidents inc-mention, incidents inc-noted, incidents inc-shared"
    dry = _run(db, "person", "erase", "v-canary", "--dry-run")
    assert f"would still name the person, to edit by hand: {listed}\n" in dry.output
    erased = _run(db, "person", "erase", "v-canary")
    assert f"still names the person, to edit by hand: {listed}\n" in erased.output
    no_key = CliRunner().invoke(cli, ["person", "erase", "v-other", "--dry-run", "--db",
                                      str(db)], env={"HRDSCORE_KEY_FILE": None})
    assert no_key.exit_code == 0 and "was not looked for" in no_key.output
