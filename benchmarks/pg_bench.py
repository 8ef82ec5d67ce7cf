"""PostgreSQL store benchmark, beside the file store on the same data: migrate a demo database
into PostgreSQL, then in fresh child processes time a cold snapshot and single writes.

    python benchmarks/pg_bench.py --scales 10000 100000 [--workdir DIR] [--url postgresql://...]

Without --url a throwaway server is started from the machine's PostgreSQL binaries (as the
tests do) and stopped at the end. Figures:

- migrate: `copy_database` of the file into an empty PostgreSQL database;
- cold snapshot: a new process opens the store and builds the evidence snapshot;
- store write: one transaction putting one inquiry with its audit entry (the backend's cost);
- API-equivalent write: `Workspace.create` of one inquiry, as `POST /api/inquiries` does
  (reference checks over the whole document, the catalog note, the commit).

Medians over --writes writes after one warm-up write (which loads the cache).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent

CHILD = """
import json, resource, statistics, sys, time, uuid
from datetime import date
t0 = time.perf_counter()
from hrdscore.store.backends import open_store
op, target, writes = sys.argv[1], sys.argv[2], int(sys.argv[3])
out = {}
if op == "snapshot":
    t0 = time.perf_counter()
    snap = open_store(target).snapshot()
    out["seconds"] = time.perf_counter() - t0
    out["acts"] = sum(len(i.acts) for i in snap.incidents.values())
else:
    from hrdscore.service import open_workspace
    ws = open_workspace(target, date.today())
    store = ws.store
    template = next(iter(store.snapshot().inquiries.values()))
    def one(n, api):
        record = template.model_copy(update={"id": f"inq-bench-{run}-{n:05d}"})
        t = time.perf_counter()
        if api:
            ws.create("inquiries", record, who="cli:bench")
        else:
            with store.transaction("cli:bench") as tx:
                tx.record("create", "inquiries", tx.inquiries.put(record))
        return time.perf_counter() - t
    api = op == "api-write"
    run = uuid.uuid4().hex[:8]  # new ids on every run: each write creates a record
    out["warm_up"] = one(0, api)
    out["times"] = [one(n, api) for n in range(1, writes + 1)]
    out["seconds"] = statistics.median(out["times"])
out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def child(op: str, target: str, writes: int = 0) -> dict[str, Any]:
    env = {"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin",
           "HRDSCORE_USER": "bench"}
    done = subprocess.run([sys.executable, "-c", CHILD, op, target, str(writes)],
                          capture_output=True, text=True, env=env, timeout=1800, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{op} on {target}: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/hrdscore-pg-bench"))
    parser.add_argument("--url", help="a PostgreSQL server's postgres database URL "
                        "(default: start a throwaway one)")
    parser.add_argument("--writes", type=int, default=20, help="store writes timed")
    parser.add_argument("--api-writes", type=int, default=5,
                        help="API-equivalent writes timed (each checks the whole document)")
    parser.add_argument("--file-writes", type=int, default=3,
                        help="writes timed on the file store (seconds each at 100,000 acts)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO))
    from hrdscore.demo import build_database
    from hrdscore.store.transfer import copy_database

    args.workdir.mkdir(parents=True, exist_ok=True)
    cluster = None
    if args.url is None:
        from tests.pg_cluster import start_cluster

        cluster = start_cluster()
    rows: list[tuple[int, str, str, str]] = []
    try:
        for scale in args.scales:
            db = args.workdir / f"db-{scale}.json"
            if not db.exists():
                build_database(db, acts=scale, seed=1)
            name = f"bench_{scale}_{uuid.uuid4().hex[:6]}"
            if cluster is not None:
                url = cluster.create_database(name)
            else:
                import psycopg

                with psycopg.connect(args.url, autocommit=True) as conn:
                    conn.execute(f'CREATE DATABASE "{name}"')
                url = urlunsplit(urlsplit(args.url)._replace(path=f"/{name}"))
            t0 = time.perf_counter()
            copy_database(db, url)
            rows.append((scale, "migrate file -> PostgreSQL", f"{time.perf_counter() - t0:.2f} s",
                         f"{db.stat().st_size / 1e6:.0f} MB file"))
            for label, target in (("PostgreSQL", url), ("file", str(db))):
                snap = child("snapshot", target)
                rows.append((scale, f"cold snapshot, {label}", f"{snap['seconds']:.2f} s",
                             f"peak {snap['peak_mib']:.0f} MiB"))
            for op, label in (("store-write", "store write"),
                              ("api-write", "API-equivalent write")):
                pg_n = args.writes if op == "store-write" else args.api_writes
                for backend, target, n in (("PostgreSQL", url, pg_n),
                                           ("file", str(db), args.file_writes)):
                    if backend == "file":
                        work = args.workdir / f"copy-{scale}.json"
                        work.write_bytes(db.read_bytes())
                        target = str(work)
                    res = child(op, target, n)
                    rows.append((scale, f"{label}, {backend}, median",
                                 f"{res['seconds'] * 1000:.1f} ms",
                                 f"{n} writes; first (loads the cache) "
                                 f"{res['warm_up'] * 1000:.0f} ms; peak {res['peak_mib']:.0f} MiB"))
                    print(rows[-1], flush=True)
    finally:
        if cluster is not None:
            cluster.stop()
    print("| acts | figure | value | notes |\n|---:|---|---:|---|")
    for scale, figure, value, notes in rows:
        print(f"| {scale:,} | {figure} | {value} | {notes} |")


if __name__ == "__main__":
    main()
