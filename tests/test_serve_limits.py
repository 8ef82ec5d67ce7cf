"""The server `hrdscore serve` runs: its uvicorn options, and (on a real socket, with a tiny
app and a short deadline) that slow clients are dropped, huge heads refused and
X-Forwarded-For ignored unless a proxy is named."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner
from litestar import Litestar, Request, get

from hrdscore.api.limits import HeaderLimit
from hrdscore.api.server import GuardedH11Protocol, server_config
from hrdscore.cli import cli
from hrdscore.store import Store


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_the_options_of_the_server(tmp_path: Path) -> None:
    config = server_config(Litestar([]), host="127.0.0.1", port=8000, access_log=False)
    assert config.http is GuardedH11Protocol
    assert config.h11_max_incomplete_event_size == 32 * 1024
    assert config.timeout_keep_alive == 5
    assert config.limit_concurrency == 500
    assert config.proxy_headers is False
    assert config.server_header is False
    assert GuardedH11Protocol.request_timeout == 20.0


def test_proxy_headers_are_believed_only_from_the_named_proxies() -> None:
    config = server_config(Litestar([]), host="127.0.0.1", port=8000, access_log=False,
                           forwarded_allow_ips="10.0.0.7")
    assert config.proxy_headers is True
    assert config.forwarded_allow_ips == "10.0.0.7"


def test_the_serve_command_builds_that_config(shipped_store: Store, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[uvicorn.Config] = []

    class FakeServer:
        def __init__(self, config: uvicorn.Config) -> None:
            seen.append(config)
            self.started = True

        def run(self) -> None:
            pass

    monkeypatch.setattr(uvicorn, "Server", FakeServer)
    db = tmp_path / "db.json"
    db.write_bytes(shipped_store.path.read_bytes())
    port = str(_free_port())
    args = ["serve", "--port", port, "--db", str(db), "--no-access-log"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert CliRunner().invoke(cli, [*args, "--forwarded-allow-ips", "10.0.0.7"]).exit_code == 0
    assert [c.proxy_headers for c in seen] == [False, True]
    assert seen[1].forwarded_allow_ips == "10.0.0.7"
    assert all(c.http is GuardedH11Protocol and c.limit_concurrency == 500 for c in seen)


@get("/who", sync_to_thread=False)
def who(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "?"


@contextmanager
def running(forwarded_allow_ips: str | None = None) -> Iterator[int]:
    port = _free_port()
    app = Litestar([who], middleware=[HeaderLimit()])
    config = server_config(app, host="127.0.0.1", port=port, access_log=False,
                           forwarded_allow_ips=forwarded_allow_ips)
    config.log_level = "warning"
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def _exchange(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def test_a_slow_client_is_disconnected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(GuardedH11Protocol, "request_timeout", 0.5)
    with running() as port, socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET /who HTTP/1.1\r\nHost: x\r\n")  # the head never ends
        started = time.monotonic()
        assert sock.recv(1024) == b""  # closed by the server
        assert 0.3 < time.monotonic() - started < 3


def test_a_prompt_client_on_a_kept_alive_connection_is_not(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(GuardedH11Protocol, "request_timeout", 0.5)
    with running() as port, socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        for _ in range(3):  # 3 x 0.3 s: longer than the deadline in all, never per request
            time.sleep(0.3)
            sock.sendall(b"GET /who HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = b""
            while not answer.endswith(b"127.0.0.1"):
                chunk = sock.recv(1024)
                assert chunk, "closed by the server"
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 200")


def test_a_slow_second_request_on_a_kept_alive_connection_is_disconnected(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(GuardedH11Protocol, "request_timeout", 0.5)
    with running() as port, socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET /who HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = b""
        while not answer.endswith(b"127.0.0.1"):
            answer += sock.recv(1024)
        sock.sendall(b"GET /who HTTP/1.1\r\n")  # then nothing: the keep-alive timer is off
        started = time.monotonic()
        assert sock.recv(1024) == b""
        assert time.monotonic() - started < 3  # the 5 s keep-alive timeout did not do it


def test_a_huge_head_is_refused() -> None:
    head = b"GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: "
    with running() as port:
        # Arriving whole, it reaches the app, which refuses it; arriving in pieces, the server
        # refuses it once the incomplete head passes 32 KiB.
        assert _exchange(port, head + b"a" * 100_000 + b"\r\n\r\n").startswith(
            b"HTTP/1.1 431")
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(head + b"a" * 20_000)
            time.sleep(0.2)
            sock.sendall(b"a" * 20_000)
            assert sock.recv(1024).startswith(b"HTTP/1.1 400")
        fine = head + b"a" * 16_000 + b"\r\n\r\n"
        assert _exchange(port, fine).startswith(b"HTTP/1.1 200")


@pytest.mark.parametrize(("allowed", "seen"), [(None, b"127.0.0.1"),
                                               ("127.0.0.1", b"203.0.113.9")])
def test_x_forwarded_for_counts_only_from_a_named_proxy(allowed: str | None,
                                                        seen: bytes) -> None:
    with running(allowed) as port:
        answer = _exchange(port, b"GET /who HTTP/1.1\r\nHost: x\r\n"
                                 b"X-Forwarded-For: 203.0.113.9\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200")
    assert answer.endswith(b"\r\n\r\n" + seen)
