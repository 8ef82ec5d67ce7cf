"""Renderers: scorecards and tables as CSV (and, later, PDF)."""
