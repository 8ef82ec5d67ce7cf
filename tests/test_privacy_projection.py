"""The public projection, field by field, on records where every withheld field is filled in:
removing any single redaction line of `hrdscore.privacy` turns one of these red.

The fixture (worked out by hand):
- source `src-open` public, `src-closed` not (with a URL);
- a PUBLIC incident `inc-open` whose two victims have identities and pseudonyms, with an act
  per victim, a recourse (`rc-open`, reinstated, 3 Sep 2019) and citations of both sources;
- a CONFIDENTIAL incident `inc-closed` with act `a-closed` (14 Mar 2019) and recourse
  `rc-closed` (claim withdrawn, 27 Nov 2019);
- a published assessment citing both sources, with evidence [inc-closed, a-closed,
  src-closed, a-open-1]; a draft assessment.
"""

from __future__ import annotations

from typing import Any

import pytest

from hrdscore.model import (
    Actor,
    Adjustment,
    Assessment,
    Change,
    Citation,
    CriterionResult,
    Explanation,
    Incident,
    Inquiry,
    RecommendationResult,
    RedFlag,
    Reply,
    Scorecard,
    Source,
)
from hrdscore.model.vocab import ActorKind
from hrdscore.privacy import (
    CONFIDENTIAL,
    NON_PUBLIC_CITATION,
    NON_PUBLIC_SOURCE,
    REMEDY_WITHHELD,
    TEXT_WITHHELD,
    Withheld,
    public_act,
    public_assessment,
    public_citation,
    public_incident,
    public_scorecard,
    public_source,
    public_text,
    with_public_citations,
    withheld_of,
)
from hrdscore.privacy.evidence import public_evidence, public_sources
from hrdscore.snapshot.evidence import ActorEvidence
from hrdscore.snapshot.views import act_views

OPEN = Citation(source="src-open", locator="page 1", quote="an open quote")
CLOSED = Citation(source="src-closed", locator="closed locator", quote="closed quote")
SOURCES = {"src-open": Source(id="src-open", title="Open report"),
           "src-closed": Source(id="src-closed", title="Closed notes", url="https://x.example",
                                public=False)}
ACTOR = Actor(id="acme", name="Acme", kind=ActorKind.COMPANY,
              citations=[OPEN.model_dump(), CLOSED.model_dump()])  # type: ignore[list-item]


def _act(act_id: str, victim: str, day: str) -> dict[str, Any]:
    return {"id": act_id, "victim": victim, "type": "detention", "date": day,
            "fields": ["oil_industry"], "primary_field": "oil_industry",
            "involvements": [{"actor": "acme", "role": "initiator"}]}


OPEN_INCIDENT: dict[str, Any] = {
    "id": "inc-open", "title": "Open incident",
    "victims": [{"id": "v-0101", "kind": "person", "gender": "male", "identity": "Name One"},
                {"id": "v-0102", "kind": "person", "gender": "female", "identity": "Name Two"}],
    "acts": [_act("a-open-1", "v-0101", "2019-08-02"), _act("a-open-2", "v-0102", "2019-08-02")],
    "recourses": [{"id": "rc-open", "type": "reinstated", "date": "2019-09-03",
                   "remedies": ["a-open-1"]}],
    "citations": [OPEN.model_dump(), CLOSED.model_dump()],
}
CLOSED_INCIDENT: dict[str, Any] = {
    "id": "inc-closed", "title": "Closed incident", "confidentiality": "confidential",
    "victims": [{"id": "v-0200", "kind": "person", "gender": "female", "identity": "Secret"}],
    "acts": [_act("a-closed", "v-0200", "2019-03-14")],
    "recourses": [{"id": "rc-closed", "type": "claim_withdrawn", "date": "2019-11-27",
                   "remedies": ["a-closed"]}],
    "citations": [CLOSED.model_dump()],
}
PUBLISHED = Assessment.model_validate({
    "id": "asm-pub", "criterion": "c1", "actor": "acme", "as_of": "2019-06-01",
    "level": "met", "rationale": "r", "assessor": "a", "review": "published",
    "evidence": ["inc-closed", "a-closed", "src-closed", "a-open-1"],
    "citations": [OPEN.model_dump(), CLOSED.model_dump()]})
DRAFT = PUBLISHED.model_copy(update={"id": "asm-draft", "review": "draft"})
ACTS = act_views({"inc-open": OPEN_INCIDENT, "inc-closed": CLOSED_INCIDENT}, {})
WITHHELD = withheld_of(ACTS, SOURCES, {"asm-pub": PUBLISHED, "asm-draft": DRAFT})


# ----------------------------------------------------------------------- what is withheld

