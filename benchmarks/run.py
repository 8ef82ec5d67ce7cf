"""One benchmark harness for hrdscore at scale (issue 8). Prints a table and, with --out, writes
it as Markdown.

For each scale (acts in a synthetic database from `hrdscore.demo`, with one actor per 50 acts
and one inquiry per 5) it measures, each operation in its own child process so each figure has
its own peak memory (the child's `ru_maxrss`, read with `os.wait4`):

- import: the five CSV files through the ordinary import path; floor: the same files read
  with the standard library's `csv` module;
- snapshot: reading the database into an evidence snapshot (part of every cold start);
  floor: the same file parsed with the standard library's `json`;
- score: every actor's scorecard for one year (`score_all`); no floor, so the ratio is the
  time per act;
- stats: every one-way incident table (the API's default statistics request); no floor;
- pdf: one scorecard PDF of a typical actor (median evidence) and of the busiest actor;
- server: `hrdscore serve` (one uvicorn worker, 127.0.0.1): time until /api/health answers
  and until the first scorecard answers (that request scores every actor); sequential
  requests to a warm server (scorecard against /api/health); wrk against /api/health and
  against a scorecard in the same run; the server's peak RSS (VmHWM) after the load; its RSS
  after every actor's ranking was asked for ten different years;
- web: the busiest actor's web page from a warm server against /api/health, sequentially and
  under wrk, with the load average of the machine (`web_bench.py`);
- write: one API write (an inquiry through `records.write_record`), median of --writes;
  floor: orjson dumps + fsync + rename of the same document (`write_bench.py`).

Once, on a database of --report-acts acts (25,000: 500 actors): the annual report PDF.

    apt-get install wrk        # Debian's wrk, for the load test (else it is skipped, said so)
    python benchmarks/run.py [--scales 10000 100000 1000000] [--only import score ...]
                             [--out BENCHMARKS-table.md] [--duration 10] [--no-load]

Every socket is on 127.0.0.1; every wrk run is bounded by --duration.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
HOST = "127.0.0.1"
GENERATED_ON = date(2026, 1, 1)
OPERATIONS = ("import", "snapshot", "score", "stats", "pdf", "server", "web", "write", "report")
IMPORT_ORDER = ("sources", "actors", "inquiries", "replies", "incidents")


# Targets on the 100,000-act database (issue 8). (figure, limit, unit, what is compared)
TARGETS: dict[str, tuple[float, str]] = {
    "import": (10.0, "s"),
    "server cold start (health)": (5.0, "s"),
    "score all actors, one year": (2.0, "s"),
    "one scorecard, warm server (p50)": (5.0, "ms"),
    "stats (every one-way table)": (1.0, "s"),
    "API scorecard p99 (wrk)": (50.0, "ms"),
    "web actor page p99 (wrk)": (50.0, "ms"),
    "one PDF, typical actor": (0.150, "s"),
    "one PDF, busiest actor": (0.150, "s"),
    "annual report PDF": (30.0, "s"),
    "server memory (VmHWM)": (600.0, "MiB"),
    "server RSS after 10 different years": (600.0, "MiB"),
    "one API write (median)": (1.0, "s"),
}
TARGET_SCALE = 100_000


@dataclass
class Row:
    scale: int
    figure: str
    value: float
    unit: str
    floor: float | None = None
    floor_label: str = ""
    ratio: str = ""
    peak_mib: float | None = None
    note: str = ""
    target: str = ""
    met: str = ""


@dataclass
class Child:
    result: dict[str, Any]
    peak_mib: float
    wall: float


# ---------------------------------------------------------------- child side (one operation)


def _child(op: str, args: argparse.Namespace) -> dict[str, Any]:
    """Runs in the child process; returns what it measured (printed as JSON)."""
    year = args.year
    if op == "generate":
        from hrdscore.demo import write_dataset

        t0 = time.perf_counter()
        write_dataset(Path(args.csv), acts=args.acts, seed=args.seed)
        return {"seconds": time.perf_counter() - t0}
    if op == "csv-floor":
        t0 = time.perf_counter()
        rows = 0
        for kind in IMPORT_ORDER:
            with (Path(args.csv) / f"{kind}.csv").open(newline="", encoding="utf-8-sig") as fh:
                rows += len(list(csv.DictReader(fh)))
        return {"seconds": time.perf_counter() - t0, "rows": rows}
    if op == "import":
        from hrdscore.store import Store, import_file

        db = Path(args.db)
        db.unlink(missing_ok=True)
        store = Store(db)
        t0 = time.perf_counter()
        for kind in IMPORT_ORDER:
            import_file(store, kind, Path(args.csv) / f"{kind}.csv", who="bench",
                        today=date.today(), recommendations=[])
        return {"seconds": time.perf_counter() - t0, "bytes": db.stat().st_size}
    if op == "json-floor":
        t0 = time.perf_counter()
        with Path(args.db).open(encoding="utf-8") as fh:
            json.load(fh)
        return {"seconds": time.perf_counter() - t0}
    if op == "snapshot":
        from hrdscore.store import Store

        t0 = time.perf_counter()
        snap = Store(Path(args.db)).snapshot()
        return {"seconds": time.perf_counter() - t0, "acts": len(snap.acts),
                "actors": len(snap.actors), "inquiries": len(snap.inquiries)}

    if op == "write":
        if str(HERE.parent) not in sys.path:
            sys.path.insert(0, str(HERE.parent))
        import write_bench

        return write_bench.measure(Path(args.db), args.writes)

    from hrdscore.model import Period
    from hrdscore.service import open_workspace

    ws = open_workspace(Path(args.db), date.today())
    period = Period(start_year=year, end_year=year)
    if op == "score":
        from hrdscore.scoring import score_all

        snap = ws.snapshot()
        t0 = time.perf_counter()
        cards = score_all(ws.catalog, snap, period, ws.methodology)
        took = time.perf_counter() - t0
        return {"seconds": took, "cards": len(cards), "acts": len(snap.acts)}
    if op == "stats":
        from hrdscore.stats import StatsRequest, incident_statistics

        snap = ws.snapshot()
        t0 = time.perf_counter()
        report = incident_statistics(snap, StatsRequest())
        return {"seconds": time.perf_counter() - t0, "tables": len(report.tables),
                "acts": len(snap.acts)}
    if op == "pdf":
        snap = ws.snapshot()
        ws.internal_scorecards(period)  # scored beforehand: the figure is the rendering

        def size(actor: str) -> tuple[int, str]:
            ev = snap.evidence_for(actor)
            return (len(ev.acts) + len(ev.inquiries), actor)

        sized = sorted(size(c.actor) for c in ws.internal_scorecards(period))  # scored actors only
        out: dict[str, Any] = {}
        # Warm-up: the first PDF of a process loads and subsets the fonts (~0.3 s); a server
        # pays that once, so the figures below are of a PDF in a warm process.
        t0 = time.perf_counter()
        ws.public_scorecard_pdf(period, sized[0][1], GENERATED_ON)
        out["first"] = time.perf_counter() - t0
        for label, (n, actor) in (("typical", sized[len(sized) // 2]), ("busiest", sized[-1])):
            t0 = time.perf_counter()
            pdf = ws.public_scorecard_pdf(period, actor, GENERATED_ON)
            out[label] = {"seconds": time.perf_counter() - t0, "actor": actor,
                          "evidence": n, "pages": _pages(pdf), "bytes": len(pdf)}
        return out
    if op == "report":
        t0 = time.perf_counter()
        cards = ws.internal_scorecards(period)
        scored = time.perf_counter() - t0
        t0 = time.perf_counter()
        pdf = ws.public_report_pdf(period, GENERATED_ON)
        return {"seconds": time.perf_counter() - t0, "scoring": scored, "actors": len(cards),
                "pages": _pages(pdf), "bytes": len(pdf)}
    raise SystemExit(f"unknown operation {op!r}")


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


# ---------------------------------------------------------------- parent side


def run_child(op: str, *, timeout: float, **kw: Any) -> Child:
    """One operation in a fresh interpreter, reaped with os.wait4: its peak RSS is its own
    (ru_maxrss of that child alone, not of every child as RUSAGE_CHILDREN would give)."""
    cmd = [sys.executable, str(HERE), "--child", op]
    for key, value in kw.items():
        cmd += [f"--{key.replace('_', '-')}", str(value)]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise SystemExit(f"{op}: no result within {timeout:.0f} s")
            time.sleep(0.05)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{op} failed ({proc.returncode}):\n{err.read()[-3000:]}")
        payload = json.loads(out.read().strip().splitlines()[-1])
    return Child(payload["result"], usage.ru_maxrss / 1024, wall)  # ru_maxrss: KiB on Linux


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


@contextmanager
def serving(db: Path | str, workers: int = 1
            ) -> Iterator[tuple[str, subprocess.Popen[str], float]]:
    """A server on a free loopback port (`db`: a file or a postgresql:// URL); yields (base
    URL, process, seconds to /api/health)."""
    port = _free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hrdscore", "serve", "--host", HOST, "--port", str(port),
         "--db", str(db), "--rate-limit", "1000000000", "--no-access-log",
         "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the server stopped ({proc.returncode})")
            try:
                if _get(f"{base}/api/health", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not come up in 600 s")
            time.sleep(0.02)
        yield base, proc, time.perf_counter() - t0
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _status_mib(pid: int, field_name: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024  # kB
    return float("nan")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if not match:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def run_wrk(url: str, args: argparse.Namespace) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
         "--timeout", "5s", "--latency", url],
        capture_output=True, text=True, check=True, timeout=args.duration + 60).stdout

    def grab(pattern: str) -> str:
        match = re.search(pattern, out)
        if match is None:
            raise ValueError(f"wrk output without {pattern!r}:\n{out}")
        return match.group(1)

    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*?timeout (\d+)", out)
    return {"rps": float(grab(r"Requests/sec:\s+([\d.]+)")),
            "p50": _ms(grab(r"\s50%\s+(\S+)")), "p99": _ms(grab(r"\s99%\s+(\S+)")),
            "non_2xx": int(bad.group(1)) if bad else 0,
            "timeouts": int(errors.group(1)) if errors else 0}


def _sequential_ms(url: str, n: int) -> list[float]:
    """Latency of n requests one after the other on one keep-alive connection."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    out = []
    try:
        for _ in range(n):
            t0 = time.perf_counter()
            conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
            resp = conn.getresponse()
            resp.read()
            out.append(1000 * (time.perf_counter() - t0))
            if resp.status != 200:
                raise SystemExit(f"{url}: HTTP {resp.status}")
    finally:
        conn.close()
    return out


