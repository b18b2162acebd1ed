"""Showing a folium map in Streamlit: the base map stays the same, the data layer changes."""

from __future__ import annotations

from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.render.web import assets, leaflet
from ui import loaders

FIT_JS = (Path(__file__).parent / "assets" / "fit-map.js").read_text(encoding="utf-8")


@st.cache_resource(show_spinner=False)
def _geojson(layer: str) -> str:
    """The layer's GeoJSON as a file our server serves (its URL): fetched once by each map."""
    text = leaflet.layer_geojson(loaders.layers()[layer], ["code"] if layer != "province" else [])
    return assets.publish_layer(layer, text)


def base_map(geography: str, basemap: str, credit: str, lang: str, *,
             presenting: bool = False) -> folium.Map:
    """A fresh base map (st_folium adds the data layer to it, so the map itself is not cached)."""
    bounds = tuple(loaders.layers()["province"].total_bounds)
    return leaflet.base_map(_geojson(geography), _geojson("province"), bounds, credit=credit,
                         basemap=basemap, lang=lang, presenting=presenting)


def show(fmap: folium.Map, layer: folium.FeatureGroup, *, key: str, height: int = 620,
         fill: bool = False) -> str | None:
    """Render; return the code of the unit last clicked, if any. `fill`: the page's main map,
    as tall as the first screen leaves below it (on a laptop or wider)."""
    if fill:
        st.html(f"<script>{FIT_JS}</script>", unsafe_allow_javascript=True)
    state = st_folium(fmap, feature_group_to_add=layer, key=key, height=height,
                      use_container_width=True, returned_objects=["last_active_drawing"])
    alternative = getattr(layer, "alternative", None)
    if alternative is not None:  # the map's figures, for a keyboard or a screen reader
        with st.expander(alternative.control):
            st.html(alternative.table_html())
    drawing = (state or {}).get("last_active_drawing") or {}
    return (drawing.get("properties") or {}).get("code")
