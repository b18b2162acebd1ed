"""Showing a folium map in Streamlit: the base map stays the same, the data layer changes."""

from __future__ import annotations

import folium
from streamlit_folium import st_folium

from geo import maps
from ui import shell


def base_map(geography: str, basemap: str, credit: str) -> folium.Map:
    """A fresh base map (st_folium adds the data layer to it, so it is not cached itself)."""
    layers = shell.layers()
    return maps.base_map(layers[geography], layers["province"], credit=credit, basemap=basemap)


def show(fmap: folium.Map, layer: folium.FeatureGroup, *, key: str, height: int = 620
         ) -> str | None:
    """Render; return the code of the unit last clicked, if any."""
    state = st_folium(fmap, feature_group_to_add=layer, key=key, height=height,
                      use_container_width=True, returned_objects=["last_active_drawing"])
    drawing = (state or {}).get("last_active_drawing") or {}
    return (drawing.get("properties") or {}).get("code")