def bench_server(scale: int, db: Path, args: argparse.Namespace, rows: list[Row]) -> None:
    year = args.year
    actor = "syn-a000000"  # the demo data's busiest actor (rank 1 of the Zipf weights)
    with serving(db) as (base, proc, up):
        rows.append(Row(scale, "server cold start (health)", up, "s",
                        note="spawn until /api/health answers"))
        t0 = time.perf_counter()
        status, body = _get(f"{base}/api/scorecards/{year}/{actor}", timeout=600)
        first = time.perf_counter() - t0
        if status != 200:
            raise SystemExit(f"first scorecard: HTTP {status}")
        rows.append(Row(scale, "server cold start (first scorecard)", up + first, "s",
                        note=f"health + first scorecard ({first:.2f} s: scores every actor)"))
        card = f"{base}/api/scorecards/{year}/{actor}"
        health = f"{base}/api/health"
        _sequential_ms(card, 20)  # warm the connection path
        seq_card = _sequential_ms(card, args.requests)
        seq_health = _sequential_ms(health, args.requests)
        p50c, p50h = statistics.median(seq_card), statistics.median(seq_health)
        rows.append(Row(scale, "one scorecard, warm server (p50)", p50c, "ms", floor=p50h,
                        floor_label="/api/health p50", ratio=f"{p50c / p50h:.1f}x",
                        note=f"{args.requests} sequential requests, {len(body):,} bytes"))
        if args.no_load or shutil.which("wrk") is None:
            why = "--no-load" if args.no_load else "wrk is not installed (apt-get install wrk)"
            print(f"  load test skipped: {why}", flush=True)
        else:
            h = run_wrk(health, args)
            c = run_wrk(card, args)
            load = f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s"
            rows.append(Row(scale, "API scorecard throughput (wrk)", c["rps"], "req/s",
                            floor=h["rps"], floor_label="/api/health req/s",
                            ratio=f"{c['rps'] / h['rps']:.2f}",
                            note=load + (f", non-2xx {c['non_2xx']}" if c["non_2xx"] else ""),
                            target="≥ 0.50 of trivial" if scale == TARGET_SCALE else "",
                            met=_yes(c["rps"] >= 0.5 * h["rps"])
                            if scale == TARGET_SCALE else ""))
            rows.append(Row(scale, "API scorecard p50 (wrk)", c["p50"], "ms", floor=h["p50"],
                            floor_label="/api/health p50", ratio=f"{c['p50'] / h['p50']:.1f}x",
                            note=load))
            rows.append(Row(scale, "API scorecard p99 (wrk)", c["p99"], "ms", floor=h["p99"],
                            floor_label="/api/health p99", ratio=f"{c['p99'] / h['p99']:.1f}x",
                            note=load + (f", {c['timeouts']} timeouts" if c["timeouts"]
                                         else "")))
        hwm, rss = _status_mib(proc.pid, "VmHWM"), _status_mib(proc.pid, "VmRSS")
        rows.append(Row(scale, "server memory (VmHWM)", hwm, "MiB", peak_mib=hwm,
                        note=f"after the load; VmRSS now {rss:,.0f} MiB"))
        rows.append(_many_years(scale, base, proc.pid, year))


