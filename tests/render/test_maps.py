"""Map building without a browser: offline assets, escaping, legend, one layer per geography."""

import gzip
import hashlib
import json
import re

import numpy as np
import pandas as pd
import pytest

from geo import boundaries, palette
from geo.analysis.classify import classify
from geo.palette import NO_DATA
from geo.render import i18n, legends, words
from geo.render.web import assets, leaflet, maps


@pytest.fixture(scope="module")
def communes():
    return boundaries.read_layer("communes")


@pytest.fixture(scope="module")
def outline():
    return boundaries.read_layer("province")


def make_base(communes, outline, **kw):
    return leaflet.base_map(leaflet.layer_geojson(communes, ["code"]), leaflet.layer_geojson(outline, []),
                         tuple(outline.total_bounds), **{"lang": "vi", **kw})


def render(fmap):
    return fmap.get_root().render()


def test_base_map_loads_nothing_from_the_internet(communes, outline):
    page = render(make_base(communes, outline, credit="© test"))
    urls = set(re.findall(r'(?:src|href)="([^"]+)"', page))
    assert urls == {assets.LEAFLET_JS, assets.LEAFLET_CSS, assets.url_of("dvk-map.js"),
                    assets.url_of("dvk-map.css")}
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page


def test_the_maps_own_script_and_style_are_files_served_under_hashed_names(tmp_path):
    """The JS and CSS live in geo/render/web/static; the app serves copies whose names change with
    their content, so a long cache never serves an old one."""
    assets.publish_static(tmp_path)
    for name in ("dvk-map.js", "dvk-map.css", "dvk-present.css"):
        url = assets.url_of(name)
        served = tmp_path / url.removeprefix(assets.STATIC_URL + "/")
        assert served.read_text(encoding="utf-8") == assets.own_file(name)
        digest = hashlib.sha256(served.read_bytes()).hexdigest()[:12]
        assert served.name == name.replace(".", f".{digest}.", 1)
    assert "dvk.restyle = function" in assets.own_file("dvk-map.js")


def test_base_map_carries_241_communes_with_codes_only(communes, outline):
    fmap = make_base(communes, outline, credit="x", lang="vi")
    layer = next(c for c in fmap._children.values() if c._name == "units")
    features = json.loads(layer.data_json.replace("<\\/", "</"))["features"]
    assert len(features) == 241
    assert set(features[0]["properties"]) == {"code"}
    assert {f["properties"]["code"] for f in features} == set(communes["code"])


def test_light_basemap_is_opt_in(communes, outline):
    assert "basemaps.cartocdn.com" in render(make_base(communes, outline, credit="x",
                                                          basemap="light"))


def test_data_from_the_table_is_escaped_in_tooltips_and_legend(communes):
    units = communes.copy()
    units.loc[units["code"] == "20932", "name"] = "<script>alert('x')</script>"
    table = pd.DataFrame({"code": units["code"], "count": 3, "per_10k": 1.0, "per_100km2": 1.0,
                          "leading": "kinh_te", "leading_share": 1.0})
    layer = maps.density_layer(table, units, classify(table["count"].to_numpy(), "quantiles"),
                               measure="count", lang="vi", note="<b>note</b>")
    restyle = next(iter(layer._children.values()))
    script = restyle._template.module.script(restyle)
    payload = json.loads(restyle.payload.replace("<\\/", "</"))
    assert "</" not in script  # nothing can close the page's script element
    # the summary is text the map sets as an attribute (setAttribute parses no HTML), so it
    # stays as written; everything shown as HTML is escaped
    assert "<script>alert('x')</script> (3)" in payload["summary"]
    assert "<script>alert" not in script.replace(json.dumps(payload["summary"],
                                                            ensure_ascii=False)[1:-1]
                                                 .replace("</", "<\\/"), "")
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in payload["units"]["20932"][1]
    assert "&lt;b&gt;note&lt;/b&gt;" in payload["legend"]
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in layer.alternative.table_html()
    assert "<script>" not in layer.alternative.table_html()


def test_legend_shows_limits_in_the_language_and_a_no_data_class():
    classes = classify(np.array([0, 1200.5, 2500.25, 3000.75, 1000, 5000]), "equal_interval", 3)
    vi = legends.legend_html("Mật độ", classes, "vi", digits=1)
    en = legends.legend_html("Density", classes, "en", digits=1)
    assert "1.000,0" in vi and "1,000.0" in en
    assert i18n.t("legend.no_data", "vi") in vi and NO_DATA in vi


@pytest.mark.slow
def test_classify_schemes_and_no_data():
    values = np.array([0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100], float)
    for scheme in ("quantiles", "natural_breaks", "equal_interval"):
        classes = classify(values, scheme, 5)
        assert list(classes.bounds) == sorted(classes.bounds) and classes.bounds[-1] == 100
        colours = classes.colour_of(values)
        assert (colours[:2] == NO_DATA).all() and (colours[2:] != NO_DATA).all()
    assert classify(values, "natural_breaks", 2).bounds[-1] == 100
    assert classify(np.array([0, np.nan]), "quantiles").bounds == ()
    assert classify(values, "equal_interval", 5).bounds[0] == pytest.approx(20.8)


