"""One API write on the synthetic database (issue 15 item 2): an inquiry created through
`records.write_record`, the function behind `POST /api/inquiries`, against the floor of a
whole-file rewrite (orjson dumps of the same document, fsync, rename, directory fsync).

The writes go to a copy of the database beside it, so the database other benchmarks read is
left as it was. The first write of a process is reported apart: it parses the file and builds
the reference index; the median is of the writes after it (a running server's writes).

    python benchmarks/write_bench.py DB [--writes 20]

`benchmarks/run.py --only write` runs `measure` in a child process and puts the figures in its
table; this file needs nothing from run.py (which imports it).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

TARGET_S = {10_000: 0.1, 100_000: 1.0}  # issue 15: median of one API write


def measure(db: Path, writes: int = 20) -> dict[str, Any]:
    from hrdscore.model import Citation, Inquiry
    from hrdscore.records import write_record
    from hrdscore.service import open_workspace
    from hrdscore.store.storage import atomic_write_bytes, encode

    with tempfile.TemporaryDirectory(dir=db.parent, prefix="write-bench-") as tmp:
        copy = Path(tmp) / db.name
        shutil.copy2(db, copy)
        ws = open_workspace(copy, date.today())
        # `document` (shared, no copy) where the store has it; `read_document` before it.
        read = getattr(ws.store, "document", ws.store.read_document)
        doc = read()
        actor, source = min(doc["actors"]), min(doc["sources"])

        def write(n: int) -> float:
            inquiry = Inquiry(id=f"bench-inq-{n:04d}", actor=actor, sent_on=date(2021, 2, 1),
                              reference=f"B-{n}", citations=[Citation(source=source,
                                                                      locator="bench")])
            t0 = time.perf_counter()
            changes = write_record(ws.store, ws.catalog.recommendations, "inquiries", inquiry,
                                   who="bench", today=date.today(), create=True)
            took = time.perf_counter() - t0
            assert changes.created == [inquiry.id]
            return took

        first = write(0)
        times = [write(n) for n in range(1, writes + 1)]
        doc = read()
        floor_path = Path(tmp) / "floor.json"
        floors = []
        for _ in range(max(5, writes // 2)):
            t0 = time.perf_counter()
            atomic_write_bytes(floor_path, encode(doc))
            floors.append(time.perf_counter() - t0)
        return {"first": first, "median": statistics.median(times), "max": max(times),
                "writes": writes, "floor": statistics.median(floors),
                "bytes": copy.stat().st_size,
                "acts": sum(len(i.get("acts", ())) for i in doc["incidents"].values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--writes", type=int, default=20)
    args = parser.parse_args()
    print(json.dumps(measure(args.db, args.writes), indent=1))


if __name__ == "__main__":
    main()
