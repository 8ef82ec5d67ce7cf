"""A scorecard's recommendations and criteria: each criterion by its statement, its level in
words and its explanation, with the basis in words and the evidence it rests on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph

from hrdscore.labels import label
from hrdscore.model import (
    CriterionResult,
    Scorecard,
)
from hrdscore.model.vocab import MissingState
from hrdscore.render.pdf.document import outline
from hrdscore.render.pdf.styles import (
    CONTENT_WIDTH,
    Styles,
    fmt_score,
    gap,
    headed_tables,
    humanise,
    level_colour,
    para,
    plain,
    shorten,
    text,
)


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

    def mark(self, ids: Iterable[str], most: int = 12) -> str:
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
            shown.append(f"and {rest} more")
        return ", ".join(shown)



# ------------------------------------------------------------------------------ criteria

def _level_cell(c: CriterionResult) -> Paragraph:
    colour = level_colour(c.level, c.points).hexval()[2:]
    if c.level is not None:
        name = label("level", c.level)
    elif c.missing is not None:
        name = label("missing", c.missing)
    else:
        name = "—"
    points = "excluded" if c.points is None else f"{fmt_score(c.points)} points"
    return para(f'<font color="#{colour}"><b>{text(name)}</b></font><br/>'
                f'<font size="6.8" color="#52606d">{points}</font>', Styles.cell)


def _criterion_rows(card: Scorecard, criteria: Sequence[CriterionResult], refs: Refs,
                    pillars: Mapping[str, str], with_statement: bool) -> list[list[Paragraph]]:
    rows = []
    for c in criteria:
        short = c.criterion.removeprefix(c.recommendation + ".")
        meta = f"{text(pillars.get(c.pillar, humanise(c.pillar)))} · weight {c.weight:g}"
        first = (f"<b>{text(short)}</b> {text(c.statement)}<br/>"
                 f'<font size="6.8" color="#52606d">{meta}</font>' if with_statement
                 else f"<b>{text(c.criterion)}</b><br/>"
                      f'<font size="6.8" color="#52606d">{meta}</font>')
        basis = c.explanation.basis.replace("rule:", "rule ").replace(
            "assessment:", "assessment ")
        marks = refs.mark(c.explanation.evidence)
        small = f"Basis: {text(basis)}" + (f" · evidence {marks}" if marks else "")
        rows.append([para(first, Styles.cell), _level_cell(c),
                     para(f'{text(shorten(c.explanation.text))}<br/><font size="6.8" '
                          f'color="#52606d">{small}</font>', Styles.cell)])
    return rows


def recommendations_section(card: Scorecard, refs: Refs, compact: bool) -> list[Flowable]:
    pillars = {p.pillar: p.label for p in card.pillars}
    out: list[Flowable] = []
    if compact:
        assessed = [c for r in card.recommendations for c in r.criteria
                    if c.missing is not MissingState.NOT_ASSESSED]
        skipped = [c for r in card.recommendations for c in r.criteria
                   if c.missing is MissingState.NOT_ASSESSED]
        if not assessed:
            out.append(para(f"None of the {len(skipped)} applicable criteria could be assessed "
                            f"for {text(card.period)}.", Styles.note))
        else:
            header = [para(h, Styles.head) for h in ("Criterion", "Level", "Explanation")]
            out += headed_tables([para("Criteria assessed", Styles.h3)], header,
                                 _criterion_rows(card, assessed, refs, pillars, False),
                                 [112, 66, CONTENT_WIDTH - 178])
            if skipped:
                out.append(para(
                    f"Not assessed ({len(skipped)} criteria, excluded from the total and "
                    "lowering coverage): " + ", ".join(text(c.criterion) for c in skipped)
                    + ".", Styles.small))
        out.append(gap(4))
        return out
    section = outline(para("Recommendations and criteria", Styles.h2),
                      "Recommendations and criteria", 1)
    header = [para(h, Styles.head) for h in ("Criterion", "Level", "Explanation")]
    for i, rec in enumerate(card.recommendations):
        score = ("no score" if rec.score is None else f"score {fmt_score(rec.score)}")
        title = para(f"{text(humanise(rec.addressee).capitalize())}, recommendation "
                     f"{rec.number} <font color='#52606d' size='8'>({text(rec.recommendation)}"
                     f" · {score})</font>", Styles.h3)
        quote = plain(f"“{rec.text}”", Styles.quote)
        first = [section] if i == 0 else []
        out += [*headed_tables([*first, title, quote], header,
                               _criterion_rows(card, rec.criteria, refs, pillars, True),
                               [190, 62, CONTENT_WIDTH - 252]), gap(2)]
    if not card.recommendations:
        out += [section, para("No recommendation applies to this actor.", Styles.body)]
    return out
