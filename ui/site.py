"""The app's pages, one registry: key, file, URL path, title and own link parameters, used by
`dashboard.py`'s navigation, links between pages and the tests; and the one Streamlit internal
the deep links need, isolated here."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from geo.render import i18n
from ui import state


@dataclass(frozen=True)
class Page:
    key: str
    path: str  # the URL path, and the file's name in pages/
    title: str  # catalog key
    params: tuple[state.Param, ...] = ()

    @property
    def file(self) -> str:
        return f"pages/{self.path}.py"


PAGES = (
    Page("overview", "tong-quan", "page.overview"),
    Page("domains", "linh-vuc", "page.domains"),
    Page("replication", "nhan-rong", "page.replication"),
    Page("targets", "chi-tieu", "page.targets", (state.TARGET_YEAR_PARAM,)),
    Page("present", "trinh-chieu", "present.present",
         (state.DECK, state.SLIDE, state.SECONDS)),
    Page("data", "du-lieu", "page.data"),
    Page("about", "gioi-thieu", "page.about"),
)
BY_KEY = {page.key: page for page in PAGES}
HOME = "trang-chu"  # the default page's path at "/" (the overview also answers at its own)
# parameters a page keeps in the link beside the shared filters
PAGE_PARAMS = (*(p for page in PAGES for p in page.params), state.AUDIENCE_PARAM)


def navigation(lang: str):
    """The `st.navigation` of every page, the overview first (at "/" and at its own path, so
    bookmarks and shared links of either answer)."""
    pages = [st.Page(PAGES[0].file, title=i18n.t(PAGES[0].title, lang), url_path=HOME,
                     default=True),
             st.Page(PAGES[0].file, title=i18n.t(PAGES[0].title, lang), url_path=PAGES[0].path,
                     visibility="hidden")]
    pages += [st.Page(page.file, title=i18n.t(page.title, lang), url_path=page.path)
              for page in PAGES[1:]]
    return st.navigation(pages)


def adopt_navigation() -> None:
    """Make the next run go through `st.navigation`. On a fresh server the first session runs
    pages/ as an old-style multipage app, so a deep link runs its page file directly; this
    sets what `st.navigation` itself sets (a private attribute: tests/app/test_state.py fails
    loudly if Streamlit renames it)."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
