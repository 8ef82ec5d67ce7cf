"""A commit copies the tables it did not touch from the file before as bytes, and the file is
still exactly the sorted JSON of the whole document, whatever the sequence of commits (by this
Store, by another one, with records edited in place through `Transaction.document`)."""

from __future__ import annotations

import errno
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrdscore.store import Store, spliced
from hrdscore.store.spliced import Layout, write_document

from .conftest import make_actor, make_inquiry

STEPS = st.lists(st.one_of(
    st.tuples(st.just("actor"), st.integers(0, 5)),
    st.tuples(st.just("inquiry"), st.integers(0, 5)),
    st.tuples(st.just("delete-inquiry"), st.integers(0, 5)),
    st.tuples(st.just("in-place"), st.integers(0, 5)),
    st.tuples(st.just("other-store"), st.integers(0, 5)),
    st.tuples(st.just("nothing"), st.integers(0, 5)),
), min_size=1, max_size=8)


def exact(path: Path) -> bool:
    raw = path.read_bytes()
    return raw == orjson.dumps(orjson.loads(raw), option=orjson.OPT_SORT_KEYS) + b"\n"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_the_file_is_the_whole_document_after_any_commits(tmp_path: Path,
                                                          steps: list[tuple[str, int]]) -> None:
    path = tmp_path / f"db-{len(list(tmp_path.iterdir()))}.json"
    store = Store(path)
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("kpo", "Карачаганак Петролеум"))
    for step, n in steps:
        if step == "other-store":
            with Store(path).transaction("other") as tx:
                tx.actors.put(make_actor(f"other-{n}", "Басқа / Другой"))
            continue
        with store.transaction("t") as tx:
            if step == "actor":
                tx.actors.put(make_actor(f"a-{n}", f"Актор {n}"))
            elif step == "inquiry":
                tx.inquiries.put(make_inquiry(f"q-{n}", "kpo"))
            elif step == "delete-inquiry":
                tx.inquiries.delete(f"q-{n}")
            elif step == "in-place":  # an editor that changes a record where it lies
                actor = tx.document["actors"]["kpo"]
                actor["name"] = f"Карачаганак {n}"
        assert exact(path)
        kept = store._loaded
        assert kept is not None
        assert orjson.loads(path.read_bytes()) == kept.doc
    assert Store(path).document() == orjson.loads(path.read_bytes())


def test_a_commit_copies_the_tables_it_did_not_touch(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "db.json")
    with store.transaction("t") as tx:
        tx.actors.put(make_actor("kpo", "Карачаганак Петролеум"))
    with store.transaction("t") as tx:  # the first commit of a loaded file: all written
        tx.inquiries.put(make_inquiry("q-1", "kpo"))
    copied: list[bytes] = []
    real = spliced._copy

    def spy(source: int, target: int, offset: int, length: int) -> None:
        copied.append(Path(f"/proc/self/fd/{source}").read_bytes()[offset:offset + length])
        real(source, target, offset, length)

    monkeypatch.setattr(spliced, "_copy", spy)
    with store.transaction("t") as tx:
        tx.inquiries.put(make_inquiry("q-2", "kpo"))
    doc = orjson.loads(store.path.read_bytes())
    # The actors table came from the file before, byte for byte; inquiries were written.
    assert orjson.dumps(doc["actors"], option=orjson.OPT_SORT_KEYS) in copied
    assert all(b'"q-2"' not in piece for piece in copied)
    assert sorted(doc["inquiries"]) == ["q-1", "q-2"] and exact(store.path)


def test_a_layout_of_another_file_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    table = {"x": {"name": "Ақжол"}}
    first = write_document(path, {"actors": table}, None)
    # The same table object, but the file was replaced since: nothing may be copied from it.
    path.write_bytes(b'{"actors":{"zzzzz":{"name":"garbage"}}}\n')
    stale = Layout(first.stamp, first.tables)
    second = write_document(path, {"actors": table, "inquiries": {}}, stale)
    assert orjson.loads(path.read_bytes()) == {"actors": table, "inquiries": {}}
    assert second.tables["actors"][1:] == (len(b'{"actors":'), len(orjson.dumps(table)))


def test_where_the_kernel_cannot_copy_the_bytes_are_read_and_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Some file systems refuse `copy_file_range` (another device, an old kernel): the copy
    then reads and writes the same bytes, and the file is as exact."""
    def refused(*_: object, **__: object) -> int:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    path = tmp_path / "db.json"
    table = {f"inc-{n}": {"title": "Қамауға алу", "n": n} for n in range(50)}
    first = write_document(path, {"incidents": table, "inquiries": {}}, None)
    monkeypatch.setattr(spliced, "_COPY_BLOCK", 64)  # several reads for one table
    monkeypatch.setattr(spliced.os, "copy_file_range", refused)
    write_document(path, {"incidents": table, "inquiries": {"q": {"a": 1}}}, first)
    assert orjson.loads(path.read_bytes()) == {"incidents": table, "inquiries": {"q": {"a": 1}}}
    assert exact(path)
