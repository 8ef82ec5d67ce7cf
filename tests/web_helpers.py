"""Shared by the web page tests: the visible text of a page, and a client over the canary
database (tests/test_canary.py's confidential records seeded into the shipped evidence, and
its closed 2019 reply round)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hrdscore.dataset import Dataset
from tests.api_helpers import Api, running_api
from tests.test_canary import canary_base

_HIDDEN = re.compile(r"<(script|style|title)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def visible_text(page: str) -> str:
    """What a reader sees: tags, attributes, scripts and styles removed, entities decoded."""
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", page)))).strip()


@contextmanager
def canary_api(directory: Path, shipped: Dataset) -> Iterator[Api]:
    with running_api(canary_base(directory, shipped), directory, rate_limit=0) as api:
        yield api