def _many_years(scale: int, base: str, pid: int, year: int) -> Row:
    """Every actor's ranking for ten different years, one after the other (issue 15: each
    year once kept ~190 MiB until the data changed); the server keeps the scorecards of the
    last few only (`--periods-kept`, 3) and answers years the evidence does not reach with a
    404 without scoring them."""
    years = range(year - 5, year + 5)
    answers: dict[int, int] = {}
    t0 = time.perf_counter()
    for y in years:
        answers[y] = _get(f"{base}/api/scorecards?year={y}&limit=1", timeout=600)[0]
    seconds = time.perf_counter() - t0
    rss, hwm = _status_mib(pid, "VmRSS"), _status_mib(pid, "VmHWM")
    scored = [y for y, status in answers.items() if status == 200]
    refused = [y for y, status in answers.items() if status == 404]
    if len(scored) + len(refused) != len(answers):
        raise SystemExit(f"years: unexpected answers {answers}")
    span = f" ({scored[0]}-{scored[-1]})" if scored else ""
    return Row(scale, "server RSS after 10 different years", rss, "MiB", peak_mib=hwm,
               note=f"/api/scorecards?year={years[0]}..{years[-1]}: {len(scored)} scored"
                    f"{span}, {len(refused)} refused with 404, "
                    f"{seconds:.0f} s; VmHWM {hwm:,.0f} MiB")


