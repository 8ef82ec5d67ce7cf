"""The state of a gettext catalog against the messages its code uses: what is missing (no
translation) and what is stale (used nowhere any more), and a writer that adds the missing
messages (empty, for a translator) and drops the stale. Shared by the web pages' catalogs and
the PDFs' (`hrdscore.web.catalogs`, `hrdscore.render.pdf.catalogs`), which differ only in how
they find their messages and where their `.po` files are."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

__all__ = ["CatalogState", "catalog_state", "check", "read_catalog", "write_catalog"]


@dataclass(frozen=True)
class CatalogState:
    lang: str
    missing: list[str]  # used, no translation
    stale: list[str]  # in the catalog, used nowhere


def read_catalog(path: Path, lang: str, domain: str | None = None) -> Catalog:
    """The catalog at `path`; an empty one when the file does not exist yet."""
    if not path.exists():
        return Catalog(locale=lang, project="hrdscore", domain=domain)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=domain)


def catalog_state(lang: str, catalog: Catalog, used: Sequence[str]) -> CatalogState:
    translated = {str(m.id): m.string for m in catalog if m.id}
    return CatalogState(lang, [m for m in used if not translated.get(m)],
                        sorted(set(translated) - set(used)))


def write_catalog(path: Path, lang: str, used: Sequence[str], domain: str | None = None) -> None:
    """Rewrite the catalog at `path` with exactly the `used` messages, keeping translations."""
    old = read_catalog(path, lang, domain)
    new = Catalog(locale=lang, project="hrdscore", domain=domain,
                  header_comment=old.header_comment, fuzzy=False,
                  creation_date=old.creation_date, revision_date=old.revision_date)
    for message in used:
        found = old.get(message)
        new.add(message, found.string if found is not None else "")
    with path.open("wb") as handle:
        write_po(handle, new, width=100, omit_header=False, sort_output=False)


def check(langs: Sequence[str], path_of: Callable[[str], Path], used: Sequence[str],
          where: str, argv: Sequence[str], domain: str | None = None) -> int:
    """The command line of a catalog module: list every problem, `--write` first; exit 1 if
    any remains. `where` names what uses the messages ("page", "PDF")."""
    bad = False
    for lang in langs:
        path = path_of(lang)
        if "--write" in argv:
            write_catalog(path, lang, used, domain)
        found = catalog_state(lang, read_catalog(path, lang, domain), used)
        for message in found.missing:
            print(f"{path}: no translation of {message!r}")
        for message in found.stale:
            print(f"{path}: {message!r} is used by no {where}")
        bad = bad or bool(found.missing or found.stale)
    return 1 if bad else 0
