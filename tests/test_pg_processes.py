"""PostgreSQL under several processes: four writers lose nothing and keep one audit chain; a
writer killed mid-import leaves the state before or after, never between; and an identity
written with a key configured is nowhere in clear in `pg_dump` output (issue 20)."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.shipped import load_shipped
from hrdscore.store import seed, verify_chain
from hrdscore.store.backends import open_store

from .conftest import make_actor
from .identity_helpers import CANARY, CANARY_CONTACT, canary_csv

WRITERS, PER_WRITER = 4, 250


def _writer(url: str, writer: int, start: Any) -> None:
    store = open_store(url)
    start.wait()
    for n in range(PER_WRITER):
        with store.transaction(f"cli:writer-{writer}") as tx:
            changes = tx.actors.put(make_actor(f"w{writer}-{n:03d}", f"Жазушы {writer} №{n}"))
            tx.record("create", "actors", changes)


@pytest.mark.slow
def test_four_processes_writing_250_records_each_end_with_1000(pg_url: str) -> None:
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_writer, args=(pg_url, w, start)) for w in range(WRITERS)]
    for proc in procs:
        proc.start()
    start.set()
    for proc in procs:
        proc.join(timeout=300)
        assert proc.exitcode == 0
    store = open_store(pg_url)
    assert len(store.snapshot().actors) == 1000
    assert store.snapshot().actors["w3-249"].name == "Жазушы 3 №249"
    entries = store.audit_log()
    assert len(entries) == 1000 and verify_chain(entries) == []
    assert store.stamp() == (1000, 0, 0)  # one data version per commit, none lost


SCRIPT = """
import sys
from datetime import date
from pathlib import Path
from hrdscore.catalog import Catalog
from hrdscore.shipped import load_shipped
from hrdscore.store import import_file
from hrdscore.store.backends import open_store
recs = list(Catalog.from_dataset(load_shipped(date.today())).recommendations)
print("ready", flush=True)
import_file(open_store(sys.argv[1]), "inquiries", Path(sys.argv[2]), who="cli:crash",
            today=date.today(), recommendations=recs)
