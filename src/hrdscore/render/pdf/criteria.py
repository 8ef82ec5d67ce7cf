"""A scorecard's recommendations and criteria: each criterion by its statement, its level in
words and its explanation, with the basis in words and the evidence it rests on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph

from hrdscore.labels import label, plain_words
from hrdscore.model import (
    Assessment,
    CriterionResult,
    Scorecard,
)
from hrdscore.model.vocab import MissingState
from hrdscore.render.pdf.document import outline
from hrdscore.render.pdf.styles import (
    CONTENT_WIDTH,
    Styles,
    gap,
    headed_tables,
    keep,
    level_colour,
    para,
    plain,
    shorten,
    text,
)
from hrdscore.render.pdf.words import EN, Words
from hrdscore.text import sentence


@dataclass
class Refs:
    """Evidence ids numbered E1, E2 ... in order of first mention, and the documents."""

    order: dict[str, int]

    @classmethod
    def of(cls, card: Scorecard) -> Refs:
        order: dict[str, int] = {}
        ids: list[str] = [i for f in card.red_flags for i in f.evidence]
        ids += [i for r in card.recommendations for c in r.criteria
                for i in c.explanation.evidence]
        if card.adjustment:
            ids += card.adjustment.acts
        for i in ids:
            order.setdefault(i, len(order) + 1)
        return cls(order)

    def mark(self, ids: Iterable[str], most: int = 12, w: Words = EN) -> str:
        """'E1, E3-E9, E12': consecutive numbers as ranges, at most `most` of them."""
        numbers = sorted({self.order[i] for i in ids if i in self.order})
        runs: list[tuple[int, int]] = []
        for n in numbers:
            if runs and runs[-1][1] == n - 1:
                runs[-1] = (runs[-1][0], n)
            else:
                runs.append((n, n))
        shown = [f"E{a}" if a == b else f"E{a}–E{b}" for a, b in runs[:most]]
        if len(runs) > most:
            rest = sum(b - a + 1 for a, b in runs[most:])
            shown.append(w.t("and {n} more", n=rest))
        return ", ".join(shown)



# ------------------------------------------------------------------------------ criteria

def _level_cell(c: CriterionResult, w: Words) -> Paragraph:
    colour = level_colour(c.level, c.points).hexval()[2:]
    if c.level is not None:
        name = w.label("level", c.level)
    elif c.missing is not None:
        name = w.label("missing", c.missing)
    else:
        name = "—"
    points = (w.t("excluded") if c.points is None
              else w.t("{n} points", n=w.score(c.points)))
    return para(f'<font color="#{colour}"><b>{text(name)}</b></font><br/>'
                f'<font size="6.8" color="#52606d">{points}</font>', Styles.cell)


def basis_words(basis: str, assessments: Mapping[str, Assessment], w: Words = EN) -> str:
    """The basis of a level in words: how it was worked out, or whose assessment it is."""
    kind, _, name = basis.partition(":")
    if kind == "rule":
        return w.label("rule", name)
    if kind == "assessment":
        found = assessments.get(name)
        if found is None:
            return w.t("a published assessment")
        return w.t("assessment by {who}, {when}", who=found.assessor, when=w.date(found.as_of))
    return w.label("basis", kind)


def _criterion_rows(criteria: Sequence[CriterionResult], refs: Refs | None,
                    pillars: Mapping[str, str],
                    assessments: Mapping[str, Assessment], w: Words) -> list[list[Paragraph]]:
    rows = []
    note = text(w.english_note())
    for c in criteria:
        pillar = (pillars.get(c.pillar, label('pillar', c.pillar)) if w.lang == "en"
                  else w.label("pillar", c.pillar))
        meta = w.t("{pillar} · weight {weight}", pillar=text(pillar),
                   weight=w.number(f"{c.weight:g}"))
        first = f'{text(c.statement)}{note}<br/><font size="6.8" color="#52606d">{meta}</font>'
        marks = refs.mark(c.explanation.evidence, w=w) if refs is not None else ""
        small = (w.t("Basis: {basis}", basis=text(basis_words(c.explanation.basis, assessments,
                                                                w)))
                 + (w.t(" · evidence {marks}", marks=marks) if marks else ""))
        rows.append([para(first, Styles.cell), _level_cell(c, w),
                     para(f'{text(shorten(plain_words(c.explanation.text)))}{note}<br/>'
                          f'<font size="6.8" color="#52606d">{small}</font>', Styles.cell)])
    return rows


def _not_assessed(skipped: Sequence[CriterionResult], of: int, w: Words) -> str:
    return w.t("{n} of {criteria} not yet assessed", n=len(skipped),
               criteria=w.count(of, "criterion", "criteria"))


def recommendations_section(card: Scorecard, refs: Refs | None, compact: bool,
                            assessments: Mapping[str, Assessment] | None = None,
                            w: Words = EN) -> list[Flowable]:
    """Criteria by their statement (ids stay in the JSON and the methodology annex); those
    not yet assessed are counted, not listed as rows."""
    found = assessments or {}
    pillars = {p.pillar: p.label for p in card.pillars}
    header = [para(h, Styles.head) for h in (w.t("Criterion"), w.t("Level"),
                                             w.t("Explanation"))]
    out: list[Flowable] = []
    if compact:
        every = [c for r in card.recommendations for c in r.criteria]
        assessed = [c for c in every if c.missing is not MissingState.NOT_ASSESSED]
        skipped = [c for c in every if c.missing is MissingState.NOT_ASSESSED]
        if not assessed:
            out.append(para(w.t("None of the {n} applicable criteria could be assessed for "
                                "{period}.", n=len(skipped), period=text(card.period)),
                            Styles.note))
        else:
            if skipped:
                out.append(para(sentence(_not_assessed(skipped, len(every), w)) + w.t(
                    " They are excluded from the total and lower its coverage."), Styles.note))
            out += headed_tables([para(w.t("Criteria assessed"), Styles.h3)], header,
                                 _criterion_rows(assessed, None, pillars, found, w),
                                 [150, 62, CONTENT_WIDTH - 212], flex=_flex(w))
        out.append(gap(4))
        return out
    section = outline(para(w.t("Recommendations and criteria"), Styles.h2),
                      w.t("Recommendations and criteria"), 1)
    for i, rec in enumerate(card.recommendations):
        score = (w.t("no score") if rec.score is None
                 else w.t("score {n}", n=w.score(rec.score)))
        title = para(w.t("{group}, recommendation {n}", group=text(w.label('group', rec.addressee)),
                         n=rec.number)
                     + f" <font color='#52606d' size='8'>({score})</font>", Styles.h3)
        quote = plain(f"“{rec.text}”{w.english_note()}", Styles.quote)
        first = [section] if i == 0 else []
        assessed = [c for c in rec.criteria if c.missing is not MissingState.NOT_ASSESSED]
        skipped = [c for c in rec.criteria if c.missing is MissingState.NOT_ASSESSED]
        note = ([para(sentence(_not_assessed(skipped, len(rec.criteria), w) + ": "
                               + "; ".join(c.statement.rstrip(".") for c in skipped)),
                      Styles.small)] if skipped else [])
        if assessed:
            out += [*headed_tables([*first, title, quote], header,
                                   _criterion_rows(assessed, refs, pillars, found, w),
                                   [190, 62, CONTENT_WIDTH - 252], flex=_flex(w)), *note,
                    gap(2)]
        else:
            out += [keep(*first, title, quote, *note), gap(2)]
    if not card.recommendations:
        out += [section, para(w.t("No recommendation applies to this actor."), Styles.body)]
    return out


def _flex(w: Words) -> int | None:
    """The explanation column gives up width for longer Russian and Kazakh words (English keeps
    its pinned layout)."""
    return None if w.lang == "en" else 2
