"""Issue 15's table: the store under writes, TinyDB and PostgreSQL side by side, on one synthetic
database (`hrdscore.demo`, --acts acts).

For each backend it starts `hrdscore serve` (127.0.0.1, a free port) and measures:

- one API write: the median of --writes sequential `POST /api/inquiries` (a new inquiry each,
  copied from a stored one), with an editor key;
- a scorecard GET and `/api/health` under wrk while one write per second arrives (a thread);
- the ranking list `/api/scorecards?year=Y` against one scorecard, both under wrk;
- the server's RSS after asking 10 different years;
- the cold snapshot (a child process reading the whole database) against the orjson parse of
  the TinyDB file (the floor the issue names);
- PostgreSQL only: scorecard throughput with `--workers 2` against one worker, measured once
  every worker has scored the card (twenty quick answers in a row) and gone idle.

PostgreSQL: --pg URL of an empty database the benchmark may fill (`hrdscore migrate` copies the
TinyDB database there), or --pg-cluster to start a throwaway cluster under /tmp (the machine's
PostgreSQL 15 binaries, run as the `postgres` user). Without either, the PostgreSQL column is
left out, said so. --skip-tinydb measures PostgreSQL alone (while working on its store).

    python benchmarks/store_v2_bench.py [--acts 100000] [--pg-cluster] [--duration 10]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run as harness  # noqa: E402  (the shared harness: children, wrk, HTTP helpers)

YEARS = list(range(2012, 2022))  # ten different years asked of one server


def _cli(*args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "hrdscore", *args], capture_output=True,
                          text=True, timeout=3600, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"hrdscore {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


@contextmanager
def serving(target: str, workers: int = 1) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    with harness.serving(target, workers) as (base, proc, _):
        yield base, proc


def _request(base: str, method: str, path: str, body: Any = None,
             token: str | None = None) -> tuple[int, bytes]:
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["X-API-Key"] = token
    try:
        conn.request(method, path, body=json.dumps(body) if body is not None else None,
                     headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


class Writer:
    """New inquiries, each a copy of a stored one under a new id."""

    def __init__(self, base: str, token: str, template: dict[str, Any], tag: str) -> None:
        self.base, self.token, self.template, self.tag = base, token, template, tag
        self.count = 0
        self.failures = 0

    def write(self) -> float:
        self.count += 1
        body = {**self.template, "id": f"bench-{self.tag}-{self.count:05d}"}
        t0 = time.perf_counter()
        status, text = _request(self.base, "POST", "/api/inquiries", body, self.token)
        took = 1000 * (time.perf_counter() - t0)
        if status != 201:
            self.failures += 1
            raise SystemExit(f"POST /api/inquiries: HTTP {status} {text[:300]!r}")
        return took


@contextmanager
def one_write_per_second(writer: Writer) -> Iterator[list[float]]:
    stop = threading.Event()
    took: list[float] = []

    def loop() -> None:
        while not stop.is_set():
            started = time.monotonic()
            took.append(writer.write())
            stop.wait(max(0.0, 1.0 - (time.monotonic() - started)))

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield took
    finally:
        stop.set()
        thread.join(timeout=120)


def _rss_mib(proc: subprocess.Popen[str]) -> float:
    """The server's resident memory: the process and its workers."""
    pids = [proc.pid] + [int(p.parent.name) for p in Path("/proc").glob("[0-9]*/stat")
                         if _ppid(p) == proc.pid]
    return sum(harness._status_mib(pid, "VmRSS") for pid in pids)


