"""Every Streamlit session key and URL parameter the app reads or writes, in one place: its
name (one convention: `<owner>_<what>`), the module that owns it, its default, and typed
access. No other module touches `st.session_state` or `st.query_params` by name
(tests/app/test_state.py reads the code to hold that), so a new key is added here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import streamlit as st

T = TypeVar("T")


@dataclass(frozen=True)
class Key(Generic[T]):
    """A session key: what a session keeps between reruns (a widget's value or the app's)."""

    name: str
    owner: str
    default: T

    def get(self) -> T:
        return st.session_state.get(self.name, self.default)

    def set(self, value: T) -> None:
        st.session_state[self.name] = value

    def pop(self) -> T:
        return st.session_state.pop(self.name, self.default)

    def setdefault(self, value: T) -> T:
        return st.session_state.setdefault(self.name, value)

    def is_set(self) -> bool:
        return self.name in st.session_state

    def keep(self) -> None:
        """Re-set a widget's value so it survives the widget being drawn by another script."""
        st.session_state[self.name] = st.session_state[self.name]


@dataclass(frozen=True)
class Family:
    """Keys named per item (an uploaded file, a geography): `family(item)` is one of them."""

    prefix: str
    owner: str
    default: Any = None

    def __call__(self, item: object) -> Key:
        return Key(f"{self.prefix}_{item}", self.owner, self.default)


@dataclass(frozen=True)
class Param:
    """A URL parameter: a copied link carries it; `owner` is the page that reads it (or
    "filters", shared by every page)."""

    name: str
    owner: str

    def get(self, default: str | None = None) -> str | None:
        return st.query_params.get(self.name, default)

    def set(self, value: object) -> None:
        st.query_params[self.name] = str(value)


def query() -> dict[str, str]:
    """The link's parameters as they are now (the last value of a repeated one)."""
    return {k: st.query_params[k] for k in st.query_params.keys()}


def set_query(params: dict[str, str]) -> None:
    """Replace the link's parameters (the filters' and the page's own)."""
    st.query_params.from_dict(params)


def session_value(session, key: Key) -> Any:
    """`key` in another session's state (the upload gate runs outside any script run)."""
    try:
        return session.session_state[key.name]
    except KeyError:
        return key.default


# --- the shared filters (ui.sidebar): widget keys, and the link that reproduces them ---------
FILTERS: dict[str, Key[Any]] = {name: Key(f"filter_{name}", "ui.sidebar", None) for name in (
    "lang", "domains", "years", "districts", "typical", "units", "geography", "measure",
    "classification", "basemap")}
FILTERS_READY = Key("filter_ready", "ui.sidebar", False)  # read from the link once a session
URL_PROBLEMS: Key[list[str]] = Key("filter_url_problems", "ui.sidebar", [])
LANG = Param("lang", "filters")

# --- the run's context (ui.context, dashboard.py) -------------------------------------------
CONTEXT: Key[Any] = Key("app_context", "dashboard", None)

# --- who is signed in (ui.access) and what the upload gate lets in (ui.uploads) ------------
ACTOR: Key[Any] = Key("access_actor", "ui.access", None)
NEW_DEVICE: Key[Any] = Key("access_new_device", "ui.access", None)
SIGNIN_USER = Key("access_user", "ui.access", "")
SIGNIN_PASSWORD = Key("access_password", "ui.access", "")  # wiped as soon as it is read
SIGNIN_ERROR: Key[Any] = Key("access_signin_error", "ui.access", None)
MAY_UPLOAD = Key("access_may_upload", "ui.access", False)  # set every run from the actor

# --- the Data page's import (ui.importing) ----------------------------------------------------
IMPORT_PLANS: Key[Any] = Key("import_plans", "ui.importing", None)
IMPORT_SHEETS: Key[Any] = Key("import_sheets", "ui.importing", None)
IMPORT_ENCODINGS: Key[Any] = Key("import_encodings", "ui.importing", None)
IMPORT_CONFIRMATIONS = Family("import_confirm", "ui.importing")  # per uploaded file
TARGETS_SAVED: Key[Any] = Key("targets_saved", "ui.importing", None)
TARGETS_EDITOR: Key[Any] = Key("targets_editor", "ui.importing", None)

# --- the overview's chosen unit, per geography (pages/tong-quan.py) ---------------------------
CLICKED = Family("overview_clicked", "pages/tong-quan.py")  # from the map
PICKED = Family("overview_pick", "pages/tong-quan.py")  # the keyboard's select

# --- the targets page (pages/chi-tieu.py) -----------------------------------------------------
TARGET_YEAR: Key[Any] = Key("targets_year", "pages/chi-tieu.py", None)
TARGET_LEVEL: Key[Any] = Key("targets_level", "pages/chi-tieu.py", None)
TARGET_YEAR_PARAM = Param("target_year", "targets")

# --- the presentation (pages/trinh-chieu.py) --------------------------------------------------
DECK_INDEX = Key("deck_index", "pages/trinh-chieu.py", 0)
DECK = Param("deck", "present")
SLIDE = Param("slide", "present")
SECONDS = Param("seconds", "present")

# --- the audience link (ui.audience) ----------------------------------------------------------
AUDIENCE = Key("audience_shown", "ui.audience", "")  # the snapshot this session published
AUDIENCE_PARAM = Param("audience", "ui.audience")  # kept on every page
