"""Folium maps: a base map that stays the same between reruns, and small data layers restyling it.

The base map carries the unit geometry once. What changes with the filters (colours, tooltips,
legend, flows) travels as a `folium.FeatureGroup` holding one script that restyles the base layer,
so streamlit-folium updates the map without rebuilding it. Every text from data is HTML-escaped.
"""

from __future__ import annotations

import html
import json

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo import assets, i18n
from geo.boundaries import to_geojson
from geo.classify import NO_DATA, Classes

LIGHT_TILES = ("https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
               "&copy; OpenStreetMap contributors &copy; CARTO")


class _Register(MacroElement):
    """Names the base layer and map on `window` so that later data layers can find them."""

    _template = Template("""{% macro script(this, kwargs) %}
window.dvkMap = {{ this._parent.get_name() }};
window.dvkUnits = {{ this.layer.get_name() }};
{{ this._parent.get_name() }}.attributionControl.setPrefix(false);
{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.credit }});
{% endmacro %}""")

    def __init__(self, layer: folium.GeoJson, credit: str) -> None:
        super().__init__()
        self.layer = layer
        self.credit = json.dumps(html.escape(credit))


def base_map(units: gpd.GeoDataFrame, outline: gpd.GeoDataFrame, *, credit: str,
             basemap: str = "none", height: int = 620) -> folium.Map:
    """The map every page starts from: unit polygons (code and name only), outline, credit."""
    minx, miny, maxx, maxy = outline.total_bounds
    fmap = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=9, tiles=None,
                      control_scale=True, zoom_snap=0.25, height=height)
    fmap.default_js = [("leaflet", assets.LEAFLET_JS)]
    fmap.default_css = [("leaflet_css", assets.LEAFLET_CSS)]
    fmap.get_root().header.add_child(Element(
        "<style>.leaflet-container{background:#ffffff}</style>"), name="dvk_style")
    if basemap == "light":
        folium.TileLayer(LIGHT_TILES[0], attr=LIGHT_TILES[1], name="light").add_to(fmap)
    layer = folium.GeoJson(
        json.loads(to_geojson(units[["code", "geometry"]])), name="units",
        style_function=lambda _: {"fillColor": NO_DATA, "fillOpacity": 0.8, "color": "#666666",
                                  "weight": 0.6},
        highlight_function=lambda _: {"weight": 2.5, "color": "#000000"},
        smooth_factor=0.5)
    layer.add_to(fmap)
    folium.GeoJson(json.loads(to_geojson(outline[["geometry"]])), name="outline",
                   style_function=lambda _: {"fill": False, "color": "#222222", "weight": 1.6},
                   interactive=False).add_to(fmap)
    _Register(layer, credit).add_to(fmap)
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    return fmap


class _Restyle(MacroElement):
    """Script that recolours the base units, rebinds tooltips and replaces the legend."""

    _template = Template("""{% macro script(this, kwargs) %}
(function () {
  var payload = {{ this.payload }};
  var units = window.dvkUnits;
  units.eachLayer(function (l) {
    var d = payload.units[l.feature.properties.code];
    var selected = l.feature.properties.code === payload.selected;
    l.setStyle({fillColor: d ? d[0] : payload.noData, fillOpacity: 0.85,
                color: selected ? "#000000" : "#666666", weight: selected ? 3 : 0.6});
    l.unbindTooltip();
    l.bindTooltip(d ? d[1] : payload.noTip, {sticky: true});
  });
  if (window.dvkLegend) { window.dvkMap.removeControl(window.dvkLegend); }
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "dvk-legend");
    div.innerHTML = payload.legend;
    return div;
  };
  legend.addTo(window.dvkMap);
  window.dvkLegend = legend;
  {{ this.extra }}
})();
{% endmacro %}""")

    def __init__(self, payload: dict, extra_js: str = "") -> None:
        super().__init__()
        self.payload = json.dumps(payload, ensure_ascii=False).replace("</", "<\\/")
        self.extra = extra_js


