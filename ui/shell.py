"""The Streamlit side shared by every page: cached loaders, language, sidebar filters, banner."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa
import streamlit as st

from geo import (aggregate, assets, boundaries, demo, export, i18n, importer, store, targets,
                 views, vocab)
from geo.errors import DvkError
from geo.filters import (BASEMAPS, CLASSIFICATIONS, FIRST_YEAR, GEOGRAPHIES, LANGUAGES, MEASURES,
                         Filters, from_query, to_query)
from geo.matching import Gazetteer
from geo.plaintext import escape_markdown
from geo.schema import imports


@st.cache_resource(show_spinner=False)
def layers() -> dict[str, pd.DataFrame]:
    """Display layers, read once per process (the build made them; nothing is rebuilt here)."""
    return {name: boundaries.read_layer(name)
            for name in (*GEOGRAPHIES, "province")}


@st.cache_resource(show_spinner=False)
def eras() -> pd.DataFrame:
    return boundaries.read_eras()


@st.cache_resource(show_spinner=False)
def gazetteer() -> Gazetteer:
    return Gazetteer(eras(), layers()["districts"])


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> sa.Engine:
    engine = store.make_engine(url)
    store.upgrade(engine)
    return engine


def engine() -> sa.Engine:
    """The store named by the settings, migrated; filled with the illustrative data if empty."""
    eng = _engine(store.database_url())
    if store.count_rows(eng, imports) == 0:
        with st.spinner(i18n.t("app.loading_demo", language())):
            demo.load_demo(eng, gazetteer())
    return eng


def store_version(eng: sa.Engine) -> tuple[int, int]:
    """Changes whenever an import is applied or undone: the key of the cached frames."""
    with eng.connect() as connection:
        row = connection.execute(sa.select(sa.func.max(imports.c.id),
                                           sa.func.count(imports.c.undone_at))).one()
    return int(row[0] or 0), int(row[1] or 0)


@st.cache_resource(show_spinner=False)
def place_names() -> pd.Series:
    """Unit name by "era:code", for tables."""
    table = eras()
    return pd.Series(table["name"].to_numpy(), index=table["era"] + ":" + table["code"])


@st.cache_resource(show_spinner=False)
def placement() -> pd.DataFrame:
    return aggregate.placement_table(eras(), layers()["communes"])


@st.cache_resource(show_spinner=False, max_entries=4)
def _prepared(url: str, version: tuple[int, int]) -> aggregate.Prepared:
    codes = {g: layers()[g]["code"].tolist() for g in GEOGRAPHIES}
    return aggregate.prepare(store.read_models(_engine(url)), placement(), codes)


@st.cache_resource(show_spinner=False, max_entries=4)
def _replications(url: str, version: tuple[int, int]) -> pd.DataFrame:
    return store.read_replications(_engine(url))


@st.cache_resource(show_spinner=False, max_entries=4)
def _is_demo(url: str, version: tuple[int, int]) -> bool:
    return importer.has_demo(_engine(url))


@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(url: str, version: tuple[int, int]) -> views.Dataset:
    return views.Dataset(layers(), eras(), placement(), _prepared(url, version),
                         _replications(url, version), _is_demo(url, version),
                         views.last_import(_engine(url)), _target_rules(url, version))


def dataset(ctx: Context) -> views.Dataset:
    """What the views and exports read, shared by every session on this store version."""
    return _dataset(ctx.url, ctx.version)


@st.cache_resource(show_spinner=False)
def district_merges() -> dict[str, str]:
    return targets.district_merges(eras())


@st.cache_resource(show_spinner=False, max_entries=4)
def _target_rules(url: str, version: tuple[int, int]) -> list[targets.Rule]:
    return targets.rules_from(store.read_targets(_engine(url)))


@st.cache_resource(show_spinner=False, max_entries=12)
def _target_activity(url: str, version: tuple[int, int], level: str) -> pd.DataFrame:
    return targets.activity(_prepared(url, version).frame, _replications(url, version),
                            placement(), district_merges(), level)


def target_rules(ctx: Context) -> list[targets.Rule]:
    """The stored target rules (they change through imports, so the store version keys them)."""
    return _target_rules(ctx.url, ctx.version)


def target_activity(ctx: Context, level: str) -> pd.DataFrame:
    """New models, typical selections and replications per unit of `level` and year."""
    return _target_activity(ctx.url, ctx.version, level)


def language() -> str:
    """The language chosen in the sidebar, else the link's `lang`, else Vietnamese."""
    chosen = st.session_state.get("f_lang") or st.query_params.get("lang", "vi")
    return chosen if chosen in LANGUAGES else "vi"


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


PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"]{padding-top:2.2rem;padding-bottom:2rem}
[data-testid="stCaptionContainer"],[data-testid="stCaptionContainer"] p{font-size:1rem}
iframe[title="streamlit_folium.st_folium"]{max-height:calc(100vh - 80px)}
[data-testid="stMetricLabel"] p,[data-testid="stAlertContainer"] p,
[data-testid="stMarkdownContainer"] p{font-size:1rem}
@media (max-width:640px){
 [data-testid="stMainBlockContainer"]{padding-top:3.2rem}
 h1{font-size:1.9rem !important;padding-bottom:.25rem !important}
 [data-testid="stMetricValue"]{font-size:1.6rem}
 [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]){flex-flow:row wrap !important;
  gap:.25rem 1rem}
 [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"])>[data-testid="stColumn"]{
  flex:1 1 calc(50% - 1rem) !important;min-width:calc(50% - 1rem) !important;
  width:calc(50% - 1rem) !important}
 iframe[title="streamlit_folium.st_folium"]{height:62vh !important}
}
</style>"""


def setup() -> None:
    """What every run needs before any element: the page set-up, the map assets and the type
    scale (16 px text; on phones the figures two by two so the map is on the first screen)."""
    st.set_page_config(page_title="Dân vận khéo – Quảng Nam", page_icon="🗺️", layout="wide")
    assets.publish_static()
    st.sidebar.html(PAGE_CSS)


def context() -> Context:
    """Load (cached), read the sidebar filters, and return what the pages share.

    Runs in `dashboard.py`, so the sidebar widgets belong to every page and keep their values
    when the page changes. A store or layer that cannot be read stops with a translated error.
    """
    try:
        eng = engine()
        url = store.database_url()
        version = store_version(eng)
        prepared = _prepared(url, version)
    except DvkError as error:
        show_error(error, language())
        st.stop()
    except sa.exc.SQLAlchemyError as error:
        say(st.error, "error.store", language(),
            message=str(getattr(error, "orig", None) or error)[:300])
        st.stop()
    latest = int(max(prepared.year.max(initial=2024), 2024))
    filters = sidebar(latest)
    ctx = Context(language(), filters, eng, prepared, aggregate.select(prepared, filters),
                  _replications(url, version), _is_demo(url, version), url, version)
    return ctx


def _init_from_url(latest: int) -> None:
    districts = set(layers()["districts"]["code"])
    params = {k: st.query_params.get(k) for k in st.query_params.keys()}
    filters, problems = from_query(params, latest_year=latest, districts=districts)
    st.session_state.update({
        "f_lang": filters.lang, "f_domains": list(filters.domains),
        "f_years": (filters.year_from, filters.year_to), "f_districts": list(filters.districts),
        "f_typical": filters.typical_only, "f_units": list(filters.units),
        "f_geography": filters.geography, "f_measure": filters.measure,
        "f_classification": filters.classification, "f_basemap": filters.basemap,
        "url_problems": problems, "filters_ready": True})


PAGE_PARAMS = ("target_year", "deck", "slide", "seconds")  # a page's own link parameter, kept beside the shared filters
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
    lang = language()
    district_names = dict(zip(layers()["districts"]["code"], layers()["districts"]["name"]))
    with st.sidebar:
        st.selectbox(i18n.t("app.language", lang), list(LANGUAGES), key="f_lang",
                     format_func=i18n.LANGUAGES.get)
        lang = language()
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
            say(st.warning, "filter.bad_url", lang,
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


def import_format(ctx: Context) -> pd.DataFrame:
    """The selected models in the import template's columns: edit and import them back."""
    districts = layers()["districts"]
    return export.import_frame("models", ctx.selected, place_names().to_dict(),
                               dict(zip(districts["code"], districts["name"])))


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
        slot.info(i18n.t("overview.unplaced", ctx.lang, n=i18n.number(sum(off.values()), ctx.lang),
                         province=i18n.number(off["province_level"], ctx.lang),
                         other=i18n.number(off["other"], ctx.lang)))
