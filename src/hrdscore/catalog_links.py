"""Links between recommendations of different reports: `reiterates` (the same ask, made
again) and `builds_on` (a new ask developing an earlier one), and the chain they form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hrdscore.errors import Problem
from hrdscore.model import Recommendation, Report

if TYPE_CHECKING:
    from hrdscore.catalogs import CatalogSet

__all__ = ["ChainLink", "chain_of", "chain_sentence", "check_links"]

LINK_FIELDS = ("reiterates", "builds_on")


def _links(rec: Recommendation) -> list[tuple[str, str]]:
    return [(name, target) for name in LINK_FIELDS for target in getattr(rec, name) or ()]


def check_links(cset: CatalogSet) -> list[Problem]:
    """Every link names a loaded recommendation of another, earlier (or same-year) report,
    and the links form no cycle."""
    recs = {r.id: (cat, r) for cat in cset.catalogs for r in cat.recommendations}
    problems: list[Problem] = []
    for cat in cset.catalogs:
        for rec in cat.recommendations:
            file = cat.files.get(rec.id, str(cat.directory))
            for name, target in _links(rec):
                found = recs.get(target)
                if found is None:
                    problems.append(Problem(file, f"unknown recommendation {target!r} (is its "
                                            "catalog loaded with --catalog?)", rec.id, name))
                elif found[0].id == cat.id:
                    problems.append(Problem(file, f"{target!r} is in the same report; a link "
                                            "joins recommendations of different reports",
                                            rec.id, name))
                elif found[0].report.published_year > cat.report.published_year:
                    problems.append(Problem(
                        file, f"{target!r} is from a later report "
                        f"({found[0].report.published_year}); link the later one to the "
                        "earlier", rec.id, name))
    return problems


@dataclass(frozen=True)
class ChainLink:
    """One recommendation of a chain, with how it joins the one before."""

    recommendation: Recommendation
    report: Report
    relation: str  # "first" | "reiterates" | "builds_on"


def chain_of(cset: CatalogSet, rec_id: str) -> list[ChainLink]:
    """Every recommendation linked to `rec_id`, directly or through others, oldest report
    first (ties by id): the same ask across the years. A single item when it has no links."""
    recs = {r.id: (cat.report, r) for cat in cset.catalogs for r in cat.recommendations}
    if rec_id not in recs:
        return []
    neighbours: dict[str, set[str]] = {i: set() for i in recs}
    relation: dict[str, str] = {}
    for rid, (_report, rec) in recs.items():
        for name, target in _links(rec):
            if target in recs:
                neighbours[rid].add(target)
                neighbours[target].add(rid)
                relation[rid] = name
    seen, todo = {rec_id}, [rec_id]
    while todo:
        for other in neighbours[todo.pop()] - seen:
            seen.add(other)
            todo.append(other)
    ordered = sorted(seen, key=lambda i: (recs[i][0].published_year, recs[i][0].id, i))
    return [ChainLink(recs[i][1], recs[i][0], "first" if n == 0 else relation.get(i, "reiterates"))
            for n, i in enumerate(ordered)]


_VERBS = {"reiterates": "repeated", "builds_on": "built on"}


def chain_sentence(chain: list[ChainLink], status: str | None = None) -> str:
    """The chain in words: "First made in 2021 (kk2021-gov-06), repeated in 2023
    (acme2023-gov-03); latest status: not started"."""
    parts = []
    for n, link in enumerate(chain):
        verb = "first made" if n == 0 else _VERBS.get(link.relation, "repeated")
        parts.append(f"{verb} in {link.report.published_year} ({link.recommendation.id}, "
                     f"{link.report.title.strip()})")
    text = ", ".join(parts)
    text = text[0].upper() + text[1:] if text else text
    return f"{text}; {status}" if status else text
