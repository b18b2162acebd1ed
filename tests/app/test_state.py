"""Streamlit state in one place: every session key and URL parameter is declared in `ui/state.py`
and reached through it; every page in `ui/site.py`; the one Streamlit internal the deep links
need is checked here, so a Streamlit upgrade that renames it fails this test, not a user's link."""

from __future__ import annotations

import ast
import dataclasses
import re

from geo.analysis.filters import Filters
from geo.settings import ROOT
from ui import site, state

CODE = [*ROOT.glob("ui/*.py"), *ROOT.glob("pages/*.py"), ROOT / "dashboard.py"]


def test_no_module_but_the_registry_touches_session_state_or_the_link():
    """`st.session_state` and `st.query_params` appear in `ui/state.py` only (a keyword
    argument of that name, as `st.page_link(query_params=...)` takes, is not state)."""
    found = []
    for path in CODE:
        if path.name == "state.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("session_state", "query_params"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.attr}")
    assert not found


def registered() -> list[state.Key | state.Family | state.Param]:
    values = [v for v in vars(state).values()
              if isinstance(v, (state.Key, state.Family, state.Param))]
    return [*values, *state.FILTERS.values()]


def test_each_key_has_one_name_in_one_convention():
    keys = [k.name if isinstance(k, state.Key) else k.prefix for k in registered()
            if not isinstance(k, state.Param)]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z]+_[a-z_]+", k) for k in keys), keys
    assert all(k.owner for k in registered())


def test_a_pages_own_parameters_never_shadow_the_shared_filters():
    filters = {f.name for f in dataclasses.fields(Filters)}
    own = [p.name for p in site.PAGE_PARAMS]
    assert len(own) == len(set(own)) and not set(own) & filters
    assert state.LANG.name in filters


def test_every_page_file_is_registered_once_and_exists():
    files = sorted(p.name for p in (ROOT / "pages").glob("*.py"))
    assert sorted(f"{page.path}.py" for page in site.PAGES) == files
    assert len({page.key for page in site.PAGES}) == len(site.PAGES)
    assert site.HOME not in {page.path for page in site.PAGES}


def test_the_streamlit_internal_deep_links_need_is_still_there():
    """`st.navigation` marks the session's pages as its own through this class attribute; on a
    fresh server a deep link's first run needs it set the same way (`site.adopt_navigation`)."""
    from streamlit.runtime.pages_manager import PagesManager

    assert "uses_pages_directory" in vars(PagesManager), (
        "Streamlit no longer has PagesManager.uses_pages_directory: deep links on a fresh server "
        "need another way to hand the run to st.navigation (ui/site.adopt_navigation)")
    before = PagesManager.uses_pages_directory
    try:
        PagesManager.uses_pages_directory = True
        site.adopt_navigation()
        assert PagesManager.uses_pages_directory is False
    finally:
        PagesManager.uses_pages_directory = before
