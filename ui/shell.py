"""The Streamlit side shared by every page: cached loaders, language, sidebar filters, banner."""

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
from geo.analysis.filters import (
    BASEMAPS,
    CLASSIFICATIONS,
    GEOGRAPHIES,
    LANGUAGES,
    MEASURES,
    Filters,
    from_query,
    to_query,
)
from geo.errors import DvkError
from geo.records import database, demo, export, vocab
from geo.render import i18n
from geo.timeline import FIRST_YEAR
from ui import loaders, messages

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
    ctx = st.session_state.get("dvk_context")
    if ctx is None:
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False  # what st.navigation does: next run is ours
        if not st.session_state.get("filters_ready"):  # a session's first run: nothing to lose
            st.rerun()
        setup()
        return context()
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


def context() -> Context:
    """Load (cached), read the sidebar filters, and return what the pages share.

    Runs in `dashboard.py`, so the sidebar widgets belong to every page and keep their values
    when the page changes. A store or layer that cannot be read stops with a translated error.
    """
    try:
        eng = loaders.engine()
        url = database.url()
        version = loaders.store_version(eng)
        prepared = loaders.prepared(url, version)
    except DvkError as error:
        messages.show_error(error, messages.language())
        st.stop()
    except sa.exc.SQLAlchemyError:  # the driver's words (host, user) go to the server's log only
        LOG.exception("the data store cannot be read")
        st.error(i18n.t("error.store", messages.language()))
        st.stop()
    latest = int(max(prepared.year.max(initial=2024), 2024))
    filters = sidebar(latest)
    ctx = Context(messages.language(), filters, eng, prepared, aggregate.select(prepared, filters),
                  loaders.replications(url, version), loaders.is_demo(url, version), url, version)
    return ctx


def _init_from_url(latest: int) -> None:
    districts = set(loaders.layers()["districts"]["code"])
    params = {k: st.query_params.get(k) for k in st.query_params.keys()}
    filters, problems = from_query(params, latest_year=latest, districts=districts)
    st.session_state.update({
        "f_lang": filters.lang, "f_domains": list(filters.domains),
        "f_years": (filters.year_from, filters.year_to), "f_districts": list(filters.districts),
        "f_typical": filters.typical_only, "f_units": list(filters.units),
        "f_geography": filters.geography, "f_measure": filters.measure,
        "f_classification": filters.classification, "f_basemap": filters.basemap,
        "url_problems": problems, "filters_ready": True})


# a page's own link parameters, kept beside the shared filters
PAGE_PARAMS = ("target_year", "deck", "slide", "seconds", "audience")
FILTER_KEYS = ("f_lang", "f_domains", "f_years", "f_districts", "f_typical", "f_units",
               "f_geography", "f_measure", "f_classification", "f_basemap")


def sidebar(latest: int) -> Filters:
    """The shared filters in the sidebar, kept in the URL so a copied link reproduces the view."""
    if not st.session_state.get("filters_ready"):
        _init_from_url(latest)
    for key in FILTER_KEYS:  # kept as set values: they survive the sidebar being drawn by
        st.session_state[key] = st.session_state[key]  # another script (see `current`)
    # an import or undo can move the newest year; the chosen range stays within the data's
    low, high = (min(max(int(y), FIRST_YEAR), latest) for y in st.session_state["f_years"])
    st.session_state["f_years"] = (low, high)
    lang = messages.language()
    district_names = boundaries.unit_names(loaders.layers()["districts"])
    with st.sidebar:
        st.selectbox(i18n.t("app.language", lang), list(LANGUAGES), key="f_lang",
                     format_func=i18n.LANGUAGES.get)
        lang = messages.language()
        st.header(i18n.t("filter.header", lang))
        st.multiselect(i18n.t("filter.domains", lang), list(vocab.DOMAINS), key="f_domains",
                       format_func=lambda k: i18n.domain_label(k, lang),
                       placeholder=i18n.t("filter.all", lang))
        st.slider(i18n.t("filter.years", lang), FIRST_YEAR, latest, key="f_years")
        st.multiselect(i18n.t("filter.districts", lang), list(district_names), key="f_districts",
                       format_func=district_names.get, placeholder=i18n.t("filter.all", lang))
        st.toggle(i18n.t("filter.typical_only", lang), key="f_typical")
        st.multiselect(i18n.t("filter.units", lang), list(vocab.UNITS), key="f_units",
                       format_func=lambda k: vocab.label(vocab.UNITS, k, lang),
                       placeholder=i18n.t("filter.all", lang))
        st.selectbox(i18n.t("filter.geography", lang), GEOGRAPHIES, key="f_geography",
                     format_func=lambda k: i18n.t(f"geography.{k}", lang))
        st.selectbox(i18n.t("filter.measure", lang), MEASURES, key="f_measure",
                     format_func=lambda k: i18n.t(f"measure.{k}", lang))
        st.selectbox(i18n.t("filter.classification", lang), CLASSIFICATIONS,
                     key="f_classification",
                     format_func=lambda k: i18n.t(f"classification.{k}", lang))
        st.selectbox(i18n.t("filter.basemap", lang), BASEMAPS, key="f_basemap",
                     format_func=lambda k: i18n.t(f"basemap.{k}", lang))
        if st.session_state.get("url_problems"):
            messages.say(st.warning, "filter.bad_url", lang,
                items=", ".join(st.session_state["url_problems"]))
    s = st.session_state
    filters = Filters(domains=tuple(s["f_domains"]), year_from=int(s["f_years"][0]),
                      year_to=int(s["f_years"][1]), districts=tuple(s["f_districts"]),
                      typical_only=bool(s["f_typical"]), units=tuple(s["f_units"]),
                      geography=s["f_geography"], measure=s["f_measure"],
                      classification=s["f_classification"], basemap=s["f_basemap"], lang=lang)
    kept = {k: st.query_params[k] for k in PAGE_PARAMS if k in st.query_params}
    st.query_params.from_dict({**to_query(filters, latest_year=latest), **kept})
    return filters


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
