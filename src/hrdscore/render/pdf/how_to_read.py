"""The annual report's section on how to read the scorecards, in the reader's language: the
paragraphs follow the methodology (its thresholds, cap and counting verification) and end with
the legend of its bands."""

from __future__ import annotations

from reportlab.platypus import Flowable

from hrdscore.methodology import Methodology
from hrdscore.render.pdf import charts
from hrdscore.render.pdf.document import outline
from hrdscore.render.pdf.styles import BAD, GOOD, MIDDLE, Styles, band_colour, gap, para
from hrdscore.render.pdf.words import EN, Words


def how_to_read(m: Methodology, w: Words = EN) -> list[Flowable]:
    """The section: what a scorecard measures, levels and points, missing evidence, the total
    and conduct as the methodology (1 or 2) defines them, change, and the bands' legend."""
    paras = [
        w.t("<b>A scorecard</b> measures one actor in one period against the recommendations "
            "addressed to actors of its kind. Each recommendation is broken into criteria a "
            "person could check; each criterion is assessed by a named rule over recorded "
            "evidence (information requests and replies, incidents against defenders) or by an "
            "analyst's published assessment."),
        w.t("<b>Levels and points.</b> Met 100, partial 50, not met 0; a state's follow-up of "
            "a recommendation on the implementation scale from not started 0 to complete 100 "
            "(regressed scores 0 and raises a red flag)."),
        w.t("<b>Missing is never a silent zero.</b> “No evidence found” and “actor declined” "
            "score 0 and are labelled; “not applicable” and “not assessed” are excluded from "
            "the score, and “not assessed” lowers coverage."),
        *(_how_to_read_v2(m, w) if m.v2 else _how_to_read_v1(m, w)),
        w.t("<b>Change</b> from the previous period is computed only on the criteria scored in "
            "both periods, so a change in what could be assessed does not pass for progress."),
        w.t("<b>Read bands, not fine ranks.</b> Small differences between totals rest on few "
            "criteria; ranks are shown only among actors with a total."),
    ]
    out: list[Flowable] = [outline(para(w.t("How to read the scorecards"), Styles.h1),
                                   w.t("How to read the scorecards"))]
    out += [para(p, Styles.body) for p in paras]
    out += [gap(2), *_legend(m, w), gap(4)]
    return out


def _how_to_read_v1(m: Methodology, w: Words = EN) -> list[str]:
    return [
        w.t("<b>Total and coverage.</b> Criteria average by weight into recommendations, "
            "recommendations into pillars, pillars by weight into a total out of 100. If less "
            "than {threshold} of the applicable criteria (by weight) could be assessed, the "
            "total reads “insufficient evidence” rather than a number that would mislead; the "
            "pillar scores are still shown, each with its coverage.",
            threshold=w.threshold(m.coverage_threshold)),
        w.t("<b>Conduct towards defenders.</b> Acts against defenders in which an actor (or a "
            "body below it) took part lower its total by a capped deduction, shown before and "
            "after; serious acts raise red flags, printed first on the scorecard whatever the "
            "total."),
    ]


def _how_to_read_v2(m: Methodology, w: Words = EN) -> list[str]:
    assert m.v2 is not None
    counting = w.t(" or ").join(w.label("verification", v)
                                for v in m.v2.conduct.counting_verification)
    return [
        w.t("<b>Pillars, then a total only when earned.</b> Criteria average by weight into "
            "recommendations and recommendations into pillars; each pillar has its points out "
            "of 100, its coverage and its band. A total is given only when every weighted "
            "pillar has at least {threshold} of its criteria (by weight) assessed; otherwise "
            "it reads “insufficient evidence”, and no pillar's weight is shared out among the "
            "others.", threshold=w.threshold(m.coverage_threshold)),
        w.t("<b>Conduct towards defenders, counted once.</b> Only {counting} acts in which an "
            "actor (or a body below it) took part lower its total, by a deduction capped at "
            "{cap} points and shown before and after. Acts only reported are listed as "
            "allegations, with the actor's response where there is one; disputed acts never "
            "count. Red flags say “alleged” when the involvement is alleged.",
            counting=counting, cap=w.number(f"{m.rules.deduction_cap:g}")),
    ]


def _legend(m: Methodology, w: Words = EN) -> list[Flowable]:
    if not m.v2:
        return [charts.legend_square(GOOD, w.t("67-100: good")),
                charts.legend_square(MIDDLE, w.t("34-66: partial")),
                charts.legend_square(BAD, w.t("0-33: poor, or a red flag"))]
    bands = m.v2.bands
    labels = m.band_labels
    out: list[Flowable] = []
    for i, band in enumerate(bands):
        low = w.number(f"{band.min:g}")
        if i == 0:
            limits = w.t("{low} and above", low=low)
        elif band.min == 0:
            limits = w.t("under {high}", high=w.number(f"{bands[i - 1].min:g}"))
        else:
            limits = w.t("{low} to under {high}", low=low,
                         high=w.number(f"{bands[i - 1].min:g}"))
        words = band.label if w.lang == "en" else w.band(band.label)
        out.append(charts.legend_square(band_colour(band.label, labels), f"{limits}: {words}",
                                        width=260))
    return out
