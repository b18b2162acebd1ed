"""Every map has a text alternative: a sentence made from the data that names it, and a table
of the same figures (WCAG 1.1.1). Expected values are written by hand from the small fixtures,
or counted in SQL; and every legend swatch stands out from the legend (WCAG 1.4.11)."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from geo.analysis import targets, views
from geo.analysis.filters import Filters
from geo.render import catalog
from geo.render.web import maps, text_alternatives
from tests.render.test_report import district_counts_sql

UNITS = pd.DataFrame({"code": ["A", "B", "C"], "name": ["Xã An", "Xã Bình", "Xã Cẩm"],
                      "district_name": ["Huyện Một", "Huyện Một", "Huyện Hai"]})


def density_table(counts, per_10k):
    return pd.DataFrame({"code": ["A", "B", "C"], "count": counts, "per_10k": per_10k,
                         "per_100km2": [0.0, 0.0, 0.0],
                         "leading": ["kinh_te", np.nan, "mixed"],
                         "leading_share": [1.0, np.nan, 0.34]})


def test_a_density_map_names_its_highest_units_and_its_range():
    alt = text_alternatives.density(density_table([5, 0, 2], [2.5, 0.0, 4.0]), UNITS,
                               measure="count", lang="en")
    assert alt.summary == ("Number of models: highest Xã An (5) and Xã Cẩm (2); from 0 to 5; "
                           "1 of 3 units has no model.")
    assert alt.columns == ["Name", "District", "Number of models"]
    assert alt.rows == [["Xã An", "Huyện Một", "5"], ["Xã Cẩm", "Huyện Hai", "2"],
                        ["Xã Bình", "Huyện Một", "0"]]


def test_a_per_resident_map_ranks_by_the_measure_not_the_count():
    alt = text_alternatives.density(density_table([5, 0, 2], [2.5, 0.0, 4.0]), UNITS,
                               measure="per_10k", lang="vi")
    assert alt.summary == ("Mô hình / 10.000 dân: cao nhất là Xã Cẩm (4,0) và Xã An (2,5); "
                           "từ 0,0 đến 4,0; 1/3 đơn vị chưa có mô hình.")
    assert [r[0] for r in alt.rows] == ["Xã Cẩm", "Xã An", "Xã Bình"]
    assert alt.rows[0][2:] == ["2", "4,0"]


def test_at_most_three_units_are_named_and_ties_go_by_name():
    units = pd.DataFrame({"code": list("ABCD"), "name": ["Dốc", "Cát", "Bãi", "An"]})
    table = pd.DataFrame({"code": list("ABCD"), "count": [3, 3, 3, 3]})
    alt = text_alternatives.density(table, units, measure="count", lang="en")
    assert alt.summary.startswith("Number of models: highest An (3), Bãi (3) and Cát (3); ")
    assert alt.columns == ["Name", "Number of models"]  # districts: no district column


def test_a_map_with_no_model_says_so():
    alt = text_alternatives.density(density_table([0, 0, 0], [0.0, 0.0, 0.0]), UNITS,
                               measure="count", lang="fr")
    assert alt.summary == "Nombre de modèles : aucun modèle dans la sélection."
    assert len(alt.rows) == 3


def test_a_leading_domain_map_counts_units_per_domain():
    alt = text_alternatives.leading_domain(density_table([5, 0, 2], [0.0] * 3), UNITS, lang="en")
    assert alt.summary == ("Leading domain, number of units: Economy: 1, "
                           "Mixed (no domain ≥ 40%): 1 and No model: 1.")
    assert alt.rows == [["Xã An", "Huyện Một", "Economy", "5"],
                        ["Xã Bình", "Huyện Một", "No model", "0"],
                        ["Xã Cẩm", "Huyện Hai", "Mixed (no domain ≥ 40%)", "2"]]


def test_a_target_map_counts_units_per_status():
    table = pd.DataFrame({"code": ["A", "B", "C"], "name": ["Xã An", "Xã Bình", "Xã Cẩm"],
                          "status": ["not_met", "met", "not_met"], "new": [1, 4, 0],
                          "typical": [0, 1, 0], "replications": [0, 0, 0]})
    for measure in targets.MEASURES:
        table[f"min_{measure}"] = pd.array([2, 2, 2] if measure == "new" else [None] * 3,
                                           dtype="Int64")
    alt = text_alternatives.target_status(table, year=2025, lang="en")
    assert alt.summary == ("Targets 2025, number of units: ✓ Met: 1, ◐ Partly met: 0, "
                           "✗ Not met: 2 and – No target: 0.")
    assert [r[:3] for r in alt.rows] == [["Xã Bình", "✓ Met", "4 / target 2"],
                                         ["Xã An", "✗ Not met", "1 / target 2"],
                                         ["Xã Cẩm", "✗ Not met", "0 / target 2"]]


def flow_plan(*pairs: tuple[str, str, int]):
    """The map's selection of gathered flows (`start name`, `end name`, count)."""
    from geo.analysis.replication import Flow
    from geo.render import flows

    return flows.plan([Flow((0, 0), (1, 1), 2024, n, (a, b)) for a, b, n in pairs])