def test_publish_static_serves_leaflet_from_the_package_under_a_hashed_folder(tmp_path):
    target = assets.publish_static(tmp_path)
    script = (assets.leaflet_source() / "leaflet.js").read_bytes()
    assert (target / "leaflet.js").read_bytes() == script
    assert (target / "leaflet.css").exists() and (target / "images" / "layers.png").exists()
    assert gzip.decompress((target / "leaflet.js.gz").read_bytes()) == script
    assert not (target / "images" / "layers.png.gz").exists()  # images are compressed already
    assert target.name == assets.leaflet_folder() and re.fullmatch(r"leaflet-[0-9a-f]{12}",
                                                                   target.name)
    assert assets.LEAFLET_JS == f"/app/static/{target.name}/leaflet.js"


def test_base_map_bounds_are_given_not_walked_from_the_geometry():
    """streamlit-folium asks for the bounds on every rerun: they are the province's, known."""
    far = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
           "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}
    fmap = leaflet.base_map(json.dumps(far), json.dumps(far), (107.2, 14.9, 108.7, 16.1),
                         credit="x", lang="vi")
    assert fmap.get_bounds() == [[14.9, 107.2], [16.1, 108.7]]


def test_target_map_marks_each_status_and_escapes_names():
    from geo.analysis import targets

    units = boundaries.read_layer("districts")
    statuses = ["met", "partly", "not_met", "no_target"] * 4 + ["met", "met"]
    table = units[["code", "name"]].assign(status=statuses, new=1, typical=0, replications=0)
    table.loc[0, "name"] = "<img src=x onerror=alert(1)>"
    for measure in targets.MEASURES:
        table[f"min_{measure}"] = pd.array([2] * len(table), dtype="Int64")
    layer = maps.target_layer(table, units, year=2025, lang="en", note="<i>x</i>")
    payload = json.loads(next(iter(layer._children.values())).payload.replace("<\\/", "</"))
    assert sorted(m[2] for m in payload["marks"]) == sorted(
        palette.STATUS_SYMBOLS[s] for s in statuses if s != "no_target")
    dashed = {code for code, (_, _, style) in payload["units"].items() if style}
    assert dashed == set(table.loc[table["status"] == "no_target", "code"])
    assert "&lt;img src=x" in payload["units"][units.loc[0, "code"]][1]
    assert "<img" not in json.dumps(payload["units"])
    assert "1 / target 2" in payload["units"][units.loc[0, "code"]][1]
    for status in targets.STATUSES:
        assert words.status_label(status, "en") in payload["legend"]


@pytest.mark.parametrize("scheme", ["quantiles", "equal_interval"])
def test_numpy_class_breaks_equal_mapclassify(scheme):
    import mapclassify

    from geo.analysis.classify import SCHEMES

    reference = {"quantiles": mapclassify.Quantiles,
                 "equal_interval": mapclassify.EqualInterval}[scheme]
    rng = np.random.default_rng(5)
    for k in (3, 4, 5, 6):
        for values in (rng.gamma(1.5, 10, 241), rng.integers(1, 40, 78).astype(float),
                       np.arange(1.0, 19.0)):
            assert np.allclose(SCHEMES[scheme](values, k), reference(values, k=k).bins)


def test_class_breaks_by_hand():
    """Three clear clusters give three natural classes at their tops; equal intervals split the
    range in equal steps; a scheme never makes more classes than there are distinct values."""
    clusters = np.array([1, 1, 2, 10, 11, 12, 50, 51, 52], float)
    assert classify(clusters, "natural_breaks", 3).bounds == (2.0, 12.0, 52.0)
    assert classify(clusters, "natural_breaks", 3).lower == 1.0
    spread = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 100], float)
    assert classify(spread, "equal_interval", 5).bounds == pytest.approx(
        (20.8, 40.6, 60.4, 80.2, 100.0))
    assert classify(np.array([3, 3, 7], float), "quantiles", 5).bounds == (3.0, 7.0)
    assert len(classify(clusters, "natural_breaks", 4).bounds) == 4


def test_class_colours_by_hand():
    """Five classes by default; one or two classes take the darkest colours of three; nothing
    positive gives no class at all; missing values may come as None."""
    from geo.analysis.classify import Classes

    spread = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100, None]
    five = classify(spread, "equal_interval")
    assert five.colours == ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
    assert five.colour_of([None, 0, 1, 20.8, 20.9, 100, 250]).tolist() == [
        NO_DATA, NO_DATA, "#ffffb2", "#ffffb2", "#fecc5c", "#bd0026", "#bd0026"]
    assert classify([4, 9, 9], "quantiles") == Classes(4.0, (4.0, 9.0), ("#feb24c", "#f03b20"))
    assert classify([4, 9], "quantiles", 1) == Classes(4.0, (9.0,), ("#f03b20",))
    assert classify([6, 6], "natural_breaks") == Classes(6.0, (6.0,), ("#f03b20",))
    assert classify([0, None, float("nan")], "quantiles") == Classes(0.0, (), ())
    assert classify([3, 3, 7, 8], "quantiles", 3).colours == ("#ffeda0", "#feb24c", "#f03b20")
