"""The page's language and messages in it: catalog texts in Streamlit's boxes, every value
shown as plain text (values may come from a file or a link)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from geo.analysis.filters import LANGUAGES
from geo.errors import DvkError
from geo.render import i18n
from geo.render.plaintext import escape_markdown
from ui import state


def language() -> str:
    """The language chosen in the sidebar, else the link's `lang`, else Vietnamese."""
    chosen = state.FILTERS["lang"].get() or state.LANG.get("vi")
    return chosen if chosen in LANGUAGES else "vi"


def say(box, key: str, lang: str, **values: object) -> None:
    """A catalog message in a Streamlit box (st.error, st.warning...), every value shown as plain
    text: values may come from a file or a link."""
    box(i18n.t(key, lang, **{k: escape_markdown(v) for k, v in values.items()}))


def show_error(error: DvkError, lang: str) -> None:
    """A user-facing error, translated, with the values it names."""
    values = {**error.values}
    if values.get("role") in ("viewer", "editor", "admin"):
        values["role"] = i18n.t(f"role.{values['role']}", lang)
    say(st.error, error.key, lang, message=str(error), **values)


T = TypeVar("T")


def attempt(action: Callable[[], T], lang: str) -> tuple[bool, T | None]:
    """Run `action` (a write, a read of the user's file); an error the user can act on is shown
    on the page, translated: (False, None). Else (True, what it returned)."""
    try:
        return True, action()
    except DvkError as error:
        show_error(error, lang)
        return False, None
