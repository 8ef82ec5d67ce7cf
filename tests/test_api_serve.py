"""The real `hrdscore serve` process: starts on a free port with no database, creates one
with the shipped data, answers over HTTP, and stops on SIGTERM."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.slow
def test_serve_answers_over_http(tmp_path: Path) -> None:
    db = tmp_path / "new" / "db.json"
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hrdscore", "serve", "--port", str(port), "--db", str(db),
         "--no-access-log"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, proc.communicate()[1]
            try:
                health = httpx.get(f"{base}/api/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not come up in 30 s"
                time.sleep(0.1)
        assert health.status_code == 200 and health.json()["status"] == "ok"
        assert db.is_file()  # created with the shipped data
        card = httpx.get(f"{base}/api/scorecards/2021/kpo", timeout=30)
        assert card.status_code == 200
        assert card.json()["actor_name"] == "Karachaganak Petroleum Operating B.V."
        ranking = httpx.get(f"{base}/api/scorecards", params={"year": 2021}, timeout=30)
        assert ranking.json()["total"] > 10
        missing = httpx.get(f"{base}/api/scorecards/2021/nobody", timeout=30)
        assert missing.status_code == 404
        assert missing.headers["content-type"].startswith("application/problem+json")
        assert "server" not in missing.headers
        schema = httpx.get(f"{base}/schema/openapi.json", timeout=30)
        assert schema.json()["components"]["securitySchemes"]["ApiKey"]["name"] == "X-API-Key"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    # Uvicorn shuts down cleanly, then re-raises the signal it caught.
    assert proc.returncode in (0, -signal.SIGTERM), err
    assert "Application shutdown complete" in err
    assert "new database with the shipped data" in err


def test_serve_reports_a_busy_port_as_an_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "hrdscore", "serve", "--port", str(port),
             "--db", str(tmp_path / "db.json")],
            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1, result.stderr
    assert "cannot listen on 127.0.0.1" in result.stderr
    assert "Traceback" not in result.stderr
