"""The domain model: every record type round-trips through JSON unchanged, and rejects what
it should."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, ValidationError

from hrdscore.datafiles import KINDS
from hrdscore.dataset import Dataset
from hrdscore.model import (
    Act,
    Assessment,
    Criterion,
    Incident,
    Inquiry,
    Period,
    Scorecard,
    Victim,
)
from hrdscore.model.vocab import ACT_TYPE_BLOCK, ActType

from .conftest import CITE, make_actor


def _roundtrip(record: BaseModel) -> None:
    again = type(record).model_validate_json(record.model_dump_json())
    assert again == record
    assert again.model_dump_json() == record.model_dump_json()


# The seeds record no response, responsible body, measure or progress report after the report
# (follow-up is recorded by its users), so these kinds ship empty; tests/test_followup*.py
# round-trip them instead.
FOLLOWUP_KINDS = {"responses", "responsibilities", "measures", "progress_reports"}


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in FOLLOWUP_KINDS])
def test_every_shipped_record_round_trips_through_json(shipped: Dataset, kind: str) -> None:
    records = shipped.records(kind)
    assert records, f"no shipped {kind}"
    for record in records:
        _roundtrip(record)


def test_criteria_round_trip_with_their_assessment_method(shipped: Dataset) -> None:
    methods = set()
    for rec in shipped.recommendations:
        for criterion in rec.criteria:
            _roundtrip(criterion)
            methods.add(criterion.assessed_by.method)
    assert methods == {"rule", "judgement"}


def test_kazakh_letters_survive_json() -> None:
    actor = make_actor("bozashy", "BozashyTransҚұrylys LLP", aliases=["Қадір-Қасиет", "ӘҒҚҢӨҰҮҺІ"])
    dumped = actor.model_dump_json()
    assert "Құ" in dumped  # not \u-escaped
    assert type(actor).model_validate_json(dumped).name == "BozashyTransҚұrylys LLP"


def test_scorecard_types_round_trip() -> None:
    card = Scorecard.model_validate({
        "actor": "kpo", "actor_name": "KPO", "actor_kind": "company", "period": "2021",
        "methodology_version": "1.0", "snapshot_hash": "0" * 64, "total": None,
        "total_reason": "insufficient evidence", "coverage": 0.2, "pillars": [],
        "recommendations": [],
    })
    _roundtrip(card)


def test_unknown_keys_are_errors_not_silently_dropped() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Inquiry.model_validate({"id": "i1", "actor": "a", "reference": "1",
                                "sent_on": "2021-02-01", "citations": [CITE.model_dump()],
                                "sent_onn": "2021-02-01"})


def test_inquiry_without_date_must_say_why() -> None:
    with pytest.raises(ValidationError, match="missing_reason"):
        Inquiry(id="i1", actor="a", reference=None, sent_on=None, citations=[CITE])
    ok = Inquiry(id="i1", actor="a", reference=None, sent_on=None, citations=[CITE],
                 missing_reason="the report gives neither")
    assert ok.sent_on is None


def test_assessment_needs_exactly_one_of_level_or_missing() -> None:
    base = {"id": "a1", "criterion": "c.c1", "actor": "x", "as_of": date(2020, 12, 31),
            "rationale": "r", "assessor": "me"}
    with pytest.raises(ValidationError, match="exactly one"):
        Assessment.model_validate(base)
    with pytest.raises(ValidationError, match="exactly one"):
        Assessment.model_validate({**base, "level": "met", "missing": "not_assessed"})
    assert Assessment.model_validate({**base, "missing": "actor_declined"}).level is None


def test_incident_references_must_resolve() -> None:
    victim = Victim(id="v-1", kind="person", gender="female")
    act = Act(id="a-1", victim="v-2", type=ActType.DETENTION, date=date(2019, 5, 7),
              fields=["environment"], primary_field="environment")
    with pytest.raises(ValidationError, match="unknown victim 'v-2'"):
        Incident(id="i", title="t", victims=[victim], acts=[act], citations=[CITE])


def test_act_primary_field_must_be_among_its_fields() -> None:
    with pytest.raises(ValidationError, match="primary_field"):
        Act(id="a", victim="v", type=ActType.DETENTION, date=date(2019, 5, 7),
            fields=["land"], primary_field="banking")


def test_legal_entity_has_no_gender() -> None:
    with pytest.raises(ValidationError, match="no gender"):
        Victim(id="v", kind="legal_entity", gender="male")


def test_every_act_type_belongs_to_one_of_the_five_blocks() -> None:
    assert set(ACT_TYPE_BLOCK) == set(ActType)
    assert len(set(ACT_TYPE_BLOCK.values())) == 5


def test_criterion_ids_are_scoped_to_their_recommendation(shipped: Dataset) -> None:
    rec = shipped.recommendations[0]
    data = rec.model_dump()
    data["criteria"][0]["id"] = "elsewhere.c1"
    with pytest.raises(ValidationError, match="must start with"):
        type(rec).model_validate(data)
    assert isinstance(rec.criteria[0], Criterion)


def test_period_labels_and_previous() -> None:
    year = Period(start_year=2021, end_year=2021)
    span = Period(start_year=2016, end_year=2020)
    assert (year.label, span.label) == ("2021", "2016-2020")
    assert span.previous() == Period(start_year=2011, end_year=2015)
    assert span.start == date(2016, 1, 1) and span.end == date(2020, 12, 31)
