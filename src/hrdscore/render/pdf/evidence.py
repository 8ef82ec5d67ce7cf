"""A scorecard's evidence list and the documents cited.

Privacy: public output. An act or incident is described only by its editor-written
`public_summary` (month, region, type of act, the actor's alleged role); internal titles and
descriptions never reach here. Sources that are not public are not named."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.platypus import Flowable, Paragraph

from hrdscore.labels import plain_words
from hrdscore.model import (
    Assessment,
    Citation,
    Incident,
    Inquiry,
    Reply,
    Source,
)
from hrdscore.model.vocab import Confidentiality
from hrdscore.privacy import CONFIDENTIAL
from hrdscore.publicity import public_summary
from hrdscore.render.pdf.criteria import Refs
from hrdscore.render.pdf.document import outline
from hrdscore.render.pdf.styles import (
    CONTENT_WIDTH,
    Styles,
    chunked_tables,
    humanise,
    para,
    plain,
    text,
)
from hrdscore.render.pdf.words import EN, Words
from hrdscore.scoring.periods import fmt_public_act_date
from hrdscore.snapshot.evidence import ActorEvidence
from hrdscore.snapshot.views import ActView
from hrdscore.text import sentence

# Past this many records the PDF lists the first ones and says where the rest are (the
# scorecard's JSON and CSV list every id).
LISTED_EVIDENCE = 150

# ------------------------------------------------------------------------------ evidence

def _find(ev: ActorEvidence) -> dict[str, object]:
    found: dict[str, object] = {}
    for inq in ev.inquiries:
        found[inq.id] = inq
    for reply in ev.replies:
        found[reply.id] = reply
    for act in ev.acts:
        found[act.id] = act
    for assessment in ev.assessments:
        found[assessment.id] = assessment
    for incident_id in ev.incident_ids:
        found.setdefault(incident_id, incident_id)  # resolved lazily below
    return found


class _Documents:
    """Sources cited, numbered S1, S2 ... in order of first citation."""

    def __init__(self, sources: Mapping[str, Source], w: Words) -> None:
        self.sources = sources
        self.w = w
        self.order: dict[str, int] = {}

    def cite(self, citations: Sequence[Citation], *, quotes: bool = True) -> str:
        """Each source once, its locators merged ('[S1] paragraphs 1 and 2'), with at most
        one quote per source."""
        by_source: dict[str, list[Citation]] = {}
        for c in citations:
            by_source.setdefault(c.source, []).append(c)
        parts = []
        for source_id, cited in by_source.items():
            n = self.order.setdefault(source_id, len(self.order) + 1)
            locators = list(dict.fromkeys(c.locator for c in cited))
            part = f"[S{n}] {text('; '.join(locators))}"
            quote = next((c.quote for c in cited if c.quote), None)
            if quotes and quote and self._public(source_id):
                quote = quote if len(quote) <= 240 else quote[:239] + "…"
                part += f": <i>“{text(quote)}”</i>"
            parts.append(part)
        return "; ".join(parts)

    def _public(self, source_id: str) -> bool:
        source = self.sources.get(source_id)
        return source is not None and source.public

    def rows(self) -> list[list[Paragraph]]:
        rows = []
        for source_id, n in self.order.items():
            source = self.sources.get(source_id)
            if source is None:
                desc = self.w.t("{id} (not in this snapshot)", id=text(source_id))
            elif not source.public:
                desc = self.w.t("A non-public document, kept by the monitor (not named here).")
            else:
                desc = f"<b>{text(source.title)}</b>"
                if source.published_on:
                    desc += f", {self.w.date(source.published_on)}"
                if source.url:
                    desc += f"<br/>{text(source.url)}"
                if source.sha256:
                    desc += ('<br/><font size="6.5" color="#52606d">'
                             + self.w.t("SHA-256 of the kept copy {hash}", hash=source.sha256)
                             + "</font>")
            rows.append([plain(f"S{n}", Styles.cell_bold), para(desc, Styles.cell)])
        return rows



def _describe(item: object, item_id: str, ev: ActorEvidence, docs: _Documents,
              incidents: Mapping[str, Incident]) -> str:
    w = docs.w
    if isinstance(item, Inquiry):
        ref = (w.t("No. {ref}", ref=item.reference) if item.reference
               else w.t("without a number"))
        when = (w.date(item.sent_on) if item.sent_on
                else (str(item.year or w.t("date unknown"))))
        desc = w.t("Information request {ref} of {when}", ref=text(ref), when=text(when))
        if item.subject:
            desc += f": {text(item.subject)}"
        return f"{sentence(desc)} {docs.cite(item.citations)}"
    if isinstance(item, Reply):
        desc = (f"{humanise(item.mode.value).capitalize()} reply of {w.date(item.received_on)}"
                if w.lang == "en" else w.t("Reply of {day}", day=w.date(item.received_on)))
        if item.reference:
            desc += w.t(", ref. {ref}", ref=text(item.reference))
        if item.signatory_role:
            desc += (f", signed by the {text(item.signatory_role)}" if w.lang == "en"
                     else w.t(", signed by: {who}", who=text(item.signatory_role)))
        desc = sentence(desc + f": {w.label('reply', item.substance)}")
        if item.excerpt:
            excerpt = item.excerpt.strip().strip("“”\"'‘’").strip()
            excerpt = excerpt if len(excerpt) <= 300 else excerpt[:299] + "…"
            desc += w.t(" Excerpt: <i>“{excerpt}”</i>", excerpt=text(excerpt))
        return f"{desc} {docs.cite(item.citations)}"
    if isinstance(item, ActView):
        return _describe_act(item, ev, docs, incidents)
    if isinstance(item, Assessment):
        desc = sentence(w.t("Analyst's assessment as of {day} ({review}): {why}",
                            day=w.date(item.as_of), review=item.review.value,
                            why=text(plain_words(item.rationale))) + w.english_note())
        return desc + (f" {docs.cite(item.citations)}" if item.citations else "")
    if item is None and item_id == CONFIDENTIAL:
        return w.t("Records withheld from publication (a confidential incident, or a "
                   "document that is not public).")
    if isinstance(item, str):  # an incident id
        incident = incidents.get(item)
        if incident is None:
            return w.t("{id} (not in this snapshot)", id=text(item_id)) + "."
        if incident.confidentiality is Confidentiality.CONFIDENTIAL:
            return w.t("An incident recorded confidentially (details withheld).")
        return (f"{sentence(w.t('Incident: ') + text(public_summary(incident)))} "
                f"{docs.cite(incident.citations, quotes=False)}")
    return w.t("{id} (not in this snapshot)", id=text(item_id)) + "."


def _describe_act(act: ActView, ev: ActorEvidence, docs: _Documents,
                  incidents: Mapping[str, Incident]) -> str:
    w = docs.w
    members = {ev.actor.id}
    roles = sorted({f"{i.role.value if w.lang == 'en' else w.label('role', i.role)}"
                    f"{w.t(', alleged') if i.alleged else ''}"
                    for i in act.involvements if i.actor in members}) or [
                        w.t("a body below it")]
    desc = (w.t("Act against a defender: ") + f"{w.label('act_type', act.type)}, "
            f"{fmt_public_act_date(act) if w.lang == 'en' else w.act_month(act)}; "
            + w.t("role of {name}: {roles}", name=text(ev.actor.name), roles="; ".join(roles))
            + f"; {w.label('verification', act.verification)}")
    if act.confidential:
        return desc + w.t(" (recorded in a confidential incident: details withheld).")
    if act.region:  # the region only: a city or village with a date can single someone out
        desc += f"; {text(act.region)}"
    incident = incidents.get(act.incident)
    if incident is not None:
        # An editor's summary of the act itself, when written, replaces the generated line.
        model = next((a for a in incident.acts if a.id == act.id), None)
        if model is not None and model.public_summary:
            desc = w.t("Act against a defender: ") + text(model.public_summary)
        desc = sentence(desc) + " " + sentence(w.t("Incident: ")
                                               + text(public_summary(incident)))
        return f"{desc} {docs.cite(incident.citations, quotes=False)}"
    return sentence(desc)


def evidence_section(refs: Refs, ev: ActorEvidence,
                     sources: Mapping[str, Source], w: Words = EN) -> list[Flowable]:
    if not refs.order:
        return []
    found = _find(ev)
    docs = _Documents(sources, w)
    incidents = ev.incident_models  # built only for the incidents described below
    listed = list(refs.order.items())[:LISTED_EVIDENCE]
    rows = [[plain(f"E{n}", Styles.cell_bold),
             para(_describe(found.get(item_id), item_id, ev, docs, incidents), Styles.cell)]
            for item_id, n in listed]
    header = [para(h, Styles.head) for h in ("", w.t("What it is, and where it is cited"))]
    out: list[Flowable] = [
        outline(para(w.t("Evidence"), Styles.h2), w.t("Evidence"), 1),
        para(w.t("Every record an explanation above rests on, with the passages it is taken "
                 "from. Victims of acts are never identified."), Styles.note),
        *chunked_tables(header, rows, [34, CONTENT_WIDTH - 34]),
    ]
    if len(refs.order) > len(listed):
        out.append(para(w.t("Records E1-E{shown} of {all} are listed; the scorecard's JSON "
                            "and CSV give the id of every record cited.", shown=len(listed),
                            all=len(refs.order)), Styles.small))
    doc_rows = docs.rows()
    if doc_rows:
        out += [para(w.t("Documents cited"), Styles.h3),
                *chunked_tables([para("", Styles.head), para(w.t("Document"), Styles.head)],
                                doc_rows, [34, CONTENT_WIDTH - 34])]
    return out