def test_a_replication_map_names_origins_and_orders_adopters_by_year():
    alt = text_alternatives.replication(UNITS, origins={"C"}, adopters={"A": 2023},
                                   approximate={"B": (2021, "Phường Mới")},
                                   flows=flow_plan(("Huyện Hai", "Huyện Một", 2)),
                                   reached="2024 · 2 communes adopting", lang="en")
    assert alt.summary == ("Replication: 2024 · 2 communes adopting. Origins: Xã Cẩm. "
                           "Flows of 2 or more adoptions drawn strong: 1 (Huyện Hai → Huyện "
                           "Một: 2); drawn faint: 0.")
    assert alt.rows == [["Xã Cẩm", "Huyện Hai", "Origin"], ["Xã Bình", "Huyện Một", "2021"],
                        ["Xã An", "Huyện Một", "2023"]]


def test_the_table_escapes_every_cell_and_carries_the_summary():
    units = UNITS.assign(name=["<img src=x onerror=alert(1)>", "B & co", "Xã Cẩm"])
    alt = text_alternatives.density(density_table([5, 0, 2], [0.0] * 3), units, measure="count",
                               lang="en")
    html = alt.table_html()
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "B &amp; co" in html
    assert html.count("<tr>") == 4 and html.count('scope="row"') == 3
    assert re.search(r"<caption>Number of models: highest &lt;img", html)


def test_the_district_map_summary_matches_sql_counts(ds, demo_engine):
    """The overview's district map in words: its three highest districts and their counts,
    and its range, as SQL and the eras table count them."""
    filters = Filters(geography="districts", year_to=ds.latest_year, lang="en")
    shown = views.density(ds, filters)
    table, classes = shown.table, shown.classes
    layer = maps.density_layer(table, ds.layers["districts"], classes, measure="count",
                               lang="en")
    counts = district_counts_sql(demo_engine, f"year_started BETWEEN 1990 AND {ds.latest_year}")
    totals = sorted(((-sum(d.values()), name) for name, d in counts.items()))
    top = [f"{name} ({-n})" for n, name in totals[:3]]
    expected_top = f"{top[0]}, {top[1]} and {top[2]}"
    low = min([-n for n, _ in totals] + ([0] if len(totals) < len(table) else []))
    assert layer.alternative.summary == (
        f"Number of models: highest {expected_top}; from {low:,} to {-totals[0][0]:,}; "
        f"{len(table) - len(totals)} of {len(table)} units have no model.")


