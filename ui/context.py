"""What every page shares: the run's set-up, its context (language, filters, store, selected
models), the illustrative-data banner and credits."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
import streamlit as st

from geo import boundaries, palette, settings
from geo.analysis import aggregate
from geo.analysis.filters import Filters
from geo.errors import DvkError
from geo.records import export
from geo.render import i18n
from geo.store import database, demo, store
from ui import loaders, messages, sidebar, site, state

LOG = logging.getLogger(__name__)
PAGE_CSS = (Path(__file__).parent / "assets" / "page.css").read_text(encoding="utf-8")


@dataclass
class Context:
    """What a page needs: language, filters, the store and the prepared models."""

    lang: str
    filters: Filters
    engine: sa.Engine
    prepared: aggregate.Prepared
    mask: np.ndarray
    replications: pd.DataFrame
    is_demo: bool
    url: str = ""
    version: tuple[int, int] = (0, 0)

    @property
    def selected(self) -> pd.DataFrame:
        return self.prepared.frame[self.mask]


def current() -> Context:
    """The context `dashboard.py` built for this run (pages call this).

    On a fresh server the first session runs pages/ as an old-style multipage app, so a deep
    link runs its page file directly, without `dashboard.py`. A session's first run is rerun at
    once through the app's own navigation; a later one (only AppTest makes those, as it starts
    every run afresh) builds the same context itself so that no click is lost.
    """
    ctx = state.CONTEXT.get()
    if ctx is None:
        site.adopt_navigation()
        if not state.FILTERS_READY.get():  # a session's first run: nothing to lose
            st.rerun()
        setup()
        return build()
    return ctx


def setup() -> None:
    """What every run needs before any element: the page set-up, the map assets and the type
    scale (16 px text; on phones the figures two by two so the map is on the first screen)."""
    st.set_page_config(page_title="Dân vận khéo – Quảng Nam", page_icon="🗺️", layout="wide")
    loaders.static_files(str(settings.path("DVK_STATIC_DIR")))
    st.sidebar.html(f"<style>{palette.css_variables()}{PAGE_CSS}</style>")
    # the page's language for screen readers and hyphenation (Streamlit's page says "en")
    st.sidebar.html(f"<script>document.documentElement.lang = "
                    f"{json.dumps(messages.language())};</script>", unsafe_allow_javascript=True)


def build() -> Context:
    """Load (cached), read the sidebar filters, and return what the pages share.

    Runs in `dashboard.py`, so the sidebar widgets belong to every page and keep their values
    when the page changes. A store or layer that cannot be read stops with a translated error.
    """
    try:
        eng = loaders.engine()
        url = database.url()
        version = store.version(eng)
        prepared = loaders.prepared(url, version)
    except DvkError as error:
        messages.show_error(error, messages.language())
        st.stop()
    except sa.exc.SQLAlchemyError:  # the driver's words (host, user) go to the server's log only
        LOG.exception("the data store cannot be read")
        st.error(i18n.t("error.store", messages.language()))
        st.stop()
    latest = int(max(prepared.year.max(initial=2024), 2024))
    filters = sidebar.sidebar(latest)
    ctx = Context(messages.language(), filters, eng, prepared, aggregate.select(prepared, filters),
                  loaders.replications(url, version), loaders.is_demo(url, version), url, version)
    return ctx


def banner(ctx: Context) -> None:
    """The illustrative-data notice, on every page while the demo data is what is shown."""
    slot = st.container()  # present either way, so the elements below keep their places
    if ctx.is_demo:
        slot.warning(i18n.t("app.demo_banner", ctx.lang), icon="ℹ️")


def import_format(ctx: Context) -> pd.DataFrame:
    """The selected models in the import template's columns: edit and import them back."""
    districts = loaders.layers()["districts"]
    return export.import_frame("models", ctx.selected, loaders.place_names().to_dict(),
                               boundaries.unit_names(districts))


def map_note(ctx: Context) -> str:
    """The line under each legend: the illustrative-data label while the demo is shown."""
    return i18n.t("app.demo_short", ctx.lang) if ctx.is_demo else ""


def credit(ctx: Context) -> str:
    note = f" · {i18n.t('app.demo_short', ctx.lang)}" if ctx.is_demo else ""
    return boundaries.CREDIT[ctx.lang] + note


def demo_notice(ctx: Context) -> str | None:
    """The label exports carry while the illustrative data is shown."""
    return demo.NOTICE if ctx.is_demo else None


def unplaced_notice(ctx: Context) -> None:
    """Say how many selected models the chosen geography cannot show, in a slot that is always
    there (so the map below keeps its place and is not remounted)."""
    off = aggregate.unplaced(ctx.prepared, ctx.mask, ctx.filters.geography)
    slot = st.container()
    if sum(off.values()):
        slot.info(i18n.tn("overview.unplaced", sum(off.values()), ctx.lang,
                          province=i18n.number(off["province_level"], ctx.lang),
                          other=i18n.number(off["other"], ctx.lang)))
