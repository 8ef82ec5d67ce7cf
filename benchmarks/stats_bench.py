"""Statistics benchmark: every table over 100,000 acts. Aim: all one-way tables under 1 s.

Imports the synthetic data set (benchmarks/synth.py) into a temporary store, takes a snapshot,
then makes one act in ten ongoing over one to six months and gives one in twenty a recourse
(the synthetic CSV has neither), so month and recourse tables do real work. Prints seconds per
step.

    python benchmarks/stats_bench.py [--acts 100000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from synth import write_dataset

from hrdscore.model.vocab import RecourseType
from hrdscore.snapshot.views import ActView, RecourseView
from hrdscore.stats import (
    Dimension,
    RecourseDimension,
    StatsFilter,
    Table,
    recourse_table,
    threat_tables,
)
from hrdscore.store import Store, import_file

CROSS = [("year", "field"), ("source_category", "year"), ("month", "block"),
         ("region", "act_type"), ("source_body", "year")]


def _enrich(acts: tuple[ActView, ...], seed: int = 7) -> tuple[ActView, ...]:
    rng = random.Random(seed)
    out = []
    for n, act in enumerate(acts):
        roll = rng.random()
        if roll < 0.10:
            act = replace(act, date_end=act.date + timedelta(days=rng.randrange(20, 180)))
        elif roll < 0.15:
            act = replace(act, recourses=(RecourseView(
                f"rc-{n}", rng.choice(list(RecourseType)),
                act.date + timedelta(days=rng.randrange(30, 700))),))
        out.append(act)
    return tuple(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--acts", type=int, default=100_000)
    args = parser.parse_args()
    rows: list[tuple[str, float, str]] = []

    def timed(label: str, func: Callable[[], Any], note: str = "") -> Any:
        t0 = time.perf_counter()
        result = func()
        rows.append((label, time.perf_counter() - t0, note))
        return result

    with tempfile.TemporaryDirectory() as tmp:
        files = write_dataset(Path(tmp) / "csv", acts=args.acts)
        store = Store(Path(tmp) / "db.json")
        for kind in ("sources", "actors", "incidents"):
            import_file(store, kind, files[kind], who="bench", today=date.today(),
                        recommendations=[])
        snap = store.snapshot()
    acts = _enrich(snap.acts)
    actors = snap.actors
    one_way = [(d.value,) for d in Dimension]

    def all_one_way(threshold: int | None = None) -> tuple[Table, ...]:
        return threat_tables(acts, one_way, actors=actors, threshold=threshold)

    tables = timed(f"all {len(one_way)} one-way tables (one call), first", all_one_way)
    best = min(_seconds(all_one_way) for _ in range(3))
    rows.append((f"all {len(one_way)} one-way tables (one call), best of 3", best, ""))
    for dim in Dimension:
        timed(f"  {dim.value} alone",
              lambda dim=dim: threat_tables(acts, [(dim.value,)], actors=actors),
              f"{len(threat_tables(acts, [(dim.value,)], actors=actors)[0].cells)} rows")
    timed(f"all {len(one_way)} one-way tables, public (threshold 5)", lambda: all_one_way(5))
    for dims in CROSS:
        cross = timed(f"cross-table {','.join(dims)}",
                      lambda dims=dims: threat_tables(acts, [dims], actors=actors)[0])
        public = timed(f"cross-table {','.join(dims)}, public",
                       lambda cross=cross: _protect(cross))
        assert public.suppression is not None
        rows[-1] = (*rows[-1][:2], f"{len(cross.cells)} cells, "
                    f"{public.suppression.suppressed} hidden")
    timed("all one-way tables for one year (filtered)",
          lambda: threat_tables(acts, one_way, actors=actors,
                                flt=StatsFilter(period=_period(2018))))
    timed("actor filter (state body and all bodies below it)",
          lambda: threat_tables(acts, one_way, actors=actors, flt=StatsFilter(actor="syn-state"),
                                descendants=snap.descendants))
    timed(f"all {len(RecourseDimension)} recourse tables",
          lambda: [recourse_table(acts, [d.value]) for d in RecourseDimension])

    month = next(t for t in tables if t.id == "month")
    field = next(t for t in tables if t.id == "field")
    print(f"acts={len(acts):,}  persons={tables[0].total.persons:,}  "
          f"threats counted in several months={month.counted_more_than_once:,}  "
          f"in several fields={field.counted_more_than_once:,}")
    print(f"{'operation':58} {'seconds':>8}  note")
    for label, secs, note in rows:
        print(f"{label:58} {secs:8.3f}  {note}")


def _seconds(func: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    func()
    return time.perf_counter() - t0


def _protect(table: Table) -> Table:
    from hrdscore.stats import protect

    return protect(table, 5)


def _period(year: int) -> Any:
    from hrdscore.model import Period

    return Period(start_year=year, end_year=year)


if __name__ == "__main__":
    main()
