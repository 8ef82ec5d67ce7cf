"""The data that ships with hrdscore: the 2021 report, its actors and sample evidence."""

from __future__ import annotations

from datetime import date

from hrdscore.dataset import Dataset, load_dataset
from hrdscore.errors import InvalidData
from hrdscore.paths import data_root, recommendations_dir


def load_shipped(today: date) -> Dataset:
    """The shipped data set, validated; raises InvalidData if a hand edit broke it."""
    dataset, problems = load_dataset([recommendations_dir()], today=today, root=data_root())
    if problems:
        raise InvalidData(problems)
    return dataset
