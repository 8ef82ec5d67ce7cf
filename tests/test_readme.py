"""The README's "Use as a library" examples run as written, in an empty folder."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from .conftest import REPO


def _library_section() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Use as a library\n(.*?)^## ", text, re.S | re.M)
    assert match, "README.md has no 'Use as a library' section"
    return match.group(1)


def test_library_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    section = _library_section()
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) >= 4  # load, import, score, publish
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    test = parser.get_doctest("\n".join(blocks), {}, "README.md", "README.md", 0)
    assert len(test.examples) >= 15
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    output: list[str] = []
    result = runner.run(test, out=output.append)
    assert result.failed == 0, "".join(output)
