"""The public scorecard holds no withheld id in any field, including fields added after the
projection was written (methodology 2's allegations, headlines, requests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hrdscore.dataset import Dataset
from hrdscore.model import Period, Scorecard
from hrdscore.privacy import CONFIDENTIAL, Withheld, public_scorecard
from hrdscore.service import Workspace
from hrdscore.store import Store
from tests.api_helpers import SECRET_ACT, SECRET_INCIDENT, Base, make_base

SECRET = "a-secret-9"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Base:
    return make_base(tmp_path_factory.mktemp("privacy-fields"), shipped)


def test_an_allegation_of_a_confidential_act_is_shown_without_its_id(base: Base,
                                                                      tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    db.write_bytes(base.template)
    ws = Workspace(base.catalog, base.methodology, Store(db))
    y2019 = Period(start_year=2019, end_year=2019)
    public = ws.public_scorecard(y2019, "kpo")
    assert [a.act for a in public.allegations].count(CONFIDENTIAL) == 1
    # neither the act nor its response (a recourse could identify it) is described
    assert [a.response for a in public.allegations if a.act == CONFIDENTIAL] == [
        "details withheld"]
    text = public.model_dump_json()
    assert SECRET_ACT not in text and SECRET_INCIDENT not in text


def _card_citing_the_secret_everywhere() -> Scorecard:
    return Scorecard.model_validate({
        "actor": "kpo", "actor_name": "KPO", "actor_kind": "company", "period": "2021",
        "methodology_version": "2.0", "snapshot_hash": "h", "total": None, "coverage": 0.0,
        "pillars": [], "recommendations": [],
        "headline": f"Named in act {SECRET}.",
        "allegations": [{"act": SECRET, "status": "alleged", "text": f"Act {SECRET}.",
                         "response": "none"}],
        "red_flags": [{"code": "serious", "text": "t", "evidence": [SECRET, "a-public"]}],
        "change": {"previous_period": "2020", "previous_total": None, "delta": None,
                   "criteria_compared": 0, "comparable": False, "note": f"see {SECRET}"},
    })


def test_every_field_of_the_card_is_projected() -> None:
    card = _card_citing_the_secret_everywhere()
    public = public_scorecard(card, Withheld(ids=frozenset({SECRET})))
    dumped = json.loads(public.model_dump_json())
    assert SECRET not in json.dumps(dumped)
    assert dumped["allegations"][0]["act"] == CONFIDENTIAL
    assert dumped["headline"] == f"Named in act {CONFIDENTIAL}."
    assert dumped["red_flags"][0]["evidence"] == [CONFIDENTIAL, "a-public"]
    assert dumped["change"]["note"] == f"see {CONFIDENTIAL}"
    # an id that merely contains a withheld one is another record: left alone
    other = card.model_copy(update={"headline": f"{SECRET}0 and x{SECRET}"})
    assert public_scorecard(other, Withheld(ids=frozenset({SECRET}))).headline == (
        f"{SECRET}0 and x{SECRET}")


def test_nothing_withheld_leaves_the_card_as_it_was() -> None:
    card = _card_citing_the_secret_everywhere()
    assert public_scorecard(card, Withheld()) is card
    assert public_scorecard(card, Withheld(ids=frozenset({"a-other"}))) is card


