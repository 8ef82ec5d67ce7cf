"""A snapshot built from the one before it is the snapshot built from scratch, the one before it
does not change, and a record that changed is validated again.

The state machine edits a small database the way a store does (records replaced by new dicts,
tables edited in place, some records re-read as equal copies) and after every step compares the
incremental snapshot with a from-scratch one in every public view."""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import sys
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import orjson
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from hrdscore.errors import StoredDataInvalid
from hrdscore.model import Actor, Incident, Involvement, Reply, Victim
from hrdscore.snapshot import Snapshot, reuse
from hrdscore.store import Store
from hrdscore.store.repository import stored_form
from tests.conftest import make_actor, make_inquiry
from tests.v2_fixture import CITE, act, assess, inquiry, records, reply

KINDS = {"Actor": "actors", "Inquiry": "inquiries", "Reply": "replies",
         "Incident": "incidents", "Assessment": "assessments"}
ACTORS = ["alpha", "beta", "gamma", "akzhol", "delta"]
ACTOR_KINDS = ["company", "state_body", "bank", "civil_society"]
ACT_TYPES = ["detention", "lawsuit", "search", "criminal_charge"]


def tables_of(given: list[Any]) -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS.values()}
    for record in given:
        tables[KINDS[type(record).__name__]][record.id] = stored_form(record)
    return tables


def expected_hash(tables: dict[str, dict[str, Any]]) -> str:
    """The evidence hash by its definition: SHA-256 of the sorted JSON of the evidence tables
    (an empty follow-up table left out)."""
    base = ("actors", "sources", "inquiries", "replies", "incidents", "assessments")
    followup = ("responses", "responsibilities", "measures", "progress_reports")
    doc = {k: tables.get(k, {}) for k in base}
    doc |= {k: tables[k] for k in followup if tables.get(k)}
    return hashlib.sha256(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)).hexdigest()


def public_view(snap: Snapshot) -> dict[str, Any]:
    """Everything a reader can see, as plain values."""
    def dump(models: Any) -> list[tuple[str, Any]]:  # in the mapping's order
        return [(k, models[k].model_dump(mode="json")) for k in models]

    def ids(groups: Any) -> dict[str, list[str]]:
        return {k: [r.id for r in v] for k, v in sorted(groups.items())}

    evidence = {}
    for actor_id in snap.actors:
        ev = snap.evidence_for(actor_id)
        evidence[actor_id] = (
            [i.id for i in ev.inquiries], [r.id for r in ev.replies], ev.incident_ids,
            ev.acts, [a.id for a in ev.assessments],
            [i.model_dump(mode="json") for i in ev.incidents])
    return {
        "hash": snap.hash,
        **{kind: dump(getattr(snap, kind)) for kind in (
            "actors", "sources", "inquiries", "replies", "assessments", "incidents",
            "responses", "responsibilities", "measures", "progress_reports")},
        "acts": snap.acts,
        "children": dict(snap.children),
        "inquiries_by_actor": ids(snap.inquiries_by_actor),
        "replies_by_inquiry": ids(snap.replies_by_inquiry),
        "acts_by_actor": {k: [(a.incident, a.id) for a in v]
                          for k, v in sorted(snap.acts_by_actor.items())},
        "assessments_by_actor": ids(snap.assessments_by_actor),
        "evidence_for": evidence,
    }


def incident_record(iid: str, acts: list[tuple[str, str, int]]) -> dict[str, Any]:
    """An incident whose acts name (actor, act type, day of June 2021); the involvements give
    no source category, so each takes its actor's kind."""
    built = [act(f"a-{n}", actor, kind, date(2021, 6, day), "initiator", "verified")
             for n, (actor, kind, day) in enumerate(acts)]
    return stored_form(Incident(id=iid, title="Қамауға алу / Задержание",
                                victims=[Victim(id="v-1", kind="person")], acts=built,
                                citations=[CITE]))


