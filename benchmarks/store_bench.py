"""Store benchmark: import 100,000 incident acts and 20,000 inquiries, then read one actor's
evidence. Prints a table of seconds and peak memory.

    python benchmarks/store_bench.py [--acts 100000]
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from synth import write_dataset

from hrdscore.store import ActorEvidence, Snapshot, Store, import_file


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--acts", type=int, default=100_000)
    args = parser.parse_args()
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        files = write_dataset(Path(tmp) / "csv", acts=args.acts)
        store = Store(Path(tmp) / "db.json")

        def timed(label: str, func: Callable[[], Any], floor: float | None = None) -> Any:
            t0 = time.perf_counter()
            result = func()
            rows.append((label, time.perf_counter() - t0,
                         f"{floor:.2f}" if floor is not None else ""))
            return result

        for kind in ("sources", "actors", "inquiries", "replies", "incidents"):
            # Floor: the standard library reading the same CSV, nothing else.
            t0 = time.perf_counter()
            with files[kind].open(encoding="utf-8") as fh:
                n = sum(1 for _ in csv.DictReader(fh))
            floor = time.perf_counter() - t0
            timed(f"import {kind} ({n:,} rows)",
                  lambda kind=kind: import_file(store, kind, files[kind], who="bench",
                                                today=date.today(), recommendations=[]),
                  floor)
        size = store.path.stat().st_size
        cold = Store(store.path)
        snap: Snapshot = timed("snapshot, cold (read file, build views)", cold.snapshot)
        busiest = max(snap.acts_by_actor, key=lambda a: len(snap.acts_by_actor[a]))
        snap.__dict__.pop("acts_by_actor", None)  # time the index build below, not here
        ev: ActorEvidence = timed(f"evidence of busiest actor {busiest}, first",
                                  lambda: snap.evidence_for(busiest))
        timed("evidence of the same actor, again", lambda: snap.evidence_for(busiest))
        timed("evidence of another actor", lambda: snap.evidence_for("syn-a000500"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"acts={args.acts:,}  database file={size / 1e6:.1f} MB  peak RSS={peak:.0f} MB")
    print(f"busiest actor: {len(ev.acts)} acts, {len(ev.inquiries)} inquiries")
    print(f"{'operation':55} {'seconds':>8} {'csv floor':>10}")
    for label, secs, floor in rows:
        print(f"{label:55} {secs:8.2f} {floor:>10}")


if __name__ == "__main__":
    main()
