"""PDF benchmark: one scorecard PDF, and the annual report for ~500 actors on synthetic data.

Aim: the annual report for 500 actors under 30 s and under 1 GiB peak memory.

Builds a database from benchmarks/synth.py (25,000 acts -> 500 actors, Kazakh and Cyrillic
names), scores every actor for one year, then times the PDFs. Prints seconds, pages, bytes
and the process's peak RSS (which includes the import and the scoring).

    python benchmarks/pdf_bench.py [--acts 25000] [--year 2019] [--keep DIR] [--publish]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from score_bench import build

from hrdscore.catalog import Catalog
from hrdscore.model import Period
from hrdscore.service import Workspace, load_checked_methodology
from hrdscore.shipped import load_shipped

GENERATED_ON = date(2026, 11, 21)


def _pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--acts", type=int, default=25_000)
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--keep", type=Path, default=None,
                        help="write the two PDFs into this directory, to look at them")
    parser.add_argument("--publish", action="store_true",
                        help="also time `publish` (every actor's PDF, the report, CSV, JSON)")
    args = parser.parse_args()
    catalog = Catalog.from_dataset(load_shipped(date.today()))
    period = Period(start_year=args.year, end_year=args.year)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = build(Path(tmp), args.acts)
        print(f"import {args.acts:,} acts: {time.perf_counter() - t0:.1f} s")
        ws = Workspace(catalog=catalog, methodology=load_checked_methodology(catalog),
                       store=store)
        t0 = time.perf_counter()
        cards = ws.internal_scorecards(period)
        print(f"score {len(cards)} actors ({period.label}): {time.perf_counter() - t0:.1f} s")
        busiest = max(cards, key=lambda c: (sum(len(r.criteria) for r in c.recommendations),
                                            len(c.red_flags), c.actor))
        t0 = time.perf_counter()
        one = ws.public_scorecard_pdf(period, busiest.actor, GENERATED_ON)
        print(f"one scorecard PDF ({busiest.actor}): {time.perf_counter() - t0:.2f} s, "
              f"{_pages(one)} pages, {len(one):,} bytes")
        sample = sorted(c.actor for c in cards)[::25][:20]  # across the Zipf ranks
        t0 = time.perf_counter()
        for actor in sample:
            ws.public_scorecard_pdf(period, actor, GENERATED_ON)
        print(f"typical scorecard PDF: {(time.perf_counter() - t0) / len(sample):.2f} s "
              f"(mean of {len(sample)})")
        t0 = time.perf_counter()
        report = ws.public_report_pdf(period, GENERATED_ON)
        took = time.perf_counter() - t0
        print(f"annual report, {len(cards)} actors: {took:.1f} s, {_pages(report)} pages, "
              f"{len(report):,} bytes")
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / f"scorecard-{busiest.actor}.pdf").write_bytes(one)
            (args.keep / f"report-{period.label}.pdf").write_bytes(report)
        if args.publish:
            from hrdscore.publish import publish

            t0 = time.perf_counter()
            pub = publish(ws, period, Path(tmp) / "publication", generated_on=GENERATED_ON)
            print(f"publish: {time.perf_counter() - t0:.1f} s, {len(pub.files)} files")
        print(f"peak RSS: {_peak_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
