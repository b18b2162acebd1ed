"""Bytes to text without guessing: a byte-order mark, UTF-16 by its zero bytes, else UTF-8; when
UTF-8 fails the user chooses among `ENCODINGS`, ranked for the file, each with a preview."""

from __future__ import annotations

import codecs
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
    few bytes, else the code pages as charset-normalizer ranks them for these bytes."""
    from charset_normalizer import from_bytes

    sample = data[:200_000]
    decoded = sample.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    good = sum(1 for ch in decoded if ord(ch) > 127) - bad
    mostly_utf8 = good > 0 and bad <= max(2, good // 50)
    ranked = [m.encoding for m in from_bytes(sample, cp_isolation=["cp1258", "cp1252"])]
    pages = [e for e in ranked if e in ENCODINGS] + [e for e in ("cp1258", "cp1252")
                                                     if e not in ranked]
    return ["utf-8-replace", *pages] if mostly_utf8 else [*pages, "utf-8-replace"]


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
