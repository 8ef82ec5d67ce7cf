"""Scorecard models built without validation (hrdscore.scoring.trusted) are the models
validation builds: equal, with the same JSON and repr; a missing, unknown or reordered field is
refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel

from hrdscore.model import (
    Allegation,
    Change,
    CriterionResult,
    Explanation,
    OtherAssessment,
    PillarResult,
    RecommendationResult,
    RedFlag,
    RequestResult,
)
from hrdscore.model.vocab import Level, MissingState, ReplySubstance
from hrdscore.scoring.trusted import trusted

EXPLANATION = Explanation(basis="rule:reply_received", evidence=["inq-1", "rep-1"],
                          text="Average of 1 request: 100 points (Қазақ тілі; русский).")
OTHER = OtherAssessment(assessment="as-2", assessor="kz-government", as_of=date(2021, 3, 1),
                        level=Level.MET, missing=None, self_assessment=True)
CRITERION = CriterionResult(
    criterion="c-1", recommendation="r-1", statement="Replies to requests", pillar="resp",
    weight=1.0, level=Level.PARTIAL, missing=None, points=66.7, explanation=EXPLANATION,
    other_assessments=[OTHER])

# Every model scoring builds with `trusted`, with values of the types scoring gives.
CASES: list[tuple[type[BaseModel], dict[str, Any]]] = [
    (Explanation, {"basis": "missing", "evidence": [], "text": "No assessment."}),
    (Explanation, {"basis": EXPLANATION.basis, "evidence": ["inq-1", "rep-1"],
                   "text": EXPLANATION.text}),
    (OtherAssessment, dict(OTHER)),
    (CriterionResult, dict(CRITERION)),
    (CriterionResult, {**dict(CRITERION), "level": None, "missing": MissingState.NOT_ASSESSED,
                       "points": None, "other_assessments": []}),
    (RecommendationResult, {"recommendation": "r-1", "addressee": "government", "number": 3,
                            "text": "Ensure…", "score": 50.0, "criteria": [CRITERION]}),
    (PillarResult, {"pillar": "resp", "label": "Responsiveness", "weight": 0.5, "score": None,
                    "coverage": 0.333, "criteria": 3, "band": "insufficient evidence"}),
    (Allegation, {"act": "act-1", "status": "alleged", "text": "Detention (May 2019; "
                  "executor), alleged", "response": "no response recorded"}),
    (RedFlag, {"code": "alleged-serious-acts", "text": "Alleged, not established",
               "evidence": ["act-1", "act-2"]}),
    (Change, {"previous_period": "2018", "previous_total": None, "delta": None,
              "criteria_compared": 0, "comparable": False, "note": "not comparable"}),
    (RequestResult, {"inquiry": "inq-1", "reference": None, "sent_on": date(2021, 2, 12),
                     "sent_year": None, "received_on": None, "deadline_days": 15,
                     "replied_on": date(2021, 2, 28), "days": 16, "counted_from": "letter",
                     "status": "probably_on_time", "text": "answered",
                     "substance": ReplySubstance.PARTIAL_ANSWER, "verbal_on": None,
                     "declined": False}),
]


@pytest.mark.parametrize(("cls", "values"), CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_trusted_model_is_the_validated_model(cls: type[BaseModel],
                                              values: dict[str, Any]) -> None:
    built = trusted(cls, **values)
    validated = cls(**values)
    assert type(built) is cls
    assert built == validated
    assert built.model_dump_json() == validated.model_dump_json()
    assert repr(built) == repr(validated)
    assert built.model_fields_set == validated.model_fields_set


def test_trusted_model_stays_frozen() -> None:
    built = trusted(Explanation, basis="missing", evidence=[], text="No assessment.")
    with pytest.raises(ValueError, match="frozen"):
        built.text = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("values", [
    {"basis": "missing", "text": "No assessment."},  # evidence missing
    {"basis": "missing", "evidence": [], "text": "x", "extra": 1},  # unknown field
    {"evidence": [], "basis": "missing", "text": "x"},  # out of order: the JSON would be too
])
def test_trusted_refuses_anything_but_every_field_in_order(values: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="Explanation: give every field in order"):
        trusted(Explanation, **values)
