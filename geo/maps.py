"""Folium maps: a base map that stays the same between reruns, and small data layers restyling it.

The base map carries the unit geometry once. What changes with the filters (colours, tooltips,
legend, flows) travels as a `folium.FeatureGroup` holding one script that restyles the base layer,
so streamlit-folium updates the map without rebuilding it. Every text from data is HTML-escaped.
"""

from __future__ import annotations

import html
import json

import folium
import numpy as np
import geopandas as gpd
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo import assets, i18n, vocab
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


def layer_geojson(gdf: gpd.GeoDataFrame, columns: list[str]) -> dict:
    """The GeoJSON a base map embeds (worth caching: the app builds a base map on every rerun)."""
    return json.loads(to_geojson(gdf[[*columns, "geometry"]]))


def base_map(units: dict, outline: dict, bounds: tuple[float, float, float, float], *,
             credit: str, basemap: str = "none", height: int = 620) -> folium.Map:
    """The map every page starts from: unit polygons (code only), the outline, the credit.

    `units` and `outline` come from `layer_geojson`; `bounds` is (minx, miny, maxx, maxy).
    """
    minx, miny, maxx, maxy = bounds
    fmap = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=9, tiles=None,
                      control_scale=True, zoom_snap=0.25, height=height)
    fmap.default_js = [("leaflet", assets.LEAFLET_JS)]
    fmap.default_css = [("leaflet_css", assets.LEAFLET_CSS)]
    fmap.get_root().header.add_child(Element(
        "<style>.leaflet-container{background:#ffffff}"
        ".dvk-flow{stroke-dasharray:7 5;animation:dvkflow 1.2s linear infinite}"
        "@keyframes dvkflow{to{stroke-dashoffset:-24}}</style>"), name="dvk_style")
    if basemap == "light":
        folium.TileLayer(LIGHT_TILES[0], attr=LIGHT_TILES[1], name="light").add_to(fmap)
    layer = folium.GeoJson(
        units, name="units",
        style_function=lambda _: {"fillColor": NO_DATA, "fillOpacity": 0.8, "color": "#666666",
                                  "weight": 0.6},
        highlight_function=lambda _: {"weight": 2.5, "color": "#000000"},
        smooth_factor=0.5)
    layer.add_to(fmap)
    folium.GeoJson(outline, name="outline",
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
    l.setStyle(Object.assign({fillColor: d ? d[0] : payload.noData, fillOpacity: 0.85,
                color: selected ? "#000000" : "#666666", weight: selected ? 3 : 0.6,
                dashArray: null}, (d && d[2]) || {}));
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
               extra_payload: dict | None = None, styles: dict[str, dict] | None = None
               ) -> folium.FeatureGroup:
    """The layer sent on each filter change: colours, tooltip HTML and style overrides by unit
    code, the legend, and any page-specific script with its data."""
    styles = styles or {}
    payload = {"units": {code: [colours[code], tooltips.get(code, ""), styles.get(code)]
                         for code in colours},
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


def _unit_tooltips(table: pd.DataFrame, units: pd.DataFrame, lang: str, *, measure: str,
                   shares: bool = False) -> dict[str, str]:
    """Name, district, count, the measure and the leading domain (and every share if asked)."""
    tips = {}
    info = units.set_index("code")
    for row in table.itertuples():
        unit = info.loc[row.code]
        lines = []
        if "district_name" in info.columns:
            lines.append((i18n.t("tooltip.district", lang), unit["district_name"]))
        lines.append((i18n.t("tooltip.count", lang), i18n.number(row.count, lang)))
        if measure != "count":
            lines.append((i18n.t(f"measure.{measure}", lang),
                          i18n.number(getattr(row, measure), lang, 1)))
        if isinstance(row.leading, str):
            lines.append((i18n.t("tooltip.leading", lang),
                          f"{i18n.domain_label(row.leading, lang)} "
                          f"({i18n.percent(row.leading_share, lang)})"))
        if shares and row.count:
            lines += [(i18n.domain_label(d, lang), i18n.percent(getattr(row, d) / row.count, lang))
                      for d in vocab.DOMAIN_KEYS]
        tips[row.code] = tooltip_html(lines, unit["name"])
    return tips


def density_layer(table: pd.DataFrame, units: pd.DataFrame, classes: Classes, *, measure: str,
                  lang: str, note: str = "", selected: str | None = None,
                  values: np.ndarray | None = None, title: str | None = None
                  ) -> folium.FeatureGroup:
    """A choropleth of `values` (default: the measure column): class colours, tooltips and the
    legend."""
    values = table[measure].to_numpy() if values is None else values
    colours = dict(zip(table["code"], classes.colour_of(values)))
    legend = legend_html(title or i18n.t(f"measure.{measure}", lang), classes, lang,
                         digits=0 if measure == "count" else 1, note=note)
    return data_layer(colours, _unit_tooltips(table, units, lang, measure=measure), legend,
                      selected=selected)


MIXED_COLOUR = "#8c8c8c"


def leading_domain_layer(table: pd.DataFrame, units: pd.DataFrame, *, lang: str, note: str = ""
                         ) -> folium.FeatureGroup:
    """Each unit in its leading domain's colour, "mixed" when none reaches 40 %."""
    palette = {**vocab.DOMAIN_COLOURS, "mixed": MIXED_COLOUR}
    colours = {code: palette.get(leading, NO_DATA) if isinstance(leading, str) else NO_DATA
               for code, leading in zip(table["code"], table["leading"])}
    items = [(vocab.DOMAIN_COLOURS[d], i18n.domain_label(d, lang)) for d in vocab.DOMAIN_KEYS]
    items += [(MIXED_COLOUR, i18n.t("legend.mixed", lang)),
              (NO_DATA, i18n.t("legend.no_data", lang))]
    legend = categorical_legend_html(i18n.t("tooltip.leading", lang), items, note)
    return data_layer(colours, _unit_tooltips(table, units, lang, measure="count", shares=True),
                      legend)


ORIGIN_COLOUR = "#6a3d9a"
YEAR_COLOURS = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]

