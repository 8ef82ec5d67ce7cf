"""Building blocks of the API tests: a fresh app on a copy of a seeded database, keys, and
the confidential records the privacy tests look for."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from hrdscore.api import ApiSettings, create_app
from hrdscore.catalog import Catalog
from hrdscore.dataset import Dataset
from hrdscore.methodology import Methodology
from hrdscore.model import Assessment, Citation, Incident, Measure, ProgressReport, Source
from hrdscore.service import Workspace, load_checked_methodology
from hrdscore.store import Role, Store, create_key, seed

# A confidential incident in 2019 (inside incident monitoring) involving KPO, so the 2019
# scorecard of KPO counts it; nothing of it but the counts may reach a public reader.
SECRET_IDENTITY = "Айгүл Серікқызы"
SECRET_VICTIM = "v-secret-0077"
SECRET_INCIDENT = "inc-secret-2019"
SECRET_ACT = "a-secret-2019-1"
DRAFT_ASSESSMENT = "asm-draft-secret"
DRAFT_RATIONALE = "Draft finding not yet reviewed"
PRIVATE_SOURCE = "src-private-notes"
# A progress report kept from the public, and its text.
SECRET_PROGRESS_REPORT = "pr-secret-2022"
SECRET_PROGRESS_TEXT = "Министр обещал закрыть дело"
SECRETS = (SECRET_IDENTITY, SECRET_VICTIM, SECRET_INCIDENT, SECRET_ACT, DRAFT_ASSESSMENT,
           DRAFT_RATIONALE, PRIVATE_SOURCE, SECRET_PROGRESS_REPORT, SECRET_PROGRESS_TEXT)

CITE = Citation(source="src-kk2021-report", locator="test fixture")


def secret_incident() -> Incident:
    return Incident.model_validate({
        "id": SECRET_INCIDENT,
        "title": "Detention of a trade unionist (confidential)",
        "confidentiality": "confidential",
        "victims": [{"id": SECRET_VICTIM, "kind": "person", "gender": "female",
                     "hrd_category": "trade unionist", "identity": SECRET_IDENTITY}],
        "acts": [{"id": SECRET_ACT, "victim": SECRET_VICTIM, "type": "detention",
                  "date": "2019-03-14", "fields": ["oil_industry"],
                  "primary_field": "oil_industry",
                  "involvements": [{"actor": "kpo", "role": "initiator"}],
                  "description": f"{SECRET_IDENTITY} was detained."}],
        "citations": [CITE.model_dump()],
    })


def draft_assessment() -> Assessment:
    return Assessment.model_validate({
        "id": DRAFT_ASSESSMENT, "criterion": "kk2021-com-01.c1", "actor": "kpo",
        "as_of": "2021-06-01", "level": "met", "rationale": DRAFT_RATIONALE,
        "assessor": "analyst-1", "review": "draft"})


def secret_progress_report() -> ProgressReport:
    return ProgressReport(id=SECRET_PROGRESS_REPORT, recommendation="kk2021-gov-06",
                          date=date(2022, 10, 1), text=SECRET_PROGRESS_TEXT,
                          author="Monitor", public=False, citations=[CITE])


def private_source() -> Source:
    return Source(id=PRIVATE_SOURCE, title="Monitor's interview notes", public=False)


@dataclass
class Base:
    """Loaded once per test module: the catalog, the methodology and a seeded database."""

    catalog: Catalog
    methodology: Methodology
    template: bytes


def make_base(directory: Path, shipped: Dataset, *, with_secrets: bool = True) -> Base:
    store = Store(directory / "template.json")
    seed(store, shipped, who="test")
    if with_secrets:
        with store.transaction("test") as tx:
            tx.sources.put(private_source())
            tx.incidents.put(secret_incident())
            tx.assessments.put(draft_assessment())
            tx.progress_reports.put(secret_progress_report())
            # A public measure whose only source is the private one.
            tx.measures.put(Measure(id="m-cites-private", recommendation="kk2021-gov-06",
                                    description="A measure known from private notes",
                                    actor="kz-government", citations=[
                                        Citation(source=PRIVATE_SOURCE, locator="p. 3")]))
    catalog = Catalog.from_dataset(shipped)
    return Base(catalog, load_checked_methodology(catalog), store.path.read_bytes())


@dataclass
class Api:
    client: TestClient[Any]
    store: Store
    keys: dict[str, str]  # role -> token

    def as_role(self, role: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[role]}


@contextmanager
def running_api(base: Base, directory: Path, **settings: Any) -> Iterator[Api]:
    db = directory / "db.json"
    db.write_bytes(base.template)
    store = Store(db)
    tokens = {role.value: create_key(store, f"{role.value}-key", role, who="test")[1]
              for role in Role if role is not Role.RESPONDENT}
    workspace = Workspace(catalog=base.catalog, methodology=base.methodology, store=store)
    # Most API tests read what they just wrote: the first reader after a change waits for
    # it, unless a test asks for the server's default (tests/test_serve_rebuild.py).
    settings.setdefault("rebuild_in_background", False)
    app = create_app(ApiSettings(db=db, **settings), workspace=workspace)
    with TestClient(app) as client:
        yield Api(client, store, tokens)


def today() -> date:
    return date.today()
