"""One HTML file per map view, with Leaflet and the data inside it: opened from a USB stick by
double click, with no server and no network, its tooltips, legend and timeline still work."""

from __future__ import annotations

import datetime as dt
import html

import folium
from branca.element import Element

from geo.analysis import targets, views
from geo.analysis.classify import classify
from geo.analysis.filters import Filters
from geo.render import assets, i18n, leaflet, maps, words


def _inline_assets(fmap: folium.Map) -> None:
    """Leaflet's JS and CSS from the installed package and the map's own files, inside the page
    instead of linked, in the order the app links them."""
    source = assets.leaflet_source()
    fmap.default_js, fmap.default_css = [], []
    styles = [(source / "leaflet.css").read_text(encoding="utf-8"),
              *(assets.own_file(n) for n in ("dvk-map.css", "dvk-present.css", "dvk-file.css"))]
    scripts = [(source / "leaflet.js").read_text(encoding="utf-8"), assets.own_file("dvk-map.js")]
    root = fmap.get_root()
    for i, script in reversed(list(enumerate(scripts))):
        text = script.replace("</script", "<\\/script")
        root.header.add_child(Element(f"<script>{text}</script>"), name=f"dvk_js_{i}", index=0)
    for i, style in enumerate(styles):
        root.header.add_child(Element(f"<style>{style}</style>"), name=f"dvk_css_{i}")


def layer_for(ds: views.Dataset, filters: Filters, view: str, year: int | None = None,
              level: str | None = None) -> folium.FeatureGroup:
    """The data layer of a view, as the web page draws it."""
    lang, geography = filters.lang, filters.geography
    units = ds.layers[geography]
    note = i18n.t("app.demo_short", lang) if ds.is_demo else ""
    if view == "targets":
        level, table, same_as = _targets(ds, year, level)
        return maps.target_layer(table, ds.layers[targets.geography_of(level)], lang=lang, note=note,
                                 year=views.target_year(ds, year), same_as=same_as)
    if view == "overview":
        table, classes = views.density(ds, filters)
        return maps.density_layer(table, units, classes, measure=filters.measure, lang=lang,
                                  note=note)
    if view == "domains":
        table, _ = views.density(ds, filters)
        return maps.leading_domain_layer(table, units, lang=lang, note=note)
    if view in ("replication", "typical"):
        ids = views.typical_models(ds, filters)["id"].tolist()
        return maps.replication_map(units, views.spread_of(ds, ids, geography), geography,
                                    lang=lang, note=note)
    if view == "timelapse":
        lapse = views.timelapse(ds, filters)
        classes = classify(lapse.per_unit[-1].astype(float), filters.classification)
        return maps.timelapse_layer(units["code"].tolist(), lapse, classes, lang=lang, note=note)
    raise ValueError(f"no map for the view {view!r}")


def _targets(ds: views.Dataset, year: int | None, level: str | None = None):
    return views.target_status(ds, views.target_year(ds, year), level)


VIET_NAM_TIME = dt.timezone(dt.timedelta(hours=7))  # no daylight saving


def title_of(ds: views.Dataset, filters: Filters, view: str, year: int | None = None) -> str:
    """The page's title: the filters in words (the targets view: its year)."""
    if view == "targets":
        return i18n.t("targets.met_label", filters.lang, year=views.target_year(ds, year))
    return words.title(filters, filters.lang, views.district_names(ds))


def snapshot_line(made: dt.datetime, live: str, lang: str) -> str:
    """"Snapshot of 30-11-2026, 10:15 (Viet Nam time): it does not update. Live view" (HTML)."""
    local = made.astimezone(VIET_NAM_TIME)
    text = i18n.t("audience.snapshot", lang, date=local.strftime("%d-%m-%Y"),
                  time=local.strftime("%H:%M"))
    return (f'<div class="dvk-snapshot">{html.escape(text)} '
            f'<a href="{html.escape(live, quote=True)}">{html.escape(i18n.t("present.live", lang))}'
            f"</a></div>")


def page(ds: views.Dataset, filters: Filters, view: str, *, year: int | None = None,
         level: str | None = None, snapshot: tuple[dt.datetime, str] | None = None) -> str:
    """The whole file: a title bar (filters in words, the illustrative label) over the map;
    `snapshot` (when, live address): the audience link's line under the title."""
    lang, geography = filters.lang, filters.geography
    title = title_of(ds, filters, view, year)
    if view == "targets":
        geography = targets.geography_of(level or targets.default_level(ds.rules,
                                                              views.target_year(ds, year)))
    geojson = leaflet.layer_geojson(ds.layers[geography], ["code"])
    outline = leaflet.layer_geojson(ds.layers["province"], [])
    fmap = leaflet.base_map(geojson, outline, tuple(ds.layers["province"].total_bounds),
                         credit=words.credit(lang, ds.is_demo), lang=lang, presenting=True)
    _inline_assets(fmap)
    demo = (f'<span class="dvk-demo">{html.escape(i18n.t("app.demo_short", lang))}</span>'
            if ds.is_demo else "")
    root = fmap.get_root()
    root.header.add_child(Element(f"<title>{html.escape(title)}</title>"), name="dvk_title")
    note = snapshot_line(*snapshot, lang) if snapshot else ""
    root.html.add_child(Element(f'<div class="dvk-header"><span>{html.escape(title)}</span>'
                                f'{demo}{note}</div>'), name="dvk_header", index=0)
    layer = layer_for(ds, filters, view, year, level)
    layer.add_to(fmap)
    alternative = layer.alternative  # the map's figures, for a keyboard or a screen reader
    root.html.add_child(Element(f'<details class="dvk-alt"><summary>'
                                f'{html.escape(alternative.control)}</summary>'
                                f'{alternative.table_html()}</details>'), name="dvk_alt")
    return root.render().replace("<html>", f'<html lang="{lang}">', 1)
