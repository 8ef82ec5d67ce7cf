"""Follow-up benchmark: the tracker matrix for 1,000 recommendations x 10 years x 3 assessors.

Each recommendation has two judgement criteria; each assessor assesses every criterion once a
year (60,000 assessments), with a response, a responsible body and a measure per
recommendation. Times `hrdscore.followup.tracker` (index built inside, latest changes
included) on a ready snapshot, best and median of --runs.

    python benchmarks/followup_bench.py [--recommendations 1000] [--years 10] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from types import MappingProxyType

from hrdscore.followup import tracker
from hrdscore.model import (
    Assessment,
    Citation,
    Measure,
    Recommendation,
    Response,
    Responsibility,
)
from hrdscore.model.followup import BodyRole, MeasureStatus, ResponseKind
from hrdscore.model.vocab import Level, ReviewState
from hrdscore.snapshot import Snapshot

LEVELS = ("not_started", "planned", "limited", "substantial", "complete", "regressed")
ASSESSORS = ("NGO monitor", "Government self-report", "UN Human Rights Committee")
CITE = Citation(source="src-bench", locator="p. 1")


def build(n_recs: int, first_year: int, years: int) -> tuple[list[Recommendation], Snapshot]:
    recs = [Recommendation.model_validate({
        "id": f"r-{i:04d}", "report": "bench", "addressee": "government",
        "addressee_as_printed": "To the Government", "number": i % 999 + 1,
        "text": f"Recommendation {i}", "citation": CITE.model_dump(),
        "themes": ["hrd_protection"],
        "criteria": [{"id": f"r-{i:04d}.c{c}", "statement": "Checkable", "kind": "process",
                      "pillar": "protection", "weight": 1,
                      "assessed_by": {"method": "judgement", "scale": "implementation",
                                      "guidance": "levels"}} for c in (1, 2)],
    }) for i in range(n_recs)]
    assessments = {}
    for i, rec in enumerate(recs):
        for criterion in rec.criteria:
            for a, assessor in enumerate(ASSESSORS):
                for y in range(years):
                    aid = f"a-{criterion.id}-{a}-{y}"
                    assessments[aid] = Assessment.model_construct(
                        id=aid, criterion=criterion.id, actor="gov",
                        as_of=date(first_year + y, 6, 30),
                        level=Level(LEVELS[(i + a + y) % len(LEVELS)]), missing=None,
                        rationale="r", evidence=[], citations=[CITE], assessor=assessor,
                        assessor_actor=None, self_assessment=a == 1, review=ReviewState.PUBLISHED)
    responses = {f"rsp-{r.id}": Response.model_construct(
        id=f"rsp-{r.id}", recommendation=r.id, actor="gov", response=ResponseKind.SUPPORTED,
        date=date(first_year, 3, 1), comment=None, citations=[CITE]) for r in recs}
    bodies = {f"rsb-{r.id}": Responsibility.model_construct(
        id=f"rsb-{r.id}", recommendation=r.id, actor="gov", role=BodyRole.PRIMARY, citations=[])
        for r in recs}
    measures = {f"m-{r.id}": Measure.model_construct(
        id=f"m-{r.id}", recommendation=r.id, description="d", actor="gov",
        start_date=date(first_year, 4, 1), target_date=date(first_year + 1, 4, 1),
        status=MeasureStatus.PLANNED, citations=[CITE]) for r in recs}
    empty: MappingProxyType[str, object] = MappingProxyType({})
    snap = Snapshot(actors=empty, sources=empty, inquiries=empty, replies=empty,  # type: ignore[arg-type]
                    incidents=empty, assessments=MappingProxyType(assessments),  # type: ignore[arg-type]
                    responses=responses, responsibilities=bodies, measures=measures)
    return recs, snap


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recommendations", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    first = 2016
    recs, snap = build(args.recommendations, first, args.years)
    last = first + args.years - 1
    times, cpu = [], []
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        matrix = tracker(recs, snap, as_of=date(last, 12, 31), years=(first, last))
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    cells = sum(len(cells) for row in matrix.rows for _, cells in row.years)
    print(f"tracker matrix: {len(matrix.rows)} recommendations x {len(matrix.years)} years x "
          f"{len(matrix.assessors)} assessors = {cells} cells from {len(snap.assessments)} "
          f"assessments: best {min(times):.3f} s, median {statistics.median(times):.3f} s "
          f"over {args.runs} runs (CPU time: best {min(cpu):.3f} s; the wall time counts "
          f"other processes sharing the machine)")


if __name__ == "__main__":
    main()