def test_withheld_ids_are_the_confidential_incident_its_act_and_recourse_and_the_rest() -> None:
    assert WITHHELD.ids == {"inc-closed", "a-closed", "rc-closed", "src-closed", "asm-draft"}
    assert WITHHELD.public_sources == {"src-open"}


def test_withheld_mentions_are_confidential_recourses_as_scoring_words_them() -> None:
    assert WITHHELD.mentions == ("claim withdrawn (27 Nov 2019)",)
    # The confidential act's and recourse's days; the public ones' (2 Aug, 3 Sep) are not.
    assert set(WITHHELD.dates) == {"14 Mar 2019", "2019-03-14", "27 Nov 2019", "2019-11-27"}


def test_a_mention_or_date_shared_with_a_public_record_is_not_withheld() -> None:
    twin = {**CLOSED_INCIDENT, "id": "inc-twin", "confidentiality": "public",
            "acts": [_act("a-twin", "v-0200", "2019-03-14")],
            "recourses": [{"id": "rc-twin", "type": "claim_withdrawn", "date": "2019-11-27",
                           "remedies": ["a-twin"]}]}
    acts = act_views({"inc-closed": CLOSED_INCIDENT, "inc-twin": twin}, {})
    withheld = withheld_of(acts, {}, {})
    assert withheld.mentions == () and withheld.dates == ()


# ----------------------------------------------------------------------- records

def test_citation_of_a_non_public_source_keeps_nothing_of_it() -> None:
    assert public_citation(OPEN, WITHHELD) == OPEN
    assert public_citation(CLOSED, WITHHELD) == NON_PUBLIC_CITATION
    assert NON_PUBLIC_CITATION.source == NON_PUBLIC_SOURCE
    assert "closed" not in NON_PUBLIC_CITATION.model_dump_json()
    # Fail closed: a source not listed as public (here, unknown to the snapshot) is withheld.
    unknown = Citation(source="src-unknown", locator="somewhere")
    assert public_citation(unknown, WITHHELD) == NON_PUBLIC_CITATION
    # Known only as a withheld id (no list of public sources): still withheld.
    assert public_citation(CLOSED, Withheld(ids=frozenset({"src-closed"}))) \
        == NON_PUBLIC_CITATION


def test_non_public_source_is_invisible() -> None:
    assert public_source(SOURCES["src-open"]) == SOURCES["src-open"]
    assert public_source(SOURCES["src-closed"]) is None


def test_confidential_incident_is_invisible() -> None:
    assert public_incident(Incident.model_validate(CLOSED_INCIDENT), WITHHELD) is None


def test_public_incident_without_identities_pseudonyms_or_closed_citations() -> None:
    shown = public_incident(Incident.model_validate(OPEN_INCIDENT), WITHHELD)
    assert shown is not None
    assert [v.identity for v in shown.victims] == [None, None]
    assert [v.id for v in shown.victims] == ["victim-1", "victim-2"]
    assert [a.victim for a in shown.acts] == ["victim-1", "victim-2"]
    assert shown.citations == [OPEN, NON_PUBLIC_CITATION]
    assert [r.id for r in shown.recourses] == ["rc-open"]  # public: kept
    for secret in ("Name One", "Name Two", "v-0101", "v-0102", "closed locator"):
        assert secret not in shown.model_dump_json()


def test_act_names_its_victim_by_alias() -> None:
    act = Incident.model_validate(OPEN_INCIDENT).acts[1]
    assert public_act(act, {"v-0102": "victim-2"}).victim == "victim-2"


def test_assessment_draft_invisible_published_masked() -> None:
    assert public_assessment(DRAFT, WITHHELD) is None
    shown = public_assessment(PUBLISHED, WITHHELD)
    assert shown is not None
    assert shown.evidence == [CONFIDENTIAL, CONFIDENTIAL, CONFIDENTIAL, "a-open-1"]
    assert shown.citations == [OPEN, NON_PUBLIC_CITATION]


@pytest.mark.parametrize("record", [
    ACTOR,
    Inquiry(id="inq-1", actor="acme", reference="1", sent_on="2019-04-01",  # type: ignore[arg-type]
            citations=[OPEN, CLOSED]),
    Reply(id="rep-1", inquiry="inq-1", received_on="2019-04-20",  # type: ignore[arg-type]
          substance="partial_answer", citations=[OPEN, CLOSED]),  # type: ignore[arg-type]
])
def test_actor_inquiry_reply_citations_projected(record: Actor | Inquiry | Reply) -> None:
    assert with_public_citations(record, WITHHELD).citations == [OPEN, NON_PUBLIC_CITATION]


# ----------------------------------------------------------------------- scorecards

