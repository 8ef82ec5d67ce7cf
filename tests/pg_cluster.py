"""A throwaway PostgreSQL server for the test session: the machine's own binaries, a cluster
in a temporary folder, reachable only through a Unix socket (no TCP port is opened), stopped
at the end. Each test gets its own database (about 50 ms to create).

Where the binaries are missing the PostgreSQL tests skip, saying why, unless
HRDSCORE_REQUIRE_PG=1 (CI with PostgreSQL installed), where they fail instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

REQUIRE_ENV = "HRDSCORE_REQUIRE_PG"


def find_bindir() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian's layout), or PG_BINDIR."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                   else 0)
    return found[-1].parent if found else None


def _as_postgres(*argv: str) -> list[str]:
    # initdb refuses to run as root: run the server as the `postgres` user when we are root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return list(argv)


@dataclass
class Cluster:
    bindir: Path
    root: Path  # holds data/ and the socket
    port: int

    @property
    def socket_dir(self) -> Path:
        return self.root

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres@/{dbname}?host={self.socket_dir}&port={self.port}"

    def create_database(self, dbname: str) -> str:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        return self.url(dbname)

    def run_as_postgres(self, *argv: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(_as_postgres(*argv), capture_output=True, check=True,
                              timeout=60)

    def stop(self) -> None:
        subprocess.run(_as_postgres(str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"),
                                    "-m", "immediate", "-w", "stop"),
                       capture_output=True, check=False, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster(*, durable: bool = False) -> Cluster:
    """initdb + pg_ctl start; raises RuntimeError naming what failed. Tests run without
    fsync (a throwaway cluster); benchmarks ask for a `durable` one, to compare with a file
    store that fsyncs every write."""
    bindir = find_bindir()
    if bindir is None:
        raise FileNotFoundError("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin)")
    root = Path(tempfile.mkdtemp(prefix="hrdscore-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    root.chmod(0o755)
    port = 20000 + os.getpid() % 20000  # only names the socket file: no TCP listener
    data = root / "data"
    try:
        subprocess.run(_as_postgres(str(bindir / "initdb"), "-D", str(data), "-A", "trust",
                                    "-U", "postgres", "-E", "UTF8", "--no-sync"),
                       capture_output=True, check=True, timeout=120)
        options = f"-k {root} -c listen_addresses='' -p {port} -c max_connections=200"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(_as_postgres(str(bindir / "pg_ctl"), "-D", str(data), "-o", options,
                                    "-l", str(root / "server.log"), "-w", "start"),
                       capture_output=True, check=True, timeout=120)
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"could not start PostgreSQL: {exc.stderr.decode(errors='replace')}"
                           ) from exc
    return Cluster(bindir=bindir, root=root, port=port)
