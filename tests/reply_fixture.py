"""A workspace over the shipped data, copied fresh per test, for the right-of-reply tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hrdscore.catalog import Catalog
from hrdscore.dataset import Dataset
from hrdscore.methodology import Methodology
from hrdscore.service import Workspace, load_checked_methodology
from hrdscore.store import Store, seed


@dataclass(frozen=True)
class Shipped:
    catalog: Catalog
    methodology: Methodology
    template: bytes

    def workspace(self, folder: Path) -> Workspace:
        path = folder / "db.json"
        path.write_bytes(self.template)
        return Workspace(catalog=self.catalog, methodology=self.methodology, store=Store(path))


def shipped_template(folder: Path, shipped: Dataset) -> Shipped:
    store = Store(folder / "template.json")
    seed(store, shipped, who="test")
    catalog = Catalog.from_dataset(shipped)
    return Shipped(catalog, load_checked_methodology(catalog), store.path.read_bytes())
