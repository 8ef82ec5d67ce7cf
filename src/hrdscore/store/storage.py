"""TinyDB storages we own, because the stock JSONStorage rewrites its file in place (a crash
truncates it), escapes Cyrillic, and knows nothing of other processes.

`AtomicJSONStorage` writes a temporary file beside the database, fsyncs it, renames it over the
database and fsyncs the directory: a reader or a crash sees the old file or the new one, never
half of one. Locking is the Store's job (it spans read-modify-write), not the storage's.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from hrdscore.errors import StoreError
from hrdscore.perf import gc_paused

TMP_PREFIX = ".hrdscore-tmp-"


def read_json_file(path: Path) -> dict[str, Any] | None:
    """The database document, or None when the file does not exist or is empty."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if not raw.strip():
        return None
    try:
        with gc_paused():  # 0.5 s instead of 2.7 s for a 50 MB database
            doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise StoreError(f"{path}: not a valid hrdscore database ({exc})") from exc
    if not isinstance(doc, dict):
        raise StoreError(f"{path}: not a valid hrdscore database (top level is not an object)")
    return doc


def encode(doc: dict[str, Any]) -> bytes:
    # Sorted keys make the same data give the same bytes; UTF-8 keeps Kazakh letters readable.
    # Compact, not indented: at 100,000 acts indentation costs a third of the file and of the
    # time to read it.
    return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS) + b"\n"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all; an existing file keeps its permissions (a new one
    is private to its owner: a database holds confidential records). Errors name `path`,
    never the temporary file beside it."""
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        mode = _mode_of(path)
        fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX, dir=directory)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp_name).replace(path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp_name).unlink()
        if isinstance(exc, OSError):
            raise StoreError(f"{path}: cannot write ({exc.strerror or exc})") from exc
        raise
    _fsync_dir(directory)


def _mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def _fsync_dir(directory: Path) -> None:
    # The rename is durable only once the directory entry is on disk.
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def remove_stale_temp_files(directory: Path) -> None:
    """Temporary files left by a writer that was killed. Call only while holding the lock:
    then no live writer can own one."""
    for leftover in directory.glob(TMP_PREFIX + "*"):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


class AtomicJSONStorage(Storage):
    """A TinyDB storage over one file with atomic, durable, UTF-8 writes."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, Any] | None:
        return read_json_file(self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write_bytes(self.path, encode(data))


class BufferStorage(Storage):
    """The document of an open transaction: TinyDB reads and writes it in memory, and the
    transaction writes it to disk once, at commit."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data
        self.dirty = True
