"""Everything a page reads, loaded once and shared: layers and eras per process, the store's
frames per store version (an import or undo changes the version, and so the cache key).
Pages pass their `context.Context` where a loader needs the store's address and version."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from geo import boundaries
from geo.analysis import aggregate, targets, views
from geo.analysis.filters import GEOGRAPHIES, Filters
from geo.boundaries.matching import Gazetteer
from geo.render import deck, i18n
from geo.render.web import assets
from geo.store import database, startup, store
from geo.store.schema import imports
from ui import messages


@st.cache_resource(show_spinner=False)
def static_files(static_dir: str) -> None:
    """Leaflet and the map's own files copied into the served folder, once per process."""
    assets.publish_static(Path(static_dir))


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
    return startup.open_store(url)


def engine() -> sa.Engine:
    """The store named by the settings, migrated; filled with the illustrative data if empty."""
    eng = _engine(database.url())
    if store.count_rows(eng, imports) == 0:
        with st.spinner(i18n.t("app.loading_demo", messages.language())):
            startup.prepare(eng)
    return eng


@st.cache_resource(show_spinner=False)
def place_names() -> pd.Series:
    """Unit name by "era:code", for tables."""
    table = eras()
    return pd.Series(table["name"].to_numpy(), index=table["era"] + ":" + table["code"])


@st.cache_resource(show_spinner=False)
def placement() -> pd.DataFrame:
    return aggregate.placement_table(eras(), layers()["communes"])


@st.cache_resource(show_spinner=False, max_entries=4)
def prepared(url: str, version: tuple[int, int]) -> aggregate.Prepared:
    codes = {g: layers()[g]["code"].tolist() for g in GEOGRAPHIES}
    return aggregate.prepare(store.read_models(_engine(url)), placement(), codes)


@st.cache_resource(show_spinner=False, max_entries=4)
def replications(url: str, version: tuple[int, int]) -> pd.DataFrame:
    return store.read_replications(_engine(url))


@st.cache_resource(show_spinner=False, max_entries=4)
def is_demo(url: str, version: tuple[int, int]) -> bool:
    return store.has_demo(_engine(url))


@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(url: str, version: tuple[int, int]) -> views.Dataset:
    return views.Dataset(layers(), eras(), placement(), prepared(url, version),
                         replications(url, version), is_demo(url, version),
                         store.last_import(_engine(url)), _target_rules(url, version))


def dataset(ctx) -> views.Dataset:
    """What the views and exports read, shared by every session on this store version."""
    return _dataset(ctx.url, ctx.version)


@st.cache_resource(show_spinner=False, max_entries=16)
def _spread(url: str, version: tuple[int, int], ids: tuple[str, ...], geography: str,
            filters: Filters) -> views.Spread:
    return views.spread_of(_dataset(url, version), list(ids), geography, filters=filters)


def spread(ctx, ids: list[str]) -> views.Spread:
    """Where these typical models spread on the page's geography, worked out once per models,
    filters and store version: the flow controls rerun the page and must not redo it."""
    return _spread(ctx.url, ctx.version, tuple(ids), ctx.filters.geography, ctx.filters)


@st.cache_resource(show_spinner=False, max_entries=4)
def _target_rules(url: str, version: tuple[int, int]) -> list[targets.Rule]:
    return targets.rules_from(store.read_targets(_engine(url)))


@st.cache_resource(show_spinner=False, max_entries=32)
def _deck(url: str, version: tuple[int, int], text: str, base: Filters
          ) -> tuple[list[deck.Slide], list[str]]:
    ds = _dataset(url, version)
    slides, problems = deck.parse(text, base, latest_year=ds.latest_year,
                                  districts=set(ds.layers["districts"]["code"]))
    slides, more = deck.expand(slides, ds)
    return slides, problems + more


def deck_of(ctx, text: str) -> tuple[list[deck.Slide], list[str]]:
    """The slides of a link's deck and the items it could not show, worked out once per deck,
    filters and store version (a link is re-read on every rerun)."""
    return _deck(ctx.url, ctx.version, text, ctx.filters)
