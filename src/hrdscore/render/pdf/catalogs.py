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
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog

from hrdscore import po_catalogs
from hrdscore.po_catalogs import CatalogState
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


def read_catalog(lang: str) -> Catalog:
    return po_catalogs.read_catalog(po_path(lang), lang, "pdf")


def state(lang: str) -> CatalogState:
    return po_catalogs.catalog_state(lang, read_catalog(lang), messages())


def main(argv: list[str]) -> int:
    return po_catalogs.check(LANGS, po_path, messages(), "PDF", argv, "pdf")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
