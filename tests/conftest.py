"""Fixtures: a fresh database on tmp_path, the shipped data, a CLI runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from hrdscore.dataset import Dataset
from hrdscore.model import Actor, Citation, Inquiry
from hrdscore.model.vocab import ActorKind
from hrdscore.shipped import load_shipped
from hrdscore.store import Store

REPO = Path(__file__).resolve().parent.parent
REPORT_SEED = "000_9097646b0a5cc443.txt"
TODAY = date(2026, 11, 21)
CITE = Citation(source="src-test", locator="test fixture")


@pytest.fixture(scope="session", autouse=True)
def identity_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An identity key for the whole run, as an installation that keeps identities has one;
    tests of the key itself set or clear HRDSCORE_KEY_FILE for themselves."""
    from hrdscore.identity.keys import KEY_ENV, create_key_file

    path = tmp_path_factory.mktemp("identity-key") / "identity.key"
    create_key_file(path)
    before = os.environ.get(KEY_ENV)
    os.environ[KEY_ENV] = str(path)
    yield path
    if before is None:
        os.environ.pop(KEY_ENV, None)
    else:
        os.environ[KEY_ENV] = before


@pytest.fixture(scope="session")
def shipped() -> Dataset:
    return load_shipped(date.today())


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The folder of the original report and interview, outside the repository: only where
    HRDSCORE_SEEDS points at it (`.ci/run` sets it when the seed folder is there); skipped
    elsewhere."""
    where = os.environ.get("HRDSCORE_SEEDS")
    if not where:
        pytest.skip("HRDSCORE_SEEDS is not set: the checks against the original report's text "
                    "need the seed files: set HRDSCORE_SEEDS to their folder")
    folder = Path(where)
    if not (folder / REPORT_SEED).is_file():
        pytest.skip(f"HRDSCORE_SEEDS={where} holds no {REPORT_SEED}")
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "evidence.json"


@pytest.fixture
def store(db_path: Path) -> Store:
    return Store(db_path)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def make_actor(actor_id: str, name: str | None = None, **kw: object) -> Actor:
    return Actor(id=actor_id, name=name or actor_id.title(),
                 kind=kw.pop("kind", ActorKind.COMPANY), **kw)  # type: ignore[arg-type]


def make_inquiry(inquiry_id: str, actor: str, sent_on: date | None = date(2021, 2, 1),
                 reference: str | None = "1") -> Inquiry:
    return Inquiry(id=inquiry_id, actor=actor, sent_on=sent_on, reference=reference,
                   citations=[CITE],
                   missing_reason=None if sent_on and reference else "not given")


@pytest.fixture(scope="session")
def shipped_store(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Store:
    from hrdscore.store import seed

    store = Store(tmp_path_factory.mktemp("shipped") / "db.json")
    seed(store, shipped, who="test")
    return store


@pytest.fixture(scope="session")
def workspace(shipped_store: Store, shipped: Dataset):  # type: ignore[no-untyped-def]
    from hrdscore.catalog import Catalog
    from hrdscore.service import Workspace, load_checked_methodology

    catalog = Catalog.from_dataset(shipped)
    return Workspace(catalog=catalog, methodology=load_checked_methodology(catalog),
                     store=shipped_store)


# PostgreSQL: one throwaway server per test session, started only when a test asks for it.

@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[object]:
    from tests.pg_cluster import REQUIRE_ENV, start_cluster

    try:
        cluster = start_cluster()
    except (OSError, RuntimeError) as exc:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but PostgreSQL could not start: {exc}")
        pytest.skip(f"PostgreSQL tests need a local PostgreSQL server: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: object, request: pytest.FixtureRequest) -> str:
    """A new, empty database of its own for this test."""
    import re
    import uuid

    name = re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:40]
    return pg_cluster.create_database(f"t_{name}_{uuid.uuid4().hex[:8]}")  # type: ignore[attr-defined]
