"""`hrdscore serve --workers 2`: two server processes on one port, each with its own caches,
both following the database. A write answered by one worker is read through either."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

NEW_ACTOR = {"id": "worker-mine", "name": "Жаңа Кеніш LLP", "kind": "company"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _workers_of(pid: int) -> list[int]:
    """The worker processes uvicorn's supervisor started (multiprocessing spawns them)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid and b"spawn_main" in cmdline:
            found.append(int(stat.parent.name))
    return found


def _hrdscore(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hrdscore", *args], capture_output=True,
                          text=True, timeout=120, check=True)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_two_workers_share_the_port_and_see_each_others_writes(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    _hrdscore("init", "--db", str(db))
    token = _hrdscore("keys", "create", "writer", "--role", "editor", "--db",
                      str(db)).stdout.strip()
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hrdscore", "serve", "--port", str(port), "--db", str(db),
         "--workers", "2", "--no-access-log"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while len(_workers_of(proc.pid)) < 2 or not _answers(f"{base}/api/health"):
            assert proc.poll() is None, proc.communicate()[1]
            assert time.monotonic() < deadline, "two workers did not come up in 90 s"
            time.sleep(0.2)
        assert len(_workers_of(proc.pid)) == 2
        with httpx.Client(base_url=base, timeout=30) as client:
            created = client.post("/api/actors", json=NEW_ACTOR,
                                  headers={"X-API-Key": token})
            assert created.status_code == 201, created.text
            # New connections are shared out between the workers by the kernel; twenty
            # fresh ones in a row reach both with near certainty. A reader may be served the
            # previous version while its worker rebuilds (README, HTTP API), so every worker
            # must show the write within a few seconds, not at once.
            deadline = time.monotonic() + 10
            seen_in_a_row = 0
            while seen_in_a_row < 20:
                with httpx.Client(base_url=base, timeout=30) as fresh:
                    got = fresh.get("/api/actors/worker-mine")
                if got.status_code == 200:
                    assert got.json()["name"] == "Жаңа Кеніш LLP"
                    seen_in_a_row += 1
                else:
                    assert got.status_code == 404, got.text
                    assert time.monotonic() < deadline, "a worker did not see the write in 10 s"
                    seen_in_a_row = 0
                    time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    assert "2 workers" in err
    assert "died" not in err, err  # no worker was killed while starting
    assert "Traceback" not in err, err


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.TransportError:
        return False
