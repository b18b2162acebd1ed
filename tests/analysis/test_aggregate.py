"""Placing, filtering and counting models, checked against independent pandas computations."""

import numpy as np
import pandas as pd
import pytest

from geo.analysis import aggregate
from geo.analysis.filters import GEOGRAPHIES, Filters
from geo.store import store


def make_prepared(models, placement, layers):
    return aggregate.prepare(models, placement, {g: layers[g]["code"].tolist() for g in GEOGRAPHIES})


def model(id, era, code, *, domain="kinh_te", year=2021, level="xa", district=None, typical=False,
          unit="mttq"):
    return {"id": id, "commune_era": era, "commune_code": code, "domain": domain,
            "year_started": year, "level": level, "district_code": district, "typical": typical,
            "unit": unit}


def test_placement_of_each_era(placement):
    quế_mỹ_2025 = placement.at["2020:20665", "units_2025"]
    assert placement.loc["2019:20653"].tolist() == ["20665", "509", quế_mỹ_2025]  # Quế Cường
    assert placement.loc["2020:20932"].tolist() == ["20932", "515", "20929"]  # Trà Ka
    unit = placement.loc["2025b:20335"]  # Bàn Thạch covers three 2020 communes of Tam Kỳ
    assert pd.isna(unit["communes"]) and unit["districts"] == "502" and unit["units_2025"] == "20335"


def test_small_case_counts_by_hand(placement, layers):
    models = pd.DataFrame([
        model("a", "2020", "20932"), model("b", "2020", "20932", domain="van_hoa_xa_hoi"),
        model("c", "2019", "20653", year=2015), model("d", "2019", "20665", year=2016),
        model("e", "2025b", "20335", year=2026), model("f", None, None, level="huyen",
                                                       district="503"),
        model("g", None, None, level="tinh"),
    ])
    prepared = make_prepared(models, placement, layers)
    mask = aggregate.select(prepared, Filters(year_to=2026))
    communes = aggregate.aggregate(prepared, mask, "communes", layers["communes"]).set_index("code")
    assert communes.at["20932", "count"] == 2 and communes.at["20665", "count"] == 2
    assert communes["count"].sum() == 4  # e spans three communes; f a district; g the province
    assert communes.at["20932", "leading"] == "mixed"  # 50/50 tie
    districts = aggregate.aggregate(prepared, mask, "districts", layers["districts"]).set_index("code")
    assert districts.at["502", "count"] == 1 and districts.at["503", "count"] == 1
    assert districts["count"].sum() == 6
    assert aggregate.unplaced(prepared, mask, "communes") == {"province_level": 1, "other": 2}
    pop = layers["communes"].set_index("code").at["20932", "pop_2019"]
    assert communes.at["20932", "per_10k"] == pytest.approx(2 / pop * 10_000)


def test_filters_match_an_independent_pandas_filter(demo_engine, placement, layers):
    models = store.read_models(demo_engine)
    prepared = make_prepared(models, placement, layers)
    filters = Filters(domains=("kinh_te", "quoc_phong_an_ninh"), year_from=2015, year_to=2022,
                      units=("hoi_nong_dan", "cong_an", "khoi_dan_van"))
    mask = aggregate.select(prepared, filters)
    expected = models[models["domain"].isin(filters.domains)
                      & models["year_started"].between(2015, 2022)
                      & models["unit"].isin(filters.units)]
    assert mask.sum() == len(expected) > 0
    assert set(prepared.frame.loc[mask, "id"]) == set(expected["id"])


def test_commune_count_equals_sql_count(demo_engine, placement, layers):
    import sqlalchemy as sa
    models = store.read_models(demo_engine)
    prepared = make_prepared(models, placement, layers)
    table = aggregate.aggregate(prepared, np.ones(len(prepared), bool), "communes",
                                layers["communes"]).set_index("code")
    with demo_engine.connect() as connection:
        # Tam Thăng had no merger: its models carry code 20362 in both 2019 and 2020 eras
        sql = connection.execute(sa.text(
            "SELECT count(*) FROM models WHERE commune_code = '20362'")).scalar()
    assert table.at["20362", "count"] == sql > 0
    assert len(table) == 241


