"""The Leaflet map every page, slide and file starts from, and the small data layers that
restyle it: the base map carries the unit geometry once; what changes with the filters travels
as a `folium.FeatureGroup` holding one call of `dvk.restyle` (static/dvk-map.js), so
streamlit-folium updates the map without rebuilding it."""

from __future__ import annotations

import html
import json
import re

import folium
import geopandas as gpd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo import palette
from geo.boundaries.layers import to_geojson
from geo.palette import NO_DATA
from geo.render import i18n
from geo.render.web import assets
from geo.render.web.text_alternatives import Alternative

LIGHT_TILES = ("https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
               "&copy; OpenStreetMap contributors &copy; CARTO")


class _Chrome(MacroElement):
    """What every map does around its data: names the map and base layer on `window` for the
    data layers; the credit in Leaflet's attribution control (collapsible on narrow maps); wheel
    zoom only with Ctrl/⌘ (a hint otherwise, so the page scrolls); a whole-province button; and
    the province fitted inside the space the controls leave free, at every size."""

    _template = Template("""{% macro script(this, kwargs) %}
dvk.chrome({{ this._parent.get_name() }}, {{ this.layer.get_name() }}, {{ this.texts }});
{% endmacro %}""")

    def __init__(self, layer: folium.GeoJson, texts: dict) -> None:
        super().__init__()
        self.layer = layer
        self.texts = json.dumps(texts, ensure_ascii=False).replace("</", "<\\/")


class _Polygons(MacroElement):
    """A GeoJSON layer whose JSON text is made once (the app builds a base map on every rerun and
    folium would serialise and style-map every feature each time). Hovering outlines a unit and
    gives back exactly the outline it had (folium's resetStyle would also undo the colours the
    data layer set)."""

    _template = Template("""{% macro script(this, kwargs) %}
var {{ this.get_name() }} = dvk.polygons({{ this._parent.get_name() }},
  {% if this.data_url %}dvk.fetchJSON({{ this.data_url|tojson }}){% else %}{{ this.data_json }}{% endif %},
  {{ this.options }});
{% endmacro %}""")

    def __init__(self, data: str, *, name: str, style: dict, bounds: list[list[float]],
                 highlight: dict | None = None, interactive: bool = True) -> None:
        """`data`: the GeoJSON text, or the URL of a file of it on our own server."""
        super().__init__()
        self._name = name
        self._bounds = bounds
        linked = data.startswith("/")
        self.data_url = data if linked else ""
        self.data_json = "" if linked else data.replace("</", "<\\/")
        self.options = json.dumps({"style": style, "highlight": highlight,
                                   "interactive": interactive})

    def _get_self_bounds(self) -> list[list[float]]:
        return self._bounds


class _Map(folium.Map):
    """folium's map, with pinch-zoom allowed on phones (folium's page header forbids it: WCAG
    1.4.4 asks that text can be enlarged)."""

    def render(self, **kwargs) -> None:
        super().render(**kwargs)
        header = self.get_root().header
        element = header._children.get(self.get_name())
        if element is not None:
            header.add_child(_Text(_NO_ZOOM_LOCK.sub("", element.render())), name=self.get_name())


_NO_ZOOM_LOCK = re.compile(r",\s*maximum-scale=[\d.]+|,\s*user-scalable=no")


class _Text(Element):
    """Text put in the page as it is (already rendered)."""

    def __init__(self, text: str) -> None:
        super().__init__("{{ this.text }}")
        self.text = text


def layer_geojson(gdf: gpd.GeoDataFrame, columns: list[str]) -> str:
    """The GeoJSON text a base map embeds (worth caching: the app builds a base map on every
    rerun)."""
    return to_geojson(gdf[[*columns, "geometry"]])