def data_layer(colours: dict[str, str], tooltips: dict[str, str], legend_html: str, *,
               no_data_tooltip: str = "", selected: str | None = None, extra_js: str = "",
               extra_payload: dict | None = None) -> folium.FeatureGroup:
    """The layer sent on each filter change: colours and tooltip HTML by unit code, the legend."""
    payload = {"units": {code: [colours[code], tooltips.get(code, "")] for code in colours},
               "legend": legend_html, "noData": NO_DATA, "noTip": no_data_tooltip,
               "selected": selected, **(extra_payload or {})}
    group = folium.FeatureGroup(name="data", control=False)
    _Restyle(payload, extra_js).add_to(group)
    return group


def tooltip_html(rows: list[tuple[str, str]], title: str) -> str:
    """A tooltip: a bold title and label/value lines, every piece escaped."""
    lines = "".join(f"<br>{html.escape(label)}: <b>{html.escape(value)}</b>"
                    for label, value in rows)
    return f"<b>{html.escape(title)}</b>{lines}"


def legend_html(title: str, classes: Classes, lang: str, *, digits: int, note: str = "") -> str:
    """Class limits as coloured rows, then the no-data class; all text escaped."""
    rows = []
    lower = classes.lower
    for bound, colour in zip(classes.bounds, classes.colours):
        label = (i18n.number(lower, lang, digits) + " – " + i18n.number(bound, lang, digits)
                 if bound != lower else i18n.number(bound, lang, digits))
        rows.append(_legend_row(colour, label))
        lower = bound + 1 if digits == 0 else bound  # counts: 1 – 5, 6 – 12
    rows.append(_legend_row(NO_DATA, i18n.t("legend.no_data", lang)))
    return _legend_box(title, rows, note)


def categorical_legend_html(title: str, items: list[tuple[str, str]], note: str = "") -> str:
    return _legend_box(title, [_legend_row(colour, label) for colour, label in items], note)


def _legend_row(colour: str, label: str) -> str:
    return (f'<div class="dvk-legend-row"><span style="display:inline-block;width:14px;'
            f'height:14px;margin-right:6px;vertical-align:middle;background:{colour};'
            f'border:1px solid #777"></span>{html.escape(label)}</div>')


def _legend_box(title: str, rows: list[str], note: str) -> str:
    note_html = f'<div class="dvk-legend-note" style="margin-top:4px;font-style:italic">' \
                f'{html.escape(note)}</div>' if note else ""
    return (f'<div style="background:rgba(255,255,255,0.92);padding:8px 10px;border-radius:4px;'
            f'font:13px/1.5 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,0.3)">'
            f'<div class="dvk-legend-title" style="font-weight:bold;margin-bottom:4px">'
            f'{html.escape(title)}</div>{"".join(rows)}{note_html}</div>')


def density_layer(table: pd.DataFrame, units: pd.DataFrame, classes: Classes, *, measure: str,
                  lang: str, note: str = "", selected: str | None = None) -> folium.FeatureGroup:
    """The overview's choropleth: class colours, tooltips (name, district, count, measure,
    leading domain) and the legend."""
    colours = dict(zip(table["code"], classes.colour_of(table[measure].to_numpy())))
    digits = 0 if measure == "count" else 1
    tips = {}
    info = units.set_index("code")
    for row in table.itertuples():
        unit = info.loc[row.code]
        lines = []
        if "district_name" in info.columns:
            lines.append((i18n.t("tooltip.district", lang), unit["district_name"]))
        lines.append((i18n.t("tooltip.count", lang), i18n.number(row.count, lang)))
        if measure != "count":
            value = getattr(row, measure)
            lines.append((i18n.t(f"measure.{measure}", lang), i18n.number(value, lang, 1)))
        if isinstance(row.leading, str):
            lines.append((i18n.t("tooltip.leading", lang),
                          f"{i18n.domain_label(row.leading, lang)} "
                          f"({i18n.percent(row.leading_share, lang)})"))
        tips[row.code] = tooltip_html(lines, unit["name"])
    legend = legend_html(i18n.t(f"measure.{measure}", lang), classes, lang, digits=digits,
                         note=note)
    return data_layer(colours, tips, legend, selected=selected)
