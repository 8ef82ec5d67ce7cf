"""Writing the database file from the one before it: the tables a commit did not touch are
copied from the current file by the kernel (`os.copy_file_range`), only the others are
serialised again.

A commit of one inquiry at 100,000 acts used to serialise the whole 50 MB document (0.3 s of
orjson holding the GIL, more in chunks); now it serialises the inquiries table and the small
ones, and copies the incidents, actors and replies as bytes. The file is still written whole to
a temporary file and renamed in (`atomic_write`), so a crash leaves the old file or the new one.

A table is copied only when it is the very object (`is`) whose bytes the layout records, in the
file the layout was written for (same inode, modification time and size, under the Store's
lock). The Store never changes a kept table in place (a transaction replaces tables and
records), which is what makes identity mean "the same content".
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hrdscore.store.storage import (
    DOCUMENT_END,
    Stamp,
    atomic_write,
    encode_table,
    stamp_of,
    table_head,
    write_all,
)

__all__ = ["Layout", "write_document"]

_COPY_BLOCK = 1 << 24  # bytes per copy call when the kernel cannot copy between the files


@dataclass(frozen=True)
class Layout:
    """Where each table's JSON lies in the file at `stamp`: name -> (the table object it was
    written from, offset, length)."""

    stamp: Stamp
    tables: Mapping[str, tuple[Any, int, int]]


def write_document(path: Path, doc: Mapping[str, Any], before: Layout | None) -> Layout:
    """Write `doc` to `path` atomically, with the bytes `encode(doc)` gives, copying from the
    current file the tables `before` lays out; returns the new file's layout."""
    placed: dict[str, tuple[Any, int, int]] = {}

    def fill(fd: int) -> None:
        source = _source(path, before)
        try:
            position = 0

            def put(data: bytes) -> None:
                nonlocal position
                write_all(fd, data)
                position += len(data)

            put(b"{")
            for n, name in enumerate(sorted(doc)):
                table = doc[name]
                put(table_head(name, n == 0))
                start = position
                old = before.tables.get(name) if before is not None else None
                if source is not None and old is not None and old[0] is table:
                    _copy(source, fd, old[1], old[2])
                    position += old[2]
                else:
                    put(encode_table(table))
                placed[name] = (table, start, position - start)
            put(DOCUMENT_END)
        finally:
            if source is not None:
                os.close(source)

    atomic_write(path, fill)
    return Layout(stamp_of(path.stat()), placed)


def _source(path: Path, before: Layout | None) -> int | None:
    """The current file, open, when it is the one `before` lays out."""
    if before is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    if stamp_of(os.fstat(fd)) != before.stamp:
        os.close(fd)
        return None
    return fd


def _copy(source: int, target: int, offset: int, length: int) -> None:
    """`length` bytes of `source` from `offset`, appended to `target` (at its position)."""
    done = 0
    while done < length:
        try:
            moved = os.copy_file_range(source, target, length - done, offset + done)
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
                raise
            _read_copy(source, target, offset + done, length - done)
            return
        if moved == 0:
            raise OSError(errno.EIO, "the database file is shorter than its layout says")
        done += moved


def _read_copy(source: int, target: int, offset: int, length: int) -> None:
    while length > 0:
        block = os.pread(source, min(length, _COPY_BLOCK), offset)
        if not block:
            raise OSError(errno.EIO, "the database file is shorter than its layout says")
        write_all(target, block)
        offset += len(block)
        length -= len(block)