def _card(text: str, evidence: list[str]) -> Scorecard:
    explanation = Explanation(basis="rule:x", evidence=evidence, text=text)
    criterion = CriterionResult(criterion="c1", recommendation="r1", statement="s", pillar="p",
                                weight=1, explanation=explanation)
    return Scorecard(
        actor="acme", actor_name="Acme", actor_kind=ActorKind.COMPANY, period="2019",
        methodology_version="1", snapshot_hash="h", total=None, total_reason=text,
        coverage=0, pillars=[],
        recommendations=[RecommendationResult(recommendation="r1", addressee="companies",
                                              number=1, text="t", score=None,
                                              criteria=[criterion])],
        red_flags=[RedFlag(code="f", text=text, evidence=evidence)],
        adjustment=Adjustment(points=1, uncapped=1, cap=20, acts=evidence, text=text),
        change=Change(previous_period="2018", previous_total=None, delta=None,
                      criteria_compared=0))


def test_scorecard_masks_ids_and_rewords_confidential_recourses_everywhere() -> None:
    text = "2 of 2 remedied: claim withdrawn (27 Nov 2019), reinstated (3 Sep 2019)."
    shown = public_scorecard(_card(text, ["a-closed", "a-open-1"]), WITHHELD)
    expected = f"2 of 2 remedied: {REMEDY_WITHHELD}, reinstated (3 Sep 2019)."
    explanation = shown.recommendations[0].criteria[0].explanation
    assert explanation.evidence == [CONFIDENTIAL, "a-open-1"]
    assert explanation.text == expected
    assert shown.red_flags[0].evidence == [CONFIDENTIAL, "a-open-1"]
    assert shown.red_flags[0].text == expected
    assert shown.adjustment is not None
    assert shown.adjustment.acts == [CONFIDENTIAL, "a-open-1"]
    assert shown.adjustment.text == expected
    assert shown.total_reason == expected


def test_a_text_still_dating_a_confidential_record_is_withheld_whole() -> None:
    # A wording scoring may adopt one day: the date alone gives the record away.
    assert public_text("withdrawn on 2019-11-27", WITHHELD) == TEXT_WITHHELD
    assert public_text("detained on 14 Mar 2019", WITHHELD) == TEXT_WITHHELD
    assert public_text("detained on 2 Aug 2019", WITHHELD) == "detained on 2 Aug 2019"


def test_scorecard_with_nothing_withheld_is_the_same_object() -> None:
    card = _card("reinstated (3 Sep 2019)", ["a-open-1"])
    assert public_scorecard(card, WITHHELD) == card
    assert public_scorecard(card, frozenset()) is card


# ----------------------------------------------------------------------- a PDF's evidence

def test_public_evidence_drops_drafts_confidential_records_and_closed_citations() -> None:
    incidents = {"inc-open": Incident.model_validate(OPEN_INCIDENT),
                 "inc-closed": Incident.model_validate(CLOSED_INCIDENT)}
    inquiry = Inquiry(id="inq-1", actor="acme", reference="1", sent_on="2019-04-01",  # type: ignore[arg-type]
                      citations=[CLOSED])
    reply = Reply(id="rep-1", inquiry="inq-1", received_on="2019-04-20",  # type: ignore[arg-type]
                  substance="partial_answer", citations=[CLOSED])  # type: ignore[arg-type]
    ev = ActorEvidence(actor=ACTOR, inquiries=(inquiry,), replies=(reply,),
                       incident_ids=("inc-closed", "inc-open"), acts=ACTS,
                       assessments=(DRAFT, PUBLISHED), _incidents=incidents)
    shown = public_evidence(ev, WITHHELD)
    assert shown.actor.citations == [OPEN, NON_PUBLIC_CITATION]
    assert shown.inquiries[0].citations == [NON_PUBLIC_CITATION]
    assert shown.replies[0].citations == [NON_PUBLIC_CITATION]
    assert shown.incident_ids == ("inc-open",)
    assert [a.id for a in shown.acts] == ["a-open-1", "a-open-2"]
    assert [a.id for a in shown.assessments] == ["asm-pub"]
    assert shown.assessments[0].evidence[0] == CONFIDENTIAL
    assert "inc-closed" not in shown.incident_models
    assert sorted(shown.incident_models) == ["inc-open"]
    assert shown.incident_models["inc-open"].victims[0].identity is None
    with pytest.raises(KeyError):
        shown.incident_models["inc-closed"]


def test_public_sources_name_only_public_ones_and_a_stand_in() -> None:
    shown = public_sources(SOURCES)
    assert sorted(shown) == [NON_PUBLIC_SOURCE, "src-open"]
    assert shown[NON_PUBLIC_SOURCE].public is False
