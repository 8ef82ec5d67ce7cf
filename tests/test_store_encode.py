"""The database file's bytes are orjson's sorted, compact JSON, whether a table is serialised
in one call or in chunks (chunks let a server's other threads run during a large write)."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from hrdscore.store import storage
from hrdscore.store.storage import encode


def document() -> dict[str, Any]:
    return {
        "incidents": {f"inc-{n:03d}": {"title": "Қамауға алу", "z": n, "a": {"y": 1, "x": [n]}}
                      for n in (5, 1, 3, 2, 4)},
        "actors": {"Ақжол": {"name": "Ақжол ЖШС"}, "akzhol": {"name": "Akzhol"},
                   "Бета": {"name": "Бета"}},
        "_meta": {"schema": 7},
        "empty": {},
        "list": [3, 1, 2],
    }


@pytest.mark.parametrize("chunk", [1, 2, 3, 512])
def test_chunked_bytes_are_orjsons_sorted_json(chunk: int,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage, "ENCODE_CHUNK", chunk)
    doc = document()
    encoded = encode(doc)
    assert encoded == orjson.dumps(doc, option=orjson.OPT_SORT_KEYS) + b"\n"
    assert orjson.loads(encoded) == doc
    # Written by hand: ids in code-point order (Latin before Cyrillic), keys sorted inside.
    assert encoded.startswith(b'{"_meta":{"schema":7},"actors":{"akzhol":')
    assert b'"inc-001":{"a":{"x":[1],"y":1},"title":' in encoded
    assert encoded.index(b'"inc-004"') < encoded.index(b'"inc-005"') < encoded.index(b'"list"')
    assert "Ақжол ЖШС".encode() in encoded
