"""The reader's web page of one actor from a warm server, against `/api/health` (issue 14).

What is timed: `hrdscore serve` (one uvicorn worker, 127.0.0.1) on the synthetic database; the
busiest actor's page `/actors/<id>?year=Y` (English, no cookie) is asked for once first, which
scores everyone and renders the page (not timed: pages are kept per evidence version), then
wrk with --connections connections on `/api/health` and on the page in the same run, one after
the other. Targets at 100,000 acts: the page's throughput at least half of `/api/health`'s,
and its p99 under 50 ms.

`benchmarks/run.py --only web` runs this and puts the figures in its table; the functions
here return plain values so that this file needs nothing from run.py (which imports it).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

# The demo data's busiest actor that is scored (rank 1 of the Zipf weights); `syn-state`
# has more acts, rolled up, but is not scored under methodology 2 (its page is a 404).
ACTOR = "syn-a000000"
RATIO_TARGET = 0.5  # page throughput / /api/health throughput, at least


def page_path(year: int, actor: str = ACTOR) -> str:
    return f"/actors/{actor}?year={year}"


def measure(base: str, year: int, *,
            get: Callable[[str, float], tuple[int, bytes]],
            sequential: Callable[[str, int], list[float]],
            wrk: Callable[[str], dict[str, float]] | None,
            requests: int = 200) -> dict[str, Any]:
    """Figures of the page on a running server at `base` (wrk None: sequential only)."""
    url = base + page_path(year)
    t0 = time.perf_counter()
    status, body = get(url, 600.0)
    first = time.perf_counter() - t0
    if status != 200:
        raise SystemExit(f"{url}: HTTP {status}")
    sequential(url, 20)  # warm the connection path
    seq_page = statistics.median(sequential(url, requests))
    seq_health = statistics.median(sequential(base + "/api/health", requests))
    out: dict[str, Any] = {"first_s": first, "bytes": len(body), "seq_page_ms": seq_page,
                           "seq_health_ms": seq_health, "path": page_path(year)}
    if wrk is None:
        return out
    load_before = os.getloadavg()[0]
    out["health"] = wrk(base + "/api/health")
    out["page"] = wrk(url)
    out["load"] = (load_before, os.getloadavg()[0])
    # The page must still be the same bytes after the load (served from the cache).
    again = get(url, 60.0)
    if again != (200, body):
        raise SystemExit(f"{url}: the page changed under load")
    return out


def fast_enough(page: dict[str, float], health: dict[str, float]) -> bool:
    """The throughput target (the p99 target is in run.py's TARGETS, judged with the rest)."""
    return page["rps"] >= RATIO_TARGET * health["rps"]
