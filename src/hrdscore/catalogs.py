"""Several reports side by side: the shipped one and catalogs kept outside the package.

A catalog is a folder holding one report: `report.yaml`, its recommendations (one file per
addressee group), the source record of the report and, optionally, `methodology.yaml`; an
`evidence/` folder beside them is for `hrdscore import`, never read as catalog. Extra catalogs
come from `--catalog DIR` (every command) or `HRDSCORE_CATALOG` (a path list); the shipped
report is always there. Recommendation ids are unique across the set, and each report is
scored with its own methodology only.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hrdscore.catalog import Catalog
from hrdscore.datafiles import find_data_files
from hrdscore.dataset import display_path, load_dataset
from hrdscore.errors import InvalidData, Problem
from hrdscore.model import Recommendation, Report
from hrdscore.model.vocab import ADDRESSEE_ACTOR_KINDS
from hrdscore.paths import data_root, recommendations_dir

__all__ = ["CATALOG_ENV", "CatalogSet", "ReportCatalog", "active_dirs", "load_catalogs",
           "set_cli_dirs"]

CATALOG_ENV = "HRDSCORE_CATALOG"
METHODOLOGY_FILE = "methodology.yaml"
# Kinds a catalog folder may hold; evidence belongs in the database.
CATALOG_KINDS = frozenset({"report", "recommendations", "sources"})

# What `--catalog` said on this command line; None: no option given (the environment decides).
_cli_dirs: ContextVar[tuple[Path, ...] | None] = ContextVar("hrdscore_catalogs", default=None)


def set_cli_dirs(dirs: Sequence[Path] | None) -> None:
    """Record the `--catalog` folders of the running command (None or empty: none given)."""
    _cli_dirs.set(tuple(dirs) if dirs else None)


def active_dirs() -> list[Path]:
    """The extra catalog folders in use: `--catalog`, else `HRDSCORE_CATALOG`."""
    given = _cli_dirs.get()
    if given is not None:
        return list(given)
    env = os.environ.get(CATALOG_ENV, "")
    return [Path(p) for p in env.split(os.pathsep) if p.strip()]


@dataclass(frozen=True)
class ReportCatalog:
    """One report and its recommendations, as read from one folder."""

    report: Report
    directory: Path
    recommendations: tuple[Recommendation, ...]
    content_hash: str
    shipped: bool
    methodology_file: Path | None = None
    # recommendation id -> the file it is written in, for messages
    files: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def id(self) -> str:
        return self.report.id

    def catalog(self) -> Catalog:
        """This report alone, in catalog order (addressee group, then number)."""
        order = list(ADDRESSEE_ACTOR_KINDS)
        recs = sorted(self.recommendations, key=lambda r: (order.index(r.addressee), r.number))
        return Catalog(reports=(self.report,), recommendations=tuple(recs))


@dataclass(frozen=True)
class CatalogSet:
    """The reports in use, the shipped one first."""

    catalogs: tuple[ReportCatalog, ...]

    def combined(self) -> Catalog:
        """Every report's recommendations, report by report: what evidence may refer to."""
        recs: list[Recommendation] = []
        for cat in self.catalogs:
            recs.extend(cat.catalog().recommendations)
        return Catalog(reports=tuple(c.report for c in self.catalogs),
                       recommendations=tuple(recs))

    def get(self, report_id: str) -> ReportCatalog:
        for cat in self.catalogs:
            if cat.id == report_id:
                return cat
        known = ", ".join(c.id for c in self.catalogs)
        raise InvalidData([Problem("--catalog", f"no report {report_id!r} is loaded; "
                                   f"loaded: {known}")])

    @property
    def shipped(self) -> ReportCatalog:
        return self.catalogs[0]


