"""Reach, distances and placement of adoptions, on small hand-made cases."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from geo import boundaries
from geo.analysis import aggregate, replication
from geo.render.flows import arrowhead
from geo.render.web import maps


def haversine_km(lon1, lat1, lon2, lat2, radius=6371.0088):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def test_geodesic_distance_agrees_with_haversine():
    got = replication.geodesic_km([108.0, 108.5], [15.0, 15.5], [108.3, 107.6], [15.4, 15.1])
    expected = [haversine_km(108.0, 15.0, 108.3, 15.4), haversine_km(108.5, 15.5, 107.6, 15.1)]
    assert np.allclose(got, expected, rtol=0.005)


def small_case(placement, geography):
    models = pd.DataFrame({"id": ["M"], "commune_era": ["2020"], "commune_code": ["20362"],
                           "name": ["Tổ tự quản"]})
    reps = pd.DataFrame({"model_id": ["M"] * 4,
                         "commune_era": ["2020", "2020", "2025a", "2025b"],
                         "commune_code": ["20365", "20932", "20572", "20335"],
                         "year": [2024, 2024, 2025, 2026]})
    return models, replication.place_adoptions(reps, models, placement, geography)


def test_adoptions_on_each_geography(placement):
    _, communes = small_case(placement, "communes")
    assert communes["unit"].tolist()[:3] == ["20365", "20932", "20572"]
    assert pd.isna(communes["unit"].iloc[3])  # Bàn Thạch covers three 2020 communes
    assert set(communes["origin_unit"]) == {"20362"}
    _, units = small_case(placement, "units_2025")
    assert units["unit"].iloc[3] == "20335" and units["origin_unit"].iloc[0] == "20335"
    assert units["unit"].iloc[1] == "20929"  # Trà Ka -> Trà Giáp, forward exactly


def test_reach_figures_by_hand(placement, layers):
    _, adoptions = small_case(placement, "communes")
    points = replication.adopter_points(adoptions, layers["communes"], layers["units_2025"])
    communes = layers["communes"].set_index("code")
    district_of = communes["district_code"].to_dict()
    figures = replication.reach(adoptions, points, district_of=district_of, n_communes=241)
    origin = communes.loc["20362", ["label_lon", "label_lat"]]
    far = communes.loc["20932", ["label_lon", "label_lat"]]
    assert figures["adoptions"] == 4 and figures["communes"] == 3
    assert figures["as_2025_units"] == 1
    assert figures["districts"] == len({district_of[c] for c in ("20365", "20932", "20572")})
    distances = [haversine_km(*origin, *communes.loc[c, ["label_lon", "label_lat"]])
                 for c in ("20365", "20932", "20572")]
    u = layers["units_2025"].set_index("code").loc["20335", ["label_lon", "label_lat"]]
    distances.append(haversine_km(*origin, *u))
    assert figures["max_km"] == pytest.approx(haversine_km(*origin, *far), rel=0.005)
    assert figures["median_km"] == pytest.approx(float(np.median(distances)), rel=0.005)
    assert figures["per_year"] == {2024: 2, 2025: 1, 2026: 1}
    assert figures["share_communes"] == pytest.approx(3 / 241)
    assert replication.cumulative(adoptions, range(2024, 2027)).tolist() == [2, 3, 4]


def test_ranking_orders_by_reach(placement, layers):
    models = pd.DataFrame({"id": ["A", "B"], "commune_era": ["2020", "2020"],
                           "commune_code": ["20362", "20932"], "name": ["a", "b"]})
    reps = pd.DataFrame({"model_id": ["A", "B", "B"], "commune_era": ["2020"] * 3,
                         "commune_code": ["20365", "20929", "20935"], "year": [2024] * 3})
    adoptions = replication.place_adoptions(reps, models, placement, "communes")
    points = replication.adopter_points(adoptions, layers["communes"], layers["units_2025"])
    ranked = replication.ranking(adoptions, points, models, n_communes=241,
                                 district_of=layers["communes"].set_index("code")["district_code"]
                                 .to_dict())
    assert ranked["id"].tolist() == ["B", "A"] and ranked["adoptions"].tolist() == [2, 1]


def test_district_by_domain_table_matches_crosstab():
    frame = pd.DataFrame({"district_2020": ["502", "502", "503", None],
                          "domain": ["kinh_te", "van_hoa_xa_hoi", "kinh_te", "kinh_te"]})
    table = aggregate.district_domain_table(frame, {"502": "Tam Kỳ", "503": "Hội An", "504": "TG"},
                                            ["kinh_te", "van_hoa_xa_hoi"])
    assert table.loc["Tam Kỳ", "kinh_te"] == 1 and table.loc["Tam Kỳ", "kinh_te_share"] == 0.5
    assert table.loc["Hội An", "total"] == 1 and table["total"].sum() == 3
    assert np.isnan(table.loc["TG", "kinh_te_share"])


def test_arrowhead_points_along_the_flow():
    tip, left, right = arrowhead([[15.0, 108.0], [15.0, 108.5]], 1.6)
    assert tip == [15.0, 108.5]
    assert left[1] < 108.5 and right[1] < 108.5 and left[0] > 15.0 > right[0]


def test_replication_layer_escapes_and_times(layers):
    units = layers["communes"].copy()
    units.loc[units["code"] == "20932", "name"] = "<img src=x onerror=alert(1)>"
    labels = {k: k for k in ("origin", "as_2025", "as_2025_legend", "play", "pause", "flow",
                             "year", "none", "title")}
    flows = [replication.Flow((15.5, 108.4), (15.0, 108.1), 2025),
             replication.Flow((15.5, 108.4), (15.2, 108.0), 2024, 7, ("<i>A</i>", "B"))]
    layer = maps.replication_layer(units, origins={"20362"}, adopters={"20932": 2025},
                                   approximate={"20365": (2026, "Phường <b>evil</b>")},
                                   flows=flows, years=range(2024, 2027), lang="vi",
                                   labels=labels, reached={y: f"{y} <s>" for y in range(2024, 2027)})
    payload = next(iter(layer._children.values())).payload
    everything = json.loads(payload)
    # the summary is text the map sets as an attribute, never parsed as HTML: kept as written
    assert "<i>A</i> → B" in everything.pop("summary")
    shown = json.dumps(everything, ensure_ascii=False)
    assert "<img" not in shown and "<b>evil" not in shown and "<i>A" not in shown
    assert '"adopters": {"20365": 2026, "20932": 2025}' in payload
    data = everything["replication"]
    assert [f[3] for f in data["flows"]] == [None, 12.0]  # gathered flows are wide
    assert data["flows"][1][4].startswith("<b>&lt;i&gt;A&lt;/i&gt; → B</b>")
    assert data["flows"][1][7] == "&lt;i&gt;A&lt;/i&gt; → B: 7"  # its label, named on the map
    assert data["reached"]["2026"] == "2026 <s>"  # shown with textContent


def test_spread_draws_exact_adopters_and_2025_units_backward(placement, layers):
    _, adoptions = small_case(placement, "communes")
    points = replication.adopter_points(adoptions, layers["communes"], layers["units_2025"])
    covered = replication.covered_units(boundaries.read_eras(), placement, "communes")
    assert set(covered["20335"]) == {"20335", "20362", "20375"}  # Tân Thạnh, Tam Thăng, Hòa Thuận
    drawn = replication.spread(adoptions, points, layers["communes"], origins={"20362"},
                               covered=covered, names_2025={"20335": "Phường Bàn Thạch"})
    assert drawn.origins == {"20362"}
    assert drawn.adopters == {"20365": 2024, "20932": 2024, "20572": 2025}
    assert drawn.approximate == {c: (2026, "Phường Bàn Thạch") for c in covered["20335"]}
    assert len(drawn.flows) == 4 and [f[2] for f in drawn.flows] == [2024, 2024, 2025, 2026]
    on_units = replication.spread(*small_case(placement, "units_2025")[1:], points,
                                  layers["units_2025"], origins=set(), covered={},
                                  names_2025={})
    assert on_units.approximate == {} and on_units.adopters["20335"] == 2026


def test_ranking_of_models_with_no_adoption_is_empty_not_an_error():
    empty = pd.DataFrame({"model_id": [], "year": [], "commune_2020": []})
    points = pd.DataFrame({"lon": [], "lat": [], "origin_lon": [], "origin_lat": []})
    ranked = replication.ranking(empty, points, pd.DataFrame({"id": [], "name": []}),
                                 district_of={}, n_communes=241)
    assert ranked.empty and "adoptions" in ranked.columns


def test_district_flows_gather_adoptions_between_districts(placement, layers):
    """From Tam Thăng (Tam Kỳ): to Tam Thành (Phú Ninh) and Trà Ka (Bắc Trà My) in 2024, to
    Điện Phước (Điện Bàn) in 2025, and to the ward of Bàn Thạch, inside Tam Kỳ, in 2026."""
    _, adoptions = small_case(placement, "communes")
    flows, inside = replication.district_flows(adoptions, layers["districts"])
    assert inside == 1  # Bàn Thạch (2025b) lies wholly in Tam Kỳ
    assert sorted((f.names, f.year, f.count) for f in flows) == [
        (("Thành phố Tam Kỳ", "Huyện Bắc Trà My"), 2024, 1),
        (("Thành phố Tam Kỳ", "Huyện Phú Ninh"), 2024, 1),
        (("Thành phố Tam Kỳ", "Thị xã Điện Bàn"), 2025, 1)]


def test_reached_by_year_counts_what_the_figures_count():
    years = range(2024, 2027)
    assert replication.reached_by_year({"a": 2024, "b": 2026, "c": 2024}, years) == {
        2024: 2, 2025: 2, 2026: 3}


def test_the_timeline_counts_what_the_figures_count(demo_engine, placement, layers):
    """All typical models on the commune map: the last year's count is the communes figure."""
    from geo.store import store

    models = store.read_models(demo_engine)
    reps = store.read_replications(demo_engine)
    adoptions = replication.place_adoptions(reps, models, placement, "communes")
    points = replication.adopter_points(adoptions, layers["communes"], layers["units_2025"])
    figures = replication.reach(adoptions, points, district_of=dict(zip(
        layers["communes"]["code"], layers["communes"]["district_code"])), n_communes=241)
    drawn = replication.spread(adoptions, points, layers["communes"], origins=set(),
                               covered=replication.covered_units(boundaries.read_eras(),
                                                                 placement, "communes"),
                               names_2025=dict(zip(layers["units_2025"]["code"],
                                                   layers["units_2025"]["name"])))
    years = range(int(adoptions["year"].min()), int(adoptions["year"].max()) + 1)
    assert replication.reached_by_year(drawn.adopters, years)[years[-1]] == figures["communes"]


