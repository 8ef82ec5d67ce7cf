"""HTTP benchmark: one uvicorn worker (`hrdscore serve`) driven by wrk over loopback.

For each database (the shipped data, and a synthetic one of 100,000 acts) it starts the server,
times the first scorecard request (which scores every actor once for the snapshot), then runs
wrk against a trivial endpoint of the same app (/api/health) and against one actor's scorecard,
one after the other in the same run, and prints requests per second and p50/p99 latency.

    apt-get install wrk   # Debian's wrk, needed for this benchmark only
    python benchmarks/api_bench.py [--acts 100000] [--duration 10] [--connections 50]

Everything listens on and talks to 127.0.0.1 only; every wrk run is bounded by --duration.
The rate limit stays on (with a limit no run reaches), so its cost is in the figures.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from run import run_wrk, serving  # the harness's server launcher and wrk runner
from score_bench import build

from hrdscore.shipped import load_shipped
from hrdscore.store import Store, seed


@dataclass
class Result:
    database: str
    endpoint: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int


def bench(name: str, db: Path, year: int, args: argparse.Namespace) -> list[Result]:
    results = []
    with serving(db) as (base, _, _):
        t0 = time.perf_counter()
        ranking = httpx.get(f"{base}/api/scorecards", params={"year": year, "limit": 500},
                            timeout=600).json()
        cold = time.perf_counter() - t0
        # The top-ranked actor (a scorecard with a total), else the first listed.
        actor = next((i["actor"] for i in ranking["items"] if i["total"] is not None),
                     ranking["items"][0]["actor"])
        t0 = time.perf_counter()
        card = httpx.get(f"{base}/api/scorecards/{year}/{actor}", timeout=60)
        warm = time.perf_counter() - t0
        card.raise_for_status()
        print(f"{name}: first scorecard request (scores every actor for {year}) "
              f"{cold:.2f} s; next one {1000 * warm:.1f} ms; actor {actor!r}, "
              f"{len(card.content):,} bytes", flush=True)
        for label, path in (("GET /api/health (trivial)", "/api/health"),
                            (f"GET /api/scorecards/{year}/{{actor}}",
                             f"/api/scorecards/{year}/{actor}")):
            got = run_wrk(base + path, args)
            rps, p50, p99, bad = got["rps"], got["p50"], got["p99"], int(got["non_2xx"])
            results.append(Result(name, label, rps, p50, p99, bad))
            print(f"  {label:<36} {rps:>9,.0f} req/s  p50 {p50:>7.2f} ms  p99 {p99:>7.2f} ms"
                  + (f"  NON-2XX: {bad}" if bad else ""), flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--acts", type=int, default=100_000,
                        help="Acts in the synthetic database (0: shipped data only).")
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--duration", type=int, default=10, help="Seconds per wrk run.")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (2 cores here: "
                                                               "one for the server).")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        shipped_db = Path(tmp) / "shipped.json"
        seed(Store(shipped_db), load_shipped(date.today()), who="bench")
        results += bench("shipped data", shipped_db, args.year, args)
        if args.acts:
            t0 = time.perf_counter()
            store = build(Path(tmp), args.acts)
            print(f"synthetic database of {args.acts:,} acts built in "
                  f"{time.perf_counter() - t0:.1f} s ({store.path.stat().st_size:,} bytes)",
                  flush=True)
            results += bench(f"{args.acts:,} acts", store.path, args.year, args)
    print()
    print(f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, one uvicorn worker, "
          "loopback")
    print(f"{'database':<14} {'endpoint':<36} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'vs trivial':>10}")
    for i, r in enumerate(results):
        trivial = results[i - i % 2].requests_per_second
        print(f"{r.database:<14} {r.endpoint:<36} {r.requests_per_second:>9,.0f} "
              f"{r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {r.requests_per_second / trivial:>10.0%}")


if __name__ == "__main__":
    main()
