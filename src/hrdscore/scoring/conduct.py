"""Conduct towards defenders under methodology 2: fair to the accused, counted once.

Only acts whose verification the methodology lists (corroborated, verified) lower a score, and
only through the capped deduction from the total; the criterion listing the acts is shown but
kept out of the pillars. Acts reported by a single source are listed as allegations, with the
actor's response if any; disputed acts never count. Red flags say "alleged" whenever the act
or the actor's part in it is not established.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hrdscore.labels import count_noun
from hrdscore.methodology import Methodology
from hrdscore.model import Adjustment, Allegation, Period, RedFlag
from hrdscore.model.vocab import CONFIDENTIAL, ActType, VerificationStatus
from hrdscore.scoring.periods import fmt_public_act_date, fmt_recourse_date
from hrdscore.scoring.rules import describe_acts, involvement_of
from hrdscore.scoring.trusted import trusted
from hrdscore.snapshot.views import ActView

ROUND = 1


def counting(acts: Sequence[ActView], m: Methodology) -> list[ActView]:
    assert m.v2 is not None
    ok = set(m.v2.conduct.counting_verification)
    return [a for a in acts if a.verification in ok]


def act_weight(act: ActView, members: Mapping[str, str], m: Methodology) -> float:
    """Severity x the actor's strongest role weight x the alleged factor."""
    rules = m.rules
    role_weight = max(rules.role_weights.get(i.role, 1.0)
                      for i in act.involvements if i.actor in members)
    _, alleged = involvement_of(act, members)
    return m.severity(act.type) * role_weight * (rules.alleged_factor if alleged else 1.0)


def deduction(acts: Sequence[ActView], members: Mapping[str, str], m: Methodology,
              name: str) -> Adjustment | None:
    """The capped deduction for the counting acts; None when there are none."""
    if not acts:
        return None
    rules = m.rules
    uncapped = sum(act_weight(a, members, m) for a in acts) * rules.deduction_per_severity
    points = min(uncapped, rules.deduction_cap)
    capped = " (capped)" if uncapped > rules.deduction_cap else ""
    return Adjustment(
        points=round(points, ROUND), uncapped=round(uncapped, ROUND), cap=rules.deduction_cap,
        acts=[a.id for a in acts],
        text=f"{round(points, ROUND):g} points{capped} taken off for "
             f"{count_noun(len(acts), 'corroborated or verified act')} against defenders "
             f"involving {name}, weighted by severity "
             f"and role: {_public(list(acts), members)}.")


_TYPE_WORDS = {t: t.value.replace("_", " ").capitalize() for t in ActType}


def allegations(acts: Sequence[ActView], members: Mapping[str, str],
                m: Methodology) -> list[Allegation]:
    assert m.v2 is not None
    ok = set(m.v2.conduct.counting_verification)
    out = []
    for act in acts:
        if act.verification in ok:
            continue
        disputed = act.verification is VerificationStatus.DISPUTED
        status = "disputed" if disputed else "alleged"
        if act.confidential:
            # Neither the act nor what remedied it is described: both could identify it.
            text = "An act in a confidential incident (details withheld)."
            response = "details withheld"
        else:
            steps = [f"{r.type.value.replace('_', ' ')} ({fmt_recourse_date(r)})"
                     for r in act.recourses]
            response = ("; ".join(steps) if steps else "no response recorded")
            role, _ = involvement_of(act, members)
            text = (f"{_TYPE_WORDS[act.type]} ({fmt_public_act_date(act)}; "
                    f"{role}), {status}: {'disputed' if disputed else 'reported'}"
                    f" by a single source, not established; it does not lower the score.")
        # A confidential incident's act is listed without its id: the public projection
        # (privacy.public_scorecard) masks ids it knows of, and allegations are new to it.
        # Built without validation (see scoring.trusted): ids and words come from the
        # snapshot, validated when stored.
        out.append(trusted(Allegation, act=CONFIDENTIAL if act.confidential else act.id,
                           status=status, text=text, response=response))
    return out


def _public(acts: Sequence[ActView], members: Mapping[str, str]) -> str:
    return describe_acts(acts, members, when=fmt_public_act_date)


def red_flags(acts: Sequence[ActView], members: Mapping[str, str], m: Methodology,
              name: str, period: Period) -> list[RedFlag]:
    """Flags for serious acts: established ones, and alleged ones that say so. Disputed acts
    raise none."""
    assert m.v2 is not None
    ok = set(m.v2.conduct.counting_verification)
    serious = [a for a in acts if m.severity(a.type) >= m.rules.red_flag_severity
               and a.verification is not VerificationStatus.DISPUTED]
    established = [a for a in serious if a.verification in ok
                   and not involvement_of(a, members)[1]]
    # By id, not by equality: comparing whole acts made this quadratic in a roll-up's acts.
    shown = {a.id for a in established}
    alleged = [a for a in serious if a.id not in shown]
    flags = []
    if established:
        flags.append(RedFlag(
            code="serious-acts",
            text=f"{name} was involved in "
                 f"{count_noun(len(established), 'serious act')} against defenders in "
                 f"{period.label}: {_public(established, members)}.",
            evidence=[a.id for a in established]))
    if alleged:
        flags.append(RedFlag(
            code="alleged-serious-acts",
            text=f"Alleged, not established: {name} is named in "
                 f"{count_noun(len(alleged), 'serious act')} against defenders in "
                 f"{period.label}: {_public(alleged, members)}.",
            evidence=[a.id for a in alleged]))
    return flags
