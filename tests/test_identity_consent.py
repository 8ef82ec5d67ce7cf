"""Consent to be named: recorded on the person (level, date, who), shown by `person show`, and
checked by every public projection, which names no one without recorded public consent."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.dataset import Dataset
from hrdscore.identity.consent import ConsentRefused, may_name, refuse_naming_without_consent
from hrdscore.model import Incident
from hrdscore.model.identifying import Consent, ConsentLevel
from hrdscore.privacy import public_incident
from hrdscore.store import Store, seed

from .identity_helpers import CANARY, CANARY_CONTACT, api_incident


def _incident(consent: ConsentLevel | None, **victim: Any) -> Incident:
    raw = api_incident("inc-c", "v-c", CANARY, "act-c")
    raw["victims"][0].update(victim)
    if consent is not None:
        raw["victims"][0]["consent"] = {"level": consent.value, "on": "2024-01-05",
                                        "recorded_by": "Monitor Ә"}
    return Incident.model_validate(raw)


@pytest.mark.parametrize(("level", "internal", "public"), [
    (None, False, False), (ConsentLevel.NONE, False, False),
    (ConsentLevel.INTERNAL, True, False), (ConsentLevel.PUBLIC, True, True)])
def test_a_person_is_named_only_as_far_as_their_consent_goes(
        level: ConsentLevel | None, internal: bool, public: bool) -> None:
    consent = Consent(level=level, on=date(2024, 1, 5), recorded_by="M") if level else None
    assert may_name(consent, ConsentLevel.INTERNAL) is internal
    assert may_name(consent, ConsentLevel.PUBLIC) is public
    assert may_name(consent, ConsentLevel.NONE) is False  # "none" is no audience


@pytest.mark.parametrize("level", [None, ConsentLevel.NONE, ConsentLevel.INTERNAL])
def test_naming_publicly_without_public_consent_is_refused(level: ConsentLevel | None) -> None:
    with pytest.raises(ConsentRefused, match="without recorded consent to be named publicly"):
        refuse_naming_without_consent(_incident(level), ConsentLevel.PUBLIC)
    refuse_naming_without_consent(_incident(ConsentLevel.PUBLIC), ConsentLevel.PUBLIC)


def test_the_public_projection_carries_no_identifying_field_nor_the_consent() -> None:
    shown = public_incident(_incident(ConsentLevel.PUBLIC, contact=CANARY_CONTACT))
    assert shown is not None
    dumped = shown.model_dump_json()
    assert CANARY not in dumped and CANARY_CONTACT not in dumped
    assert "Monitor" not in dumped and shown.victims[0].consent is None


def test_consent_is_recorded_and_shown(tmp_path: Path, shipped: Dataset) -> None:
    db = tmp_path / "db.json"
    store = Store(db)
    seed(store, shipped, who="test")
    with store.transaction("test") as tx:
        tx.incidents.put(_incident(None))
    runner = CliRunner()
    recorded = runner.invoke(cli, ["person", "consent", "v-c", "--level", "internal", "--by",
                                   "Айжан Монитор", "--on", "2025-02-03", "--db", str(db)])
    assert recorded.exit_code == 0, recorded.output
    assert "may be named in internal reports" in recorded.output
    shown = runner.invoke(cli, ["person", "show", "v-c", "--db", str(db)])
    assert ("Consent to be named: may be named in internal reports (recorded 2025-02-03 by "
            "Айжан Монитор)") in shown.output
    last = store.audit_log()[-1]
    assert (last.action, last.ids) == ("consent", ["inc-c"])
    unknown = runner.invoke(cli, ["person", "consent", "v-nobody", "--level", "public", "--by",
                                  "M", "--db", str(db)])
    assert unknown.exit_code == 1 and "v-nobody" in unknown.output
