"""The messages of the pages and the state of their Russian and Kazakh catalogs.

`python -m hrdscore.web.catalogs` lists what a catalog lacks (missing or empty translations)
and what it holds that no page uses any more (stale); `--write` adds the missing messages
(empty, for a translator) and drops the stale ones. The tests require none of either.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

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


@dataclass(frozen=True)
class CatalogState:
    lang: str
    missing: list[str]  # used by a page, no translation
    stale: list[str]  # in the catalog, used by no page


def read_catalog(lang: str) -> Catalog:
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def state(lang: str) -> CatalogState:
    catalog = read_catalog(lang)
    translated = {str(m.id): m.string for m in catalog if m.id}
    used = messages()
    return CatalogState(lang, [m for m in used if not translated.get(m)],
                        sorted(set(translated) - set(used)))


def write(lang: str) -> None:
    """Add missing messages (untranslated) and drop stale ones."""
    old = read_catalog(lang)
    new = Catalog(locale=lang, project="hrdscore", header_comment=old.header_comment,
                  fuzzy=False, creation_date=old.creation_date,
                  revision_date=old.revision_date)
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
            print(f"{po_path(lang)}: {message!r} is used by no page")
        bad = bad or bool(found.missing or found.stale)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
