"""Where the shipped data lives, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_root() -> Path:
    """The directory holding `recommendations/` and `scorecards/`.

    An installed wheel carries them in `hrdscore/_data`; a source checkout (editable install,
    tests) reads them from the top of the repository, where researchers edit them.
    """
    installed = _PACKAGE_DIR / "_data"
    if (installed / "recommendations").is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent.parent
    if (checkout / "recommendations").is_dir():
        return checkout
    raise FileNotFoundError(
        "hrdscore's data files are missing: reinstall the package (pip install hrdscore)"
    )


def recommendations_dir() -> Path:
    return data_root() / "recommendations"


def scorecards_dir() -> Path:
    return data_root() / "scorecards"