def test_leading_domain_over_forty_percent(placement, layers):
    rows = [model(str(i), "2020", "20932", domain=d) for i, d in
            enumerate(["kinh_te"] * 2 + ["van_hoa_xa_hoi"] + ["quoc_phong_an_ninh"] * 2)]
    rows += [model(f"x{i}", "2020", "20362", domain="kinh_te") for i in range(3)]
    prepared = make_prepared(pd.DataFrame(rows), placement, layers)
    table = aggregate.aggregate(prepared, np.ones(len(rows), bool), "communes",
                                layers["communes"]).set_index("code")
    assert table.at["20932", "leading"] == "mixed"  # 40 % each, a tie
    assert table.at["20362", "leading"] == "kinh_te" and table.at["20362", "leading_share"] == 1
    assert table["leading"].isna().sum() == 239


@pytest.mark.parametrize("economy, others, leading", [
    (4, ["van_hoa_xa_hoi"] * 3 + ["quoc_phong_an_ninh"] * 3, "kinh_te"),  # 4 of 10: exactly 40 %
    (4, ["van_hoa_xa_hoi"] * 3 + ["quoc_phong_an_ninh"] * 3 + ["unclassified"], "mixed"),  # 4/11
    (5, ["van_hoa_xa_hoi"] * 3 + ["quoc_phong_an_ninh"] * 3, "kinh_te"),  # 5 of 11, above
], ids=["at-40", "just-below", "above"])
def test_the_40_percent_rule_at_its_boundary(placement, layers, economy, others, leading):
    """A domain leads a unit from 40 % of its models (unclassified ones count in the whole)."""
    rows = [model(f"e{i}", "2020", "20362") for i in range(economy)]
    rows += [model(f"o{i}", "2020", "20362", domain=d) for i, d in enumerate(others)]
    prepared = make_prepared(pd.DataFrame(rows), placement, layers)
    table = aggregate.aggregate(prepared, np.ones(len(rows), bool), "communes",
                                layers["communes"]).set_index("code")
    assert table.at["20362", "leading"] == leading
    assert table.at["20362", "leading_share"] == pytest.approx(economy / len(rows))


def test_typical_and_district_filters_match_the_eras_table(demo_engine, placement, layers, eras):
    """The typical models of two districts, found with pandas and the eras table alone (a
    commune's district is its 2020 commune's; a district-level model names its own)."""
    models = store.read_models(demo_engine)
    prepared = make_prepared(models, placement, layers)
    filters = Filters(year_to=2026, typical_only=True, districts=("502", "509"))
    district_2020 = dict(zip(eras.loc[eras["era"] == "2020", "code"],
                             eras.loc[eras["era"] == "2020", "district_code"]))
    place = {(row.era, row.code): district_2020.get(row.code_2020, row.district_code)
             for row in eras.itertuples()}
    district = [place.get((era, code)) if isinstance(code, str) else own for era, code, own in
                zip(models["commune_era"], models["commune_code"], models["district_code"])]
    expected = models[models["typical"].astype(bool) & pd.Series(district, index=models.index)
                      .isin(filters.districts)]
    mask = aggregate.select(prepared, filters)
    assert 0 < mask.sum() == len(expected) < models["typical"].sum()
    assert set(prepared.frame.loc[mask, "id"]) == set(expected["id"])
    only_typical = aggregate.select(prepared, Filters(year_to=2026, typical_only=True))
    assert only_typical.sum() == int(models["typical"].sum())


def test_measures_by_hand():
    """Per 10,000 residents (the 2025 population when the layer has one), per 100 km²; a unit
    with no population known has no measure."""
    units = pd.DataFrame({"pop_2019": [20_000, 5_000, 0], "area_km2": [50.0, 200.0, 10.0]})
    counts = np.array([3, 2, 1])
    assert aggregate.measure_of(counts, units, "count").tolist() == [3.0, 2.0, 1.0]
    per_10k = aggregate.measure_of(counts, units, "per_10k")
    assert per_10k[:2].tolist() == pytest.approx([1.5, 4.0]) and np.isnan(per_10k[2])
    assert aggregate.measure_of(counts, units, "per_100km2").tolist() == pytest.approx(
        [6.0, 1.0, 10.0])
    reform = units.assign(pop_reform=[10_000, 40_000, 2_500])
    assert aggregate.measure_of(counts, reform, "per_10k").tolist() == pytest.approx(
        [3.0, 0.5, 4.0])
    assert aggregate.measure_of(counts, units, "count").dtype == float  # NaN-able, as the others
    unknown = units.assign(pop_2019=pd.array([20_000, None, 0], dtype="Int64"))  # as layers read
    assert np.isnan(aggregate.measure_of(counts, unknown, "per_10k")[1:]).all()
    with pytest.raises(ValueError, match="per_km2"):
        aggregate.measure_of(counts, units, "per_km2")


