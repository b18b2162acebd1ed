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


class _Chrome(MacroElement):
    """What every map does around its data: names the map and base layer on `window` for the
    data layers; the credit in Leaflet's attribution control (collapsible on narrow maps); wheel
    zoom only with Ctrl/⌘ (a hint otherwise, so the page scrolls); a whole-province button; and
    the province fitted inside the space the controls leave free, at every size."""

    _template = Template("""{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var t = {{ this.texts }};
  window.dvkMap = map;
  window.dvkUnits = {{ this.layer.get_name() }};
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(t.credit);
  var box = map.getContainer();
  var narrow = function () { return box.clientWidth < 600; };
  var attribution = map.attributionControl.getContainer();
  attribution.title = t.creditTitle;
  L.DomEvent.on(attribution, "click", function () {
    if (narrow()) { attribution.classList.toggle("dvk-collapsed"); window.dvkFit(); }
  });
  if (narrow()) { attribution.classList.add("dvk-collapsed"); }

  var moved = false;
  map.on("dragstart", function () { moved = true; });
  var hint = L.DomUtil.create("div", "dvk-wheel-hint", box);
  hint.textContent = t.wheelHint;
  var hintTimer = null;
  box.addEventListener("wheel", function (e) {
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      moved = true;
      map.setZoomAround(map.mouseEventToContainerPoint(e),
                        map.getZoom() - Math.sign(e.deltaY) * 0.5, {animate: false});
      return;
    }
    hint.classList.add("dvk-show");
    clearTimeout(hintTimer);
    hintTimer = setTimeout(function () { hint.classList.remove("dvk-show"); }, 1500);
  }, {passive: false});

  var Home = L.Control.extend({
    options: {position: "topleft"},
    onAdd: function () {
      var bar = L.DomUtil.create("div", "leaflet-bar leaflet-control dvk-home");
      var a = L.DomUtil.create("a", "", bar);
      a.href = "#"; a.role = "button"; a.title = t.home; a.setAttribute("aria-label", t.home);
      a.textContent = "\u2302";
      L.DomEvent.on(a, "click", function (e) {
        L.DomEvent.preventDefault(e); moved = false; window.dvkFit();
      });
      L.DomEvent.disableClickPropagation(bar);
      return bar;
    }
  });
  new Home().addTo(map);
  if (t.north) {
    var North = L.Control.extend({options: {position: "topleft"}, onAdd: function () {
      var div = L.DomUtil.create("div", "leaflet-control dvk-north");
      div.innerHTML = "<span aria-hidden='true'>\u2191</span><br>";
      div.appendChild(document.createTextNode(t.north));
      return div;
    }});
    new North().addTo(map);
  }
  L.DomEvent.on(map.zoomControl.getContainer(), "click", function () { moved = true; });

  var bounds = L.latLngBounds(t.bounds);
  function corner(v, h) {
    var c = box.querySelector(".leaflet-" + v + ".leaflet-" + h);
    var w = 0, ht = 0, frame = box.getBoundingClientRect();
    if (c) {
      c.querySelectorAll(":scope > .leaflet-control").forEach(function (el) {
        var r = el.getBoundingClientRect();
        if (!r.width) { return; }
        w = Math.max(w, h === "left" ? r.right - frame.left : frame.right - r.left);
        ht = Math.max(ht, v === "top" ? r.bottom - frame.top : frame.bottom - r.top);
      });
    }
    return {w: w + 4, h: ht + 4};
  }
  window.dvkFit = function (force) {
    if (moved && !force) { return; }
    var tl = corner("top", "left"), tr = corner("top", "right");
    var bl = corner("bottom", "left"), br = corner("bottom", "right");
    var bottom = Math.max(bl.h, br.h);
    // the controls as side columns, or as top and bottom rows: whichever leaves the larger map
    var options = [
      {paddingTopLeft: [tl.w, 0], paddingBottomRight: [tr.w, bottom]},
      {paddingTopLeft: [0, Math.max(tl.h, tr.h)], paddingBottomRight: [0, bottom]}];
    var size = map.getSize(), best = null, bestZoom = -Infinity;
    options.forEach(function (o) {
      var pad = L.point(o.paddingTopLeft[0] + o.paddingBottomRight[0],
                        o.paddingTopLeft[1] + o.paddingBottomRight[1]);
      if (size.x - pad.x < 50 || size.y - pad.y < 50) { return; }
      var z = map.getBoundsZoom(bounds, false, pad);
      if (isFinite(z) && z > bestZoom) { best = o; bestZoom = z; }
    });
    if (best) { map.fitBounds(bounds, Object.assign({animate: false}, best)); }
  };
  map.on("resize", function () { window.dvkFit(); });
  if (window.ResizeObserver) {  // a control that grows (legend, timeline text) refits the map
    var refit = new ResizeObserver(function () { window.dvkFit(); });
    box.querySelectorAll(".leaflet-control-container > div").forEach(function (corner) {
      refit.observe(corner);
    });
  }
  setTimeout(function () { window.dvkFit(); }, 0);
})();
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
{%- if this.data_url %}
var {{ this.get_name() }}_data = (function () {  // before the data layer restyles it
  var request = new XMLHttpRequest();
  request.open("GET", {{ this.data_url|tojson }}, false);
  request.send(null);
  return JSON.parse(request.responseText);
})();
{%- else %}
var {{ this.get_name() }}_data = {{ this.data_json }};
{%- endif %}
var {{ this.get_name() }} = L.geoJson({{ this.get_name() }}_data, {
  smoothFactor: 0.5, interactive: {{ this.interactive }},
  style: function () { return {{ this.style }}; },
  onEachFeature: function (feature, layer) {
    {%- if this.highlight %}
    layer.on({
      mouseover: function (e) {
        var o = e.target.options;
        e.target._dvkOutline = {weight: o.weight, color: o.color, dashArray: o.dashArray};
        e.target.setStyle({{ this.highlight }});
      },
      mouseout: function (e) {
        if (e.target._dvkOutline) { e.target.setStyle(e.target._dvkOutline); }
      }
    });
    {%- endif %}
  }
}).addTo({{ this._parent.get_name() }});
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
        self.style = json.dumps(style)
        self.highlight = json.dumps(highlight) if highlight else ""
        self.interactive = "true" if interactive else "false"

    def _get_self_bounds(self) -> list[list[float]]:
        return self._bounds


MAP_CSS = """<style>
.leaflet-container{background:#ffffff;font-family:sans-serif}
#map_div,.folium-map{height:100vh !important}
.leaflet-control-attribution{font-size:12px;line-height:1.35;max-width:calc(100% - 150px);
  white-space:normal;cursor:default}
.leaflet-control-attribution.dvk-collapsed{width:22px;height:22px;padding:0;overflow:hidden;
  white-space:nowrap;color:transparent;border-radius:11px;cursor:pointer;position:relative}
.leaflet-control-attribution.dvk-collapsed::before{content:"\\24D8";color:#333;font-size:16px;
  line-height:22px;position:absolute;left:0;width:22px;text-align:center}
.leaflet-control-scale-line{font-size:12px}
.dvk-home a{font-size:20px;line-height:30px;text-decoration:none}
.dvk-wheel-hint{position:absolute;left:50%;top:50%;transform:translate(-50%,-50%);z-index:1000;
  background:rgba(0,0,0,0.72);color:#fff;font:16px/1.4 sans-serif;padding:10px 16px;
  border-radius:6px;pointer-events:none;opacity:0;transition:opacity .2s}
.dvk-wheel-hint.dvk-show{opacity:1}
.dvk-legend{font:15px/1.45 sans-serif}
.dvk-legend-title{cursor:pointer;user-select:none}
.dvk-legend.dvk-collapsed .dvk-legend-body{display:none}
.dvk-timeline{font:15px/1.4 sans-serif}
.dvk-flow{stroke-dasharray:7 5;animation:dvkflow 1.2s linear infinite}
@keyframes dvkflow{to{stroke-dashoffset:-24}}
.dvk-lapse{background:rgba(255,255,255,.92);padding:6px 14px;border-radius:6px;cursor:pointer;
  box-shadow:0 1px 4px rgba(0,0,0,.3);text-align:center}
.dvk-lapse-year{font:bold 44px/1.1 sans-serif}
.dvk-lapse-count{font:20px/1.3 sans-serif}
.dvk-mark{background:#fff;border:2px solid #222;border-radius:50%;font:bold 15px/20px sans-serif;
  text-align:center;color:#111}
</style>"""


PRESENTING_CSS = """<style>
.dvk-legend,.dvk-legend div{font-size:20px!important;line-height:1.35!important}
.dvk-timeline,.dvk-timeline *{font-size:20px!important}
.leaflet-control-attribution{font-size:14px!important}
.leaflet-control-scale-line{font-size:16px}
.dvk-north{background:rgba(255,255,255,.9);border-radius:4px;padding:2px 8px;
  font:bold 20px/1.1 sans-serif;text-align:center;box-shadow:0 1px 4px rgba(0,0,0,.3)}
</style>"""


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
    fmap = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=9, tiles=None,
                      control_scale=True, zoom_snap=0.25, height="100%",
                      scrollWheelZoom=False)
    fmap.default_js = [("leaflet", assets.LEAFLET_JS)]
    fmap.default_css = [("leaflet_css", assets.LEAFLET_CSS)]
    fmap.get_root().header.add_child(Element(MAP_CSS), name="dvk_style")
    if presenting:
        fmap.get_root().header.add_child(Element(PRESENTING_CSS), name="dvk_present")
    if basemap == "light":
        folium.TileLayer(LIGHT_TILES[0], attr=LIGHT_TILES[1], name="light").add_to(fmap)
    latlon_bounds = [[miny, minx], [maxy, maxx]]
    layer = _Polygons(units, name="units", bounds=latlon_bounds,
                      style={"fillColor": NO_DATA, "fillOpacity": 0.8, "color": "#666666",
                             "weight": 0.6},
                      highlight={"weight": 2.5, "color": "#000000"})
    layer.add_to(fmap)
    _Polygons(outline, name="outline", bounds=latlon_bounds, style={"fill": False, "color": "#222222", "weight": 1.6},
              interactive=False).add_to(fmap)
    _Chrome(layer, {"credit": html.escape(credit), "bounds": latlon_bounds,
                    "wheelHint": i18n.t("map.wheel_hint", lang), "home": i18n.t("map.home", lang),
                    "creditTitle": i18n.t("map.credit_title", lang),
                    "north": i18n.t("present.north", lang) if presenting else ""}).add_to(fmap)
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
  if (window.dvkLegend) { window.dvkMap.removeControl(window.dvkLegend); window.dvkLegend = null; }
  if (payload.legend) {
    var legend = L.control({position: "topright"});
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "dvk-legend");
      var collapsed = window.dvkLegendCollapsed;
      if (collapsed === undefined) { collapsed = window.dvkMap.getContainer().clientWidth < 600; }
      if (collapsed) { div.classList.add("dvk-collapsed"); }
      div.innerHTML = payload.legend;
      var title = div.querySelector(".dvk-legend-title");
      if (title) {
        L.DomEvent.on(title, "click", function () {
          div.classList.toggle("dvk-collapsed");
          window.dvkLegendCollapsed = div.classList.contains("dvk-collapsed");
          if (window.dvkFit) { window.dvkFit(); }
        });
      }
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    legend.addTo(window.dvkMap);
    window.dvkLegend = legend;
  }
  {{ this.extra }}
  if (window.dvkFit) { window.dvkFit(); }
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


def class_labels(classes: Classes, lang: str, digits: int) -> list[str]:
    """Each class as "lower – upper" in the language's number format (counts: 1 – 5, 6 – 12)."""
    labels, lower = [], classes.lower
    for bound in classes.bounds:
        labels.append(i18n.number(lower, lang, digits) + " – " + i18n.number(bound, lang, digits)
                      if bound != lower else i18n.number(bound, lang, digits))
        lower = bound + 1 if digits == 0 else bound
    return labels


def legend_html(title: str, classes: Classes, lang: str, *, digits: int, note: str = "",
                extra: list[tuple[str, str, str]] = ()) -> str:
    """Class limits as coloured rows, the no-model class, then any `extra` (colour, label,
    border) rows; all text escaped."""
    rows = [_legend_row(colour, label) for colour, label in
            zip(classes.colours, class_labels(classes, lang, digits))]
    rows.append(_legend_row(NO_DATA, i18n.t("legend.no_data", lang)))
    rows += [_legend_row(colour, label, border) for colour, label, border in extra]
    return _legend_box(title, rows, note)


def categorical_legend_html(title: str, items: list[tuple[str, str]], note: str = "") -> str:
    return _legend_box(title, [_legend_row(colour, label) for colour, label in items], note)


def _legend_row(colour: str, label: str, border: str = "1px solid #777") -> str:
    return (f'<div class="dvk-legend-row"><span style="display:inline-block;width:14px;'
            f'height:14px;margin-right:6px;vertical-align:middle;background:{colour};'
            f'border:{border}"></span>{html.escape(label)}</div>')


def _legend_box(title: str, rows: list[str], note: str) -> str:
    """Title (a click folds the rest away), rows, note; 15 px so a room can read it."""
    note_html = f'<div class="dvk-legend-note" style="margin-top:4px;font-style:italic">' \
                f'{html.escape(note)}</div>' if note else ""
    return (f'<div style="background:rgba(255,255,255,0.94);padding:8px 10px;border-radius:4px;'
            f'font:15px/1.45 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,0.3)">'
            f'<div class="dvk-legend-title" style="font-weight:bold">{html.escape(title)} '
            f'<span aria-hidden="true">\u25BE</span></div><div class="dvk-legend-body" '
            f'style="margin-top:4px">{"".join(rows)}{note_html}</div></div>')


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


NO_POPULATION = "#ffffff"  # drawn with a dashed outline: models, but no measure to show


def density_layer(table: pd.DataFrame, units: pd.DataFrame, classes: Classes, *, measure: str,
                  lang: str, note: str = "", selected: str | None = None,
                  values: np.ndarray | None = None, counts: np.ndarray | None = None,
                  title: str | None = None, legend: bool = True) -> folium.FeatureGroup:
    """A choropleth of `values` (default: the measure column): class colours, tooltips and the
    legend (`legend=False` for maps that share one legend drawn beside them).

    Grey is only "no model"; a unit with models whose measure cannot be computed (its
    population is unknown) is white with a dashed outline and says so.
    """
    values = table[measure].to_numpy() if values is None else values
    counts = table["count"].to_numpy() if counts is None else counts
    colours = dict(zip(table["code"], classes.colour_of(values)))
    unknown = (np.asarray(counts) > 0) & ~np.isfinite(np.asarray(values, float))
    styles = {code: {"dashArray": "4 3", "color": "#444444", "weight": 1.2}
              for code in table["code"][unknown]}
    colours.update(dict.fromkeys(styles, NO_POPULATION))
    legend_html_text = density_legend_html(classes, measure=measure, lang=lang, note=note,
                                           title=title, unknown=bool(unknown.any())) \
        if legend else ""
    return data_layer(colours, _unit_tooltips(table, units, lang, measure=measure), legend_html_text,
                      selected=selected, styles=styles)


def density_legend_html(classes: Classes, *, measure: str, lang: str, note: str = "",
                        title: str | None = None, unknown: bool = False,
                        horizontal: bool = False) -> str:
    """The legend of a density map; `unknown` adds the row for units with no population;
    `horizontal` lays the rows side by side (a legend above several maps)."""
    extra = [(NO_POPULATION, i18n.t("legend.no_population", lang), "1px dashed #444")] \
        if unknown else []
    box = legend_html(title or i18n.t(f"measure.{measure}", lang), classes, lang,
                      digits=0 if measure == "count" else 1, note=note, extra=extra)
    if horizontal:
        box = box.replace('class="dvk-legend-row"',
                          'class="dvk-legend-row" style="display:inline-block;margin-right:18px"')
    return box


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
  // gathered flows (f[4]: width) are solid and as strong as they are many; single ones dashed
  var line = L.polyline([f[0], f[1]], {color: "#1a1a1a", weight: f[4] || rp.flowWeight,
                                       opacity: f[6] || rp.flowOpacity,
                                       className: f[4] ? "dvk-flow-sum" : "dvk-flow",
                                       interactive: !!f[5]});
  if (f[5]) { line.bindTooltip(f[5], {sticky: true}); }
  var g = L.layerGroup([line,
    L.polygon(f[3], {color: "#1a1a1a", fillColor: "#1a1a1a", fillOpacity: f[6] || rp.flowOpacity,
                     weight: 1, interactive: false})]);
  g.year = f[2];
  return g;
});
var control = L.control({position: "bottomleft"});
var slider, label, button;
function show(year) {
  units.eachLayer(function (l) {
    var code = l.feature.properties.code, y = rp.adopters[code];
    if (y === undefined) { return; }
    var on = y <= year;
    l.setStyle({fillColor: on ? payload.units[code][0] : payload.noData});
    if (l._path) { l._path.classList.toggle("dvk-adopter", on); }
  });
  lines.forEach(function (g) {
    if (g.year <= year) { flows.addLayer(g); } else { flows.removeLayer(g); }
  });
  slider.value = year;
  label.textContent = rp.reached[year];
}
function stop() {
  if (window.dvkTimer) { clearInterval(window.dvkTimer); window.dvkTimer = null; }
  button.textContent = "\\u25B6"; button.title = rp.playLabel;
}
control.onAdd = function () {
  var div = L.DomUtil.create("div", "dvk-timeline");
  div.style.cssText = "background:rgba(255,255,255,0.94);padding:6px 10px;border-radius:4px;" +
    "box-shadow:0 1px 4px rgba(0,0,0,0.3)";
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
                      approximate: dict[str, tuple[int, str]], flows: list, years: range,
                      lang: str, labels: dict[str, str], reached: dict[int, str],
                      note: str = "") -> folium.FeatureGroup:
    """Origins highlighted, adopters coloured by year, directed flows and a year timeline.

    `adopters`: unit code -> first adoption year, exact on this geography. `approximate`: units
    covered by an adoption recorded as a larger 2025 unit -> (year, that unit's name); drawn
    dashed and said so in the legend. `flows`: `replication.Flow`s, one per adoption or gathered
    between districts (then their width says how many, and hovering names them). `reached`:
    the timeline's text for each year, counting what the figures under the map count.
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
    most = max((f.count for f in flows), default=1)
    replication = {
        "adopters": timeline, "first": years[0], "last": years[-1], "stepMs": 900,
        # many single flows at once are drawn lighter; gathered ones are few and wide
        "flowWeight": 1.5 if len(flows) <= 60 else 0.8,
        "flowOpacity": 0.85 if len(flows) <= 60 else 0.45,
        "flows": [[list(f.start), list(f.end), f.year, arrowhead(f.start, f.end,
                                                                  2.4 if f.names else 1.6),
                   round(1.5 + 7 * (f.count / most) ** 0.5, 1) if f.names else None,
                   tooltip_html([(labels["flow"], i18n.number(f.count, lang))],
                                f"{f.names[0]} → {f.names[1]}") if f.names else None,
                   round(0.2 + 0.65 * f.count / most, 2) if f.names else None]
                  for f in flows],
        "reached": {str(y): text for y, text in reached.items()},
        "playLabel": labels["play"], "pauseLabel": labels["pause"]}
    return data_layer(colours, tips, legend, styles=styles, extra_js=_TIMELINE_JS,
                      extra_payload={"replication": replication})


_MARKS_JS = """
if (window.dvkMarks) { window.dvkMap.removeLayer(window.dvkMarks); }
window.dvkMarks = L.layerGroup(payload.marks.map(function (m) {
  return L.marker([m[0], m[1]], {interactive: false, keyboard: false,
    icon: L.divIcon({className: "dvk-mark", html: m[2], iconSize: [24, 24]})});
})).addTo(window.dvkMap);
"""


def target_layer(table: pd.DataFrame, units: pd.DataFrame, *, lang: str, note: str = "",
                 same_as: dict[str, str] | None = None) -> folium.FeatureGroup:
    """Units coloured by target status (colour-blind-safe palette) and marked with the status's
    symbol, so the map reads without colour; tooltips give each measure against its minimum.

    `same_as` draws a unit that merged into another (code -> code) with the other's status.
    """
    from geo import targets

    rows = {row.code: row for row in table.itertuples()}
    colours, tips, marks, styles = {}, {}, [], {}
    points = units.set_index("code")[["label_lat", "label_lon"]]
    for code in units["code"]:
        row = rows.get((same_as or {}).get(code, code))
        if row is None:
            continue
        colours[code] = targets.STATUS_COLOURS[row.status]
        if row.status == "no_target":
            styles[code] = {"dashArray": "4 3", "color": "#444444", "weight": 1.2}
        lines = [(i18n.t("targets.column.status", lang),
                  i18n.t(f"targets.status.{row.status}", lang))]
        for measure in targets.MEASURES:
            target = getattr(row, f"min_{measure}")
            done = i18n.number(getattr(row, measure), lang)
            lines.append((i18n.t(f"targets.measure.{measure}", lang), done if pd.isna(target)
                          else i18n.t("targets.tooltip.measure", lang, done=done,
                                      target=i18n.number(int(target), lang))))
        tips[code] = tooltip_html(lines, row.name)
        if row.code == code and row.status != "no_target":  # no target: no mark, dashed edge
            marks.append([float(points.at[code, "label_lat"]),
                          float(points.at[code, "label_lon"]),
                          targets.STATUS_SYMBOLS[row.status]])
    legend = _legend_box(i18n.t("targets.map_title", lang), [
        _legend_row(targets.STATUS_COLOURS[s], targets.status_label(s, lang),
                    "1px dashed #444" if s == "no_target" else "1px solid #777")
        for s in targets.STATUSES], note)
    return data_layer(colours, tips, legend, extra_js=_MARKS_JS, styles=styles,
                      extra_payload={"marks": marks})


def replication_map(units: pd.DataFrame, drawn, geography: str, *, lang: str, note: str = ""
                    ) -> folium.FeatureGroup:
    """The replication layer of a `views.Spread`: its labels, and what the timeline says was
    reached by each year (exactly, and through larger 2025 units)."""
    from geo import replication

    labels = {key: i18n.t(f"replication.{key}", lang) for key in
              ("origin", "as_2025", "as_2025_legend", "play", "pause", "flow")}
    labels.update(year=i18n.t("replication.year", lang),
                  none=i18n.t("legend.not_replicated", lang),
                  title=i18n.t("replication.legend", lang))
    exact = replication.reached_by_year(drawn.spread.adopters, drawn.years)
    approx = replication.reached_by_year(
        {c: y for c, (y, _) in drawn.spread.approximate.items()}, drawn.years)
    reached = {y: i18n.tn(f"replication.reached.{geography}", exact[y], lang, year=y)
               + (i18n.t("replication.reached_approx", lang, m=i18n.number(approx[y], lang))
                  if approx[y] else "") for y in drawn.years}
    return replication_layer(units, origins=drawn.spread.origins, adopters=drawn.spread.adopters,
                             approximate=drawn.spread.approximate, flows=drawn.flows,
                             years=drawn.years, lang=lang, labels=labels, reached=reached,
                             note=note)


_TIMELAPSE_JS = """
var tl = payload.timelapse;
if (window.dvkTimer) { clearInterval(window.dvkTimer); window.dvkTimer = null; }
if (window.dvkLapse) { window.dvkMap.removeControl(window.dvkLapse); }
var Lapse = L.Control.extend({options: {position: "bottomleft"}, onAdd: function () {
  var div = L.DomUtil.create("div", "dvk-lapse");
  div.title = tl.toggle;
  L.DomEvent.disableClickPropagation(div);
  return div;
}});
window.dvkLapse = new Lapse().addTo(window.dvkMap);
var box = window.dvkLapse.getContainer();
var step = 0;
function show(i) {
  var colours = tl.colours[i];
  units.eachLayer(function (l) {
    var c = colours[l.feature.properties.code];
    l.setStyle({fillColor: c || payload.noData});
  });
  box.innerHTML = "<div class='dvk-lapse-year'></div><div class='dvk-lapse-count'></div>";
  box.firstChild.textContent = tl.years[i];
  box.lastChild.textContent = tl.counts[i];
  window.dvkLapseYear = tl.years[i];
}
function play() {
  window.dvkTimer = setInterval(function () {
    step = (step + 1) % tl.years.length;
    show(step);
  }, tl.interval);
}
L.DomEvent.on(box, "click", function () {
  if (window.dvkTimer) { clearInterval(window.dvkTimer); window.dvkTimer = null; } else { play(); }
});
show(0);
if (tl.autoplay) { play(); }
"""


def timelapse_layer(codes: list[str], lapse, classes: Classes, *, lang: str, note: str = "",
                    autoplay: bool = True, interval_ms: int = 1200) -> folium.FeatureGroup:
    """A `views.Timelapse`: the models started up to each year, one year after another, with
    the year and the count large in a corner; a click on them pauses or plays."""
    years = lapse.years
    frames = [dict(zip(codes, classes.colour_of(row.astype(float)))) for row in lapse.per_unit]
    counts = [i18n.t("present.frame_count", lang, n=i18n.number(n, lang)) for n in lapse.totals]
    legend = legend_html(i18n.t("measure.count", lang), classes, lang, digits=0, note=note)
    return data_layer(frames[-1], {}, legend, extra_js=_TIMELAPSE_JS, extra_payload={
        "timelapse": {"years": years, "colours": frames, "counts": counts,
                      "interval": interval_ms, "autoplay": autoplay,
                      "toggle": i18n.t("replication.pause", lang)}})
