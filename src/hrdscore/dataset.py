"""A set of data files loaded together and cross-checked.

`load_dataset` reads every file, validates each record against the models, then checks the
references between records (`hrdscore.checks`: unknown ids, replies before their inquiry,
dates in the future...). It reports all problems at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from hrdscore.checks import Dataset, cross_check
from hrdscore.datafiles import find_data_files, read_data_file
from hrdscore.errors import Problem

__all__ = ["Dataset", "display_path", "load_dataset"]


def load_dataset(
    paths: Iterable[Path], *, today: date, root: Path | None = None
) -> tuple[Dataset, list[Problem]]:
    """Load and cross-check data files; `today` bounds dates (no record from the future)."""
    dataset = Dataset()
    problems: list[Problem] = []
    for path in find_data_files(list(paths)):
        display = display_path(path, root)
        content = read_data_file(path, display)
        problems.extend(content.problems)
        if content.kind is None:
            continue
        for record, label in zip(content.records, content.labels, strict=True):
            dataset.add(content.kind, record, display, label)
    problems.extend(cross_check(dataset, today=today))
    return dataset, problems


def display_path(path: Path, root: Path | None) -> str:
    """A path as messages show it: relative to `root` when it lies below it."""
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)


