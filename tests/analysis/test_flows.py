"""Flows a room can read: count classes with growing width and darkening colour, curves bent to
one side that start and end where they should, arrowheads at the destination, origins sized by
reach; the replication layer draws the strongest last and names the strongest three."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from geo.analysis import replication
from geo.analysis.filters import Filters
from geo.render import flows
from geo.render.web import maps


@pytest.mark.parametrize("counts", [[1], [3, 3, 3], [1, 2], [1, 2, 3, 4, 5, 6, 7, 20],
                                    list(range(1, 100))])
def test_each_count_falls_in_one_class_and_classes_grow(counts):
    found = flows.classes(counts)
    assert 1 <= len(found) <= 4
    for count in counts:
        assert sum(c.low <= count <= c.high for c in found) == 1
    assert [c.width for c in found] == sorted({c.width for c in found})
    assert len({c.colour for c in found}) == len(found)
    assert found[-1].high == max(counts) and found[0].low == min(counts)
    assert found[-1].width == max(flows.WIDTHS)  # the strongest always look strongest


def test_a_curve_joins_its_ends_and_bends_to_the_right():
    start, end = (15.5, 108.0), (15.5, 108.4)  # due east
    line = flows.curve(start, end)
    assert line[0] == pytest.approx(list(start)) and line[-1] == pytest.approx(list(end))
    assert min(lat for lat, _ in line) < 15.5 - 0.01  # going east, right is south
    back = flows.curve(end, start)
    assert max(lat for lat, _ in back) > 15.5 + 0.01  # the way back bends the other way


def test_the_arrowhead_points_at_the_destination():
    line = flows.curve((15.5, 108.0), (15.5, 108.4))
    tip, left, right = flows.arrowhead(line, 2.0)
    assert tip == pytest.approx(line[-1])
    assert left[1] < tip[1] and right[1] < tip[1]  # behind the tip, coming from the west


def test_origins_are_sized_by_the_adoptions_started_there():
    a, b, c = (15.1, 108.1), (15.2, 108.2), (15.3, 108.3)
    drawn = [replication.Flow(a, b, 2020, 9, ("A", "B")), replication.Flow(a, c, 2021, 7, ("A", "C")),
             replication.Flow(b, c, 2021, 4, ("B", "C"))]
    radii = flows.origin_radii(drawn)
    assert radii[a][1] == 16 and radii[b][1] == 4
    assert radii[a][0] > radii[b][0] and radii[a][2] == "A"


def test_the_layer_draws_the_strongest_last_and_names_three(ds):
    """Every typical model (the page's default): at most 30 flows drawn strong, the others
    thin and faint, the strongest three named, the legend's classes those of the strong."""
    from geo.analysis import views

    ids = views.typical_models(ds, Filters(year_to=ds.latest_year))["id"].tolist()
    drawn = views.spread_of(ds, ids)
    gathered = sorted((f.count for f in drawn.flows if f.names), reverse=True)
    assert len(gathered) > 10
    layer = maps.replication_map(ds.layers["communes"], drawn, "communes", lang="vi")
    import folium

    fmap = folium.Map(tiles=None)
    layer.add_to(fmap)
    text = fmap.get_root().render()
    payload = json.loads(re.search(r'"replication":\s*(\{.*?"playLabel".*?\})', text).group(1))
    widths = [f[3] for f in payload["flows"]]
    assert widths == sorted(widths)  # strongest on top
    strong = [f for f in payload["flows"] if f[5] != flows.FAINT_OPACITY]
    faint = [f for f in payload["flows"] if f[5] == flows.FAINT_OPACITY]
    assert len(strong) + len(faint) == len(gathered) and 0 < len(strong) <= flows.STRONG_MOST
    least = min(int(re.search(r">([\d.]+)<", f[4].split("→")[-1]).group(1)) for f in strong)
    assert len(faint) == sum(1 for n in gathered if n < least) > 0
    assert all(f[3] == flows.FAINT_WIDTH and not f[2] and not f[7] for f in faint)
    labels = [f[7] for f in payload["flows"] if f[7]]
    assert len(labels) == 3
    named = sorted(int(re.search(r": (\d+)$", label).group(1)) for label in labels)
    assert named == sorted(gathered[:3])
    assert all("→" in f[4] for f in payload["flows"])  # hover names origin and destination
    assert len(payload["origins"]) == len({f.start for f in drawn.flows})
    legend = re.findall(r'dvk-flow-row"><span style="[^"]*height:([\d.]+)px[^"]*background:'
                        r'(#[0-9a-f]{6})', text.replace('\\"', '"'))
    assert len(legend) == len(flows.classes(gathered[:len(strong)])) >= 2
    assert len({h for h, _ in legend}) == len(legend) == len({c for _, c in legend})
    assert np.all(np.diff([float(h) for h, _ in legend]) > 0)


def test_all_typical_models_flow_between_2025_units_when_asked(ds):
    """On the 2025 communes and wards, flows are gathered between those units: each pair's
    count recounted here from the stored replications and the eras table alone (any era's
    code -> its 2025 unit), adoptions recorded as 2025 units included."""
    from geo.analysis import views

    ids = views.typical_models(ds, Filters(year_to=ds.latest_year))["id"].tolist()
    drawn = views.spread_of(ds, ids, "units_2025")
    to_2025 = dict(zip(zip(ds.eras["era"], ds.eras["code"]), ds.eras["code_2025b"]))
    names = dict(zip(ds.layers["units_2025"]["code"], ds.layers["units_2025"]["name"]))
    models = ds.prepared.frame.set_index("id")
    expected: dict[tuple[str, str], int] = {}
    for rep in ds.replications[ds.replications["model_id"].isin(ids)].itertuples():
        a = to_2025.get((models.at[rep.model_id, "commune_era"],
                         models.at[rep.model_id, "commune_code"]))
        b = to_2025[(rep.commune_era, rep.commune_code)]
        if a and a != b:
            expected[(names[a], names[b])] = expected.get((names[a], names[b]), 0) + 1
    assert {f.names: f.count for f in drawn.flows} == expected and len(expected) > 20
    by_district = views.spread_of(ds, ids, "communes")
    assert {f.names for f in by_district.flows}.isdisjoint(expected)  # districts there


@pytest.mark.parametrize("counts", [[], [1] * 100, [5, 4, 3], list(range(1, 200)),
                                    [12, 8, 7, 7] + [6] * 10 + [5] * 4 + [4] * 14 + [1] * 90])
def test_at_most_thirty_flows_are_strong_and_all_of_a_count_go_together(counts):
    gathered = [replication.Flow((0, 0), (1, 1), 2024, n, (f"A{i}", f"B{i}"))
                for i, n in enumerate(counts)]
    drawing = flows.plan(gathered)
    assert len(drawing.strong) + len(drawing.faint) == len(counts)
    assert all(f.count >= drawing.minimum for f in drawing.strong)
    assert all(f.count < drawing.minimum for f in drawing.faint)
    if counts and len(set(counts)) > 1 or len(counts) <= flows.STRONG_MOST:
        assert len(drawing.strong) <= flows.STRONG_MOST
    if counts:  # never an empty map: the largest count is always strong
        assert drawing.strong[0].count == max(counts)
    assert [f.count for f in drawing.strong] == sorted((f.count for f in drawing.strong),
                                                        reverse=True)


def test_the_cut_off_and_the_focus_chosen_on_the_page_reach_the_map(ds):
    import folium

    from geo.analysis import views

    ids = views.typical_models(ds, Filters(year_to=ds.latest_year))["id"].tolist()
    drawn = views.spread_of(ds, ids)
    counts = [f.count for f in drawn.flows if f.names]
    layer = maps.replication_map(ds.layers["communes"], drawn, "communes", lang="en",
                                 minimum=2, focus="Huyện Núi Thành")
    fmap = folium.Map(tiles=None)
    layer.add_to(fmap)
    text = fmap.get_root().render()
    payload = json.loads(re.search(r'"replication":\s*(\{.*?"playLabel".*?\})', text).group(1))
    strong = [f for f in payload["flows"] if f[5] != flows.FAINT_OPACITY]
    assert len(strong) == sum(n >= 2 for n in counts) > flows.STRONG_MOST
    assert payload["focus"] == "Huyện Núi Thành"
    assert f"drawn faint: {sum(n < 2 for n in counts)}" in layer.alternative.summary


@pytest.mark.slow
@pytest.mark.parametrize("printed_mm", [None, 165])
def test_the_print_figure_draws_the_same_flows_with_district_names_none_under_8_pt(
        ds, printed_mm):
    """The report shows the figure 165 mm wide: every text on the page (map labels, title,
    legends, credit, date) still prints at ≥ 8 pt, the map's labels do not overlap, nor the
    page's texts, all inside the page; the faint flows are those the web map draws faint."""
    from matplotlib.colors import to_hex
    from matplotlib.text import Text

    from geo import palette
    from geo.analysis import views
    from geo.render.files import figures

    filters = Filters(year_to=ds.latest_year)
    ids = views.typical_models(ds, filters)["id"].tolist()
    drawn = views.spread_of(ds, ids, filters=filters)
    fig = figures.replication_figure(ds, filters, ids, title="t", drawn=drawn,
                                     printed_mm=printed_mm)
    ax = fig.axes[0]
    scale = printed_mm / (fig.get_figwidth() * 25.4) if printed_mm else 1.0
    texts = [t for t in ax.texts if t.get_text()]  # not the arrows' empty annotations
    everything = fig.findobj(lambda a: isinstance(a, Text) and a.get_text())
    small = [(t.get_text(), t.get_fontsize() * scale) for t in everything
             if t.get_fontsize() * scale < figures.PRINTED_PT - 1e-9]
    assert not small  # title, legends, credit and date too
    scale_bar = next(a for a in ax.artists if type(a).__name__ == "ScaleBar")
    assert scale_bar.font_properties.get_size() * scale >= figures.PRINTED_PT - 1e-9
    shown = [t.get_text() for t in texts]
    assert 1 <= sum("→" in t for t in shown) <= flows.LABELLED
    assert len(set(shown) & set(ds.layers["districts"]["short_name"])) >= 8
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    fig.canvas.draw()  # the legends place their texts when drawn
    page = [t.get_window_extent(renderer) for t in everything if t not in ax.texts]
    assert not any(a.overlaps(b) for i, a in enumerate(page) for b in page[i + 1:])
    assert all(0 <= b.x0 and b.x1 <= fig.bbox.width and 0 <= b.y0 and b.y1 <= fig.bbox.height
               for b in page)
    faint = [line for line in ax.lines if to_hex(line.get_color()) == palette.FAINT_FLOW]
    assert len(faint) == len(flows.plan([f for f in drawn.flows if f.names]).faint) > 0


def test_a_gathered_flow_tells_its_years_and_the_models_copied_along_it(ds):
    """Pointing at a flow between districts names its count, first and last year and the
    models (by name) that SQL finds copied from the one district to the other."""
    from geo.analysis import views

    filters = Filters(year_to=ds.latest_year)
    ids = views.typical_models(ds, filters)["id"].tolist()
    drawn = views.spread_of(ds, ids, filters=filters)
    flow = max((f for f in drawn.flows if f.names), key=lambda f: (f.count, f.names))
    adoptions = drawn.adoptions
    districts = ds.layers["districts"].set_index("name")["code"]
    along = adoptions[(adoptions["origin_district"] == districts[flow.names[0]])
                      & (adoptions["district"] == districts[flow.names[1]])]
    names = dict(zip(ds.prepared.frame["id"], ds.prepared.frame["name"]))
    assert flow.count == len(along)
    assert (flow.year, flow.last_year) == (along["year"].min(), along["year"].max())
    assert flow.models == tuple(sorted(names[m] for m in set(along["model_id"])))
    labels = {"flow": "flow", "year": "year", "models": "models"}
    rows = dict(maps.flow_facts(flow, labels, "en", models_shown=1))
    years = (str(flow.year) if flow.year == flow.last_year
             else f"{flow.year}–{flow.last_year}")
    assert rows["year"] == years and rows["models"].startswith(flow.models[0])
    if len(flow.models) > 1:
        assert rows["models"].endswith(f"(+{len(flow.models) - 1})")


@pytest.mark.slow
def test_one_model_spreads_from_its_origin_coloured_by_year_in_every_medium(ds):
    """"By model": a typical model chosen alone draws one arrow per adoption from its origin,
    each in its year's blue (the one palette), on the web map and on the print figure alike."""
    import folium
    from matplotlib.colors import to_hex
    from matplotlib.patches import FancyArrowPatch

    from geo import palette
    from geo.analysis import views
    from geo.render.files import figures

    filters = Filters(year_to=ds.latest_year)
    typical = views.typical_models(ds, filters)
    model = max(typical["id"], key=lambda i: len(views.spread_of(ds, [i]).flows))
    drawn = views.spread_of(ds, [model], filters=filters)
    assert len(drawn.flows) >= 3 and not any(f.names for f in drawn.flows)
    assert len({f.start for f in drawn.flows}) == 1  # all from its origin
    year_colour = palette.year_colours(drawn.years)
    assert len({year_colour[f.year] for f in drawn.flows}) >= 2
    fmap = folium.Map(tiles=None)
    maps.replication_map(ds.layers["communes"], drawn, "communes", lang="vi").add_to(fmap)
    text = fmap.get_root().render()
    payload = json.loads(re.search(r'"replication":\s*(\{.*?"playLabel".*?\})', text).group(1))
    assert sorted((f[1], f[6]) for f in payload["flows"]) == sorted(
        (f.year, year_colour[f.year]) for f in drawn.flows)
    fig = figures.replication_figure(ds, filters, [model], title="t", drawn=drawn)
    arrows = [t.arrow_patch for t in fig.axes[0].texts  # not the north arrow: it has a text
              if isinstance(getattr(t, "arrow_patch", None), FancyArrowPatch) and not t.get_text()]
    assert sorted(to_hex(a.get_edgecolor()) for a in arrows) == sorted(
        year_colour[f.year] for f in drawn.flows)
