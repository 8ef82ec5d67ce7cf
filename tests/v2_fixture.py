"""A small world scored under methodology 2, whose every number is worked out by hand in
tests/test_methodology_v2_fixture.py.

Catalog (all to companies; pillar weights from methodology-v2.yaml: commitments 20, due
diligence and remedy 30, responsiveness 20, conduct 30):
  fx-01.c1 commitments (judgement) ; fx-01.c2, fx-01.c3 due diligence (judgement)
  fx-02.c1 reply_received, fx-02.c2 reply_on_time, fx-02.c3 reply_substance (responsiveness)
  fx-03.c1 acts_attributed (counted in the deduction, kept out of the pillars)
  fx-03.c2 incident_response ; fx-03.c3 conduct (judgement)
Monitoring is made complete for 2016-2021 so that "no act" means none happened.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from hrdscore.catalog import Catalog
from hrdscore.methodology import Methodology, MonitoringSpan, load_methodology
from hrdscore.model import (
    Act,
    Actor,
    Assessment,
    Citation,
    Criterion,
    Incident,
    Inquiry,
    Involvement,
    JudgementAssessment,
    Recommendation,
    Recourse,
    Reply,
    RuleAssessment,
    Victim,
)
from hrdscore.snapshot.evidence import Snapshot
from hrdscore.store.repository import stored_form

REPO = Path(__file__).resolve().parent.parent
CITE = Citation(source="src-fx", locator="fixture")
MONITOR = "kadir-kasiet"  # the designated scoring assessor and a publisher in the v2 file


def methodology(**changes: Any) -> Methodology:
    """The shipped v2 methodology with complete monitoring; `changes` replace v2 fields."""
    m = load_methodology(REPO / "scorecards" / "methodology-v2.yaml")
    span = MonitoringSpan(start=date(2016, 1, 1), end=date(2021, 12, 31), source="src-fx",
                          complete=True)
    return m.model_copy(update={"incident_monitoring": [span], **changes})


def _judgement(cid: str, pillar: str) -> Criterion:
    return Criterion(id=cid, statement="Checkable statement.", kind="structural", pillar=pillar,
                     assessed_by=JudgementAssessment(scale="compliance", guidance="g"))


def _rule(cid: str, pillar: str, rule: str) -> Criterion:
    return Criterion(id=cid, statement="Checkable statement.", kind="process", pillar=pillar,
                     assessed_by=RuleAssessment(rule=rule))


def _rec(rid: str, number: int, criteria: list[Criterion]) -> Recommendation:
    return Recommendation(id=rid, report="kk2021", addressee="companies",
                          addressee_as_printed="To companies", number=number, text="Do it.",
                          citation=CITE, criteria=criteria)


CATALOG = Catalog(reports=(), recommendations=(
    _rec("fx-01", 1, [_judgement("fx-01.c1", "commitments"),
                      _judgement("fx-01.c2", "due_diligence_remedy"),
                      _judgement("fx-01.c3", "due_diligence_remedy")]),
    _rec("fx-02", 2, [_rule("fx-02.c1", "responsiveness", "reply_received"),
                      _rule("fx-02.c2", "responsiveness", "reply_on_time"),
                      _rule("fx-02.c3", "responsiveness", "reply_substance")]),
    _rec("fx-03", 3, [_rule("fx-03.c1", "conduct", "acts_attributed"),
                      _rule("fx-03.c2", "conduct", "incident_response"),
                      _judgement("fx-03.c3", "conduct")]),
))


def company(actor_id: str) -> Actor:
    return Actor(id=actor_id, name=actor_id.title(), kind="company")


def assess(actor: str, criterion: str, level: str | None, as_of: date, **kw: Any) -> Assessment:
    return Assessment(id=kw.pop("id", f"asm-{actor}-{criterion}-{as_of.year}"),
                      criterion=criterion, actor=actor, as_of=as_of, level=level,
                      rationale="Hand-made finding.", assessor=kw.pop("assessor", "Monitor"),
                      assessor_actor=kw.pop("assessor_actor", MONITOR),
                      review=kw.pop("review", "published"), **kw)


def inquiry(iid: str, actor: str, sent: date, received: date | None = None) -> Inquiry:
    return Inquiry(id=iid, actor=actor, reference="1", sent_on=sent, received_on=received,
                   citations=[CITE])


def reply(rid: str, iid: str, on: date, substance: str, mode: str = "written",
          **kw: Any) -> Reply:
    return Reply(id=rid, inquiry=iid, received_on=on, substance=substance, mode=mode,
                 citations=[CITE], **kw)


def incident(iid: str, acts: list[Act], recourses: list[Recourse] | None = None,
             confidentiality: str = "public") -> Incident:
    return Incident(id=iid, title="An incident", victims=[Victim(id="v-1", kind="person")],
                    acts=acts, recourses=recourses or [], citations=[CITE],
                    confidentiality=confidentiality)


def act(aid: str, actor: str, act_type: str, on: date, role: str, verification: str,
        alleged: bool = False) -> Act:
    return Act(id=aid, victim="v-1", type=act_type, date=on, fields=["oil_industry"],
               primary_field="oil_industry", verification=verification,
               involvements=[Involvement(actor=actor, role=role, alleged=alleged)])


def records() -> list[Any]:
    d = date
    return [
        Actor(id=MONITOR, name="PA ‘Kadir-Kasiet’", kind="civil_society"),
        # alpha: everything assessed; a reply on the 15th day after receipt.
        company("alpha"),
        assess("alpha", "fx-01.c1", "met", d(2021, 6, 30)),
        assess("alpha", "fx-01.c2", "met", d(2021, 6, 30)),
        assess("alpha", "fx-01.c3", "partial", d(2021, 6, 30)),
        assess("alpha", "fx-03.c3", "met", d(2021, 6, 30)),
        assess("alpha", "fx-01.c1", "partial", d(2020, 6, 30)),
        assess("alpha", "fx-01.c2", "met", d(2020, 6, 30)),
        inquiry("q-alpha", "alpha", d(2021, 2, 1), received=d(2021, 2, 3)),
        reply("r-alpha", "q-alpha", d(2021, 2, 18), "full_answer"),
        # beta: a verified detention it executed lowers its total across a band boundary;
        # a reported lawsuit is an allegation, a disputed search counts for nothing.
        company("beta"),
        *(assess("beta", c, "met", d(2021, 6, 30))
          for c in ("fx-01.c1", "fx-01.c2", "fx-01.c3", "fx-03.c3")),
        inquiry("q-beta", "beta", d(2021, 3, 1)),
        reply("r-beta", "q-beta", d(2021, 3, 18), "partial_answer"),
        incident("inc-beta", [
            act("a-beta-1", "beta", "detention", d(2021, 5, 10), "executor", "verified"),
            act("a-beta-2", "beta", "lawsuit", d(2021, 6, 1), "initiator", "reported"),
            act("a-beta-3", "beta", "search", d(2021, 7, 1), "initiator", "disputed"),
        ]),
        # gamma: a verbal-only answer; coverage of due diligence exactly 50% because its 2019
        # assessment of fx-01.c3 expired; a verified charge it allegedly initiated, withdrawn.
        company("gamma"),
        assess("gamma", "fx-01.c1", "met", d(2021, 3, 31)),
        assess("gamma", "fx-01.c2", "partial", d(2021, 3, 31)),
        assess("gamma", "fx-01.c3", "met", d(2019, 6, 30)),
        assess("gamma", "fx-03.c3", "not_met", d(2021, 3, 31)),
        inquiry("q-gamma", "gamma", d(2021, 2, 1), received=d(2021, 2, 2)),
        reply("r-gamma", "q-gamma", d(2021, 2, 10), "partial_answer", mode="verbal"),
        incident("inc-gamma", [
            act("a-gamma-1", "gamma", "criminal_charge", d(2021, 4, 1), "initiator",
                "corroborated", alleged=True),
        ], [Recourse(id="rc-gamma", type="claim_withdrawn", date=d(2021, 5, 1),
                     remedies=["a-gamma-1"])]),
        # delta: a request still inside its deadline late in December; its own statement and a
        # UN body's finding shown beside a missing scoring assessment; a draft that never counts.
        company("delta"),
        inquiry("q-delta", "delta", d(2021, 12, 10)),
        assess("delta", "fx-01.c1", "met", d(2021, 6, 30), id="asm-delta-self",
               assessor="Delta LLP", assessor_actor="delta", self_assessment=True),
        assess("delta", "fx-01.c1", "partial", d(2021, 6, 30), id="asm-delta-un",
               assessor="UN Working Group", assessor_actor="un-wg"),
        assess("delta", "fx-01.c2", "met", d(2021, 6, 30), id="asm-delta-draft",
               review="draft"),
        # epsilon: never sent a request, so not an addressee.
        company("epsilon"),
    ]


def snapshot(given: list[Any] | None = None) -> Snapshot:
    """The fixture world, or the given records beside the monitor."""
    kinds = {Actor: "actors", Inquiry: "inquiries", Reply: "replies", Incident: "incidents",
             Assessment: "assessments"}
    tables: dict[str, dict[str, Any]] = {}
    chosen = records() if given is None else [records()[0], *given]
    for record in chosen:
        tables.setdefault(kinds[type(record)], {})[record.id] = stored_form(record)
    return Snapshot.from_tables(tables)