def test_each_value_takes_the_colour_of_its_class():
    """A class runs from above the bound before it up to its own bound, inclusive."""
    from geo.analysis.classify import Classes
    from geo.palette import NO_DATA

    classes = Classes(1.0, (2.0, 5.0, 9.0), ("#a", "#b", "#c"))
    values = [1.0, 2.0, 2.5, 5.0, 5.01, 9.0, 12.0, 0.0, -1.0, np.nan]
    assert classes.colour_of(values).tolist() == [
        "#a", "#a", "#b", "#b", "#c", "#c", "#c", NO_DATA, NO_DATA, NO_DATA]
    assert Classes(0.0, (), ()).colour_of([0.0, 3.0]).tolist() == [NO_DATA, NO_DATA]


def test_placement_table_by_hand():
    """A code covering two 2020 communes has no single commune; one covering two districts has no
    single district; each is keyed by era and code."""
    eras = pd.DataFrame({"era": ["2020", "2020", "2025b", "2025b"], "code": ["C1", "C3", "U1", "U9"],
                         "codes_2020": ["C1", "C3", "C1|C2", "C2|C3"],
                         "code_2025b": ["U1", "U2", "U1", "U9"]})
    communes = pd.DataFrame({"code": ["C1", "C2", "C3"], "district_code": ["D1", "D1", "D2"]})
    table = aggregate.placement_table(eras, communes)
    assert table.index.name == "place"
    assert table.astype(object).where(table.notna(), None).to_dict("index") == {
        "2020:C1": {"communes": "C1", "districts": "D1", "units_2025": "U1"},
        "2020:C3": {"communes": "C3", "districts": "D2", "units_2025": "U2"},
        "2025b:U1": {"communes": None, "districts": "D1", "units_2025": "U1"},
        "2025b:U9": {"communes": None, "districts": None, "units_2025": "U9"}}


THREE = pd.DataFrame({"communes": ["C1", "C2", "C3", None, None],
                      "districts": ["D1", "D1", "D2", "D1", None],
                      "units_2025": ["U1", "U1", "U2", "U1", "U2"]},
                     index=pd.Index(["2020:C1", "2020:C2", "2020:C3", "2025b:U1", "2025b:U2"]))
THREE_CODES = {"communes": ["C1", "C2", "C3"], "districts": ["D1", "D2"], "units_2025": ["U1", "U2"]}
THREE_COMMUNES = pd.DataFrame({"code": ["C1", "C2", "C3"], "pop_2019": [10_000, 0, 4_000],
                               "area_km2": [20.0, 50.0, 8.0]})


def three_commune_models():
    return pd.DataFrame([
        model("a", "2020", "C1", year=2020), model("b", "2020", "C1", typical=True),
        model("c", "2020", "C1", domain="van_hoa_xa_hoi", year=2022, unit="hoi_lhpn"),
        model("d", "2020", "C3", domain="unclassified"),
        model("e", "2020", "C3", domain="quoc_phong_an_ninh", year=2019),
        model("f", "2025b", "U2", year=2026), model("g", None, None, level="tinh"),
        model("h", None, None, level="huyen", district="D2", domain="xay_dung_he_thong_chinh_tri"),
        model("i", "2020", "C2", year=2023)])