_TIMELINE_JS = """
var rp = payload.replication;
if (window.dvkTimeline) { window.dvkMap.removeControl(window.dvkTimeline); }
if (window.dvkTimer) { clearInterval(window.dvkTimer); window.dvkTimer = null; }
if (window.dvkFlows) { window.dvkMap.removeLayer(window.dvkFlows); }
var flows = L.layerGroup().addTo(window.dvkMap);
window.dvkFlows = flows;
var lines = rp.flows.map(function (f) {
  var g = L.layerGroup([
    L.polyline([f[0], f[1]], {color: "#1a1a1a", weight: rp.flowWeight, opacity: rp.flowOpacity,
                              className: "dvk-flow", interactive: false}),
    L.polygon(f[3], {color: "#1a1a1a", fillColor: "#1a1a1a", fillOpacity: rp.flowOpacity,
                     weight: 1, interactive: false})]);
  g.year = f[2];
  return g;
});
var control = L.control({position: "topright"});
var slider, label, button;
function show(year) {
  var n = 0;
  units.eachLayer(function (l) {
    var code = l.feature.properties.code, y = rp.adopters[code];
    if (y === undefined) { return; }
    var on = y <= year;
    l.setStyle({fillColor: on ? payload.units[code][0] : payload.noData});
    if (l._path) { l._path.classList.toggle("dvk-adopter", on); }
    if (on) { n += 1; }
  });
  lines.forEach(function (g) {
    if (g.year <= year) { flows.addLayer(g); } else { flows.removeLayer(g); }
  });
  slider.value = year;
  label.textContent = rp.yearLabel + " " + year + " · " + n + " " + rp.unitsLabel;
}
function stop() {
  if (window.dvkTimer) { clearInterval(window.dvkTimer); window.dvkTimer = null; }
  button.textContent = "\\u25B6"; button.title = rp.playLabel;
}
control.onAdd = function () {
  var div = L.DomUtil.create("div", "dvk-timeline");
  div.style.cssText = "background:rgba(255,255,255,0.94);padding:6px 10px;border-radius:4px;" +
    "font:13px sans-serif;box-shadow:0 1px 4px rgba(0,0,0,0.3)";
  button = L.DomUtil.create("button", "dvk-play", div);
  slider = L.DomUtil.create("input", "dvk-year", div);
  slider.type = "range"; slider.min = rp.first; slider.max = rp.last; slider.step = 1;
  slider.style.verticalAlign = "middle";
  label = L.DomUtil.create("span", "dvk-year-label", div);
  label.style.marginLeft = "6px";
  L.DomEvent.disableClickPropagation(div);
  L.DomEvent.on(slider, "input", function () { stop(); show(parseInt(slider.value, 10)); });
  L.DomEvent.on(button, "click", function () {
    if (window.dvkTimer) { stop(); return; }
    var year = parseInt(slider.value, 10);
    if (year >= rp.last) { year = rp.first; show(year); }
    button.textContent = "\\u23F8"; button.title = rp.pauseLabel;
    window.dvkTimer = setInterval(function () {
      year += 1;
      if (year > rp.last) { stop(); return; }
      show(year);
    }, rp.stepMs);
  });
  return div;
};
control.addTo(window.dvkMap);
window.dvkTimeline = control;
stop();
show(rp.last);
"""


