"""The methodology, in brief (front of the annual report) and in full (its annex): pillars
and weights per kind of actor, points, the rules' parameters, and every recommendation with
the criteria it is broken into and how each is assessed."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, PageBreak

from hrdscore.catalog import Catalog
from hrdscore.labels import plain_words
from hrdscore.methodology import Methodology, applicable_criteria
from hrdscore.model import Criterion, JudgementAssessment, RuleAssessment
from hrdscore.model.vocab import ActorKind, AddresseeGroup, CriterionKind, Scale
from hrdscore.render.pdf.document import outline
from hrdscore.render.pdf.styles import (
    CONTENT_WIDTH,
    Styles,
    chunked_tables,
    gap,
    headed_tables,
    humanise,
    para,
    plain,
    text,
)
from hrdscore.render.pdf.vocab import act_type_words
from hrdscore.render.pdf.words import EN, Words


def _kind(kind: ActorKind, w: Words = EN) -> str:
    return w.label("kind", kind)


def _group(group: AddresseeGroup, w: Words) -> str:
    # The English headings predate the shared labels and keep their words.
    if w.lang == "en":
        return _GROUP_EN.get(group, humanise(group.value))
    return w.label("group", group)


_GROUP_EN = {
    AddresseeGroup.GOVERNMENT: "Government, Parliament and Supreme Court",
    AddresseeGroup.COMPANIES: "Companies",
    AddresseeGroup.CIVIL_SOCIETY: "Civil society",
    AddresseeGroup.INTERNATIONAL: "International organisations",
}
GROUP_LABELS = _GROUP_EN


def methodology_summary(m: Methodology, report_title: str | None = None,
                        w: Words = EN) -> list[Flowable]:
    """The pillars and the rules in brief; `report_title` names the report in words (the
    methodology file holds only its id)."""
    report = (f"“{text(report_title)}”" if report_title
              else w.t("report {id}", id=text(m.report)))
    out: list[Flowable] = [
        gap(4),
        outline(para(w.t("The methodology in brief"), Styles.h1),
                w.t("The methodology in brief")),
        para(w.t("Methodology {version}, released {day}, for the recommendations of {report}. "
                 "The pillars of each kind of actor and their weights, and the rules in brief; "
                 "the annex gives every criterion, how it is assessed and the full parameters.",
                 version=text(m.version), day=w.date(m.released_on), report=report),
             Styles.body),
        para(w.t("Pillars and their weights"), Styles.h2),
    ]
    if w.lang != "en":
        out.append(para(w.t("What each pillar covers is quoted in English, as the methodology "
                            "file gives it."), Styles.note))
    header = [para(h, Styles.head) for h in (w.t("Kind of actor"), w.t("Pillar"),
                                             w.t("Weight"), w.t("What it covers"))]
    rows: list[list[Any]] = []
    for kind, plan in m.kinds.items():
        for i, pillar in enumerate(plan.pillars):
            rows.append([
                plain(_kind(kind, w) if i == 0 else "", Styles.cell_bold),
                plain(pillar.label if w.lang == "en" else w.label("pillar", pillar.id),
                      Styles.cell),
                plain(w.number(f"{pillar.weight:g}"), Styles.cell_right),
                plain(pillar.description or "", Styles.cell),
            ])
    out += chunked_tables(header, rows, [92, 118, 40, CONTENT_WIDTH - 250], chunk=60,
                          flex=None if w.lang == "en" else 3)
    r = m.rules
    deduct = ", ".join(_kind(k, w) for k, plan in m.kinds.items() if plan.conduct_deduction)
    out += [
        para(w.t("Rules in brief"), Styles.h2),
        para(w.t("<b>Replies</b> are due within {days} calendar days of receipt; when only "
                 "the letter date is known, a reply up to {grace} days past the deadline "
                 "counted from the letter is “possibly on time” (partial).",
                 days=r.deadline_days, grace=r.grace_days_when_receipt_unknown), Styles.body),
        para(w.t("<b>Conduct towards defenders</b> ({kinds}): each act in the period takes "
                 "{per} points per unit of severity × role weight (an involvement only the "
                 "victim alleges counts {alleged}), up to {cap} points; acts of severity "
                 "{severity} or more raise a red flag. A share of at least {share} of acts "
                 "remedied meets the recourse criterion.",
                 kinds=text(deduct or w.t("no kind")),
                 per=w.number(f"{r.deduction_per_severity:g}"),
                 alleged=w.number(f"{r.alleged_factor:g}"),
                 cap=w.number(f"{r.deduction_cap:g}"),
                 severity=w.number(f"{r.red_flag_severity:g}"),
                 share=w.threshold(r.recourse_met_share)), Styles.body),
    ]
    spans = "; ".join(
        w.t("{start} to {end} (complete)", start=w.date(s.start), end=w.date(s.end))
        if s.complete else
        w.t("{start} to {end} (incomplete: recorded acts count, their absence proves "
            "nothing)", start=w.date(s.start), end=w.date(s.end))
        for s in m.incident_monitoring)
    out.append(para(w.t("<b>Incident monitoring</b>: conduct criteria are assessed only "
                        "inside the monitored periods: {spans}.", spans=text(spans)),
                    Styles.body))
    return out


def _param(value: object) -> str:
    if isinstance(value, list | tuple | set):
        return ", ".join(humanise(str(v)) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{humanise(str(k))} {_param(v)}" for k, v in value.items())
    return humanise(str(value))


def _scale(scale: Scale, w: Words) -> str:
    if w.lang == "en":
        return humanise(scale.value)
    words = {Scale.COMPLIANCE: w.t("compliance scale"),
             Scale.IMPLEMENTATION: w.t("implementation scale")}
    return words.get(scale, humanise(scale.value))


def _criterion_kind(kind: CriterionKind, w: Words) -> str:
    words = {CriterionKind.STRUCTURAL: w.t("structural"), CriterionKind.PROCESS: w.t("process"),
             CriterionKind.OUTCOME: w.t("outcome")}
    return kind.value if w.lang == "en" else words.get(kind, kind.value)


def _assessed_by(c: Criterion, w: Words = EN) -> str:
    method = c.assessed_by
    if isinstance(method, RuleAssessment):
        params = "; ".join(f"{humanise(k)}: {_param(v)}" for k, v in sorted(method.params.items()))
        return (f"<b>{text(w.label('rule', method.rule).capitalize())}</b>"
                + (f" ({text(plain_words(params))})" if params else ""))
    if isinstance(method, JudgementAssessment):
        if w.lang == "en":
            return (f"Analyst's judgement, {text(humanise(method.scale.value))} scale: "
                    f"{text(plain_words(method.guidance))}")
        return w.t("Analyst's judgement, {scale}: {guidance}", scale=text(_scale(method.scale, w)),
                   guidance=text(plain_words(method.guidance)))
    return "—"  # pragma: no cover (the union is exhaustive)


def methodology_annex(m: Methodology, catalog: Catalog, w: Words = EN) -> list[Flowable]:
    out: list[Flowable] = [
        PageBreak(),
        outline(para(w.t("Annex: the methodology in full"), Styles.h1),
                w.t("Annex: the methodology in full")),
        para(w.t("Points of each level"), Styles.h2),
    ]
    header = [para(h, Styles.head) for h in (w.t("Level or state"), w.t("Points"))]
    rows: list[list[Any]] = [[plain(w.label("level", level), Styles.cell),
                              plain(w.number(f"{points:g}"), Styles.cell_right)]
                             for level, points in m.points.items()]
    rows += [[plain(w.label("missing", state), Styles.cell),
              plain(w.t("excluded") if points is None else w.number(f"{points:g}"),
                    Styles.cell_right)]
             for state, points in m.missing_points.items()]
    out += chunked_tables(header, rows, [160, 60], flex=None if w.lang == "en" else 0)
    out.append(para(w.t("Severity of acts against defenders"), Styles.h2))
    sev = sorted(m.rules.severity.items(), key=lambda kv: (-kv[1], kv[0].value))
    rows = [[plain(act_type_words(t, w), Styles.cell),
             plain(w.number(f"{weight:g}"), Styles.cell_right)] for t, weight in sev]
    rows.append([plain(w.t("any other type"), Styles.cell),
                 plain(w.number(f"{m.rules.default_severity:g}"), Styles.cell_right)])
    rows += [[plain(w.t("role: {role}", role=w.label("role", role)), Styles.cell),
              plain(f"× {w.number(f'{weight:g}')}", Styles.cell_right)]
             for role, weight in m.rules.role_weights.items()]
    out += chunked_tables([para(w.t("Act type or role"), Styles.head),
                           para(w.t("Weight"), Styles.head)], rows, [160, 60],
                          flex=None if w.lang == "en" else 0)

    kinds_of: dict[str, list[str]] = {}
    for kind in m.kinds:
        for _rec, criterion in applicable_criteria(m, catalog.recommendations, kind):
            kinds_of.setdefault(criterion.id, []).append(_kind(kind, w))
    header = [para(h, Styles.head) for h in (w.t("Criterion"), w.t("Pillar, kind, weight"),
                                             w.t("How it is assessed"))]
    group: AddresseeGroup | None = None
    noted = w.lang == "en"
    for rec in catalog.recommendations:
        heads: list[Flowable] = []
        if rec.addressee is not group:
            group = rec.addressee
            heading = w.t("Recommendations: {group}", group=_group(group, w))
            heads.append(outline(para(text(heading), Styles.h2), heading, 1))
            if not noted:  # once, under the first group's heading
                noted = True
                heads.append(para(w.t("The recommendations, their criteria and the guidance "
                                      "for assessing them are quoted in English, the language "
                                      "in which they are written."), Styles.note))
        crit_rows = []
        for c in rec.criteria:
            short = f"{c.id.rsplit('.c', 1)[-1]}."
            applies = (", ".join(kinds_of.get(c.id, []))
                       or w.t("no kind of actor (not scored)"))
            crit_rows.append([
                para(f"<b>{text(short)}</b> {text(c.statement)}", Styles.cell),
                para(w.t("{pillar}<br/>{kind} · weight {weight}<br/><font size='6.5' "
                         "color='#52606d'>scored for: {applies}</font>",
                         pillar=text(w.label("pillar", c.pillar)),
                         kind=text(_criterion_kind(c.kind, w)),
                         weight=w.number(f"{c.weight:g}"), applies=text(applies)),
                     Styles.cell),
                para(_assessed_by(c, w), Styles.cell),
            ])
        title = para(w.t("{addressee}, recommendation {number}",
                         addressee=text(rec.addressee_as_printed), number=rec.number),
                     Styles.h3)
        out += [*headed_tables([*heads, title, plain(f"“{rec.text}”", Styles.quote)], header,
                               crit_rows, [200, 96, CONTENT_WIDTH - 296],
                               flex=None if w.lang == "en" else 2), gap(2)]
    return out