def contrast(a: str, b: str = "#ffffff") -> float:
    """WCAG contrast ratio of two #rrggbb colours (written here from the definition)."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def legends_of_every_map(ds) -> dict[str, str]:
    filters = Filters(year_to=ds.latest_year)
    out = {}
    for view in ("overview", "domains", "replication", "targets", "timelapse"):
        layer = catalog.layer_for(catalog.Request(ds, filters), view)
        payload = next(iter(layer._children.values())).payload.replace("<\\/", "</")
        out[view] = json.loads(payload)["legend"]
    return out


@pytest.mark.parametrize("view", ["overview", "domains", "replication", "targets", "timelapse"])
def test_every_legend_swatch_stands_out_from_the_legend(ds, view):
    """Each swatch has a border of at least 3:1 against the legend's white, or is itself that
    dark (a pale class colour alone would vanish on a projector)."""
    legend = legends_of_every_map(ds)[view]
    swatches = re.findall(r'<span style="([^"]*?background:[^"]*?)"', legend)
    assert swatches, view
    for style in swatches:
        fill = re.search(r"background:(#[0-9a-fA-F]{6})", style)
        border = re.search(r"border:\s*\d+px (?:solid|dashed) (#[0-9a-fA-F]{3,6})", style)
        if border:
            colour = border.group(1)
            colour = "#" + "".join(c * 2 for c in colour[1:]) if len(colour) == 4 else colour
            assert contrast(colour) >= 3, (view, style)
        else:
            assert fill and contrast(fill.group(1)) >= 3, (view, style)


def test_the_contrast_formula_is_wcags():
    assert contrast("#000000") == pytest.approx(21)
    assert contrast("#777777") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ffffff") == pytest.approx(1)


# -- every part of each alternative, written out ------------------------------------------------

def test_a_per_resident_alternative_whole_with_a_unit_of_unknown_population():
    table = density_table([5, 0, 2], [2.5, 0.0, np.nan])
    alt = text_alternatives.density(table, UNITS, measure="per_10k", lang="en")
    assert alt == text_alternatives.Alternative(
        "Models per 10,000 residents: highest Xã An (2.5); from 0.0 to 2.5; 1 of 3 units has "
        "no model.",
        ["Name", "District", "Number of models", "Models per 10,000 residents"],
        [["Xã An", "Huyện Một", "5", "2.5"], ["Xã Bình", "Huyện Một", "0", "0.0"],
         ["Xã Cẩm", "Huyện Hai", "2", "–"]], "en")
    assert alt.control == "Show the map as a table"


def test_equal_measures_go_by_count_then_name():
    units = pd.DataFrame({"code": list("ABC"), "name": ["Ba", "An", "Cu"]})
    table = pd.DataFrame({"code": list("ABC"), "count": [1, 4, 4],
                          "per_10k": [2.0, 2.0, 2.0]})
    alt = text_alternatives.density(table, units, measure="per_10k", lang="en")
    assert [r[0] for r in alt.rows] == ["An", "Cu", "Ba"]
    values = np.array([3.0, 1.0, 2.0])
    mine = text_alternatives.density(table, units, measure="count", lang="en", values=values,
                                counts=np.array([3, 1, 2]))
    assert [r[:2] for r in mine.rows] == [["Ba", "3"], ["Cu", "2"], ["An", "1"]]
    whole = text_alternatives.density(table, units, measure="per_10k", lang="en",
                                 values=np.array([3, 1, 2]))  # whole numbers: still a measure
    assert [r[2] for r in whole.rows] == ["3.0", "2.0", "1.0"]


def test_an_empty_per_resident_alternative_keeps_its_columns():
    alt = text_alternatives.density(density_table([0, 0, 0], [0.0, 0.0, 0.0]), UNITS,
                               measure="per_10k", lang="en")
    assert alt == text_alternatives.Alternative(
        "Models per 10,000 residents: no model in the selection.",
        ["Name", "District", "Number of models", "Models per 10,000 residents"],
        [["Xã An", "Huyện Một", "0", "0.0"], ["Xã Bình", "Huyện Một", "0", "0.0"],
         ["Xã Cẩm", "Huyện Hai", "0", "0.0"]], "en")


def test_a_unit_with_one_model_is_named_among_the_highest():
    alt = text_alternatives.density(density_table([1, 0, 0], [1.0, 0.0, 0.0]), UNITS,
                               measure="count", lang="en")
    assert alt.summary.startswith("Number of models: highest Xã An (1); from 0 to 1; ")


def test_a_leading_domain_alternative_whole():
    alt = text_alternatives.leading_domain(density_table([5, 0, 2], [0.0] * 3), UNITS, lang="en")
    assert alt == text_alternatives.Alternative(
        "Leading domain, number of units: Economy: 1, Mixed (no domain ≥ 40%): 1 and No "
        "model: 1.",
        ["Name", "District", "Leading domain", "Number of models"],
        [["Xã An", "Huyện Một", "Economy", "5"], ["Xã Bình", "Huyện Một", "No model", "0"],
         ["Xã Cẩm", "Huyện Hai", "Mixed (no domain ≥ 40%)", "2"]], "en")


def test_a_replication_alternative_whole():
    units = UNITS.assign(name=["Xã Cẩm", "Xã An", "Xã Bình"],
                         district_name=["Huyện Một", "Huyện Thứ", "Huyện Hai"])
    alt = text_alternatives.replication(units, origins={"A", "B"}, adopters={"C": 2024},
                                   approximate={"A": (2023, "Phường X")}, flows=flow_plan(),
                                   reached="2024 · 1 commune", lang="en")
    assert alt == text_alternatives.Alternative(
        "Replication: 2024 · 1 commune. Origins: Xã An and Xã Cẩm.",
        ["Name", "District", "Year adopted"],
        [["Xã An", "Huyện Thứ", "Origin"], ["Xã Cẩm", "Huyện Một", "Origin"],
         ["Xã Bình", "Huyện Hai", "2024"]], "en")  # origins by name, not by district
    none = text_alternatives.replication(units, origins=set(), adopters={"C": 2024, "B": 2024},
                                    approximate={"A": (2023, "P")},
                                    flows=flow_plan(*[(f"H{i}", f"K{i}", 50 - i) for i in range(40)],
                                                    ("A", "B", 1)),
                                    reached="r", lang="en")
    assert none.summary == ("Replication: r. Origins: –. Flows of 21 or more adoptions drawn "
                            "strong: 30 (H0 → K0: 50, H1 → K1: 49 and H2 → K2: 48); drawn "
                            "faint: 11.")
    assert [r[0] for r in none.rows] == ["Xã Cẩm", "Xã An", "Xã Bình"]  # 2023, then by name


def test_a_targets_alternative_whole():
    table = pd.DataFrame({"code": ["a", "b"], "name": ["Bê", "An"], "status": ["met", "partly"],
                          "new": [2, 1], "typical": [1, 0], "replications": [0, 3],
                          "min_new": pd.array([2, 2], dtype="Int64"),
                          "min_typical": pd.array([1, 1], dtype="Int64"),
                          "min_replications": pd.array([None, None], dtype="Int64")})
    alt = text_alternatives.target_status(table, year=2024, lang="en")
    assert alt == text_alternatives.Alternative(
        "Targets 2024, number of units: ✓ Met: 1, ◐ Partly met: 1, ✗ Not met: 0 and – No "
        "target: 0.",
        ["Name", "Status", "new models", "typical models chosen", "replications started"],
        [["Bê", "✓ Met", "2 / target 2", "1 / target 1", "0"],
         ["An", "◐ Partly met", "1 / target 2", "0 / target 1", "3"]], "en")


def test_a_time_lapse_alternative_whole():
    alt = text_alternatives.timelapse([2020, 2021, 2022], [3, 9, 1234], "1,234 models", "en")
    assert alt == text_alternatives.Alternative(
        "Models started, cumulated year by year, 2020–2022; by 2022: 1,234 models.",
        ["Year", "Number of models"], [["2020", "3"], ["2021", "9"], ["2022", "1,234"]], "en")


def test_the_table_is_written_exactly_with_every_cell_escaped():
    alt = text_alternatives.Alternative("a <b>", ["N & m", "C"], [["x<1", "2"], ["y", "3>"]], "en")
    assert alt.table_html() == (
        '<table class="dvk-alt-table"><caption>a &lt;b&gt;</caption><thead><tr>'
        '<th scope="col">N &amp; m</th><th scope="col">C</th></tr></thead><tbody>'
        '<tr><th scope="row">x&lt;1</th><td>2</td></tr>'
        '<tr><th scope="row">y</th><td>3&gt;</td></tr></tbody></table>')
