"""Vietnamese unit names: canonical keys for matching, type prefixes, accent folding.

Spreadsheet names arrive in many spellings of one name ("Xã Trà Ka", "X. Trà Ka", "xa tra ka",
"TRÀ KA"); these functions turn each into comparable keys without ever merging two real names
(Tam Thanh and Tam Thạnh keep different accented keys, and share only their accent-less key).
"""

from __future__ import annotations

import re
import unicodedata

# Prefix spellings, accent-less and lower-case, tried in this order (a spelling before any
# shorter one it starts with: "tt." before "tt").
_COMMUNE_PREFIXES = {
    "thi tran": "thị trấn", "tt.": "thị trấn", "tt": "thị trấn", "t.tran": "thị trấn",
    "phuong": "phường", "p.": "phường", "ph.": "phường",
    "xa": "xã", "x.": "xã",
}
_DISTRICT_PREFIXES = {
    "thanh pho": "thành phố", "tp.": "thành phố", "tp": "thành phố", "t.p.": "thành phố",
    "thi xa": "thị xã", "tx.": "thị xã", "tx": "thị xã",
    "huyen": "huyện", "h.": "huyện",
}

# Old-style tone placement ("hoà", "thuỷ") -> new style ("hòa", "thủy"), only at a word's end.
_TONES = {"\u0300": "grave", "\u0301": "acute", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}
_OLD_TO_NEW: dict[str, str] = {}
for _mark in _TONES:
    for _first, _second in (("o", "a"), ("o", "e"), ("u", "y")):
        old = unicodedata.normalize("NFC", _first + _second + _mark)
        new = unicodedata.normalize("NFC", _first + _mark + _second)
        _OLD_TO_NEW[old] = new
_OLD_TONE_RE = re.compile("(" + "|".join(_OLD_TO_NEW) + r")(?![\w])")
_SPACE_RE = re.compile(r"\s+")
_PUNCT_RE = re.compile(r"[^\w\s]")


def clean_text(text: str) -> str:
    """NFC, the Icelandic Ð typed for Đ mended, white space folded; keeps case and accents."""
    text = unicodedata.normalize("NFC", str(text))
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    return _SPACE_RE.sub(" ", text).strip()


def clean_block(text: str) -> str:
    """Free text (descriptions, notes): NFC and Đ mended like `clean_text`, but line breaks and
    inner spacing kept (CR LF and CR written as LF, as XLSX stores them); only the white space
    around it is dropped."""
    text = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111").strip()


def new_tone_style(text: str) -> str:
    """Move word-final tone marks to the new placement: "Hoà" -> "Hòa", "Thuỷ" -> "Thủy"."""
    lowered = clean_text(text)
    return _OLD_TONE_RE.sub(lambda m: _OLD_TO_NEW[m.group(1)], lowered)


def strip_accents(text: str) -> str:
    """Drop every diacritic and turn đ into d: "Điện Bàn" -> "Dien Ban"."""
    text = clean_text(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _split_prefix(text: str, prefixes: dict[str, str]) -> tuple[str | None, str]:
    folded = strip_accents(text).lower()
    for spelled in prefixes:
        if folded.startswith(spelled):
            rest_at = len(spelled)
            ends_word = spelled.endswith(".") or rest_at == len(folded) or not folded[rest_at].isalnum()
            if ends_word and text[rest_at:].strip(" .,"):
                return prefixes[spelled], text[rest_at:].strip(" .,")
    return None, text


def split_commune_type(name: str) -> tuple[str | None, str]:
    """("xã" | "phường" | "thị trấn" | None, short name) from a commune name with any prefix."""
    return _split_prefix(clean_text(name), _COMMUNE_PREFIXES)


def split_district_type(name: str) -> tuple[str | None, str]:
    """("huyện" | "thị xã" | "thành phố" | None, short name) from a district name."""
    return _split_prefix(clean_text(name), _DISTRICT_PREFIXES)


def key(name: str) -> str:
    """Accented matching key of a short name: case, spacing, tone style and punctuation folded."""
    text = new_tone_style(clean_text(name).lower())
    text = _PUNCT_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


def ascii_key(name: str) -> str:
    """Accent-less matching key: the same for "Tam Thanh" and "Tam Thạnh"."""
    return key(strip_accents(name))


def commune_key(name: str) -> str:
    """Accented key of a commune name with its type prefix removed."""
    return key(split_commune_type(name)[1])


def district_key(name: str) -> str:
    """Accented key of a district name with its type prefix removed."""
    return key(split_district_type(name)[1])


def titled_type(unit_type: str) -> str:
    """"thị trấn" -> "Thị trấn": the type as it opens a full name."""
    return unit_type[:1].upper() + unit_type[1:]