def test_ranking_figures_on_hand_made_adoptions():
    """Four typical models, every figure written from the data: A reached two communes in two
    districts, B two communes of one district, C a 2025 unit only, D nothing yet."""
    adoptions = pd.DataFrame({"model_id": ["B", "A", "B", "A", "C"],
                              "commune_2020": ["c3", "c1", "c4", "c2", None],
                              "year": [2022, 2021, 2023, 2022, 2024]})
    lat = [15.2, 15.1, 15.2, 15.3, 15.05]
    points = pd.DataFrame({"lat": lat, "lon": [108.0] * 5, "origin_lat": [15.0] * 5,
                           "origin_lon": [108.0] * 5}, index=adoptions.index)
    models = pd.DataFrame({"id": ["A", "B", "D"], "name": ["Mô hình A", "Mô hình B", "Mô hình D"]})
    ranked = replication.ranking(adoptions, points, models, n_communes=10, ids=["A", "B", "C", "D"],
                                 district_of={"c1": "H1", "c2": "H2", "c3": "H1", "c4": "H1"})
    assert ranked.columns.tolist() == ["id", "name", "adoptions", "communes", "districts",
                                       "median_km", "max_km"]
    assert ranked["id"].tolist() == ["A", "B", "C", "D"]
    assert ranked["name"].tolist() == ["Mô hình A", "Mô hình B", "C", "Mô hình D"]
    assert ranked["adoptions"].tolist() == [2, 2, 1, 0]
    assert ranked["communes"].tolist() == [2, 2, 0, 0]
    assert ranked["districts"].tolist() == [2, 1, 0, 0]
    km = [haversine_km(108.0, 15.0, 108.0, y) for y in lat]  # the test's own formula
    assert ranked.loc[0, "max_km"] == pytest.approx(km[3], rel=0.01)
    assert ranked.loc[0, "median_km"] == pytest.approx((km[1] + km[3]) / 2, rel=0.01)
    assert ranked.loc[1, "median_km"] == pytest.approx(km[0], rel=0.01) == ranked.loc[1, "max_km"]
    assert ranked.loc[2, "max_km"] == pytest.approx(km[4], rel=0.01)
    assert np.isnan(ranked.loc[3, "median_km"]) and np.isnan(ranked.loc[3, "max_km"])