def bench_web(scale: int, db: Path, args: argparse.Namespace, rows: list[Row]) -> None:
    if str(HERE.parent) not in sys.path:  # run.py may be loaded by path (its test)
        sys.path.insert(0, str(HERE.parent))
    import web_bench

    skip = args.no_load or shutil.which("wrk") is None
    if skip:
        why = "--no-load" if args.no_load else "wrk is not installed (apt-get install wrk)"
        print(f"  web load test skipped: {why}", flush=True)
    with serving(db) as (base, _, _):
        got = web_bench.measure(base, args.year, get=_get, sequential=_sequential_ms,
                                wrk=None if skip else (lambda url: run_wrk(url, args)),
                                requests=args.requests)
    page = f"{got['path']}, {got['bytes']:,} bytes"
    p50, h50 = got["seq_page_ms"], got["seq_health_ms"]
    rows.append(Row(scale, "web actor page, warm server (p50)", p50, "ms", floor=h50,
                    floor_label="/api/health p50", ratio=f"{p50 / h50:.1f}x",
                    note=f"{args.requests} sequential requests; {page}; first request "
                         f"{got['first_s']:.2f} s (scores everyone, renders the page)"))
    if skip:
        return
    w, h = got["page"], got["health"]
    fast = web_bench.fast_enough(w, h)
    at_target = scale == TARGET_SCALE
    load = (f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s; load average "
            f"{got['load'][0]:.1f} → {got['load'][1]:.1f}")
    rows.append(Row(scale, "web actor page throughput (wrk)", w["rps"], "req/s",
                    floor=h["rps"], floor_label="/api/health req/s",
                    ratio=f"{w['rps'] / h['rps']:.2f}",
                    note=load + (f", non-2xx {w['non_2xx']}" if w["non_2xx"] else ""),
                    target=f"≥ {web_bench.RATIO_TARGET:.2f} of /api/health" if at_target else "",
                    met=_yes(fast) if at_target else ""))
    rows.append(Row(scale, "web actor page p50 (wrk)", w["p50"], "ms", floor=h["p50"],
                    floor_label="/api/health p50", ratio=_ratio(w["p50"], h["p50"]),
                    note=load))
    rows.append(Row(scale, "web actor page p99 (wrk)", w["p99"], "ms", floor=h["p99"],
                    floor_label="/api/health p99", ratio=_ratio(w["p99"], h["p99"]),
                    note=load + (f", {w['timeouts']} timeouts" if w["timeouts"] else "")))