def _ppid(stat: Path) -> int:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def measure(target: str, label: str, args: argparse.Namespace, token: str,
            template: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    year, actor = args.year, "syn-a000000"
    card = f"/api/scorecards/{year}/{actor}"
    with serving(target) as (base, proc):
        harness._get(f"{base}{card}", timeout=600)  # this actor alone, at once
        # Everyone's cards of the year: the ranking waits for the server's warm-up, which
        # scores them in the background (measuring before it ends would measure the warm-up).
        harness._get(f"{base}/api/scorecards?year={year}", timeout=600)
        writer = Writer(base, token, template, label)
        writer.write()  # the first write of a process loads what it keeps
        times = [writer.write() for _ in range(args.writes)]
        out["write_median_ms"] = statistics.median(times)
        harness._get(f"{base}{card}", timeout=600)
        with one_write_per_second(writer) as during:
            out["card_under_writes"] = harness.run_wrk(f"{base}{card}", args)
            out["health_under_writes"] = harness.run_wrk(f"{base}/api/health", args)
        out["writes_during_load"] = len(during)
        out["write_median_under_load_ms"] = statistics.median(during) if during else None
        harness._get(f"{base}{card}", timeout=600)
        out["card"] = harness.run_wrk(f"{base}{card}", args)
        harness._get(f"{base}/api/scorecards?year={year}", timeout=600)
        out["ranking"] = harness.run_wrk(f"{base}/api/scorecards?year={year}", args)
        for asked in YEARS:
            harness._get(f"{base}/api/scorecards/{asked}/{actor}", timeout=600)
        out["rss_after_years_mib"] = _rss_mib(proc)
    return out


def cold_snapshot(target: str) -> float:
    code = ("import time,sys; from hrdscore.store import open_store; s=open_store(sys.argv[1]); "
            "t=time.perf_counter(); s.snapshot(); print(time.perf_counter()-t)")
    return float(subprocess.run([sys.executable, "-c", code, target], capture_output=True,
                                text=True, check=True, timeout=600).stdout)


def orjson_floor(path: Path) -> float:
    code = ("import time,sys,orjson,gc; b=open(sys.argv[1],'rb').read(); gc.disable(); "
            "t=time.perf_counter(); orjson.loads(b); print(time.perf_counter()-t)")
    return float(subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                                text=True, check=True, timeout=600).stdout)


def workers_throughput(target: str, args: argparse.Namespace) -> tuple[float, float]:
    card = f"/api/scorecards/{args.year}/syn-a000000"
    rps = []
    for workers in (1, 2):
        with serving(target, workers) as (base, proc):
            _warm(f"{base}{card}")
            _settle(proc)
            rps.append(harness.run_wrk(f"{base}{card}", args)["rps"])
    return rps[0], rps[1]


def _cpu_seconds(proc: subprocess.Popen[str]) -> float:
    """CPU time used so far by the server and its workers."""
    pids = [proc.pid] + [int(p.parent.name) for p in Path("/proc").glob("[0-9]*/stat")
                         if _ppid(p) == proc.pid]
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def _warm(url: str, in_a_row: int = 20, limit: float = 600.0) -> None:
    """Ask until `in_a_row` answers in a row come quickly: each on a new connection, which
    the kernel hands to any worker, so every worker has scored the card by then (all twenty
    reaching one worker of two: one chance in a million)."""
    deadline = time.monotonic() + limit
    quick = 0
    while quick < in_a_row and time.monotonic() < deadline:
        t0 = time.perf_counter()
        harness._get(url, timeout=600)
        quick = quick + 1 if time.perf_counter() - t0 < 0.1 else 0


