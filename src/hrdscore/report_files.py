"""A new report's catalog folder, ready to fill: report.yaml, its source record, one empty
recommendations file per addressee group, a methodology inheriting the shipped one, and a
README saying how to fill them. Writing a catalog's files is all or nothing."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from hrdscore.errors import HrdscoreError
from hrdscore.model.vocab import AddresseeGroup

__all__ = ["GROUP_CODES", "GROUP_FILES", "scaffold", "write_files"]

# The id part and file of each addressee group, as the shipped report spells them.
GROUP_CODES = {AddresseeGroup.GOVERNMENT: "gov", AddresseeGroup.COMPANIES: "com",
               AddresseeGroup.CIVIL_SOCIETY: "cso", AddresseeGroup.INTERNATIONAL: "int"}
GROUP_FILES = {g: f"{g.value}.yaml" for g in AddresseeGroup}
GROUP_WORDS = {AddresseeGroup.GOVERNMENT: "To the government",
               AddresseeGroup.COMPANIES: "To companies",
               AddresseeGroup.CIVIL_SOCIETY: "To civil society",
               AddresseeGroup.INTERNATIONAL: "To international organisations"}
INHERITED_VERSION = "2.0"


def _yaml(doc: Any, header: str = "") -> str:
    return header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=96)


def write_files(directory: Path, files: dict[str, str]) -> None:
    """Write every file or none: each goes to a temporary name first, and only when all are
    written are they renamed into place."""
    directory.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, text in files.items():
            handle, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            staged.append((tmp, directory / name))
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        Path(tmp).replace(target)


def scaffold(directory: Path, *, report_id: str, title: str, published_on: date,
             publishers: list[str], languages: list[str]) -> list[str]:
    """Write a new catalog folder; refuses a folder that already holds files."""
    if directory.exists() and any(directory.iterdir()):
        raise HrdscoreError(f"{directory} is not empty: give a new folder for the report")
    source = f"src-{report_id}"
    report = {"id": report_id, "title": title, "publishers": publishers,
              "published_on": published_on.isoformat(), "published_year": published_on.year,
              "languages": languages, "source": source}
    files = {
        "report.yaml": _yaml({"kind": "report", "records": [report]},
                             f"# {title}: the report's metadata.\n"),
        "sources.yaml": _yaml({"kind": "sources", "records": [
            {"id": source, "title": title, "published_on": published_on.isoformat()}]},
            "# The report itself, cited by every recommendation. Add its url, or the file\n"
            "# name and sha256 of the copy you keep.\n"),
    }
    for group, name in GROUP_FILES.items():
        files[name] = _yaml({"kind": "recommendations", "records": []},
                            f"# {GROUP_WORDS[group]}: recommendations of {report_id}, numbered "
                            "as printed.\n# Fill by hand (see README.md) or with `hrdscore "
                            "import-recommendations`.\n")
    files["methodology.yaml"] = _yaml({
        "kind": "methodology", "inherits": INHERITED_VERSION,
        "version": f"{report_id}-1", "released_on": published_on.isoformat(),
        "report": report_id,
        "summary": f"The shipped methodology {INHERITED_VERSION}, applied to {title}.",
    }, f"# How {report_id} is scored: the shipped methodology {INHERITED_VERSION}, with only "
       "what is written\n# here changed (weights, pillars, thresholds...). Raise `version` "
       "on every change.\n")
    files["README.md"] = README.format(id=report_id, title=title, dir=directory)
    write_files(directory, files)
    return sorted(files)


README = """# {title}

The catalog of report `{id}` for hrdscore. Use it beside the shipped report with
`--catalog {dir}` on any command, or set `HRDSCORE_CATALOG={dir}`.

## How to fill it

1. `report.yaml`: check the title, publishers, date and languages.
2. `sources.yaml`: the report itself; add its `url`, or the `file` and `sha256` of your copy.
3. The recommendations, one file per addressee group (`government.yaml`, `companies.yaml`,
   `civil_society.yaml`, `international.yaml`). Either write them by hand, following the
   shipped report's files, or fill a spreadsheet and run
   `hrdscore import-recommendations {dir} FILE.csv` (or `.xlsx`) with the columns:
   - `number`: as printed within its addressee group;
   - `addressee`: government, companies, civil_society or international;
   - `text`: the recommendation, quoted from the report;
   - `themes` (optional): separated by `;`;
   - `criteria`: one statement a person could check per line;
   - `scale` (optional): implementation (a state's follow-up) or compliance (met, partial,
     not met);
   - `levels` (optional): what each level of the scale means for these criteria;
   - `pillar`, `kind` (optional): where the criteria count, and structural, process or
     outcome;
   - `reiterates`, `builds_on` (optional): ids of earlier recommendations, of any loaded
     report, that this one repeats or develops, separated by `;`;
   - `addressee_as_printed`, `locator` (optional): the heading and place in the report.
   Nothing is written unless every row is valid; each problem names its line and column.
4. `methodology.yaml`: inherits the shipped methodology; write only what differs, and raise
   `version` when you change it.
5. Check it all with `hrdscore validate --catalog {dir}`.

Evidence (information requests, replies, assessments...) goes into the database with
`hrdscore import KIND FILE --catalog {dir}`, never into this folder.
"""
