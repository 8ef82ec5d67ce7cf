"""Publication furniture: the imprint (publisher, contact, website, licence, links to the
methodology and the data, dates) and the annual report's contents with page numbers.

The publisher's details come from the organisation settings the NGO edits
(scorecards/organisation.yaml, `hrdscore.organisation`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, PageBreak, Table, TableStyle

from hrdscore.methodology import Methodology
from hrdscore.organisation import Organisation
from hrdscore.render.pdf.fonts import REGULAR
from hrdscore.render.pdf.styles import CONTENT_WIDTH, RULE, Styles, gap, para, plain, text
from hrdscore.render.pdf.words import EN, Words


def imprint(org: Organisation, m: Methodology, *, generated_on: date, snapshot: str,
            period_end: date, w: Words = EN) -> list[Flowable]:
    """Who publishes this, how to reach them, under which licence, and where the methodology
    and the data are."""
    if org.example:
        # The shipped settings hold no real publisher: printing their example name and
        # addresses would send readers to nobody.
        lines = [w.t("<b>Trial edition.</b> The publisher's name, contact and web addresses "
                     "are not set yet, so this file names no publisher and is not a "
                     "publication.")]
    else:
        lines = [w.t("Published by <b>{name}</b>.", name=text(org.name))]
        reach = [text(v) for v in (org.contact, org.website) if v]
        if reach:
            lines.append(w.t("Contact: ") + " · ".join(reach) + ".")
    lines.append(w.t("Licence: {title} ({name}), {url}. You may share and adapt this work "
                     "with credit.", title=text(org.licence.title), name=text(org.licence.name),
                     url=text(org.licence.url)))
    if org.methodology_url and not org.example:
        lines.append(w.t("Methodology: {url}.", url=text(org.methodology_url)))
    if org.data_url and not org.example:
        lines.append(w.t("Data (CSV, spreadsheet, JSON, with a data package description): "
                         "{url}.", url=text(org.data_url)))
    note = w.t("Generated {day} with methodology {version} (released {released}) from "
               "evidence snapshot {snapshot}.", day=w.date(generated_on),
               version=text(m.version), released=w.date(m.released_on),
               snapshot=text(snapshot))
    if m.released_on > period_end:
        note += w.t(" The methodology was released after the period it scores: it is applied "
                    "to the evidence recorded about the period, so that every period is scored "
                    "the same way.")
    if m.released_on > generated_on:
        note += w.t(" The generation date was set for this edition (the same inputs give the "
                    "same file), and is earlier than the methodology's release.")
    lines.append(note)
    head: list[Flowable] = [para(w.t("Imprint"), Styles.h3)]
    if org.logo and not org.example:
        head.append(_logo(org.logo))
    return [*head, *[para(line, Styles.note) for line in lines]]


def _logo(path: str) -> Flowable:
    """The publisher's logo, scaled to fit 45 x 18 mm, keeping its proportions."""
    reader = ImageReader(path)
    width, height = reader.getSize()
    scale = min(45 * mm / width, 18 * mm / height)
    return Image(path, width=width * scale, height=height * scale, hAlign="LEFT")


def contents(entries: Sequence[tuple[str, int]] | None, w: Words = EN) -> list[Flowable]:
    """The contents page. `entries` (title, page) come from a first layout pass; None (the
    first pass) keeps the page, so page numbers do not move in the second."""
    out: list[Flowable] = [para(w.t("Contents"), Styles.h1)]
    if entries:
        rows = [[plain(title, Styles.body), plain(str(page), Styles.cell_right)]
                for title, page in entries]
        table = Table(rows, colWidths=[CONTENT_WIDTH - 60, 60], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]))
        out.append(table)
    return [*out, gap(6)]


def end_of_front_matter() -> list[Flowable]:
    return [PageBreak()]
