"""One HTML file per map view, with Leaflet and the data inside it: opened from a USB stick by
double click, with no server and no network, its tooltips, legend and timeline still work."""

from __future__ import annotations

import datetime as dt
import html

import folium
from branca.element import Element

from geo.render import catalog, i18n, words
from geo.render.web import assets, leaflet


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


VIET_NAM_TIME = dt.timezone(dt.timedelta(hours=7))  # no daylight saving


def snapshot_line(made: dt.datetime, live: str, lang: str) -> str:
    """"Snapshot of 30-11-2026, 10:15 (Viet Nam time): it does not update. Live view" (HTML)."""
    local = made.astimezone(VIET_NAM_TIME)
    text = i18n.t("audience.snapshot", lang, date=local.strftime("%d-%m-%Y"),
                  time=local.strftime("%H:%M"))
    return (f'<div class="dvk-snapshot">{html.escape(text)} '
            f'<a href="{html.escape(live, quote=True)}">{html.escape(i18n.t("present.live", lang))}'
            f"</a></div>")


def page(request: catalog.Request, view: str, *,
         snapshot: tuple[dt.datetime, str] | None = None) -> str:
    """The whole file: a title bar (filters in words, the illustrative label) over the map;
    `snapshot` (when, live address): the audience link's line under the title."""
    ds, lang = request.ds, request.lang
    title = catalog.title_of(request, view)
    geography = catalog.VIEWS[view].geography(request)
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
    layer = catalog.layer_for(request, view)
    layer.add_to(fmap)
    alternative = layer.alternative  # the map's figures, for a keyboard or a screen reader
    root.html.add_child(Element(f'<details class="dvk-alt"><summary>'
                                f'{html.escape(alternative.control)}</summary>'
                                f'{alternative.table_html()}</details>'), name="dvk_alt")
    return root.render().replace("<html>", f'<html lang="{lang}">', 1)
