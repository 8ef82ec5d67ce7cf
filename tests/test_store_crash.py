"""A writer killed with SIGKILL mid-import leaves the state before or after, never between."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hrdscore.store import Store, seed

SCRIPT = """
import sys
from datetime import date
from pathlib import Path
from hrdscore.catalog import Catalog
from hrdscore.shipped import load_shipped
from hrdscore.store import Store, import_file
shipped = load_shipped(date.today())
recs = list(Catalog.from_dataset(shipped).recommendations)
print("ready", flush=True)
import_file(Store(sys.argv[1]), "inquiries", Path(sys.argv[2]), who="cli:crash",
            today=date.today(), recommendations=recs)
print("done", flush=True)
"""


def _big_csv(path: Path, rows: int) -> None:
    lines = ["id,actor,reference,sent_on,source,locator"]
    lines += [f"inq-bulk-{n:06d},kpo,{n},2021-02-09,src-kk2021-report,test row {n}"
              for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_sigkill_during_bulk_import_leaves_before_or_after_state(tmp_path: Path, shipped) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "db.json"
    seed(Store(db), shipped, who="t")
    before = db.read_bytes()
    before_count = len(json.loads(before)["inquiries"])
    csv_file = tmp_path / "bulk.csv"
    rows = 20_000
    _big_csv(csv_file, rows)
    killed_while_running = 0
    # Kill at several moments: while validating, and as late as we can catch it writing.
    for delay in (0.3, 0.8, 1.5, 2.5):
        with subprocess.Popen([sys.executable, "-c", SCRIPT, str(db), str(csv_file)],
                              stdout=subprocess.PIPE, text=True) as proc:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready"
            time.sleep(delay)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        killed_while_running += proc.returncode == -signal.SIGKILL
        doc = json.loads(db.read_text(encoding="utf-8"))  # opens: a whole, valid file
        count = len(doc["inquiries"])
        assert count in (before_count, before_count + rows)
        Store(db).snapshot()  # every record still validates
        if count == before_count:
            assert db.read_bytes() == before
        else:
            db.write_bytes(before)  # start the next round from the same state
    assert killed_while_running >= 1, "the import always finished before the kill"


CRASH_SCRIPT = """
import os, signal, sys
from datetime import date
from pathlib import Path
from hrdscore.catalog import Catalog
from hrdscore.shipped import load_shipped
from hrdscore.store import Store, import_file
import hrdscore.store.storage as storage
real_fsync, calls = os.fsync, []
def dying_fsync(fd):
    calls.append(fd)
    # 1st fsync: the temporary file is written but not renamed; 2nd: renamed, dir not synced.
    if len(calls) == int(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)
    real_fsync(fd)
storage.os.fsync = dying_fsync
recs = list(Catalog.from_dataset(load_shipped(date.today())).recommendations)
import_file(Store(sys.argv[1]), "inquiries", Path(sys.argv[2]), who="cli:crash",
            today=date.today(), recommendations=recs)
"""


@pytest.mark.slow
def test_sigkill_inside_the_write_itself(tmp_path: Path, shipped) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "db.json"
    seed(Store(db), shipped, who="t")
    before = db.read_bytes()
    before_count = len(json.loads(before)["inquiries"])
    csv_file = tmp_path / "bulk.csv"
    _big_csv(csv_file, 5_000)
    for crash_at, expected in ((1, before_count), (2, before_count + 5_000)):
        db.write_bytes(before)
        result = subprocess.run([sys.executable, "-c", CRASH_SCRIPT, str(db), str(csv_file),
                                 str(crash_at)], check=False)
        assert result.returncode == -signal.SIGKILL
        assert len(json.loads(db.read_text(encoding="utf-8"))["inquiries"]) == expected
        assert len(Store(db).snapshot().inquiries) == expected
