"""The messages of the PDFs and the state of their Russian and Kazakh catalogs.

A message is the first argument of a `.t("...")` call in the PDF renderers (string literals,
read from the source with `ast`, so implicit concatenation over lines counts as one message).
`python -m hrdscore.render.pdf.catalogs` lists what a catalog lacks and what it keeps that no
renderer uses any more; `--write` adds the missing (empty, for a translator) and drops the
stale. The tests require none of either.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from hrdscore.render.pdf.words import po_path

SOURCES: Final = Path(__file__).parent
LANGS: Final = ("ru", "kk")


def messages() -> list[str]:
    """Every message passed to `.t(...)` in the renderers, in a stable order."""
    found: dict[str, None] = {}
    for path in sorted(SOURCES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "t" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found[node.args[0].value] = None
    return list(found)


@dataclass(frozen=True)
class CatalogState:
    lang: str
    missing: list[str]
    stale: list[str]


def read_catalog(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, project="hrdscore", domain="pdf")
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def state(lang: str) -> CatalogState:
    translated = {str(m.id): m.string for m in read_catalog(lang) if m.id}
    used = messages()
    return CatalogState(lang, [m for m in used if not translated.get(m)],
                        sorted(set(translated) - set(used)))


def write(lang: str) -> None:
    old = read_catalog(lang)
    new = Catalog(locale=lang, project="hrdscore", domain="pdf", fuzzy=False)
    for message in messages():
        found = old.get(message)
        new.add(message, found.string if found is not None else "")
    with po_path(lang).open("wb") as handle:
        write_po(handle, new, width=100, omit_header=False, sort_output=False)


def main(argv: list[str]) -> int:
    bad = False
    for lang in LANGS:
        if "--write" in argv:
            write(lang)
        found = state(lang)
        for message in found.missing:
            print(f"{po_path(lang)}: no translation of {message!r}")
        for message in found.stale:
            print(f"{po_path(lang)}: {message!r} is used by no PDF")
        bad = bad or bool(found.missing or found.stale)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
