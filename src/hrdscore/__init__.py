"""hrdscore: assessable criteria from human-rights reports, evidence, and scorecards."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
