"""Commands over the report's data: validate, recommendations, actors, schemas."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import click

from hrdscore.catalog import Catalog
from hrdscore.catalogs import active_dirs, load_catalogs
from hrdscore.cli.output import echo_json, echo_table, format_option, out_option
from hrdscore.cli.store_cmds import db_option, existing_store, open_store
from hrdscore.dataset import display_path, load_dataset
from hrdscore.errors import InvalidData
from hrdscore.methodology import check_methodology, latest_methodology_path, load_methodology
from hrdscore.paths import data_root, recommendations_dir, scorecards_dir
from hrdscore.render.tabular import to_csv
from hrdscore.report_methodology import check_catalog_set
from hrdscore.schemas import write_schemas
from hrdscore.scoring import RULES
from hrdscore.settings import default_db_path
from hrdscore.shipped import load_shipped
from hrdscore.text import clip


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@format_option(("table", "json"), aliases={"text": "table"})
def validate(paths: tuple[Path, ...], fmt: str) -> None:
    """Check data files against the models and each other.

    With no PATHS, checks the shipped data and the latest methodology in scorecards/, and
    with --catalog each extra report with its methodology and links, as one set. PATHS may
    be files or directories; references are checked between the files given (an inquiry's
    actor is checked when actors are among them). A methodology-v*.yaml file is checked
    against the recommendations given, or the shipped ones.
    Lists every problem with its file, record and field; exits 1 if there is any.
    """
    methodology_files = [p for p in paths if p.is_file() and is_methodology_file(p)]
    targets = [p for p in paths if p not in methodology_files]
    root = None if paths else data_root()
    if not paths:
        targets = [recommendations_dir()]
        methodology_files = [latest_methodology_path(scorecards_dir())]
    dataset, problems = load_dataset(targets, today=date.today(), root=root)
    extra_recs = extra_methodologies = 0
    if not paths and active_dirs():  # the shipped report with the --catalog ones, as a set
        extra_recs, extra_methodologies, found = check_catalog_set(active_dirs(), set(RULES),
                                                                   date.today())
        problems += found
    if methodology_files:
        recs = dataset.recommendations or list(
            Catalog.from_dataset(load_shipped(date.today())).recommendations)
        for path in methodology_files:
            display = display_path(path, root)
            try:
                methodology = load_methodology(path)
            except InvalidData as exc:
                problems += [replace(p, file=display) for p in exc.problems]
                continue
            problems += check_methodology(methodology, recs, set(RULES), display)
    counts = {kind: len(dataset.records(kind)) for kind in
              ("report", "recommendations", "sources", "actors", "inquiries", "replies",
               "incidents", "assessments")}
    counts["recommendations"] += extra_recs
    counts["report"] += len(active_dirs()) if not paths else 0
    counts["methodology"] = len(methodology_files) + extra_methodologies
    if fmt == "json":
        echo_json({"ok": not problems, "counts": counts,
                   "problems": [p.as_dict() for p in problems]})
    elif not problems:
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
        click.echo(f"OK: {summary or 'no records'}")
    if problems:
        if fmt != "json":
            raise InvalidData(problems)
        raise SystemExit(1)


@click.command()
@format_option()
def recommendations(fmt: str) -> None:
    """List the recommendations and their criteria: the shipped report's and those of any
    --catalog, report by report."""
    catalog = load_catalogs(today=date.today()).combined()
    if fmt == "json":
        echo_json([r.model_dump(mode="json", exclude_none=True) for r in catalog.recommendations])
        return
    rows = [
        (r.id, r.addressee.value, r.number, clip(r.text, 90), len(r.criteria))
        for r in catalog.recommendations
    ]
    echo_table(f"{len(rows)} recommendations",
               ["id", "addressee", "no.", "text", "criteria"], rows)


@click.command()
@format_option(("table", "json", "csv"))
@db_option
def actors(fmt: str, db: Path | None) -> None:
    """List the actors: those in the database (--db, else the default database when it
    exists), including imported ones; else those named in the report and the interview."""
    path = db or default_db_path()
    if db is not None or open_store(path).exists():
        store = existing_store(db)
        found = list(store.snapshot().actors.values())
        where = f"in {store.path}"
    else:
        found = list(load_shipped(date.today()).actors)
        where = "named in the report (no database yet)"
    items = sorted(found, key=lambda a: (a.kind.value, a.id))
    if fmt == "json":
        echo_json([a.model_dump(mode="json", exclude_none=True) for a in items])
        return
    columns = ["id", "name", "kind", "sector", "parent", "aliases"]
    rows = [(a.id, a.name, a.kind.value, a.sector.value if a.sector else "", a.parent or "",
             "; ".join(a.aliases)) for a in items]
    if fmt == "csv":
        click.echo(to_csv(columns, rows), nl=False)
        return
    # For people: the name over the id to type, codes as words ('state_body' -> 'state
    # body'), so that the table fits 100 columns without cutting words. CSV and JSON keep
    # one column per field and the codes.
    echo_table(f"{len(rows)} actors {where}", ["actor", "kind", "parent", "aliases"],
               [(f"{name}\n{actor_id}",
                 ", ".join(x.replace("_", " ") for x in (kind, sector) if x), parent, aliases)
                for actor_id, name, kind, sector, parent, aliases in rows])


@click.command()
@out_option(help="Directory to write to [default: recommendations/schemas].",
            file_okay=False)
def schemas(out: Path | None) -> None:
    """Write JSON Schemas of every data file kind, for editors to validate against."""
    target = out or recommendations_dir() / "schemas"
    for path in write_schemas(target):
        click.echo(str(path))


def is_methodology_file(path: Path) -> bool:
    return path.name.startswith("methodology-v") and path.suffix in (".yaml", ".yml")



COMMANDS = [validate, recommendations, actors, schemas]
