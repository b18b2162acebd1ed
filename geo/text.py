"""The one text gate: characters that XML 1.0 (and so XLSX, DOCX, PPTX and SVG) cannot hold, or
that break screens (C0/C1 controls but tab and line breaks, lone surrogates, U+FFFE, U+FFFF).
Imports, settings and command-line arguments refuse them, naming the code point; text already
stored is shown with U+FFFD in their place, so no export fails for everyone."""

from __future__ import annotations

import re

UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def first_unstorable(text: str) -> str | None:
    """The first character of `text` that cannot be stored, as "U+FFFE", else None."""
    found = UNSTORABLE.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def storable(value: object) -> object:
    """`value` with every character that cannot be stored replaced by U+FFFD (anything that is
    not a string is returned as it is)."""
    return UNSTORABLE.sub(REPLACEMENT, value) if isinstance(value, str) else value