def test_ranking_breaks_ties_by_districts_then_distance():
    adoptions = pd.DataFrame({"model_id": ["X", "Y", "Z"], "commune_2020": ["c1", "c2", "c3"],
                              "year": [2020, 2020, 2020]})
    points = pd.DataFrame({"lat": [15.1, 15.4, 15.2], "lon": [108.0] * 3,
                           "origin_lat": [15.0] * 3, "origin_lon": [108.0] * 3})
    ranked = replication.ranking(adoptions, points, pd.DataFrame({"id": [], "name": []}),
                                 n_communes=3, district_of={"c1": "H1", "c2": "H1", "c3": "H2"})
    assert ranked["id"].tolist() == ["Y", "Z", "X"]  # one district each: furthest first


def test_cumulative_counts_adoptions_up_to_each_year():
    adoptions = pd.DataFrame({"year": [2021, 2023, 2023, 2025]})
    assert replication.cumulative(adoptions, range(2020, 2027)).tolist() == [0, 1, 1, 3, 3, 4, 4]
    assert replication.cumulative(adoptions, range(2020, 2027)).index.tolist() == list(
        range(2020, 2027))


def test_district_by_domain_table_by_hand():
    """Every cell written out: a domain with no model keeps its column of zeros, a district
    with no model its row (shares undefined), a model placed on no district counts nowhere."""
    frame = pd.DataFrame({"district_2020": ["502", "502", "503", None, "502"],
                          "domain": ["kinh_te", "van_hoa_xa_hoi", "kinh_te", "kinh_te",
                                     "kinh_te"],
                          "name": ["a", None, "c", "d", "e"]})
    table = aggregate.district_domain_table(
        frame, {"502": "Tam Kỳ", "503": "Hội An", "504": "TG"},
        ["kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh"])
    assert table.index.tolist() == ["Tam Kỳ", "Hội An", "TG"]
    assert table[["kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh", "total"]].values.tolist() \
        == [[2, 1, 0, 3], [1, 0, 0, 1], [0, 0, 0, 0]]
    assert table.loc["Tam Kỳ", "kinh_te_share"] == pytest.approx(2 / 3)
    assert table.loc["Hội An", "kinh_te_share"] == 1.0
    assert table.loc["Hội An", "quoc_phong_an_ninh_share"] == 0.0
    assert table.loc["TG", ["kinh_te_share", "van_hoa_xa_hoi_share"]].isna().all()
    assert str(table["kinh_te"].dtype).startswith("int")


