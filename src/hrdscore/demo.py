"""Deterministic synthetic evidence at scale, shaped like the report's data
(`hrdscore demo-data`), for benchmarks and for trying hrdscore on a large database.

Zipf-like incidents per actor, multi-field acts, Cyrillic and Kazakh names, replies with the
report's mix of delays and substance. It writes CSV files in the import layouts of README.md
and imports them through the ordinary import path, so the database is validated like any other.
No real person is in it: victims are numbered pseudonyms.
"""

from __future__ import annotations

import csv
import random
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from hrdscore.errors import HrdscoreError
from hrdscore.store import Store, import_file

FIELDS = ["land", "banking", "oil_industry", "environment", "housing", "construction",
          "coal_industry", "health_care", "information", "energy", "trade_unions", "business",
          "tax_collection", "anti_corruption", "metallurgy"]
ACT_TYPES = ["detention", "criminal_charge", "interrogation", "police_summons",
             "administrative_penalty", "lawsuit", "dismissal", "defamation", "forewarning",
             "search", "intimidation", "guilty_verdict"]
SUBSTANCE = ["acknowledgement", "refusal_without_reasons", "refusal_with_reasons",
             "partial_answer", "full_answer"]
NAMES = ["Қазақ", "Өнеркәсіп", "Құрылыс", "Мұнай", "Жер", "Ақтау", "Атырау", "Шымкент",
         "Нефтегаз", "Строй", "Энерго", "Горно", "Банк", "Ұлттық", "Үміт", "Іргетас"]
REGIONS = ["Алматы", "Астана", "Ақтау", "Атырау", "Маңғыстау облысы", "Шымкент", "Орал",
           "Қарағанды", "Теміртау", "Ақсай"]
SOURCE = "src-synthetic"


def _name(rng: random.Random, n: int) -> str:
    return f"{rng.choice(NAMES)}{rng.choice(NAMES).lower()} {n} ЖШС"


IMPORT_ORDER = ("sources", "actors", "inquiries", "replies", "incidents")


def write_dataset(out: Path, *, acts: int, seed: int = 1) -> dict[str, Path]:
    """CSV files for sources, actors, inquiries, replies and incidents; ~5 acts per incident,
    one inquiry per 5 acts, one actor per 50 acts."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    n_actors = max(acts // 50, 10)
    n_inquiries = acts // 5
    files = {k: out / f"{k}.csv" for k in ("sources", "actors", "inquiries", "replies",
                                              "incidents")}
    with files["sources"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "public"])
        w.writerow([SOURCE, "Synthetic monitoring data", "true"])
    actor_ids = []
    with files["actors"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "kind", "sector", "parent", "source", "locator"])
        w.writerow(["syn-state", "Мемлекет", "state_body", "", "", SOURCE, "actors"])
        for n in range(n_actors):
            kind = rng.choices(["company", "state_body", "bank"], [6, 3, 1])[0]
            parent = "syn-state" if kind == "state_body" else ""
            actor_ids.append(f"syn-a{n:06d}")
            w.writerow([actor_ids[-1], _name(rng, n), kind, rng.choice(FIELDS), parent,
                        SOURCE, "actors"])
    # Zipf-like: a few actors attract most incidents, as in the report's top companies.
    weights = [1 / (rank + 1) for rank in range(n_actors)]
    # Cumulated once: `choices(..., weights)` cumulates them on every call, which made the
    # generator quadratic (one actor per 50 acts, one draw per incident and per inquiry: at a
    # million acts it ran for many minutes). The draws are the same, so is the output.
    cum_weights = list(accumulate(weights))
    start = date(2016, 1, 1)
    with files["inquiries"].open("w", newline="", encoding="utf-8") as fi, \
            files["replies"].open("w", newline="", encoding="utf-8") as fr:
        wi, wr = csv.writer(fi), csv.writer(fr)
        wi.writerow(["id", "actor", "reference", "sent_on", "source", "locator"])
        wr.writerow(["id", "inquiry", "received_on", "substance", "source", "locator"])
        for n in range(n_inquiries):
            sent = start + timedelta(days=rng.randrange(365 * 5))
            inquiry = f"syn-q{n:07d}"
            actor = rng.choices(actor_ids, cum_weights=cum_weights)[0]
            wi.writerow([inquiry, actor, str(n), sent.isoformat(), SOURCE, f"letter {n}"])
            if rng.random() < 7 / 12:  # the report: 7 of 12 replied
                delay = rng.choice([8, 8, 16, 18, 18, 29, 32])
                wr.writerow([f"syn-r{n:07d}", inquiry, (sent + timedelta(days=delay)).isoformat(),
                             rng.choice(SUBSTANCE), SOURCE, f"reply {n}"])
    with files["incidents"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["incident_id", "incident_title", "incident_public_summary", "act_id",
                    "victim_id", "victim_kind",
                    "victim_gender", "act_type", "date", "fields", "primary_field", "city",
                    "involvements", "source", "locator"])
        act = 0
        incident = 0
        n_victims = max(acts // 2, 1)
        while act < acts:
            size = min(rng.choice([1, 2, 3, 5, 8, 11]), acts - act)
            actor = rng.choices(actor_ids, cum_weights=cum_weights)[0]
            day = start + timedelta(days=rng.randrange(365 * 5))
            city = rng.choice(REGIONS)
            for _ in range(size):
                victim = rng.randrange(n_victims)
                fields = rng.sample(FIELDS, rng.choice([1, 1, 1, 2, 3]))
                # Synthetic, so its editor's summary is generated: month and region only.
                w.writerow([f"syn-i{incident:07d}", f"Оқиға {incident}",
                            f"{day:%B %Y}, {city}: acts against defenders (synthetic data).",
                            f"syn-x{act:07d}",
                            f"v-{victim:07d}", "person", ("male", "female")[victim % 2],
                            rng.choice(ACT_TYPES), day.isoformat(), ";".join(fields), fields[0],
                            city, f"{actor}:{rng.choice(['initiator', 'executor'])}",
                            SOURCE, f"act {act}"])
                act += 1
            incident += 1
    return files


def build_database(db: Path, *, acts: int, seed: int = 1, who: str = "demo-data",
                   progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """A synthetic database at `db` (which must not exist yet); returns records per kind."""
    if db.exists():
        raise HrdscoreError(f"{db} already exists: give a new file for the demo database")
    store = Store(db)
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="hrdscore-demo-") as tmp:
        files = write_dataset(Path(tmp), acts=acts, seed=seed)
        for kind in IMPORT_ORDER:
            if progress:
                progress(kind)
            result = import_file(store, kind, files[kind], who=who, today=date.today(),
                                 recommendations=[])
            counts[kind] = result.rows
    return counts
