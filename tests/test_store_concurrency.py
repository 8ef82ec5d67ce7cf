"""Several processes writing one database at the same time lose nothing."""

from __future__ import annotations

import json
import multiprocessing as mp
from pathlib import Path

import pytest

from hrdscore.store import Store

from .conftest import make_actor

WRITERS, PER_WRITER = 4, 250


def _writer(path: str, writer: int, start: mp.synchronize.Event) -> None:  # type: ignore[name-defined]
    store = Store(path)
    start.wait()
    for n in range(PER_WRITER):
        with store.transaction(f"cli:writer-{writer}") as tx:
            changes = tx.actors.put(make_actor(f"w{writer}-{n:03d}", f"Жазушы {writer} №{n}"))
            tx.record("create", "actors", changes)


@pytest.mark.slow
def test_four_processes_writing_250_records_each_end_with_1000(tmp_path: Path) -> None:
    path = tmp_path / "shared.json"
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_writer, args=(str(path), w, start)) for w in range(WRITERS)]
    for proc in procs:
        proc.start()
    start.set()
    for proc in procs:
        proc.join(timeout=300)
        assert proc.exitcode == 0
    doc = json.loads(path.read_text(encoding="utf-8"))  # a valid file
    assert len(doc["actors"]) == WRITERS * PER_WRITER
    assert len(doc["_audit"]) == WRITERS * PER_WRITER
    store = Store(path)
    assert len(store.snapshot().actors) == 1000
    assert store.snapshot().actors["w3-249"].name == "Жазушы 3 №249"
