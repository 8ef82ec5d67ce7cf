"""The methodology, in brief (front of the annual report) and in full (its annex): pillars
and weights per kind of actor, points, the rules' parameters, and every recommendation with
the criteria it is broken into and how each is assessed."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, PageBreak

from hrdscore.catalog import Catalog
from hrdscore.labels import label, plain_words
from hrdscore.methodology import Methodology, applicable_criteria
from hrdscore.model import Criterion, JudgementAssessment, RuleAssessment
from hrdscore.model.vocab import ActorKind, AddresseeGroup
from hrdscore.render.pdf.document import outline
from hrdscore.render.pdf.styles import (
    CONTENT_WIDTH,
    LEVEL_LABELS,
    MISSING_LABELS,
    Styles,
    chunked_tables,
    gap,
    headed_tables,
    humanise,
    para,
    plain,
    text,
)
from hrdscore.scoring.periods import fmt_date

GROUP_LABELS = {
    AddresseeGroup.GOVERNMENT: "Government, Parliament and Supreme Court",
    AddresseeGroup.COMPANIES: "Companies",
    AddresseeGroup.CIVIL_SOCIETY: "Civil society",
    AddresseeGroup.INTERNATIONAL: "International organisations",
}


def _kind(kind: ActorKind) -> str:
    return label("kind", kind)


def methodology_summary(m: Methodology, report_title: str | None = None) -> list[Flowable]:
    """The pillars and the rules in brief; `report_title` names the report in words (the
    methodology file holds only its id)."""
    report = f"“{text(report_title)}”" if report_title else f"report {text(m.report)}"
    out: list[Flowable] = [
        gap(4),
        outline(para("The methodology in brief", Styles.h1), "The methodology in brief"),
        para(f"Methodology {text(m.version)}, released {fmt_date(m.released_on)}, for the "
             f"recommendations of {report}. The pillars of each kind of actor "
             "and their weights, and the rules in brief; the annex gives every criterion, how "
             "it is assessed and the full parameters.", Styles.body),
        para("Pillars and their weights", Styles.h2),
    ]
    header = [para(h, Styles.head) for h in ("Kind of actor", "Pillar", "Weight",
                                             "What it covers")]
    rows: list[list[Any]] = []
    for kind, plan in m.kinds.items():
        for i, pillar in enumerate(plan.pillars):
            rows.append([
                plain(_kind(kind) if i == 0 else "", Styles.cell_bold),
                plain(pillar.label, Styles.cell), plain(f"{pillar.weight:g}", Styles.cell_right),
                plain(pillar.description or "", Styles.cell),
            ])
    out += chunked_tables(header, rows, [92, 118, 40, CONTENT_WIDTH - 250], chunk=60)
    r = m.rules
    deduct = ", ".join(_kind(k) for k, plan in m.kinds.items() if plan.conduct_deduction)
    out += [
        para("Rules in brief", Styles.h2),
        para(f"<b>Replies</b> are due within {r.deadline_days} calendar days of receipt; when "
             f"only the letter date is known, a reply up to {r.grace_days_when_receipt_unknown}"
             " days past the deadline counted from the letter is “possibly on time” "
             "(partial).", Styles.body),
        para(f"<b>Conduct towards defenders</b> ({text(deduct or 'no kind')}): each act in "
             f"the period takes {r.deduction_per_severity:g} points per unit of severity × role "
             f"weight (an involvement only the victim alleges counts "
             f"{r.alleged_factor:g}), up to {r.deduction_cap:g} points; acts of severity "
             f"{r.red_flag_severity:g} or more raise a red flag. A share of at least "
             f"{r.recourse_met_share:.0%} of acts remedied meets the recourse criterion.",
             Styles.body),
    ]
    incomplete = "incomplete: recorded acts count, their absence proves nothing"
    spans = "; ".join(
        f"{fmt_date(s.start)} to {fmt_date(s.end)} "
        f"({'complete' if s.complete else incomplete})" for s in m.incident_monitoring)
    out.append(para(f"<b>Incident monitoring</b>: conduct criteria are assessed only inside "
                    f"the monitored periods: {text(spans)}.", Styles.body))
    return out


def _param(value: object) -> str:
    if isinstance(value, list | tuple | set):
        return ", ".join(humanise(str(v)) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{humanise(str(k))} {_param(v)}" for k, v in value.items())
    return humanise(str(value))


def _assessed_by(c: Criterion) -> str:
    method = c.assessed_by
    if isinstance(method, RuleAssessment):
        params = "; ".join(f"{humanise(k)}: {_param(v)}" for k, v in sorted(method.params.items()))
        return (f"<b>{text(label('rule', method.rule).capitalize())}</b>"
                + (f" ({text(plain_words(params))})" if params else ""))
    if isinstance(method, JudgementAssessment):
        return (f"Analyst's judgement, {text(humanise(method.scale.value))} scale: "
                f"{text(plain_words(method.guidance))}")
    return "—"  # pragma: no cover (the union is exhaustive)


def methodology_annex(m: Methodology, catalog: Catalog) -> list[Flowable]:
    out: list[Flowable] = [
        PageBreak(),
        outline(para("Annex: the methodology in full", Styles.h1),
                "Annex: the methodology in full"),
        para("Points of each level", Styles.h2),
    ]
    header = [para(h, Styles.head) for h in ("Level or state", "Points")]
    rows: list[list[Any]] = [[plain(LEVEL_LABELS[level], Styles.cell),
                              plain(f"{points:g}", Styles.cell_right)]
                             for level, points in m.points.items()]
    rows += [[plain(MISSING_LABELS[state], Styles.cell),
              plain("excluded" if points is None else f"{points:g}", Styles.cell_right)]
             for state, points in m.missing_points.items()]
    out += chunked_tables(header, rows, [160, 60])
    out.append(para("Severity of acts against defenders", Styles.h2))
    sev = sorted(m.rules.severity.items(), key=lambda kv: (-kv[1], kv[0].value))
    rows = [[plain(label("act_type", t), Styles.cell), plain(f"{w:g}", Styles.cell_right)]
            for t, w in sev]
    rows.append([plain("any other type", Styles.cell),
                 plain(f"{m.rules.default_severity:g}", Styles.cell_right)])
    rows += [[plain(f"role: {label('role', role)}", Styles.cell),
              plain(f"× {w:g}", Styles.cell_right)] for role, w in m.rules.role_weights.items()]
    out += chunked_tables([para("Act type or role", Styles.head), para("Weight", Styles.head)],
                          rows, [160, 60])

    kinds_of: dict[str, list[str]] = {}
    for kind in m.kinds:
        for _rec, criterion in applicable_criteria(m, catalog.recommendations, kind):
            kinds_of.setdefault(criterion.id, []).append(_kind(kind))
    header = [para(h, Styles.head) for h in ("Criterion", "Pillar, kind, weight",
                                             "How it is assessed")]
    group: AddresseeGroup | None = None
    for rec in catalog.recommendations:
        heads: list[Flowable] = []
        if rec.addressee is not group:
            group = rec.addressee
            heading = GROUP_LABELS.get(group, humanise(group.value))
            heads.append(outline(para(f"Recommendations: {text(heading)}", Styles.h2),
                                 f"Recommendations: {heading}", 1))
        crit_rows = []
        for c in rec.criteria:
            short = f"{c.id.rsplit('.c', 1)[-1]}."
            applies = ", ".join(kinds_of.get(c.id, [])) or "no kind of actor (not scored)"
            crit_rows.append([
                para(f"<b>{text(short)}</b> {text(c.statement)}", Styles.cell),
                para(f"{text(label('pillar', c.pillar))}<br/>{text(c.kind.value)} · weight "
                     f"{c.weight:g}<br/><font size='6.5' color='#52606d'>scored for: "
                     f"{text(applies)}</font>", Styles.cell),
                para(_assessed_by(c), Styles.cell),
            ])
        title = para(f"{text(rec.addressee_as_printed)}, recommendation {rec.number}",
                     Styles.h3)
        out += [*headed_tables([*heads, title, plain(f"“{rec.text}”", Styles.quote)], header,
                               crit_rows, [200, 96, CONTENT_WIDTH - 296]), gap(2)]
    return out
