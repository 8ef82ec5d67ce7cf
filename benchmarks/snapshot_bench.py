"""Snapshot benchmark: a snapshot built from scratch against one built from the snapshot before
it after one change (issue 15, item 1). Prints a table of seconds (median of --repeat runs).

    python benchmarks/snapshot_bench.py [--db FILE | --acts 100000] [--repeat 3]

--db names an existing database file, which is copied first (never written); without it
`hrdscore demo-data --scale ACTS` makes one in a temporary folder.

"store kept" runs hand in the tables the way a store that keeps its parsed document between
writes does (unchanged records are the same dict objects); "re-read" runs hand in a document
parsed again from the file (every record a new, equal dict), as a process that did not write.
"""

from __future__ import annotations

import argparse
import copy
import gc
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hrdscore.snapshot import Snapshot
from hrdscore.store import Store

Tables = dict[str, Any]


def _median(func: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _with_changed(doc: Tables, kind: str, change: Callable[[dict[str, Any]], None]) -> Tables:
    """The document with one record of `kind` replaced by an edited copy, everything else
    the same objects (as a store hands in its tables after one write)."""
    out = dict(doc)
    out[kind] = dict(doc[kind])
    key = sorted(out[kind])[len(out[kind]) // 2]
    record = copy.deepcopy(out[kind][key])
    change(record)
    out[kind][key] = record
    return out


def _inquiry(record: dict[str, Any]) -> None:
    record["reference"] = "bench-1"


def _incident(record: dict[str, Any]) -> None:
    record["acts"][0]["date"] = "2020-01-02"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--acts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "db.json"
        if args.db:
            shutil.copyfile(args.db, path)
        else:
            subprocess.run([sys.executable, "-m", "hrdscore", "demo-data", "--scale",
                            str(args.acts), "-o", str(path)], check=True)
        store = Store(path)
        doc = store.read_document()
        reread = store.read_document()
        acts = sum(len(i["acts"]) for i in doc["incidents"].values())
        rows: list[tuple[str, float]] = []
        rows.append(("parse the file (read_document)", _median(store.read_document, 1)))
        base = Snapshot.from_tables(doc)
        rows.append(("from scratch", _median(lambda: Snapshot.from_tables(doc), args.repeat)))
        one_inquiry = _with_changed(doc, "inquiries", _inquiry)
        one_incident = _with_changed(doc, "incidents", _incident)
        for label, tables in (("no change", doc), ("one inquiry changed", one_inquiry),
                              ("one incident changed", one_incident)):
            rows.append((f"incremental, store kept: {label}",
                         _median(lambda t=tables: Snapshot.from_tables(t, base), args.repeat)))
        reread_incident = _with_changed(reread, "incidents", _incident)
        rows.append(("incremental, re-read: one incident changed",
                     _median(lambda: Snapshot.from_tables(reread_incident, base), args.repeat)))
        # Indexes: a reader's first scorecard builds acts_by_actor on a new snapshot, unless
        # the previous snapshot had it and the build regrouped the changed actors only.
        cold = Snapshot.from_tables(one_incident, base)  # base has not built the index
        rows.append(("acts_by_actor, first use, built whole",
                     _median(lambda: cold.acts_by_actor, 1)))
        assert base.acts_by_actor
        rows.append(("incremental with acts_by_actor regrouped: one incident changed",
                     _median(lambda: Snapshot.from_tables(one_incident, base), args.repeat)))
        kept = base._basis
        assert kept is not None
        pieces = sum(len(p) for table in kept.pieces.values() for p in table.values()
                     if isinstance(p, bytes))  # incidents: not kept (`reuse.UNKEPT_KINDS`)
    print(f"{acts:,} acts, median of {args.repeat}\n")
    print("| figure | seconds |\n|---|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.3f} |")
    print(f"\nhash pieces kept with each snapshot: {pieces / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