def _yes(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _ratio(value: float, floor: float) -> str:
    return f"{value / floor:.1f}x" if floor > 0 else ""


def bench_scale(scale: int, args: argparse.Namespace, work: Path, rows: list[Row]) -> None:
    csv_dir = work / f"csv-{scale}"
    db = work / f"db-{scale}.json"
    slow = max(600.0, scale / 100)  # seconds; 1M acts may take many minutes
    only = set(args.only)
    common = {"year": args.year, "seed": args.seed, "acts": scale}

    def step(label: str, func: Callable[[], Any]) -> Any:
        print(f"[{scale:,}] {label} …", end=" ", flush=True)
        t0 = time.perf_counter()
        out = func()
        print(f"{time.perf_counter() - t0:.1f} s", flush=True)
        return out

    if not (csv_dir / "incidents.csv").exists():
        step("generate CSV", lambda: run_child("generate", timeout=slow, csv=csv_dir,
                                               **common))
    if "import" in only or not db.exists():
        imp = step("import", lambda: run_child("import", timeout=slow, csv=csv_dir,
                                                     db=db, **common))
        flo = step("csv floor", lambda: run_child("csv-floor", timeout=slow,
                                                        csv=csv_dir, **common))
        rows.append(Row(scale, "import", imp.result["seconds"], "s",
                        floor=flo.result["seconds"], floor_label="csv.DictReader, same files",
                        ratio=_ratio(imp.result["seconds"], flo.result["seconds"]),
                        peak_mib=imp.peak_mib,
                        note=f"{flo.result['rows']:,} rows, {imp.result['bytes'] / 1e6:,.0f} "
                             f"MB database; floor peak {flo.peak_mib:,.0f} MiB"))
    if "snapshot" in only:
        snap = step("snapshot", lambda: run_child("snapshot", timeout=slow, db=db,
                                                        **common))
        flo = step("json floor", lambda: run_child("json-floor", timeout=slow, db=db,
                                                         **common))
        r = snap.result
        rows.append(Row(scale, "snapshot (read database)", r["seconds"], "s",
                        floor=flo.result["seconds"], floor_label="json.load, same file",
                        ratio=_ratio(r["seconds"], flo.result["seconds"]),
                        peak_mib=snap.peak_mib,
                        note=f"{r['acts']:,} acts, {r['actors']:,} actors, "
                             f"{r['inquiries']:,} inquiries"))
    if "score" in only:
        sc = step("score", lambda: run_child("score", timeout=slow, db=db, **common))
        r = sc.result
        rows.append(Row(scale, "score all actors, one year", r["seconds"], "s",
                        floor_label="no floor",
                        ratio=f"{1e6 * r['seconds'] / r['acts']:.1f} µs/act",
                        peak_mib=sc.peak_mib, note=f"{r['cards']:,} scorecards, {args.year}"))
    if "stats" in only:
        st = step("stats", lambda: run_child("stats", timeout=slow, db=db, **common))
        r = st.result
        rows.append(Row(scale, "stats (every one-way table)", r["seconds"], "s",
                        floor_label="no floor",
                        ratio=f"{1e6 * r['seconds'] / r['acts']:.1f} µs/act",
                        peak_mib=st.peak_mib, note=f"{r['tables']} tables"))
    if "pdf" in only:
        pdf = step("pdf", lambda: run_child("pdf", timeout=slow, db=db, **common))
        for label in ("typical", "busiest"):
            r = pdf.result[label]
            rows.append(Row(scale, f"one PDF, {label} actor", r["seconds"], "s",
                            floor_label="no floor", peak_mib=pdf.peak_mib,
                            note=f"{r['actor']}: {r['evidence']:,} acts+inquiries, "
                                 f"{r['pages']} pages; after a first PDF of the process "
                                 f"({pdf.result['first']:.2f} s, fonts loaded)"))
    if "server" in only:
        step("server", lambda: bench_server(scale, db, args, rows))
    if "web" in only:
        step("web", lambda: bench_web(scale, db, args, rows))
    if "write" in only:
        wr = step("write", lambda: run_child("write", timeout=slow, db=db,
                                             writes=args.writes, **common))
        r = wr.result
        rows.append(Row(scale, "one API write (median)", r["median"], "s", floor=r["floor"],
                        floor_label="orjson dumps + fsync, same document",
                        ratio=_ratio(r["median"], r["floor"]), peak_mib=wr.peak_mib,
                        note=f"{r['writes']} inquiries, slowest {r['max']:.3f} s; the "
                             f"process's first {r['first']:.2f} s (reads the file)"))


def bench_report(args: argparse.Namespace, work: Path, rows: list[Row]) -> None:
    acts = args.report_acts
    csv_dir, db = work / f"csv-{acts}", work / f"db-{acts}.json"
    common = {"year": args.year, "seed": args.seed, "acts": acts}
    if not (csv_dir / "incidents.csv").exists():
        run_child("generate", timeout=600, csv=csv_dir, **common)
    if not db.exists():
        run_child("import", timeout=600, csv=csv_dir, db=db, **common)
    print(f"[{acts:,}] annual report …", end=" ", flush=True)
    rep = run_child("report", timeout=1800, db=db, **common)
    r = rep.result
    print(f"{r['seconds']:.1f} s", flush=True)
    rows.append(Row(acts, "annual report PDF", r["seconds"], "s", floor_label="no floor",
                    peak_mib=rep.peak_mib,
                    note=f"{r['actors']} actors, {r['pages']} pages; scoring before it "
                         f"{r['scoring']:.1f} s",
                    target="< 30 s", met=_yes(r["seconds"] < 30)))


def judge(rows: list[Row]) -> None:
    """Targets apply to the 100,000-act database."""
    for row in rows:
        if row.scale != TARGET_SCALE or row.figure not in TARGETS or row.target:
            continue
        limit, unit = TARGETS[row.figure]
        row.target = f"< {limit:g} {unit}"
        row.met = _yes(row.value < limit)


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    if unit == "req/s" or value >= 100:
        text = f"{value:,.0f}"
    elif value >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3g}" if value < 1 else f"{value:.2f}"
    return f"{text} {unit}".strip()


