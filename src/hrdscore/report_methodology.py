"""A report's own methodology: `methodology.yaml` in its catalog folder, written in full or
as changes to a shipped version (`inherits: "2.0"`), checked against that report's criteria.
The shipped report keeps the methodology files of scorecards/."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from hrdscore.catalogs import ReportCatalog, load_catalogs
from hrdscore.errors import InvalidData, Problem
from hrdscore.methodology import (
    Methodology,
    check_methodology,
    latest_methodology_path,
    parse_methodology,
)
from hrdscore.paths import scorecards_dir

__all__ = ["check_catalog_set", "load_report_methodology", "merge", "shipped_methodology_path"]


def shipped_methodology_path(version: str | None = None) -> Path:
    """The shipped methodology file of a version ('2', '2.0'), or the latest."""
    if version is None:
        return latest_methodology_path(scorecards_dir())
    major = str(version).split(".")[0]
    path = scorecards_dir() / f"methodology-v{major}.yaml"
    if not major.isdigit() or not path.is_file():
        known = sorted(p.stem.split("-v")[1] for p in scorecards_dir().glob("methodology-v*.yaml"))
        raise InvalidData([Problem(str(scorecards_dir()), f"no methodology version {version!r}; "
                                   f"shipped: {', '.join(known)}")])
    return path


def merge(base: Any, changes: Any) -> Any:
    """`changes` over `base`: mappings merged key by key, anything else replaced."""
    if isinstance(base, dict) and isinstance(changes, dict):
        out = dict(base)
        for key, value in changes.items():
            out[key] = merge(base.get(key), value)
        return out
    return changes


def read_methodology(path: Path) -> Methodology:
    """A methodology file, resolving `inherits`; `InvalidData` names the file and field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidData([Problem(str(path), f"not valid YAML: {exc}")]) from exc
    if isinstance(raw, dict) and "inherits" in raw:
        parent_path = shipped_methodology_path(str(raw["inherits"]))
        parent = yaml.safe_load(parent_path.read_text(encoding="utf-8"))
        # The parent's criterion lists name its own report's criteria: not this report's.
        for plan in (parent.get("kinds") or {}).values():
            plan.pop("include_criteria", None)
            plan.pop("exclude_criteria", None)
        raw = merge(parent, {k: v for k, v in raw.items() if k != "inherits"})
    return parse_methodology(raw, str(path))


def load_report_methodology(cat: ReportCatalog, rule_names: set[str],
                            version: str | None = None) -> Methodology:
    """The methodology `cat`'s report is scored with, checked against its criteria only."""
    if cat.shipped:
        path = shipped_methodology_path(version)
    elif cat.methodology_file is None:
        raise InvalidData([Problem(str(cat.directory), f"report {cat.id!r} has no "
                                   "methodology.yaml, so it cannot be scored (hrdscore "
                                   "new-report writes one inheriting the shipped methodology)")])
    else:
        path = cat.methodology_file
        if version is not None:
            raise InvalidData([Problem(str(path), f"--methodology {version} names a shipped "
                                       f"version; report {cat.id!r} has its own methodology")])
    methodology = read_methodology(path)
    problems = check_methodology(methodology, list(cat.recommendations), rule_names, str(path))
    if methodology.report != cat.id:
        problems.append(Problem(str(path), f"is the methodology of report "
                                f"{methodology.report!r}, not of {cat.id!r}", "methodology",
                                "report"))
    if problems:
        raise InvalidData(problems)
    return methodology


def check_catalog_set(extra: list[Path], rule_names: set[str], today: date
                      ) -> tuple[int, int, list[Problem]]:
    """Validate the extra catalogs with the shipped one: each folder, ids across them, links,
    each report's methodology against its criteria. (recommendations, methodologies,
    problems) of the extra catalogs."""
    try:
        cset = load_catalogs(extra, today=today)
    except InvalidData as exc:
        return 0, 0, list(exc.problems)
    problems: list[Problem] = []
    recs = methodologies = 0
    for cat in cset.catalogs[1:]:
        recs += len(cat.recommendations)
        try:
            load_report_methodology(cat, rule_names)
            methodologies += 1
        except InvalidData as exc:
            problems += exc.problems
    return recs, methodologies, problems