def test_a_degree_on_the_equator_is_the_ellipsoid_s():
    """WGS84: a degree of longitude along the equator is 2πa/360 = 111.3195 km; a degree of
    latitude there is 110.5744 km (integer inputs are fine)."""
    assert replication.geodesic_km([0, 0], [0, 0], [1, 0], [0, 1]) == pytest.approx(
        [2 * math.pi * 6378.137 / 360, 110.5744], abs=1e-4)


THREE_PLACES = pd.DataFrame({"communes": ["C1", "C2", "C3", None],
                             "districts": ["D1", "D1", "D2", "D2"],
                             "units_2025": ["U1", "U1", "U2", "U2"]},
                            index=["2020:C1", "2020:C2", "2020:C3", "2025b:U2"])
THREE_POINTS = pd.DataFrame({"code": ["C1", "C2", "C3"], "label_lon": [108.0, 108.1, 108.0],
                             "label_lat": [15.0, 15.0, 15.2], "district_code": ["D1", "D1", "D2"]})
U_POINTS = pd.DataFrame({"code": ["U1", "U2"], "label_lon": [108.05, 108.02],
                         "label_lat": [15.0, 15.22]})


def three_commune_adoptions():
    """M1 (from C1) taken up in C2 in 2021, C3 in 2022 and ward U2 (a 2025 unit, no 2020 commune)
    in 2026; M2 (from C3) in C1 in 2023."""
    models = pd.DataFrame({"id": ["M1", "M2"], "commune_era": ["2020", "2020"],
                           "commune_code": ["C1", "C3"], "name": ["Một", "Hai"]})
    reps = pd.DataFrame({"model_id": ["M1", "M1", "M1", "M2"],
                         "commune_era": ["2020", "2020", "2025b", "2020"],
                         "commune_code": ["C2", "C3", "U2", "C1"],
                         "year": [2021, 2022, 2026, 2023]})
    adoptions = replication.place_adoptions(reps, models, THREE_PLACES, "communes")
    return models, adoptions, replication.adopter_points(adoptions, THREE_POINTS, U_POINTS)


