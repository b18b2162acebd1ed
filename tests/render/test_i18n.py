"""The catalog is complete in three languages and every key the code uses exists."""

import io
import re
import string

import pytest
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from geo import settings
from geo.records import vocab
from geo.render import i18n

ROOT = settings.ROOT


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(i18n.CATALOG))
def test_every_entry_has_three_languages_with_the_same_placeholders(key):
    vi, en, fr = i18n.CATALOG[key]
    assert vi and en and fr
    assert placeholders(vi) == placeholders(en) == placeholders(fr)


@pytest.mark.parametrize("key", sorted(i18n.PLURALS))
def test_plural_entries_have_every_form_their_language_needs(key):
    from babel import Locale

    for lang, forms in zip(i18n.LANGUAGES, i18n.PLURALS[key]):
        needed = Locale.parse(i18n.LOCALES[lang]).plural_form.tags | {"other"}
        assert needed <= set(forms), (lang, needed - set(forms))
        assert all(placeholders(text) <= placeholders(forms["other"]) for text in forms.values())
    assert i18n.tn("data.import_valid", 1, "en") == "Import the valid row"
    assert i18n.tn("data.import_valid", 2, "en") == "Import the 2 valid rows"
    assert i18n.tn("data.import_valid", 0, "fr") == "Importer la ligne valide"
    assert i18n.tn("data.import_valid", 1234, "vi") == "Nhập 1.234 dòng hợp lệ"


def test_every_key_used_in_code_exists():
    used = set()
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("geo/**/*.py"),
                 ROOT / "dashboard.py"]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\bt\(\s*"([a-z_0-9.]+)"', text))
        assert not [k for k in re.findall(r'\btn\(\s*"([a-z_0-9.]+)"', text)
                    if k not in i18n.PLURALS]
    from geo.store.schema import imports
    for prefix, values in (("geography.", ("communes", "districts", "units_2025")),
                           ("measure.", ("count", "per_10k", "per_100km2")),
                           ("history.", [c.name for c in imports.columns if c.name != "sha256"])):
        used |= {prefix + v for v in values}
    missing = sorted(k for k in used if k not in i18n.CATALOG)
    assert missing == []


def test_error_keys_exist():
    from geo import errors
    for cls in (errors.DvkError, *errors.DvkError.__subclasses__()):
        assert cls.key in i18n.CATALOG


def test_number_formats():
    assert i18n.number(1234.5, "vi", 1) == "1.234,5"
    assert i18n.number(1234.5, "en", 1) == "1,234.5"
    assert i18n.number(1234.5, "fr", 1).replace("\u202f", " ").replace("\u00a0", " ") == "1 234,5"
    assert i18n.number(float("nan"), "vi") == "–"


def test_vocabularies_have_three_labels():
    for vocabulary in (vocab.DOMAINS, vocab.UNITS, vocab.LEVELS, vocab.KINDS, vocab.STATUSES):
        assert all(len(labels) == 3 and all(labels) for labels in vocabulary.values())


def keys_of(catalog) -> set[tuple[str, str | None]]:
    return {(m.id, m.context) for m in catalog if m.id}


def test_the_catalogs_follow_what_the_code_uses():
    """Extracting the keys from the code (Babel) gives the committed template, and every
    language's .po has exactly the template's messages: nothing missing, nothing stale."""
    from babel import Locale
    from babel.messages.pofile import read_po

    from geo.render import translations

    extracted = keys_of(translations.extract())
    with (translations.LOCALE_DIR / "dvk.pot").open("rb") as handle:
        assert keys_of(read_po(handle)) == extracted
    for lang in translations.LANGS:
        needed = Locale.parse(lang).plural_form.tags | {"other"}
        expected = {(k, c) for k, c in extracted if c is None or c in needed}
        catalog = translations.read_catalog(lang)
        assert keys_of(catalog) == expected, lang
        assert all(m.string for m in catalog if m.id), lang


def test_compiled_catalogs_say_what_the_po_files_say():
    from babel.messages.mofile import read_mo

    from geo.render import translations

    for lang in translations.LANGS:
        compiled = read_mo(io.BytesIO(translations.mo_bytes(lang)))
        written = translations.read_catalog(lang)
        assert {(m.id, m.context, m.string) for m in compiled if m.id} == {
            (m.id, m.context, m.string) for m in written if m.id}
    assert i18n.t("page.targets", "fr") == "Objectifs"


@examples(max_examples=400, deadline=None)
@given(value=st.one_of(st.integers(-10**15, 10**15),
                       st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False)),
       lang=st.sampled_from(["vi", "en", "fr"]), digits=st.integers(0, 3))
def test_numbers_are_written_as_babel_writes_them(value, lang, digits):
    """The fast formatter against Babel's format_decimal, the reference: same symbols, same
    half-even rounding; only a negative number that rounds to zero loses Babel's "-0"."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    expected = format_decimal(value, format=pattern, locale=i18n.LOCALES[lang])
    if expected.lstrip("-").strip("0.,") == "":
        expected = expected.lstrip("-")
    assert i18n.number(value, lang, digits) == expected
