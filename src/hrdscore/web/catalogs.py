"""The messages of the pages and the state of their Russian and Kazakh catalogs.

`python -m hrdscore.web.catalogs` lists what a catalog lacks (missing or empty translations)
and what it holds that no page uses any more (stale); `--write` adds the missing messages
(empty, for a translator) and drops the stale ones. The tests require none of either.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog

from hrdscore import po_catalogs
from hrdscore.po_catalogs import CatalogState
from hrdscore.web.i18n import po_path
from hrdscore.web.render import environment

TEMPLATES: Final = Path(__file__).parent / "templates"
LANGS: Final = ("ru", "kk")
# Words that reach `_()` from Python values rather than literals in a template.
DYNAMIC: Final = ("Recommendation", "Assessor", "response", "measure started", "measure due",
                  "progress report", "assessment", "information request", "measure")


def messages() -> list[str]:
    """Every message the templates pass to `_`, and the DYNAMIC ones, in a stable order."""
    found: dict[str, None] = {}
    env = environment()
    for path in sorted(TEMPLATES.glob("*.html")):
        source = path.read_text(encoding="utf-8")
        found_here = env.extract_translations(source)  # type: ignore[attr-defined]
        for _line, _func, message in found_here:
            # A call with values (`_("%(n)s actors", n=n)`) comes as (message, None).
            text = message[0] if isinstance(message, tuple) else message
            if isinstance(text, str):
                found[text] = None
    for word in DYNAMIC:
        found[word] = None
    return list(found)


def read_catalog(lang: str) -> Catalog:
    return po_catalogs.read_catalog(po_path(lang), lang, None)


def state(lang: str) -> CatalogState:
    return po_catalogs.catalog_state(lang, read_catalog(lang), messages())


def main(argv: list[str]) -> int:
    return po_catalogs.check(LANGS, po_path, messages(), "page", argv, None)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
