"""The texts as gettext catalogs, the way translators work: `geo/render/locale/<lang>/LC_MESSAGES/dvk.po`,
one message per key (msgid: the key; plural forms as the CLDR category in msgctxt), a template
`geo/render/locale/dvk.pot` extracted from the code with Babel, `.mo` files compiled with Babel.

    python -m geo.translations extract   # code -> dvk.pot (keys passed to t, tn, say, N_)
    python -m geo.translations update    # dvk.pot -> each dvk.po (new keys empty, gone ones obsolete)
    python -m geo.translations compile   # each dvk.po -> dvk.mo (what the app reads)

Keys the code builds at run time (f"targets.status.{status}") cannot be extracted; every key
already in the Vietnamese catalog under such a prefix is kept in the template.
"""

from __future__ import annotations

import argparse
import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from geo.settings import ROOT

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "dvk"
LANGS = ("vi", "en", "fr")
SOURCE_LANG = "vi"  # the language the keys are first written in
KEYWORDS = {"t": (1,), "tn": (1,), "say": (2,), "N_": None}
# Babel's extractor skips calls inside f-strings; these two find them and the key prefixes the
# code completes at run time.
KEY = r"[a-z][a-z_0-9]*(?:\.[a-z_0-9]+)+"
EMBEDDED = re.compile(rf"""\btn?\(\s*['"]({KEY})['"]""")
DYNAMIC = re.compile(r"""\bf["']([a-z_]+\.[a-z_0-9.]*)\{""")
EXTRA_PREFIXES = ("page.", "error.", "role.")  # keys named from data: page ids, error classes


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(lang: str) -> Catalog:
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def write_catalog(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, ignore_obsolete=True)
    path.write_bytes(buffer.getvalue())


def mo_bytes(lang: str) -> bytes:
    """The compiled catalog of `lang` (what `compile` writes), made from its .po."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(lang))
    return buffer.getvalue()


def _sources() -> list[Path]:
    return [*ROOT.glob("geo/**/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("pages/*.py"),
            ROOT / "dashboard.py"]


def extract() -> Catalog:
    """Keys found by Babel's extractor in the code, plus the existing keys under the prefixes
    the code completes at run time."""
    template = Catalog(project="dvk", domain=DOMAIN)
    for folder in ("geo", "ui", "pages"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS):
            if isinstance(message, str) and re.fullmatch(KEY, message):
                template.add(message, locations=[(f"{folder}/{filename}", lineno)])
    for filename, lineno, message, *_ in extract_from_dir(
            ROOT, method_map=[("dashboard.py", "python")], keywords=KEYWORDS):
        template.add(message, locations=[(filename, lineno)])
    prefixes = set(EXTRA_PREFIXES)
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        prefixes |= set(DYNAMIC.findall(text))
        for key in EMBEDDED.findall(text):
            if key not in template:
                template.add(key, locations=[(str(path.relative_to(ROOT)), 0)])
    plural = set()
    for lang in LANGS:  # a plural text: one entry per CLDR category any language needs
        for entry in read_catalog(lang):
            key = entry.id if isinstance(entry.id, str) else ""
            wanted = key and (key in template or key.startswith(tuple(prefixes)))
            if wanted and entry.context:
                template.add(key, context=entry.context)
                plural.add(key)
            elif wanted and lang == SOURCE_LANG and key not in template:
                template.add(key)
    for key in plural:
        del template[key]
    return template


def update(template: Catalog) -> None:
    """Each language's catalog follows the template; plural categories a language does not
    have (Vietnamese has only "other") are left out of it."""
    from babel import Locale

    for lang in LANGS:
        catalog = read_catalog(lang)
        catalog.update(template, no_fuzzy_matching=True)
        needed = Locale.parse(lang).plural_form.tags | {"other"}
        for message in list(catalog):
            if message.context and message.context not in needed:
                catalog.delete(message.id, context=message.context)
        write_catalog(catalog, po_path(lang))


def compile_all() -> None:
    for lang in LANGS:
        po_path(lang).with_suffix(".mo").write_bytes(mo_bytes(lang))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("extract", "update", "compile"))
    command = parser.parse_args(argv).command
    if command == "extract":
        write_catalog(extract(), LOCALE_DIR / f"{DOMAIN}.pot")
    elif command == "update":
        with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as handle:
            update(read_po(handle))
    else:
        compile_all()
