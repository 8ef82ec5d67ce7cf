"""Which period to publish when none is given, and refusing a period with nothing in it: a
77-page report about zero requests helps no one."""

from __future__ import annotations

from hrdscore.errors import HrdscoreError
from hrdscore.model import Period
from hrdscore.snapshot import Snapshot


def _years(snap: Snapshot) -> set[int]:
    years = {i.sent_on.year if i.sent_on else i.sent_year for i in snap.inquiries.values()}
    years |= {a.as_of.year for a in snap.assessments.values()}
    return {y for y in years if y is not None}


def latest_period(snap: Snapshot) -> Period:
    """The latest year with information requests or assessments."""
    years = _years(snap)
    if not years:
        raise HrdscoreError("the database holds no information request and no assessment: "
                            "there is no period to publish; import evidence first")
    year = max(years)
    return Period(start_year=year, end_year=year)


def require_content(snap: Snapshot, period: Period) -> None:
    """Refuse a period without any information request, assessment or act in it."""
    if any(period.start_year <= y <= period.end_year for y in _years(snap)):
        return
    if any(period.start <= a.date <= period.end for a in snap.acts):
        return
    years = sorted(_years(snap))
    hint = (f"; years with requests or assessments: {', '.join(map(str, years))}" if years
            else "")
    raise HrdscoreError(f"nothing to publish for {period.label}: no information request, "
                        f"assessment or recorded act falls in it{hint}")
