"""The publishing organisation's settings (scorecards/organisation.yaml): name, contact,
website, licence. They are printed on every publication's imprint page, set as the PDFs'
Author and written into datapackage.json. The NGO edits the YAML file, not the code."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from hrdscore.datafiles import load_settings
from hrdscore.errors import InvalidData, Problem
from hrdscore.paths import scorecards_dir

ORGANISATION_FILE = "organisation.yaml"
ENV = "HRDSCORE_ORGANISATION"
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")


class Licence(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="SPDX id, e.g. CC-BY-4.0.")
    title: str = Field(min_length=1)
    url: str = Field(min_length=1)


class ReplyContact(BaseModel):
    """Where actors answer their draft scorecards (printed in reply-round letters)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    email: str = Field(min_length=1)
    postal_address: str = Field(min_length=1)
    reply_url: str = Field(min_length=1, description="The API's address, e.g. "
                                                     "https://scorecards.example.org")


class Organisation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    contact: str | None = None
    website: str | None = None
    methodology_url: str | None = None
    data_url: str | None = None
    logo: str | None = Field(default=None, description=(
        "A PNG or JPEG file, relative to the settings file; absolute once loaded."))
    licence: Licence
    example: bool = Field(default=False, description=(
        "True in the settings shipped with hrdscore: the publisher has not set its own name, "
        "contact and links yet, so publications say they are a trial edition."))
    reply: ReplyContact | None = None


def organisation_path() -> Path:
    env = os.environ.get(ENV, "").strip()
    return Path(env) if env else scorecards_dir() / ORGANISATION_FILE


def load_organisation(path: Path | None = None) -> Organisation:
    """The settings from `path` (default: $HRDSCORE_ORGANISATION, else the shipped file)."""
    path = path or organisation_path()
    org = load_settings(path, Organisation)
    if org.logo is None:
        return org
    logo = (path.parent / org.logo).resolve()
    if logo.suffix.lower() not in LOGO_SUFFIXES:
        raise InvalidData([Problem(str(path), "must be a PNG or JPEG file", field="logo")])
    if not logo.is_file():
        raise InvalidData([Problem(str(path), f"no such file: {logo}", field="logo")])
    return org.model_copy(update={"logo": str(logo)})


@lru_cache(maxsize=4)
def _cached(path: str, mtime_ns: int) -> Organisation:
    return load_organisation(Path(path))


def current_organisation() -> Organisation:
    """The settings in force, re-read when the file changes."""
    path = organisation_path()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return _cached(str(path), mtime)
