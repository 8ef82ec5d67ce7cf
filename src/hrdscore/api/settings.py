"""Settings of the HTTP API, given to `create_app` explicitly (the CLI reads them from its
options and the environment; nothing inside the API reads the environment)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ConfigDict, Field
from pydantic.dataclasses import dataclass


@dataclass(frozen=True, config=ConfigDict(extra="forbid"))
class ApiSettings:
    db: Path = Field(description="The evidence database file.")
    rate_limit: int = Field(
        default=600, ge=0,
        description="Requests a client (by IP address) may make per window; 0 turns it off.")
    rate_window_seconds: int = Field(default=60, ge=1)
    max_body_bytes: int = Field(default=1_000_000, ge=1_024,
                                description="Largest request body accepted (413 above).")
    periods_kept: int = Field(
        default=3, ge=1,
        description="Periods whose every scorecard is kept in memory, the least recently "
                    "asked for going first (each ~30 MiB at 100,000 acts).")
    rebuild_in_background: bool = Field(
        default=True,
        description="After a change, readers get the previous version of the evidence while "
                    "the new one is read and scored in the background (seconds at 100,000 "
                    "acts); False: the first reader after a change waits for it.")
    warm_up: bool = Field(default=False,
                          description="At startup, read the evidence and score the latest "
                                      "year in the background, before the first request.")
