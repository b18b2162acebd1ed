"""Text from files, the store or the URL shown as plain text inside Streamlit's Markdown."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&='\"^@/])")
# GFM turns bare addresses into links even when their punctuation is escaped: an invisible word
# joiner inside the scheme, "www" or before "@" keeps them text.
_AUTOLINK = re.compile(r"(?i)(?<=h)(?=ttps?\\:)|(?<=f)(?=tp\\:)|(?<=w)(?=ww\\\.)|(?=\\@)")
WORD_JOINER = "\u2060"


def escape_markdown(text: object) -> str:
    """Backslash before every character Markdown (or Streamlit's :directives:) could act on,
    line breaks folded and bare addresses broken, so links, images, HTML and autolinks stay
    text."""
    folded = re.sub(r"[\r\n\u2028\u2029]+", " ", str(text))
    return _AUTOLINK.sub(WORD_JOINER, _MARKDOWN_SPECIAL.sub(r"\\\1", folded))