def test_replication_of_a_three_commune_province_by_hand():
    models, adoptions, points = three_commune_adoptions()
    table = adoptions.astype(object).where(adoptions.notna(), None)
    assert table.to_dict("list") == {
        "model_id": ["M1", "M1", "M1", "M2"], "year": [2021, 2022, 2026, 2023],
        "unit": ["C2", "C3", None, "C1"], "commune_2020": ["C2", "C3", None, "C1"],
        "unit_2025": ["U1", "U2", "U2", "U1"], "origin_unit": ["C1", "C1", "C1", "C3"],
        "district": ["D1", "D2", "D2", "D1"], "origin_commune": ["C1", "C1", "C1", "C3"],
        "origin_2025": ["U1", "U1", "U1", "U2"], "origin_district": ["D1", "D1", "D1", "D2"]}
    assert points.to_dict("list") == {  # the ward's adoption is drawn at the ward's point
        "lon": [108.1, 108.0, 108.02, 108.0], "lat": [15.0, 15.2, 15.22, 15.0],
        "origin_lon": [108.0, 108.0, 108.0, 108.0], "origin_lat": [15.0, 15.0, 15.0, 15.2]}
    assert points.dtypes.eq("float64").all()
    km = [haversine_km(108.0, 15.0, 108.1, 15.0), haversine_km(108.0, 15.0, 108.0, 15.2),
          haversine_km(108.0, 15.0, 108.02, 15.22), haversine_km(108.0, 15.2, 108.0, 15.0)]
    district_of = {"C1": "D1", "C2": "D1", "C3": "D2"}
    figures = replication.reach(adoptions, points, district_of=district_of, n_communes=3)
    assert {k: figures[k] for k in ("adoptions", "communes", "as_2025_units", "districts",
                                    "per_year", "share_communes")} == {
        "adoptions": 4, "communes": 3, "as_2025_units": 1, "districts": 2,
        "per_year": {2021: 1, 2022: 1, 2023: 1, 2026: 1}, "share_communes": 1.0}
    assert figures["median_km"] == pytest.approx((km[1] + km[3]) / 2, rel=0.005)
    assert figures["max_km"] == pytest.approx(km[2], rel=0.005)
    ranked = replication.ranking(adoptions, points, models, district_of=district_of,
                                 n_communes=3, ids=["M1", "M2", "M3"])
    assert ranked[["id", "name", "adoptions", "communes", "districts"]].to_dict("list") == {
        "id": ["M1", "M2", "M3"], "name": ["Một", "Hai", "M3"], "adoptions": [3, 1, 0],
        "communes": [2, 1, 0], "districts": [2, 1, 0]}
    assert ranked["max_km"].tolist()[:2] == pytest.approx([km[2], km[3]], rel=0.005)
    assert ranked[["median_km", "max_km"]].iloc[2].isna().all()
    drawn = replication.spread(adoptions, points, THREE_POINTS, origins={"C9"},
                               covered={"U1": ["C1", "C2"], "U2": ["C2", "C3"]},
                               names_2025={"U2": "Phường Hai"})
    assert drawn.origins == {"C1", "C3", "C9"}
    assert drawn.adopters == {"C1": 2023, "C2": 2021, "C3": 2022}
    assert all(type(year) is int for year in drawn.adopters.values())
    assert drawn.approximate == {}  # C2 and C3 adopted before the ward did
    assert drawn.flows == [((15.0, 108.0), (15.0, 108.1), 2021), ((15.0, 108.0), (15.2, 108.0), 2022),
                           ((15.0, 108.0), (15.22, 108.02), 2026), ((15.2, 108.0), (15.0, 108.0), 2023)]
    later = adoptions.iloc[2:3]
    alone = replication.spread(later, points.loc[later.index], THREE_POINTS, origins=set(),
                               covered={"U2": ["C2", "C3"]}, names_2025={"U2": "Phường Hai"})
    assert alone.adopters == {} and alone.approximate == {
        "C2": (2026, "Phường Hai"), "C3": (2026, "Phường Hai")}
    assert replication.individual_flows(drawn.flows)[3] == replication.Flow(
        (15.2, 108.0), (15.0, 108.0), 2023)
    flows, inside = replication.district_flows(adoptions, pd.DataFrame(
        {"code": ["D1", "D2"], "label_lat": [15.0, 15.2], "label_lon": [108.05, 108.0],
         "name": ["Một", "Hai"]}))
    assert inside == 1 and flows == [  # C1 -> C2 stays in D1; C3 and the ward U2 are in D2
        replication.Flow((15.0, 108.05), (15.2, 108.0), 2022, 2, ("Một", "Hai"), 2026, ("M1",)),
        replication.Flow((15.2, 108.0), (15.0, 108.05), 2023, 1, ("Hai", "Một"), 2023, ("M2",))]


