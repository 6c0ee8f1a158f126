"""Build-time tools for the message catalogue: find msgids in the code, compile the .po.

Used by ``scripts/catalogue.py`` and the catalogue tests, never at run time (Babel is a
development dependency).
"""

from __future__ import annotations

import ast
import io
import string
from collections.abc import Iterator
from pathlib import Path

from govops.i18n import DOMAIN, LOCALE_DIR

PACKAGE = Path(__file__).parent
#: Function name -> position of the msgid argument.
MARKERS = {"_": 0, "N_": 0, "M_": 0, "Message": 0, "tr": 1}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def _marked(node: ast.Call) -> ast.expr | None:
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    position = MARKERS.get(name or "")
    if position is None or len(node.args) <= position:
        return None
    return node.args[position]


def scan_msgids(root: Path = PACKAGE) -> Iterator[tuple[str, str]]:
    """(msgid, "file:line") for every literal msgid passed to a marker under ``root``."""
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            arg = _marked(node)
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield arg.value, f"{path.relative_to(root.parent)}:{node.lineno}"


def read_catalogue(lang: str) -> dict[str, str]:
    """msgid -> msgstr of the .po (fuzzy entries count as untranslated)."""
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle)
    return {
        str(m.id): ("" if m.fuzzy else str(m.string or ""))
        for m in catalog
        if m.id and isinstance(m.id, str)
    }


def compile_po(lang: str) -> bytes:
    """The .mo bytes Babel compiles from the .po."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def fields(text: str) -> set[str]:
    """The names of a format string's placeholders."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


HEADER = """\
# Chinese (Simplified) messages of govops. English text is the msgid.
# Placeholders are str.format fields: keep their names and format specs.
"""


def add_messages(lang: str, pairs: dict[str, str]) -> None:
    """Add or update msgid -> msgstr pairs in the .po (kept in msgid order)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    path = po_path(lang)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle)
    else:
        catalog = Catalog(locale=lang, project="govops", charset="utf-8")
    for msgid, msgstr in pairs.items():
        existing = catalog.get(msgid)
        if existing is not None:
            existing.string = msgstr
        else:
            catalog.add(msgid, msgstr)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=True, omit_header=False)
