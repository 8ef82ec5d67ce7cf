"""TinyDB storages we own, because the stock JSONStorage rewrites its file in place (a crash
truncates it), escapes Cyrillic, and knows nothing of other processes.

`AtomicJSONStorage` writes a temporary file beside the database, fsyncs it, renames it over the
database and fsyncs the directory: a reader or a crash sees the old file or the new one, never
half of one. Locking is the Store's job (it spans read-modify-write), not the storage's.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import re
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

import orjson
from tinydb.storages import Storage

from hrdscore.errors import StoreError
from hrdscore.perf import gc_paused

TMP_PREFIX = ".hrdscore-tmp-"
ENCODE_CHUNK = 512  # records serialised per call (a few ms: the longest the GIL is held)


# The file's identity: every write renames a new file over the old one, so a write changes
# the inode (and usually the modification time and size). Caches key on it.
Stamp = tuple[int, int, int]
# (counter, writer) of the commit that wrote a file; see `write_stamp_in`.
WriteStamp = tuple[int, str]
WRITE_ENTRY = "write"  # its entry in the `_meta` table
_META_AT = b'"_meta":{'
_WRITE_STAMP = re.compile(rb'"write":\{"counter":(\d+),"writer":"([0-9a-f]{1,64})"\}')
_META_SPAN = 1 << 20  # the `_meta` table holds a few small entries


def stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def write_stamp_in(handle: IO[bytes]) -> WriteStamp | None:
    """The write stamp inside an open database file, found without parsing the file.

    An inode can be reused and a modification time may not move between two quick writes
    of the same size, so the file's identity alone could mistake a new file for the one a
    cache holds; the stamp every commit writes into `_meta` cannot. Keys are sorted, so
    `_meta` follows only `_audit` and `_keys`; inside a JSON string a quote is escaped, so
    the pattern cannot match there."""
    size = os.fstat(handle.fileno()).st_size
    if size == 0:
        return None
    with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        at = mapped.find(_META_AT)
        if at < 0:
            return None
        found = _WRITE_STAMP.search(mapped, at, at + _META_SPAN)
        return None if found is None else (int(found[1]), found[2].decode("ascii"))


def write_stamp_of(doc: dict[str, Any]) -> WriteStamp | None:
    """The write stamp of a parsed document (as `write_stamp_in` finds it in its file)."""
    entry = (doc.get("_meta") or {}).get(WRITE_ENTRY)
    if not isinstance(entry, dict):
        return None
    counter, writer = entry.get("counter"), entry.get("writer")
    if not isinstance(counter, int) or not isinstance(writer, str):
        return None
    return (counter, writer)


def read_json_file(path: Path) -> dict[str, Any] | None:
    """The database document, or None when the file does not exist or is empty."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    return parse_document(raw, path)


def parse_document(raw: bytes, path: Path) -> dict[str, Any] | None:
    """The document in the bytes of the file at `path` (None when empty); errors name it."""
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


def encode(doc: Mapping[str, Any]) -> bytes:
    """The file's bytes: `orjson.dumps(doc, option=OPT_SORT_KEYS)` and a newline, made a few
    hundred records at a time (see `encode_table`).

    Sorted keys make the same data give the same bytes; UTF-8 keeps Kazakh letters readable.
    Compact, not indented: at 100,000 acts indentation costs a third of the file and of the
    time to read it."""
    parts = [b"{"]
    for n, name in enumerate(sorted(doc)):
        parts.append(table_head(name, n == 0))
        parts.append(encode_table(doc[name]))
    parts.append(DOCUMENT_END)
    return b"".join(parts)


DOCUMENT_END = b"}\n"


def table_head(name: str, first: bool) -> bytes:
    """What comes before a table's JSON in the file: a comma after the one before, its name."""
    return (b"" if first else b",") + orjson.dumps(name) + b":"


def encode_table(table: Any) -> bytes:
    """One table's JSON with sorted keys, `ENCODE_CHUNK` records per orjson call: orjson holds
    the GIL for a whole call (0.3 s for a 50 MB document), so a server writing in one call
    would answer nobody meanwhile; between chunks, other threads (the event loop) run."""
    if not isinstance(table, Mapping) or len(table) <= ENCODE_CHUNK:
        return orjson.dumps(table, option=orjson.OPT_SORT_KEYS)
    ids = sorted(table)
    chunks = (orjson.dumps({key: table[key] for key in ids[start:start + ENCODE_CHUNK]},
                           option=orjson.OPT_SORT_KEYS)[1:-1]
              for start in range(0, len(ids), ENCODE_CHUNK))
    return b"{" + b",".join(chunks) + b"}"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (see `atomic_write`)."""
    atomic_write(path, lambda fd: write_all(fd, data))


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def atomic_write(path: Path, fill: Callable[[int], None]) -> None:
    """Write `path` whole or not at all: `fill` writes the content to a temporary file
    descriptor beside it, which is fsynced and renamed over `path`. An existing file keeps
    its permissions (a new one is private to its owner: a database holds confidential
    records). Errors name `path`, never the temporary file."""
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        mode = _mode_of(path)
        fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX, dir=directory)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            fill(fd)
            os.fsync(fd)
        finally:
            os.close(fd)
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