def base_map(units: str, outline: str, bounds: tuple[float, float, float, float], *,
             credit: str, lang: str, basemap: str = "none", presenting: bool = False
             ) -> folium.Map:
    """The map every page starts from: unit polygons (code only), the outline, the credit, and
    the behaviour of `_Chrome`. It fills its frame, whatever height the page gives it.
    `presenting`: type sized for the back of a room and a north arrow (slides, files).

    `units` and `outline` are `layer_geojson` texts, or the URLs `assets.publish_layer` gave
    them (the app: the map message then stays small); `bounds` is (minx, miny, maxx, maxy).
    """
    minx, miny, maxx, maxy = bounds
    fmap = _Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=9, tiles=None,
                      control_scale=False, zoom_snap=0.25, height="100%",
                      scrollWheelZoom=False)
    fmap.default_js = [("leaflet", assets.LEAFLET_JS), ("dvk_map", assets.url_of("dvk-map.js"))]
    fmap.default_css = [("leaflet_css", assets.LEAFLET_CSS),
                        ("dvk_map_css", assets.url_of("dvk-map.css"))]
    if presenting:
        fmap.default_css.append(("dvk_present_css", assets.url_of("dvk-present.css")))
    fmap.get_root().header.add_child(Element(f"<style>{palette.css_variables()}</style>"),
                                     name="dvk_palette")
    if basemap == "light":
        folium.TileLayer(LIGHT_TILES[0], attr=LIGHT_TILES[1], name="light").add_to(fmap)
    latlon_bounds = [[miny, minx], [maxy, maxx]]
    layer = _Polygons(units, name="units", bounds=latlon_bounds,
                      style={"fillColor": NO_DATA, "fillOpacity": 0.8, "color": palette.UNIT_EDGE,
                             "weight": 0.6},
                      highlight={"weight": 2.5, "color": palette.SELECTED_EDGE})
    layer.add_to(fmap)
    _Polygons(outline, name="outline", bounds=latlon_bounds,
              style={"fill": False, "color": palette.PROVINCE_EDGE, "weight": 1.6},
              interactive=False).add_to(fmap)
    _Chrome(layer, {"credit": html.escape(credit), "bounds": latlon_bounds,
                    "wheelHint": i18n.t("map.wheel_hint", lang), "home": i18n.t("map.home", lang),
                    "lang": lang, "zoomIn": i18n.t("map.zoom_in", lang),
                    "zoomOut": i18n.t("map.zoom_out", lang),
                    "creditTitle": i18n.t("map.credit_title", lang),
                    "north": i18n.t("present.north", lang) if presenting else ""}).add_to(fmap)
    return fmap


class _Restyle(MacroElement):
    """Script that recolours the base units, rebinds tooltips and replaces the legend
    (`dvk.restyle` in static/dvk-map.js), then runs the named `extra` of that file."""

    _template = Template("""{% macro script(this, kwargs) %}
dvk.restyle({{ this.payload }}, {{ this.extra|tojson }});
{% endmacro %}""")

    def __init__(self, payload: dict, extra: str = "") -> None:
        super().__init__()
        self.payload = json.dumps(payload, ensure_ascii=False).replace("</", "<\\/")
        self.extra = extra


EDGES = {"unit": palette.UNIT_EDGE, "selected": palette.SELECTED_EDGE,
         "origin": palette.ORIGIN_CIRCLE, "originFill": palette.APPROXIMATE_FILL,
         "flowCasing": palette.SINGLE_FLOW}


def data_layer(colours: dict[str, str], tooltips: dict[str, str], legend_html: str, *,
               no_data_tooltip: str = "", selected: str | None = None, extra: str = "",
               extra_payload: dict | None = None, styles: dict[str, dict] | None = None,
               alternative: Alternative | None = None,
               legend_folds_at: int = 600, legend_share: float | None = None
               ) -> folium.FeatureGroup:
    """The layer sent on each filter change: colours, tooltip HTML and style overrides by unit
    code, the legend (folded to its title on maps narrower than `legend_folds_at` px; opened,
    its rows scroll past `legend_share` of the map's area, when given), the name
    of a page's extra script (`dvk.extras` in static/dvk-map.js) with its data, and the map's
    text `alternative` (its summary names the map; the layer keeps it for the page to show as
    a table)."""
    styles = styles or {}
    payload = {"units": {code: [colours[code], tooltips.get(code, ""), styles.get(code)]
                         for code in colours},
               "legend": legend_html, "noData": NO_DATA, "noTip": no_data_tooltip, "edges": EDGES,
               "selected": selected, "summary": alternative.summary if alternative else "",
               "legendFoldsAt": legend_folds_at, "legendShare": legend_share,
               **(extra_payload or {})}
    group = folium.FeatureGroup(name="data", control=False)
    group.alternative = alternative
    _Restyle(payload, extra).add_to(group)
    return group
