"""The naive baseline of issue 13, written the way a first version would be: one file, the raw
2009 polygons read on every run, models joined to them by commune name, a new folium.GeoJson
choropleth built and the map remounted on every change. Same data and filters as the overview.
Run by `bench/load.py`; not part of the app."""

import folium
import geopandas as gpd
import pandas as pd
import sqlalchemy as sa
import streamlit as st
from streamlit_folium import st_folium

from geo import settings
from geo.boundaries import names
from geo.render.web import assets
from geo.store import database

# The one change from a first version: Leaflet from our own server, as this machine has no CDN
# (bench/browser.py draws it in Chromium); it is copied next to this script for static serving.
assets.publish_static(settings.ROOT / "bench/apps/static")

st.set_page_config(layout="wide")
st.title("Mô hình Dân vận khéo")
polygons = gpd.read_file(settings.ROOT / "data/raw/boundaries/communes_2009_censusvn2009.geojson")
with database.make_engine().connect() as connection:
    models = pd.read_sql(sa.text("SELECT * FROM models"), connection)
eras = pd.read_csv(settings.ROOT / "data/layers/eras.csv", dtype=str)
models["commune_name"] = (models["commune_era"] + ":" + models["commune_code"]).map(
    dict(zip(eras["era"] + ":" + eras["code"], eras["name"])))
with st.sidebar:
    domains = st.multiselect("Lĩnh vực", sorted(models["domain"].unique()), key="f_domains")
    years = st.slider("Năm", 2009, int(models["year_started"].max()),
                      (2009, int(models["year_started"].max())), key="f_years")
    typical = st.toggle("Chỉ mô hình điển hình", key="f_typical")
chosen = models[models["year_started"].between(*years)]
if domains:
    chosen = chosen[chosen["domain"].isin(domains)]
if typical:
    chosen = chosen[chosen["typical"].astype(bool)]
counts = chosen.groupby(chosen["commune_name"].map(
    lambda n: names.key(n) if isinstance(n, str) else None)).size()
polygons["count"] = polygons["commune_vn_decoded"].map(names.key).map(counts).fillna(0)
st.metric("Mô hình", len(chosen))
fmap = folium.Map(location=[15.6, 108.0], zoom_start=9, tiles=None)
fmap.default_js = [("leaflet", assets.LEAFLET_JS)]
fmap.default_css = [("leaflet_css", assets.LEAFLET_CSS)]
choropleth = folium.Choropleth(polygons, data=polygons, columns=["commune_vn_decoded", "count"],
                               key_on="feature.properties.commune_vn_decoded",
                               fill_color="YlOrRd", nan_fill_color="#d9d9d9")
choropleth._children.pop(choropleth.color_scale.get_name())  # its legend needs d3 from a CDN
choropleth.color_scale = None
choropleth.add_to(fmap)
folium.GeoJson(polygons, tooltip=folium.GeoJsonTooltip(["commune_vn_decoded", "count"]),
               style_function=lambda _: {"fillOpacity": 0, "weight": 0}).add_to(fmap)
st_folium(fmap, key=f"map_{len(chosen)}", height=620, use_container_width=True,
          returned_objects=[])