def test_a_three_commune_province_by_hand():
    """Every figure of the overview's table on three communes (C1, C2 in D1; C3 in D2), written
    out: counts, per 10,000 residents, per 100 km², counts by domain, leading domain and share."""
    prepared = aggregate.prepare(three_commune_models(), THREE, THREE_CODES)
    places = prepared.frame[["communes_place", "district_2020"]]
    assert places.astype(object).where(places.notna(), None).to_dict("list") == {
        "communes_place": ["C1", "C1", "C1", "C3", "C3", None, None, None, "C2"],
        "district_2020": ["D1", "D1", "D1", "D2", "D2", None, None, "D2", "D1"]}
    assert (prepared.year.dtype, prepared.domain.dtype, prepared.unit.dtype) == (
        np.int32, np.int8, np.int16)  # compact arrays: the million-row budget relies on them
    assert prepared.typical.dtype == prepared.province_level.dtype == bool
    assert {prepared.place[g].dtype for g in GEOGRAPHIES} == {np.dtype(np.int32)}
    assert prepared.province_level.tolist() == [False] * 6 + [True, False, False]
    everything = aggregate.select(prepared, Filters(year_from=2009, year_to=2026))
    table = aggregate.aggregate(prepared, everything, "communes", THREE_COMMUNES)
    assert table.columns.tolist() == ["code", "count", "per_10k", "per_100km2", "kinh_te",
                                      "van_hoa_xa_hoi", "quoc_phong_an_ninh",
                                      "xay_dung_he_thong_chinh_tri", "unclassified", "leading",
                                      "leading_share"]
    rows = table.round(9).astype(object).where(table.notna(), None).to_dict("records")
    assert rows == [
        {"code": "C1", "count": 3, "per_10k": 3.0, "per_100km2": 15.0, "kinh_te": 2,
         "van_hoa_xa_hoi": 1, "quoc_phong_an_ninh": 0, "xay_dung_he_thong_chinh_tri": 0,
         "unclassified": 0, "leading": "kinh_te", "leading_share": round(2 / 3, 9)},
        {"code": "C2", "count": 1, "per_10k": None, "per_100km2": 2.0, "kinh_te": 1,
         "van_hoa_xa_hoi": 0, "quoc_phong_an_ninh": 0, "xay_dung_he_thong_chinh_tri": 0,
         "unclassified": 0, "leading": "kinh_te", "leading_share": 1.0},
        {"code": "C3", "count": 2, "per_10k": 5.0, "per_100km2": 25.0, "kinh_te": 0,
         "van_hoa_xa_hoi": 0, "quoc_phong_an_ninh": 1, "xay_dung_he_thong_chinh_tri": 0,
         "unclassified": 1, "leading": "quoc_phong_an_ninh", "leading_share": 0.5}]
    assert aggregate.unplaced(prepared, everything, "communes") == {
        "province_level": 1, "other": 2}  # the 2025b ward's and the district's models
    districts = aggregate.aggregate(prepared, everything, "districts",
                                    pd.DataFrame({"code": ["D1", "D2"], "pop_2019": [1, 0],
                                                  "area_km2": [1.0, 2.0]}))
    assert districts["count"].tolist() == [4, 3]
    assert districts["per_10k"].tolist()[0] == 40_000.0 and np.isnan(districts["per_10k"][1])
    assert aggregate.unplaced(prepared, everything, "districts") == {
        "province_level": 1, "other": 1}
    later = aggregate.select(prepared, Filters(year_from=2023, year_to=2023))
    none_here = aggregate.aggregate(prepared, later, "communes", THREE_COMMUNES)
    assert none_here["count"].tolist() == [0, 1, 0]
    assert none_here["leading"].fillna("-").tolist() == ["-", "kinh_te", "-"]
    assert np.isnan(none_here["leading_share"][0]) and none_here["per_10k"][0] == 0.0
    assert aggregate.unplaced(prepared, later, "communes") == {"province_level": 0, "other": 0}
    nor_there = aggregate.aggregate(prepared, later, "districts", pd.DataFrame(
        {"code": ["D1", "D2"], "pop_2019": [1, 0], "area_km2": [1.0, 2.0]}))
    assert nor_there["per_10k"][0] == 10_000.0 and np.isnan(nor_there["per_10k"][1])  # 0 / 0


def test_a_typical_model_counts_in_the_year_it_was_chosen(placement, layers):
    """`prepare` keeps each model's chosen year (NaN when it is not typical) and `chosen` picks
    the typical models chosen in the period or by its end."""
    from geo.analysis.filters import GEOGRAPHIES, Filters

    models = pd.DataFrame({
        "id": ["a", "b", "c", "d"], "domain": "kinh_te", "unit": "ubnd", "level": "xa",
        "commune_era": "2020", "commune_code": "20932", "district_code": "515",
        "year_started": [2018, 2021, 2022, 2024], "typical": [True, True, False, True],
        "typical_year": pd.array([2024, None, None, 2025], dtype="Int64")})
    prepared = aggregate.prepare(models, placement, {g: layers[g]["code"].tolist()
                                                     for g in GEOGRAPHIES})
    assert prepared.chosen[:2].tolist() == [2024.0, 2021.0]
    assert np.isnan(prepared.chosen[2:3]).all() and prepared.chosen[3] == 2025.0
    year = Filters(year_from=2024, year_to=2024)
    assert aggregate.chosen(prepared, year, "period").tolist() == [True, False, False, False]
    assert aggregate.chosen(prepared, year, "to_date").tolist() == [True, True, False, False]
