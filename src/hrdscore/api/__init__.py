"""The HTTP API (Litestar): public scorecards, authenticated evidence, privacy by default."""

from hrdscore.api.app import create_app
from hrdscore.api.settings import ApiSettings

__all__ = ["ApiSettings", "create_app"]
