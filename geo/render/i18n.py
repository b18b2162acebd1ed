"""Texts in the chosen language (vi default, en, fr) from the gettext catalogs in geo/render/locale
(see render.translations), plural forms by Babel's CLDR rules, and number formatting."""

from __future__ import annotations

import io
import math
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel import Locale
from babel.messages.mofile import read_mo
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from geo.records import vocab
from geo.render import translations

LANGUAGES = {"vi": "Tiếng Việt", "en": "English", "fr": "Français"}
LOCALES = {"vi": "vi_VN", "en": "en_GB", "fr": "fr_FR"}


def language_tag(lang: str) -> str:
    """"vi-VN": the language as documents declare it (Word, PowerPoint, HTML)."""
    return LOCALES[lang].replace("_", "-")

def _load() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[dict[str, str], ...]]]:
    """Every text of the gettext catalogs (geo/render/locale): key -> (vi, en, fr), and for plural
    texts key -> one {CLDR category: text} per language. Reads the compiled .mo files, or the
    .po files when no .mo is newer (a checkout that was never compiled still runs)."""
    texts: dict[str, list[str]] = {}
    plurals: dict[str, list[dict[str, str]]] = {}
    for i, lang in enumerate(LANGUAGES):
        po = translations.po_path(lang)
        mo = po.with_suffix(".mo")
        fresh = mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime
        data = mo.read_bytes() if fresh else translations.mo_bytes(lang)
        for message in read_mo(io.BytesIO(data)):
            if not message.id or (message.context and not message.string):
                continue
            if message.context and message.string:
                plurals.setdefault(message.id, [{}, {}, {}])[i][message.context] = message.string
            else:
                texts.setdefault(message.id, ["", "", ""])[i] = message.string
    return ({k: tuple(v) for k, v in texts.items()}, {k: tuple(v) for k, v in plurals.items()})


CATALOG, PLURALS = _load()


def tn(key: str, n: int, lang: str = "vi", **values: object) -> str:
    """The plural form of `key` for the number `n` in `lang`, `n` written as `lang` writes it."""
    forms = PLURALS[key][tuple(LANGUAGES).index(lang)]
    form = Locale.parse(LOCALES[lang]).plural_form(n)
    return forms.get(form, forms["other"]).format(n=number(n, lang), **values)


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The catalog text for `key` in `lang`, with `values` filled in."""
    text = CATALOG[key][tuple(LANGUAGES).index(lang)]
    return text.format(**values) if values else text


@lru_cache(maxsize=8)
def _symbols(lang: str) -> tuple[str, str]:
    return get_group_symbol(LOCALES[lang]), get_decimal_symbol(LOCALES[lang])


def number(value: float | int | None, lang: str, digits: int = 0) -> str:
    """A number as the language writes it: 1.234,5 (vi), 1,234.5 (en), 1 234,5 (fr).

    What Babel's `format_decimal` writes (CLDR symbols, half-even rounding of the decimal
    written form), done here directly: maps format thousands of numbers per page."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float) and math.isinf(value):
        return format_decimal(value, locale=LOCALES[lang])
    exact = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(int(value))
    rounded = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    if rounded.is_zero():
        rounded = abs(rounded)
    group, decimal = _symbols(lang)
    text = f"{rounded:,.{digits}f}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


def percent(share: float, lang: str) -> str:
    return number(share * 100, lang, 1) + ("\u00a0%" if lang == "fr" else "%")


def domain_label(key: str, lang: str) -> str:
    if key == "mixed":
        return t("legend.mixed", lang)
    return vocab.label(vocab.DOMAINS, key, lang)
