"""Two `hrdscore serve` processes on one PostgreSQL database: a write through one is read
through the other within a second (the change feed), as behind a load balancer."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date

import httpx
import pytest

from hrdscore.shipped import load_shipped
from hrdscore.store import Role, create_key, seed
from hrdscore.store.backends import open_store


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(url: str) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hrdscore", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--db", url, "--no-access-log", "--rate-limit", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.communicate()[1]
            try:
                httpx.get(f"{base}/api/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not come up in 60 s"
                time.sleep(0.1)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        assert "Traceback" not in err, err


@pytest.mark.slow
def test_a_write_through_one_server_is_read_through_the_other_within_a_second(
        pg_url: str) -> None:
    store = open_store(pg_url)
    seed(store, load_shipped(date.today()), who="test")
    _, token = create_key(store, "editor", Role.EDITOR, who="test")
    with ExitStack() as stack:
        first, second = stack.enter_context(serving(pg_url)), stack.enter_context(serving(pg_url))
        template = httpx.get(f"{first}/api/inquiries/inq-kk2021-01", timeout=30)
        assert template.status_code == 200
        # The second server has read the evidence before the write: it must notice the change.
        assert httpx.get(f"{second}/api/inquiries/inq-pg-new", timeout=30).status_code == 404
        body = {**template.json(), "id": "inq-pg-new", "reference": "PG-2 Қазақ"}
        created = httpx.post(f"{first}/api/inquiries", json=body,
                             headers={"X-API-Key": token}, timeout=30)
        assert created.status_code == 201, created.text
        written = time.monotonic()
        while True:
            seen = httpx.get(f"{second}/api/inquiries/inq-pg-new", timeout=30)
            if seen.status_code == 200:
                break
            assert time.monotonic() - written < 1.0, "not seen through the other server in 1 s"
            time.sleep(0.02)
        assert seen.json()["reference"] == "PG-2 Қазақ"
    audit = open_store(pg_url).audit_log()
    assert audit[-1].who == "key:editor" and audit[-1].ids == ["inq-pg-new"]
