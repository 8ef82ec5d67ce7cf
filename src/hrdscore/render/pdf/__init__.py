"""PDF publications (ReportLab platypus): one actor's scorecard and the annual report.

Pure renderers: model objects in, PDF bytes out. The generation date is passed in, never read
from the clock, and documents are built with `invariant=1`, so the same inputs give the same
bytes. Every text is set in the bundled DejaVu Sans (Latin, Cyrillic and Kazakh letters).
"""

from hrdscore.render.pdf.report import annual_report_pdf
from hrdscore.render.pdf.scorecard import scorecard_pdf

__all__ = ["annual_report_pdf", "scorecard_pdf"]