def table(rows: list[Row]) -> str:
    head = ("| acts | figure | value | floor | ratio | peak RSS | target | | notes |\n"
            "|---:|---|---:|---|---:|---:|---|---|---|\n")
    body = ""
    for r in rows:
        floor = (f"{_fmt(r.floor, r.unit)} ({r.floor_label})" if r.floor is not None
                 else r.floor_label)
        peak = f"{r.peak_mib:,.0f} MiB" if r.peak_mib is not None else ""
        body += (f"| {r.scale:,} | {r.figure} | {_fmt(r.value, r.unit)} | {floor} | {r.ratio} "
                 f"| {peak} | {r.target} | {r.met} | {r.note} |\n")
    return head + body


def growth(rows: list[Row], scales: list[int]) -> str:
    if len(scales) < 2:
        return ""
    figures = list(dict.fromkeys(r.figure for r in rows if r.scale in scales))
    by = {(r.scale, r.figure): r for r in rows}
    cols = " | ".join(f"{s:,}" for s in scales)
    steps = " | ".join(f"×{b // a} acts" for a, b in pairwise(scales))
    out = (f"| figure | {cols} | {steps} |\n"
           f"|---|{'---:|' * len(scales)}{'---:|' * (len(scales) - 1)}\n")
    for fig in figures:
        vals = [by.get((s, fig)) for s in scales]
        cells = " | ".join(_fmt(v.value, v.unit) if v else "" for v in vals)
        grow = " | ".join(
            f"×{b.value / a.value:.1f}" if a and b and a.value > 0 else ""
            for a, b in pairwise(vals))
        out += f"| {fig} | {cells} | {grow} |\n"
    return out


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{mem_kib / 1024 / 1024:.1f} GiB"
    except OSError:
        ram = "unknown"
    return (f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}, RAM {ram}, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--only", nargs="+", choices=OPERATIONS, default=list(OPERATIONS))
    parser.add_argument("--out", type=Path, help="also write the tables (Markdown) here")
    parser.add_argument("--workdir", type=Path,
                        help="keep CSV files and databases here (reused when present)")
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--report-acts", type=int, default=25_000,
                        help="acts of the annual report's database (25,000: 500 actors)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=1,
                        help="wrk threads (on 2 cores, one is left for the server)")
    parser.add_argument("--requests", type=int, default=200,
                        help="sequential requests for the warm-server latency")
    parser.add_argument("--no-load", action="store_true", help="skip wrk")
    parser.add_argument("--writes", type=int, default=20, help="API writes timed (median)")
    # Internal: one operation in a child process.
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--acts", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        result = _child(args.child, args)
        print(json.dumps({"result": result}))
        return
    if {"server", "web"} & set(args.only) and not args.no_load and shutil.which("wrk") is None:
        print("NOTE: wrk is not installed (apt-get install wrk): the load test is skipped",
              flush=True)
    rows: list[Row] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hrdscore-bench-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for scale in args.scales:
            bench_scale(scale, args, work, rows)
        if "report" in args.only:
            bench_report(args, work, rows)
    judge(rows)
    text = (f"Machine: {machine()}\n\n"
            f"Run {date.today().isoformat()}, {time.perf_counter() - started:.0f} s, "
            f"`python benchmarks/run.py {' '.join(sys.argv[1:] if argv is None else argv)}`"
            f"\n\n{table(rows)}\n")
    grow = growth(rows, args.scales)
    if grow:
        text += f"Growth with the number of acts:\n\n{grow}"
    print()
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
