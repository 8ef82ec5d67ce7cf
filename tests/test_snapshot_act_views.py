"""Act views are built from stored incident dicts with each stored form converted once per
build (dates, field lists, involvements looked up by their stored form): acts that differ in
any part get views that differ in it, and a stored value no vocabulary knows is refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hrdscore.model.vocab import Field, InvolvementRole, SourceCategory
from hrdscore.snapshot import act_views

from .conftest import make_actor


def _incident(acts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": "inc-1", "victims": [{"id": "v-1", "kind": "person"}], "acts": acts,
            "recourses": []}


def _act(act_id: str, **kw: Any) -> dict[str, Any]:
    return {"id": act_id, "victim": "v-1", "type": "detention", "date": "2021-03-04",
            "fields": ["housing"], "primary_field": "housing",
            "involvements": [{"actor": "akimat", "role": "executor"}], **kw}


def test_acts_differing_in_one_part_keep_their_own_values() -> None:
    acts = [
        _act("a1"),
        _act("a2", fields=["housing", "land"]),  # the same first field, one more
        _act("a3", fields=["land", "housing"], primary_field="land"),
        _act("a4", involvements=[{"actor": "akimat", "role": "executor", "alleged": True}]),
        _act("a5", involvements=[{"actor": "akimat", "role": "executor",
                                  "source_category": "company"}]),
        _act("a6", involvements=[{"actor": "akimat", "role": "executor"},
                                 {"actor": "court", "role": "decider"}]),
        _act("a7", date="2021-03-05"),
        _act("a8"),
    ]
    actors = {"akimat": make_actor("akimat", "Әкімдік", kind="state_body")}
    views = {v.id: v for v in act_views({"inc-1": _incident(acts)}, actors)}
    assert views["a1"].fields == (Field.HOUSING,)
    assert views["a2"].fields == (Field.HOUSING, Field.LAND)
    assert views["a3"].fields == (Field.LAND, Field.HOUSING)
    assert views["a3"].primary_field is Field.LAND
    one = views["a1"].involvements
    assert [(i.actor, i.category, i.role, i.alleged) for i in one] == [
        ("akimat", SourceCategory.GOVERNMENT_AGENCY, InvolvementRole.EXECUTOR, False)]
    assert views["a4"].involvements[0].alleged is True
    assert views["a5"].involvements[0].category is SourceCategory.COMPANY
    assert [(i.actor, i.role) for i in views["a6"].involvements] == [
        ("akimat", InvolvementRole.EXECUTOR), ("court", InvolvementRole.DECIDER)]
    assert views["a6"].involvements[1].category is None  # an actor nobody recorded
    assert views["a1"].date == date(2021, 3, 4)
    assert views["a7"].date == date(2021, 3, 5)
    # Equal parts are one object (memory), not merely equal.
    assert views["a8"].involvements is one
    assert views["a8"].fields is views["a1"].fields


@pytest.mark.parametrize(("part", "value"), [("type", "kidnapping"), ("fields", ["fishing"]),
                                             ("date_precision", "week")])
def test_a_stored_value_no_vocabulary_knows_is_refused(part: str, value: Any) -> None:
    with pytest.raises(ValueError, match="is not a valid"):
        act_views({"inc-1": _incident([_act("a1", **{part: value})])}, {})


def test_an_involvement_category_no_vocabulary_knows_is_refused() -> None:
    act = _act("a1", involvements=[{"role": "executor", "source_category": "aliens"}])
    with pytest.raises(ValueError, match="is not a valid"):
        act_views({"inc-1": _incident([act])}, {})