def test_flows_between_districts_run_between_their_label_points():
    """On districts, a flow starts and ends at the districts' label points (not the communes'),
    an adoption inside its district draws none, and a model started in a ward (no 2020 commune)
    starts from that ward's point."""
    places = THREE_PLACES
    models = pd.DataFrame({"id": ["M1", "M3"], "commune_era": ["2020", "2025b"],
                           "commune_code": ["C1", "U2"], "name": ["Một", "Ba"]})
    reps = pd.DataFrame({"model_id": ["M1", "M1", "M3"], "commune_era": ["2020", "2020", "2020"],
                         "commune_code": ["C2", "C3", "C1"], "year": [2021, 2022, 2026]})
    districts = pd.DataFrame({"code": ["D1", "D2"], "label_lon": [108.05, 108.01],
                              "label_lat": [15.01, 15.21]})
    adoptions = replication.place_adoptions(reps, models, places, "districts")
    points = replication.adopter_points(adoptions, THREE_POINTS, U_POINTS)
    drawn = replication.spread(adoptions, points, districts, origins=set(), covered={},
                               names_2025={})
    assert drawn.flows == [((15.01, 108.05), (15.21, 108.01), 2022),
                           ((15.21, 108.01), (15.01, 108.05), 2026)]
    on_communes = replication.place_adoptions(reps, models, places, "communes")
    points = replication.adopter_points(on_communes, THREE_POINTS, U_POINTS)
    assert points[["origin_lon", "origin_lat"]].to_dict("list") == {
        "origin_lon": [108.0, 108.0, 108.02], "origin_lat": [15.0, 15.0, 15.22]}  # U2's point
    from_ward = replication.spread(on_communes, points, THREE_POINTS, origins=set(),
                                   covered={}, names_2025={})
    assert from_ward.flows[2] == ((15.22, 108.02), (15.0, 108.0), 2026)
    later = replication.adopter_points(on_communes.iloc[1:], THREE_POINTS, U_POINTS)
    assert later.index.tolist() == [1, 2]  # looked up by the adoptions' own index


def test_reach_of_no_adoption_has_no_distance():
    _, adoptions, points = three_commune_adoptions()
    figures = replication.reach(adoptions.iloc[:0], points.iloc[:0], district_of={},
                                n_communes=3)
    assert figures["adoptions"] == figures["communes"] == figures["districts"] == 0
    assert math.isnan(figures["median_km"]) and math.isnan(figures["max_km"])
    assert figures["per_year"] == {} and figures["share_communes"] == 0