def arrowhead(start: tuple[float, float], end: tuple[float, float], size_km: float = 1.6
              ) -> list[list[float]]:
    """A small triangle (lat, lon) at `end` pointing away from `start`, for a flow line."""
    (lat1, lon1), (lat2, lon2) = start, end
    scale = np.cos(np.radians(lat2))
    dx, dy = (lon2 - lon1) * scale, lat2 - lat1
    length = float(np.hypot(dx, dy)) or 1.0
    ux, uy = dx / length, dy / length
    size = size_km / 111.32
    back_x, back_y = -ux * size, -uy * size
    side_x, side_y = -uy * size * 0.45, ux * size * 0.45
    return [[lat2, lon2],
            [lat2 + back_y + side_y, lon2 + (back_x + side_x) / scale],
            [lat2 + back_y - side_y, lon2 + (back_x - side_x) / scale]]


def replication_layer(units: pd.DataFrame, *, origins: set[str], adopters: dict[str, int],
                      approximate: dict[str, tuple[int, str]], flows: list[tuple], years: range,
                      lang: str, labels: dict[str, str], note: str = "") -> folium.FeatureGroup:
    """Origins highlighted, adopters coloured by year, directed flows and a year timeline.

    `adopters`: unit code -> first adoption year, exact on this geography. `approximate`: units
    covered by an adoption recorded as a larger 2025 unit -> (year, that unit's name); drawn
    dashed and said so in the legend. `flows`: ((lat, lon) from, (lat, lon) to, year).
    """
    year_colour = {y: YEAR_COLOURS[min(i, len(YEAR_COLOURS) - 1)] for i, y in enumerate(years)}
    names = units.set_index("code")["name"]
    colours, tips, styles, timeline = {}, {}, {}, {}
    for code, (year, unit_name) in approximate.items():
        colours[code], timeline[code] = year_colour[year], year
        styles[code] = {"dashArray": "4 3", "fillOpacity": 0.5}
        tips[code] = tooltip_html([(labels["year"], str(year)), (labels["as_2025"], unit_name)],
                                  names[code])
    for code, year in adopters.items():
        colours[code], timeline[code] = year_colour[year], year
        styles.pop(code, None)
        tips[code] = tooltip_html([(labels["year"], str(year))], names[code])
    for code in origins:
        colours[code] = ORIGIN_COLOUR
        styles[code] = {"color": "#000000", "weight": 3}
        tips[code] = tooltip_html([(labels["origin"], "")], names[code])
        timeline.pop(code, None)
    items = [(ORIGIN_COLOUR, labels["origin"])] + [(year_colour[y], str(y)) for y in years]
    if approximate:
        items.append(("#ffffff", labels["as_2025_legend"]))
    items.append((NO_DATA, labels["none"]))
    legend = categorical_legend_html(labels["title"], items, note)
    replication = {
        "adopters": timeline, "first": years[0], "last": years[-1], "stepMs": 900,
        # many flows at once (all typical models) are drawn lighter so the map stays readable
        "flowWeight": 1.5 if len(flows) <= 60 else 0.8,
        "flowOpacity": 0.85 if len(flows) <= 60 else 0.45,
        "flows": [[list(a), list(b), year, arrowhead(a, b)] for a, b, year in flows],
        "yearLabel": labels["year"], "unitsLabel": labels["units"], "playLabel": labels["play"],
        "pauseLabel": labels["pause"]}
    return data_layer(colours, tips, legend, styles=styles, extra_js=_TIMELINE_JS,
                      extra_payload={"replication": replication})
