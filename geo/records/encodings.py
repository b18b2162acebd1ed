"""Bytes to text without guessing: a byte-order mark, UTF-16 by its zero bytes, else UTF-8; when
UTF-8 fails the user chooses among `ENCODINGS`, ranked for the file, each with a preview."""

from __future__ import annotations

import codecs
import re
import unicodedata

from geo.errors import EncodingChoiceError, ImportFileError

# What a user may choose when UTF-8 fails (ranked per file by `encoding_choices`): UTF-8 with bad
# bytes shown as U+FFFD, and the two Windows code pages Vietnamese offices used.
ENCODINGS = ("utf-8-replace", "cp1258", "cp1252")


def decode(data: bytes, file_name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text and the encoding used: a byte-order mark, else UTF-16 by its zero bytes, else
    UTF-8. When UTF-8 fails and no `encoding` was chosen, raise `EncodingChoiceError` naming the
    first bad byte's line, so the user chooses instead of reading mojibake."""
    if encoding:
        try:
            if encoding == "utf-8-replace":
                return _strip_bom(data.decode("utf-8", errors="replace")), encoding
            text = _strip_bom(data.decode(encoding))
            return (unicodedata.normalize("NFC", text) if encoding == "cp1258" else text), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise ImportFileError(f"{file_name}: cannot be read as {encoding} ({exc})",
                                  file=file_name) from exc
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", file_name), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", file_name), "utf-16"
    guessed = _utf16_without_bom(data)
    if guessed:
        return _strict(data, guessed, file_name), guessed
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise EncodingChoiceError(
            f"{file_name}: not valid UTF-8 (line {line}, byte {exc.start + 1}: "
            f"0x{data[exc.start]:02x})", file=file_name, line=line, byte=exc.start + 1,
            choices=", ".join(ENCODINGS)) from exc


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _strict(data: bytes, encoding: str, file_name: str) -> str:
    try:
        return _strip_bom(data.decode(encoding))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportFileError(f"{file_name}: not valid {encoding} (line {line}, byte "
                              f"{exc.start + 1})", file=file_name) from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or '-be' when most of the first bytes' odd or even halves are zero."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def encoding_choices(data: bytes) -> list[str]:
    """`ENCODINGS`, the likeliest first: UTF-8 with replacements when the file is UTF-8 but for a
    few bytes, else the code pages ranked by how well each decodes these bytes (`plausibility`),
    Windows-1258 first on a tie (the code page Vietnamese offices used)."""
    sample = data[:200_000]
    decoded = sample.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    good = sum(1 for ch in decoded if ord(ch) > 127) - bad
    mostly_utf8 = good > 0 and bad <= max(2, good // 50)
    pages = sorted(("cp1258", "cp1252"), key=lambda page: -plausibility(sample, page))
    return ["utf-8-replace", *pages] if mostly_utf8 else [*pages, "utf-8-replace"]


_WORD = re.compile(r"[^\W\d_]+")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SYLLABLE = re.compile(r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
                       r"([aăâeêioôơuưy]{1,3})(ch|ng|nh|[cmnpt])?")
_TONE_AS_WESTERN = re.compile(r"[aeiouyà-æè-ïò-öù-ý][ìòþ]")
_WESTERN = re.compile(r"[a-zß-öø-ÿ]+")  # Latin-1 letters, lower case


def plausibility(data: bytes, encoding: str) -> float:
    """How well `encoding` reads `data`: the share of words with a letter beyond ASCII that
    are well formed in the languages the code page is for (a Vietnamese syllable for
    Windows-1258, a Western European word for Windows-1252), less undecodable bytes and tone
    marks left on no letter. Between -1 and 1; 0 when no word has such a letter."""
    text = unicodedata.normalize("NFC", data.decode(encoding, errors="replace"))
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    stray = text.count("\ufffd") + sum(1 for ch in text if unicodedata.combining(ch))
    if not words and not stray:
        return 0.0
    fits = _vietnamese if encoding == "cp1258" else _western
    return (sum(1 for w in words if fits(w)) - stray) / max(1, len(words))


def _vietnamese(word: str) -> bool:
    """One syllable as Vietnamese writes it: initial, vowels, final, at most one tone mark."""
    parts = unicodedata.normalize("NFD", word.lower())
    if sum(1 for ch in parts if ch in _TONES) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in parts if ch not in _TONES))
    found = _SYLLABLE.fullmatch(bare)
    if not found:
        return False
    vowels, final = found.group(2), found.group(3)
    if "ă" in vowels and not (vowels.endswith("ă") and final):
        return False
    return "â" not in vowels or vowels.endswith(("âu", "ây")) or (vowels.endswith("â")
                                                                   and bool(final))


def _western(word: str) -> bool:
    """A word of a Western European language: Latin-1 letters, capital only first, none of the
    letters only Icelandic uses, and no ì, ò or Þ right after a vowel (where Windows-1258's tone
    marks land when its bytes are read as Windows-1252)."""
    rest = word[1:]
    if rest != rest.lower() and word != word.upper():
        return False
    lower = word.lower()
    if not _WESTERN.fullmatch(lower) or any(ch in "ðþ" for ch in lower):
        return False
    return not _TONE_AS_WESTERN.search(lower)


def preview(data: bytes, encoding: str, *, lines: int = 8) -> tuple[str, int]:
    """The first `lines` lines as `encoding` reads them, and how many characters of the whole
    file it cannot read (shown as U+FFFD). Never raises: it is what the user looks at to choose."""
    codec = "utf-8" if encoding == "utf-8-replace" else encoding
    try:
        text = data.decode(codec, errors="replace")
    except LookupError:
        return "", len(data)
    if encoding == "cp1258":
        text = unicodedata.normalize("NFC", text)
    head = "\n".join(_strip_bom(text).splitlines()[:lines])
    return head, text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")
