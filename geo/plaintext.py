"""Text from files, the store or the URL shown as plain text inside Streamlit's Markdown."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&='\"^@/])")


def escape_markdown(text: object) -> str:
    """Backslash before every character Markdown (or Streamlit's :directives:) could act on, and
    line breaks folded, so links, images, HTML and autolinks stay text."""
    folded = re.sub(r"[\r\n\u2028\u2029]+", " ", str(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", folded)