def content_hash(paths: Iterable[Path], root: Path) -> str:
    """SHA-256 over the catalog's files (relative name and bytes), in name order."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(display_path(path, root).encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _catalog_files(directory: Path) -> list[Path]:
    """The data files of a catalog folder: not its evidence/, not the methodology."""
    return [p for p in find_data_files([directory])
            if "evidence" not in p.relative_to(directory).parts[:-1]
            and not p.name.startswith("methodology")]


def read_catalog(directory: Path, *, today: date, shipped: bool = False) -> ReportCatalog:
    """One catalog folder, validated on its own; `InvalidData` names every problem."""
    if not directory.is_dir():
        raise InvalidData([Problem(str(directory), "no such catalog folder (give a folder "
                                   "holding report.yaml)")])
    root = data_root() if shipped else directory
    files = _catalog_files(directory)
    paths = [directory] if shipped else files
    dataset, problems = load_dataset(paths, today=today, root=root)
    if not shipped:
        for kind, (file, label) in sorted(dataset.origin.items()):
            if kind[0] not in CATALOG_KINDS:
                problems.append(Problem(file, f"a catalog holds reports, recommendations and "
                                        f"sources; import {kind[0]} into the database with "
                                        "`hrdscore import`", record=label))
    if len(dataset.reports) != 1:
        problems.append(Problem(str(directory), f"a catalog holds exactly one report "
                                f"(report.yaml); found {len(dataset.reports)}"))
    if problems:
        raise InvalidData(problems)
    report = dataset.reports[0]
    for rec in dataset.recommendations:
        if rec.report != report.id:
            file, label = dataset.origin[("recommendations", rec.id)]
            problems.append(Problem(file, f"belongs to report {rec.report!r}, not to this "
                                    f"folder's report {report.id!r}", label, "report"))
    if problems:
        raise InvalidData(problems)
    method = directory / METHODOLOGY_FILE
    where = {rec.id: dataset.origin[("recommendations", rec.id)][0]
             for rec in dataset.recommendations}
    if not shipped:
        where = {k: str(directory / v) for k, v in where.items()}
    return ReportCatalog(
        report=report, directory=directory,
        recommendations=tuple(dataset.recommendations),
        content_hash=content_hash(files + ([method] if method.is_file() else []), directory),
        shipped=shipped, methodology_file=method if method.is_file() else None, files=where)


def load_catalogs(extra: Sequence[Path] | None = None, *, today: date | None = None
                  ) -> CatalogSet:
    """The shipped report plus the extra catalogs (default: `active_dirs()`), checked as a
    set: report and recommendation ids unique across them, links between them known."""
    when = today or date.today()
    dirs = active_dirs() if extra is None else list(extra)
    cats = [read_catalog(recommendations_dir() / "kk2021", today=when, shipped=True)]
    seen = {cats[0].directory.resolve()}
    for directory in dirs:
        if directory.resolve() in seen:
            continue  # the same folder twice (option and environment) is one catalog
        seen.add(directory.resolve())
        cats.append(read_catalog(directory, today=when))
    problems = _unique_across(cats)
    if problems:
        raise InvalidData(problems)
    from hrdscore.catalog_links import check_links  # links read the whole set

    cset = CatalogSet(tuple(cats))
    problems = check_links(cset)
    if problems:
        raise InvalidData(problems)
    return cset


def _unique_across(cats: list[ReportCatalog]) -> list[Problem]:
    """A report id or recommendation id names one thing in the whole set: evidence refers to
    it by id alone."""
    problems: list[Problem] = []
    reports: dict[str, Path] = {}
    owners: dict[str, str] = {}
    for cat in cats:
        if cat.id in reports:
            problems.append(Problem(str(cat.directory / "report.yaml"),
                                    f"report id {cat.id!r} is already used by the catalog "
                                    f"in {reports[cat.id]}", cat.id, "id"))
        reports.setdefault(cat.id, cat.directory)
        for rec in cat.recommendations:
            file = cat.files.get(rec.id, str(cat.directory))
            if rec.id in owners:
                problems.append(Problem(file, f"recommendation id {rec.id!r} is already used "
                                        f"in {owners[rec.id]}; ids must be unique across "
                                        "catalogs", rec.id, "id"))
            owners.setdefault(rec.id, file)
    return problems