class Edits(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tables = tables_of(records())
        self.snap = Snapshot.from_tables(self.tables)

    def _put(self, kind: str, record_id: str, stored: dict[str, Any]) -> None:
        self.tables[kind][record_id] = stored  # in place, as a store keeping its tables does

    @rule(actor=st.sampled_from(ACTORS), kind=st.sampled_from(ACTOR_KINDS),
          parent=st.sampled_from([None, "alpha", "beta"]))
    def put_actor(self, actor: str, kind: str, parent: str | None) -> None:
        self._put("actors", actor, stored_form(Actor(
            id=actor, name=f"{actor} ЖШС / ТОО", kind=kind,
            parent=parent if parent != actor else None)))

    @rule(n=st.integers(0, 3), actor=st.sampled_from(ACTORS), day=st.integers(1, 28))
    def put_inquiry(self, n: int, actor: str, day: int) -> None:
        self._put("inquiries", f"q-{n}", stored_form(
            inquiry(f"q-{n}", actor, date(2021, 3, day))))

    @rule(n=st.integers(0, 3), to=st.integers(0, 3), day=st.integers(1, 28),
          substance=st.sampled_from(["full_answer", "partial_answer", "acknowledgement"]))
    def put_reply(self, n: int, to: int, day: int, substance: str) -> None:
        self._put("replies", f"r-{n}", stored_form(
            reply(f"r-{n}", f"q-{to}", date(2021, 4, day), substance)))

    @rule(n=st.integers(0, 3), acts=st.lists(st.tuples(
        st.sampled_from(ACTORS), st.sampled_from(ACT_TYPES), st.integers(1, 28)),
        min_size=1, max_size=3))
    def put_incident(self, n: int, acts: list[tuple[str, str, int]]) -> None:
        self._put("incidents", f"inc-{n}", incident_record(f"inc-{n}", acts))

    @rule(actor=st.sampled_from(ACTORS), level=st.sampled_from(["met", "partial", "not_met"]),
          year=st.integers(2019, 2021))
    def put_assessment(self, actor: str, level: str, year: int) -> None:
        record = assess(actor, "fx-01.c1", level, date(year, 6, 30))
        self._put("assessments", record.id, stored_form(record))

    @rule(kind=st.sampled_from(list(KINDS.values())), pick=st.integers(0, 50))
    def delete(self, kind: str, pick: int) -> None:
        if self.tables[kind]:
            del self.tables[kind][sorted(self.tables[kind])[pick % len(self.tables[kind])]]

    @rule()
    def reread(self) -> None:
        """Another process wrote: every record is a new dict, equal to the one before."""
        self.tables = copy.deepcopy(self.tables)

    @rule(present=st.booleans())
    def empty_followup_table(self, present: bool) -> None:
        if present:
            self.tables["responses"] = {}
        else:
            self.tables.pop("responses", None)

    @rule(warm=st.booleans())
    def rebuild(self, warm: bool) -> None:
        before = self.snap
        if warm:  # the previous snapshot's indexes built, so the new one regroups them
            assert before.acts_by_actor is not None
        seen_before = public_view(before)
        after = Snapshot.from_tables(self.tables, before)
        # From scratch, from the tables in another order: a snapshot's order is the ids'.
        scratch = Snapshot.from_tables(
            {kind: dict(reversed(copy.deepcopy(table).items()))
             for kind, table in self.tables.items()})
        assert public_view(after) == public_view(scratch)
        assert after.hash == expected_hash(self.tables)
        assert public_view(before) == seen_before
        self.snap = after


def test_incremental_snapshots_equal_from_scratch_ones_after_any_edits() -> None:
    # Checkpoints every 3 pieces, so that a change resumes hashing mid-stream in a small world.
    with mock.patch.object(reuse, "CHECKPOINT_EVERY", 3):
        run_state_machine_as_test(Edits, settings=settings(
            max_examples=40, stateful_step_count=20, deadline=None, derandomize=True,
            database=None))


def test_records_stored_the_same_keep_their_models_and_views() -> None:
    tables = tables_of(records())
    first = Snapshot.from_tables(tables)
    built = first.incidents["inc-beta"]  # incident models are built on first look-up
    again = copy.deepcopy(tables)  # equal, not the same dicts: a process that re-read the file
    again["inquiries"]["q-beta"] = {**again["inquiries"]["q-beta"], "reference": "2"}
    again["incidents"]["inc-gamma"]["title"] = "Іс / Дело"
    first.incidents["inc-gamma"]
    second = Snapshot.from_tables(again, first)
    assert second.incidents["inc-beta"] is built
    assert second.incidents["inc-gamma"].title == "Іс / Дело"
    assert first.incidents["inc-gamma"].title == "An incident"
    assert second.inquiries["q-alpha"] is first.inquiries["q-alpha"]
    assert second.inquiries["q-beta"] is not first.inquiries["q-beta"]
    assert second.inquiries["q-beta"].reference == "2"
    assert first.inquiries["q-beta"].reference == "1"
    pairs = list(zip(second.acts, first.acts, strict=True))
    assert all(a is b for a, b in pairs if a.incident == "inc-beta")
    assert all(a is not b and a == b for a, b in pairs if a.incident == "inc-gamma")
    assert second.hash == expected_hash(again) != first.hash


def test_an_actor_of_another_kind_changes_the_acts_of_an_unchanged_incident() -> None:
    tables = tables_of(records())
    first = Snapshot.from_tables(tables)
    category = {a.id: a.involvements[0].category for a in first.acts}
    assert category["a-beta-1"] == "company"
    tables["actors"]["beta"] = {**tables["actors"]["beta"], "kind": "state_body"}
    second = Snapshot.from_tables(tables, first)
    moved = {a.id: a.involvements[0].category for a in second.acts}
    assert moved["a-beta-1"] == "government_agency" and moved["a-gamma-1"] == "company"
    assert {a.id: a.involvements[0].category for a in first.acts} == category


def test_a_changed_record_that_no_longer_validates_is_refused_by_name() -> None:
    tables = tables_of(records())
    first = Snapshot.from_tables(tables)
    broken = copy.deepcopy(tables)
    broken["replies"]["r-gamma"]["received_on"] = "31 February"
    with pytest.raises(StoredDataInvalid) as refused:
        Snapshot.from_tables(broken, first)
    assert refused.value.record_id == "r-gamma" and refused.value.field == "received_on"
    # The same record unchanged is not validated again; the previous snapshot still serves.
    assert Snapshot.from_tables(tables, first).hash == first.hash
    assert first.replies["r-gamma"].received_on == date(2021, 2, 10)


def test_an_unchanged_database_gives_the_same_snapshot_parts() -> None:
    tables = tables_of(records())
    first = Snapshot.from_tables(tables)
    second = Snapshot.from_tables(copy.deepcopy(tables), first)
    assert second.actors is first.actors and second.acts is first.acts
    assert second == first and isinstance(second.replies["r-beta"], Reply)
    assert second.replies["r-beta"] is first.replies["r-beta"]


def test_involvement_without_actor_keeps_its_category() -> None:
    tables = tables_of(records())
    inc = copy.deepcopy(tables["incidents"]["inc-beta"])
    inc["acts"][0]["involvements"] = [stored_form(Involvement(
        source_category="government_agency", role="executor"))]
    tables["incidents"]["inc-beta"] = inc
    first = Snapshot.from_tables(tables)
    second = Snapshot.from_tables(tables, first)
    assert second.acts[0].involvements[0].category == "government_agency"
    assert second.acts == first.acts


def test_the_store_builds_each_snapshot_from_its_last_one(store: Store) -> None:
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("a", "Қазақ Мұнай ЖШС"))
        tx.inquiries.put(make_inquiry("q1", "a"))
    first = store.snapshot()
    with store.transaction("t") as tx:
        tx.inquiries.put(make_inquiry("q2", "a"))
    second = store.snapshot()
    assert second.actors["a"] is first.actors["a"]  # re-read from the file, not validated again
    assert second.actors["a"].name == "Қазақ Мұнай ЖШС"
    assert sorted(second.inquiries) == ["q1", "q2"] and sorted(first.inquiries) == ["q1"]
    assert second.hash == expected_hash(store.read_document())


@pytest.mark.slow
def test_the_benchmark_runs_at_a_tiny_scale(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """benchmarks/snapshot_bench.py, so it does not rot (no timing is asserted)."""
    bench = Path(__file__).parent.parent / "benchmarks" / "snapshot_bench.py"
    spec = importlib.util.spec_from_file_location("snapshot_bench", bench)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(sys, "argv", ["snapshot_bench", "--acts", "50", "--repeat", "1"])
    module.main()
    out = capsys.readouterr().out
    assert "| incremental, store kept: one incident changed |" in out
    assert "| from scratch |" in out
