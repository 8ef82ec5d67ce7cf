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
from hrdscore.model import Inquiry
from hrdscore.service import Workspace
from hrdscore.store import Store
from tests.api_helpers import Api, Base, make_base, running_api
from tests.test_canary import canary_letters, canary_records, canary_reply_round

_HIDDEN = re.compile(r"<(script|style|title)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def visible_text(page: str) -> str:
    """What a reader sees: tags, attributes, scripts and styles removed, entities decoded."""
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", page)))).strip()


def canary_base(directory: Path, shipped: Dataset) -> Base:
    made = make_base(directory, shipped, with_secrets=False)
    path = directory / "canary-seed.json"
    path.write_bytes(made.template)
    store = Store(path)
    source, secret, public, assessment = canary_records()
    with store.transaction("test") as tx:
        tx.sources.put(source)
        tx.incidents.put(secret)
        tx.incidents.put(public)
        tx.assessments.put(assessment)
        for letter in canary_letters():
            getattr(tx, "inquiries" if isinstance(letter, Inquiry) else "replies").put(letter)
    canary_reply_round(Workspace(made.catalog, made.methodology, store))
    return Base(made.catalog, made.methodology, path.read_bytes())


@contextmanager
def canary_api(directory: Path, shipped: Dataset) -> Iterator[Api]:
    with running_api(canary_base(directory, shipped), directory, rate_limit=0) as api:
        yield api
