"""The floor of issue 20: the same 241-commune layer drawn by st_folium and nothing else (no
filters, no data, no legend). What separates the overview from this is our own cost. Run by
`bench/browser.py` and `bench/load.py`; not part of the app."""

import folium
from streamlit_folium import st_folium

from geo import boundaries, settings
from geo.render.web import assets

assets.publish_static(settings.ROOT / "bench/apps/static")  # Leaflet from our own server
communes = boundaries.read_layer("communes")[["code", "geometry"]]
fmap = folium.Map(location=[15.6, 108.0], zoom_start=9, tiles=None)
fmap.default_js = [("leaflet", assets.LEAFLET_JS)]
fmap.default_css = [("leaflet_css", assets.LEAFLET_CSS)]
folium.GeoJson(communes).add_to(fmap)
st_folium(fmap, height=620, use_container_width=True, returned_objects=[])