def _settle(proc: subprocess.Popen[str], limit: float = 300.0) -> None:
    """Until the server uses under a tenth of a core for a second: a worker the warm-up GETs
    did not reach scores its first request under wrk otherwise (seconds of one core)."""
    deadline = time.monotonic() + limit
    before = _cpu_seconds(proc)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = _cpu_seconds(proc)
        if now - before < 0.1:
            return
        before = now


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--acts", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--writes", type=int, default=20)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--work", type=Path, default=None,
                        help="folder for the generated data (kept between runs)")
    parser.add_argument("--pg", default=None, help="postgresql:// URL of an empty database")
    parser.add_argument("--pg-cluster", action="store_true",
                        help="start a throwaway PostgreSQL cluster for the run")
    parser.add_argument("--skip-tinydb", action="store_true",
                        help="measure PostgreSQL only")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="hrdscore-v2-bench-"))
    csv_dir, db = work / f"csv-{args.acts}", work / f"db-{args.acts}.json"
    common = {"year": args.year, "seed": args.seed, "acts": args.acts}
    if not (csv_dir / "incidents.csv").exists():
        harness.run_child("generate", timeout=3600, csv=csv_dir, **common)
    if not db.exists():
        harness.run_child("import", timeout=3600, csv=csv_dir, db=db, **common)
    from hrdscore.store import Store

    template = next(iter(Store(db).read_document()["inquiries"].values()))
    token = _cli("keys", "create", f"bench-{os.getpid()}", "--role", "editor", "--db",
                 str(db)).strip()
    results: dict[str, dict[str, Any]] = {}
    with _postgres(args) as pg_url:
        backends = [] if args.skip_tinydb else [("TinyDB", str(db))]
        if pg_url is not None:
            print(f"copying {db.name} into PostgreSQL …", flush=True)
            _cli("migrate", "--to", pg_url, "--from", str(db))
            backends.append(("PostgreSQL", pg_url))
        else:
            print("PostgreSQL left out: give --pg URL or --pg-cluster", flush=True)
        for label, target in backends:
            print(f"[{label}] serving and loading …", flush=True)
            results[label] = measure(target, f"{label.lower()}-{os.getpid()}", args, token,
                                     template)
            results[label]["cold_snapshot_s"] = cold_snapshot(target)
        if pg_url is not None:
            one, two = workers_throughput(pg_url, args)
            results["PostgreSQL"]["workers"] = (one, two)
    floor = orjson_floor(db)
    print(table(results, floor, args))


@contextmanager
def _postgres(args: argparse.Namespace) -> Iterator[str | None]:
    if args.pg:
        yield args.pg
        return
    if not args.pg_cluster:
        yield None
        return
    sys.path.insert(0, str(HERE.parent))
    from tests.pg_cluster import start_cluster  # the tests' own cluster starter

    cluster = start_cluster(durable=True)  # fsync on, like the file store's writes
    try:
        yield cluster.create_database("bench")
    finally:
        cluster.stop()


def table(results: dict[str, dict[str, Any]], floor: float, args: argparse.Namespace) -> str:
    cols = list(results)

    def row(name: str, fmt: Any) -> str:
        cells = []
        for col in cols:
            try:
                cells.append(fmt(results[col]))
            except (KeyError, TypeError):
                cells.append("–")
        return f"| {name} | " + " | ".join(cells) + " |"

    load = f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s"
    lines = [f"{args.acts:,} acts; orjson parse floor of the TinyDB file {floor:.2f} s; {load}",
             "", "| measure | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols),
             row("one API write, median (ms)", lambda r: f"{r['write_median_ms']:.1f}"),
             row("scorecard GET p99 while one write/s arrives (ms)",
                 lambda r: f"{r['card_under_writes']['p99']:.1f}"),
             row("/api/health p99 during writes (ms)",
                 lambda r: f"{r['health_under_writes']['p99']:.1f}"),
             row("writes during the loaded runs (median ms)",
                 lambda r: f"{r['writes_during_load']} ({r['write_median_under_load_ms']:.0f})"),
             row("ranking list / one scorecard throughput",
                 lambda r: f"{r['ranking']['rps']:.0f} / {r['card']['rps']:.0f} req/s = "
                           f"{r['ranking']['rps'] / r['card']['rps']:.2f}"),
             row("server RSS after 10 different years (MiB)",
                 lambda r: f"{r['rss_after_years_mib']:.0f}"),
             row("cold snapshot (s; x orjson floor)",
                 lambda r: f"{r['cold_snapshot_s']:.2f} ({r['cold_snapshot_s'] / floor:.1f}x)"),
             row("2 workers / 1 worker scorecard throughput",
                 lambda r: f"{r['workers'][1]:.0f} / {r['workers'][0]:.0f} req/s = "
                           f"{r['workers'][1] / r['workers'][0]:.2f}")]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
