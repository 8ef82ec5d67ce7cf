"""Liveness: answers without touching the database (also the benchmark's trivial endpoint)."""

from __future__ import annotations

from litestar import get
from pydantic import BaseModel

from hrdscore import __version__
from hrdscore.api.problems import problem_specs


class Health(BaseModel):
    status: str
    version: str


_HEALTH = Health(status="ok", version=__version__)


@get("/api/health", summary="Is the service up?", tags=["service"], security=[{}],
     responses=problem_specs(), opt={"no_key_check": True})
async def health() -> Health:
    return _HEALTH