print("done", flush=True)
"""


@pytest.mark.slow
def test_sigkill_during_bulk_import_leaves_before_or_after_state(pg_url: str,
                                                                 tmp_path: Path) -> None:
    seed(open_store(pg_url), load_shipped(date.today()), who="t")
    before = open_store(pg_url).read_document()
    rows = 20_000
    lines = ["id,actor,reference,sent_on,source,locator"]
    lines += [f"inq-bulk-{n:06d},kpo,{n},2021-02-09,src-kk2021-report,test row {n}"
              for n in range(rows)]
    csv_file = tmp_path / "bulk.csv"
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    killed_while_running = 0
    for delay in (0.5, 1.5, 3.0):
        with subprocess.Popen([sys.executable, "-c", SCRIPT, pg_url, str(csv_file)],
                              stdout=subprocess.PIPE, text=True) as proc:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready"
            time.sleep(delay)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        killed_while_running += proc.returncode == -signal.SIGKILL
        after = open_store(pg_url)
        count = len(after.snapshot().inquiries)  # every record still validates
        assert count in (len(before["inquiries"]), len(before["inquiries"]) + rows)
        assert verify_chain(after.audit_log()) == []
        if count == len(before["inquiries"]):
            assert after.read_document() == before
        else:
            break  # the import committed: later rounds would only re-import the same rows
    assert killed_while_running >= 1, "the import always finished before the kill"


def test_an_identity_is_nowhere_in_clear_in_pg_dump(pg_url: str, pg_cluster: Any,
                                                    tmp_path: Path, identity_key: Path) -> None:
    assert os.environ.get("HRDSCORE_KEY_FILE") == str(identity_key)
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--db", pg_url]).exit_code == 0
    imported = runner.invoke(cli, ["import", "incidents", str(canary_csv(tmp_path / "i.csv")),
                                   "--db", pg_url])
    assert imported.exit_code == 0, imported.output
    shown = runner.invoke(cli, ["person", "show", "v-canary", "--db", pg_url])
    assert CANARY in shown.output  # stored, and opened with the key
    dbname = pg_url.split("/")[3].split("?")[0]
    dump = pg_cluster.run_as_postgres(str(pg_cluster.bindir / "pg_dump"), "-h",
                                      str(pg_cluster.socket_dir), "-p", str(pg_cluster.port),
                                      "-U", "postgres", dbname).stdout
    assert b"v-canary" in dump  # the dump does hold the incident
    for secret in (CANARY, CANARY_CONTACT):
        assert secret.encode("utf-8") not in dump


def test_a_backup_with_an_identity_in_clear_is_sealed_when_restored(
        pg_url: str, tmp_path: Path, identity_key: Path) -> None:
    import json

    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--db", pg_url]).exit_code == 0
    runner.invoke(cli, ["import", "incidents", str(canary_csv(tmp_path / "i.csv")),
                        "--db", pg_url])
    backup = tmp_path / "old.json"
    assert runner.invoke(cli, ["backup", "--db", pg_url, "-o", str(backup)]).exit_code == 0
    doc = json.loads(backup.read_text(encoding="utf-8"))
    doc["incidents"]["inc-canary"]["victims"][0]["identity"] = CANARY  # as an old file had it
    backup.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    restored = runner.invoke(cli, ["restore", "--db", pg_url, str(backup)])
    assert restored.exit_code == 0, restored.output
    store = open_store(pg_url)
    assert CANARY not in json.dumps(store.read_document(), ensure_ascii=False)
    assert CANARY in runner.invoke(cli, ["person", "show", "v-canary", "--db", pg_url]).output


def test_erasure_on_postgres_removes_the_person_and_keeps_the_chain(
        pg_url: str, tmp_path: Path, identity_key: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--db", pg_url]).exit_code == 0
    runner.invoke(cli, ["import", "incidents", str(canary_csv(tmp_path / "i.csv")),
                        "--db", pg_url])
    before = open_store(pg_url).read_document()
    erased = runner.invoke(cli, ["person", "erase", "v-canary", "--db", pg_url])
    assert erased.exit_code == 0, erased.output
    after = open_store(pg_url).read_document()  # a fresh process's view: what was written
    assert "inc-canary" in before["incidents"] and "inc-canary" not in after["incidents"]
    assert sorted(after["incidents"]) == sorted(set(before["incidents"]) - {"inc-canary"})
    verified = runner.invoke(cli, ["audit", "--verify", "--db", pg_url])
    assert verified.exit_code == 0 and "chain intact" in verified.stderr
    assert open_store(pg_url).audit_log()[-1].action == "erase-person"


def test_erasure_keeping_acts_pseudonymised_is_written_though_edited_in_place(
        pg_url: str, tmp_path: Path, identity_key: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--db", pg_url]).exit_code == 0
    runner.invoke(cli, ["import", "incidents", str(canary_csv(tmp_path / "i.csv")),
                        "--db", pg_url])
    erased = runner.invoke(cli, ["person", "erase", "v-canary", "--keep-acts-pseudonymised",
                                 "--db", pg_url])
    assert erased.exit_code == 0, erased.output
    incident = open_store(pg_url).read_document()["incidents"]["inc-canary"]
    victim = incident["victims"][0]
    assert victim["id"] != "v-canary" and "identity" not in victim and "contact" not in victim
    assert incident["acts"][0]["victim"] == victim["id"]


def test_key_rotation_on_postgres_reseals_what_the_database_holds(
        pg_url: str, tmp_path: Path, identity_key: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--db", pg_url]).exit_code == 0
    runner.invoke(cli, ["import", "incidents", str(canary_csv(tmp_path / "i.csv")),
                        "--db", pg_url])
    old_value = open_store(pg_url).read_document()["incidents"]["inc-canary"]["victims"][0][
        "identity"]
    new_key = tmp_path / "new.key"
    rotated = runner.invoke(cli, ["identity-key", "rotate", "--new", str(new_key),
                                  "--db", pg_url])
    assert rotated.exit_code == 0, rotated.output
    # A fresh store reads what was committed: the rows themselves were re-sealed.
    stored = open_store(pg_url).read_document()["incidents"]["inc-canary"]["victims"][0]
    assert stored["identity"] != old_value and stored["identity"].startswith("enc:v1:")
    shown = runner.invoke(cli, ["person", "show", "v-canary", "--db", pg_url],
                          env={"HRDSCORE_KEY_FILE": str(new_key)})
    assert CANARY in shown.output
    refused = runner.invoke(cli, ["person", "show", "v-canary", "--db", pg_url])
    assert CANARY not in refused.output
