"""The data that ships with hrdscore: the 2021 report, its actors and sample evidence."""

from __future__ import annotations

from datetime import date

from hrdscore.dataset import Dataset, load_dataset
from hrdscore.errors import InvalidData
from hrdscore.paths import data_root, recommendations_dir


def load_shipped(today: date | None = None) -> Dataset:
    """The shipped data set (the report, its recommendations, actors and sample evidence),
    validated; raises InvalidData if a hand edit broke it. `today` bounds dates."""
    dataset, problems = load_dataset([recommendations_dir()], today=today or date.today(),
                                     root=data_root())
    if problems:
        raise InvalidData(problems)
    return dataset
