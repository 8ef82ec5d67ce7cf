"""Performance helpers for bulk paths."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Bulk imports and snapshots allocate hundreds of thousands of objects without reference
    cycles; the collector's repeated full passes over them cost more than half the time (13 s
    against 5 s for 100,000 acts). Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
