"""Scoring benchmark: every actor for one year on synthetic databases of 10k and 100k acts.

    python benchmarks/score_bench.py [--acts 10000 100000] [--year 2019]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synth import write_dataset

from hrdscore.catalog import Catalog
from hrdscore.model import Period
from hrdscore.scoring import score_all
from hrdscore.service import load_checked_methodology
from hrdscore.shipped import load_shipped
from hrdscore.store import Store, import_file


def build(tmp: Path, acts: int) -> Store:
    files = write_dataset(tmp / f"csv-{acts}", acts=acts)
    store = Store(tmp / f"db-{acts}.json")
    for kind in ("sources", "actors", "inquiries", "replies", "incidents"):
        import_file(store, kind, files[kind], who="bench", today=date.today(),
                    recommendations=[])
    return store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--acts", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--year", type=int, default=2019)
    args = parser.parse_args()
    catalog = Catalog.from_dataset(load_shipped(date.today()))
    methodology = load_checked_methodology(catalog)
    period = Period(start_year=args.year, end_year=args.year)
    print(f"{'acts':>8} {'actors':>7} {'snapshot s':>11} {'score all s':>12} "
          f"{'per actor ms':>13} {'again s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for acts in args.acts:
            store = build(Path(tmp), acts)
            t0 = time.perf_counter()
            snap = Store(store.path).snapshot()
            t_snap = time.perf_counter() - t0
            t0 = time.perf_counter()
            cards = score_all(catalog, snap, period, methodology)
            t_score = time.perf_counter() - t0
            t0 = time.perf_counter()
            score_all(catalog, snap, period, methodology)  # indexes warm
            t_again = time.perf_counter() - t0
            print(f"{acts:>8,} {len(cards):>7,} {t_snap:>11.2f} {t_score:>12.2f} "
                  f"{1000 * t_score / max(len(cards), 1):>13.2f} {t_again:>8.2f}")


if __name__ == "__main__":
    main()
