"""The boundary layers: counts, codes, nesting, coverage quality, measures, eras crosswalk."""

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo import boundaries
from geo.boundaries import build

REAL_MODELS = {  # DOMAIN.md: code, district code, 2025b unit
    "Trà Ka": ("20932", "515", "20929", "Xã Trà Giáp"),
    "Điện Phước": ("20572", "507", "20569", "Xã Điện Bàn Tây"),
    "Tam Thăng": ("20362", "502", "20335", "Phường Bàn Thạch"),
}


@pytest.fixture(scope="module")
def communes():
    return boundaries.read_layer("communes", display=False)


@pytest.fixture(scope="module")
def districts():
    return boundaries.read_layer("districts", display=False)


@pytest.fixture(scope="module")
def units_2025():
    return boundaries.read_layer("units_2025", display=False)


@pytest.fixture(scope="module")
def eras():
    return boundaries.read_eras()


def test_counts_and_unique_codes(communes, districts, units_2025):
    assert (len(communes), len(districts), len(units_2025)) == (241, 18, 78)
    for layer, width in ((communes, 5), (districts, 3), (units_2025, 5)):
        assert layer["code"].is_unique
        assert layer["code"].str.fullmatch(rf"\d{{{width}}}").all()
    assert set(districts["code"]) == {str(c) for c in range(502, 520)}
    assert communes.crs.to_epsg() == 4326


@pytest.mark.parametrize("short_name", REAL_MODELS)
def test_real_model_communes(communes, short_name):
    code, district, _, _ = REAL_MODELS[short_name]
    row = communes.set_index("code").loc[code]
    assert row["short_name"] == short_name
    assert row["name"] == f"Xã {short_name}"
    assert row["type"] == "xã"
    assert row["district_code"] == district


def test_district_counts_match_domain(districts):
    expected = {"502": 13, "503": 13, "504": 10, "505": 11, "506": 18, "507": 20, "508": 14,
                "509": 13, "510": 12, "511": 12, "512": 11, "513": 22, "514": 15, "515": 13,
                "516": 10, "517": 17, "518": 11, "519": 6}
    assert dict(zip(districts["code"], districts["n_communes"])) == expected


def test_every_commune_inside_its_district(communes, districts):
    by_code = districts.set_index("code").geometry
    for row in communes.itertuples():
        outside = row.geometry.difference(by_code[row.district_code]).area
        assert outside < 1e-12, row.name


@pytest.mark.parametrize("layer", ["communes", "units_2025"])
@pytest.mark.parametrize("display", [False, True])
def test_valid_coverage_without_interior_gaps(layer, display):
    geoms = boundaries.read_layer(layer, display=display).geometry.values
    assert shapely.is_valid(geoms).all()
    assert shapely.coverage_is_valid(geoms)
    union = shapely.coverage_union_all(geoms)
    parts = getattr(union, "geoms", [union])
    holes = [ring for part in parts for ring in part.interiors]
    holes_km2 = sum(shapely.Polygon(r).area for r in holes) * 12100  # deg² -> km² near 15.5°N
    assert holes_km2 < 0.5


def test_display_layer_is_small_and_rounded():
    display = boundaries.read_layer("communes")
    assert len(display) == 241
    coords = shapely.get_coordinates(display.geometry.values)
    assert (abs(coords * 1e5 - (coords * 1e5).round()) < 1e-6).all()
    assert len(boundaries.to_geojson(display[["code", "geometry"]]).encode()) < 200_000


def test_province_area_and_population(communes, districts):
    province = boundaries.read_layer("province", display=False)
    assert abs(province["area_km2"].iloc[0] - 10_575) / 10_575 < 0.02
    assert abs(communes["area_km2"].sum() - province["area_km2"].iloc[0]) < 1
    assert communes["pop_2019"].sum() == 1_495_812
    assert communes["pop_2009"].sum() == 1_410_269
    assert districts["pop_2019"].sum() == 1_495_812


def test_name_join_is_one_for_one():
    census = build.read_census_communes(build.settings.path("DVK_RAW_DIR"))
    gso = build.read_gso_changes(build.settings.path("DVK_RAW_DIR"))
    joined = build.join_census_to_gso(census, gso)
    assert len(joined) == 244 and joined["code_2019"].is_unique
    merged = joined.groupby("code_2020").size()
    assert len(merged) == 241
    assert set(merged[merged > 1].index) == {"20665", "20779", "20668"}


def test_mergers_dissolved_with_summed_population(communes):
    census = build.read_census_communes(build.settings.path("DVK_RAW_DIR"))
    pop = dict(zip(census["name_2009"], census["pop_2009"]))
    que_my = communes.set_index("code").loc["20665"]
    assert que_my["name"] == "Xã Quế Mỹ"
    assert que_my["pop_2009"] == pop["Xã Quế Cường"] + pop["Xã Phú Thọ"]
    assert que_my.geometry.geom_type == "Polygon"


@pytest.mark.parametrize("short_name", REAL_MODELS)
def test_forward_to_2025b(eras, units_2025, short_name):
    code, _, code_2025b, name_2025b = REAL_MODELS[short_name]
    row = eras[(eras["era"] == "2020") & (eras["code"] == code)].iloc[0]
    assert row["code_2025b"] == code_2025b
    assert units_2025.set_index("code").at[code_2025b, "name"] == name_2025b


def test_eras_table_shape(eras):
    assert eras["era"].value_counts().to_dict() == {"2019": 244, "2020": 241, "2025a": 233,
                                                    "2025b": 78}
    assert not eras.duplicated(["era", "code"]).any()
    # 20335 means Tân Thạnh in 2020 and Bàn Thạch in 2025b: a code only means something with its era.
    names = eras.set_index(["era", "code"])["name"]
    assert names[("2020", "20335")] == "Phường Tân Thạnh"
    assert names[("2025b", "20335")] == "Phường Bàn Thạch"
    renamed = eras.set_index(["era", "code"])["names"][("2020", "20656")].split("|")
    assert {"Xã Quế Trung", "Thị trấn Trung Phước"} <= set(renamed)
    assert eras.loc[eras["era"] == "2025a", "district_code"].ne("519").all()


def test_old_communes_map_forward(eras):
    e19 = eras[eras["era"] == "2019"].set_index("code")
    assert e19.at["20653", "code_2020"] == "20665"  # Quế Cường -> Quế Mỹ
    assert e19.at["20755", "code_2020"] == "20779"  # TT Tân An -> TT Tân Bình
    assert e19.at["20674", "code_2020"] == "20668"  # Quế Phước -> Ninh Phước


def test_communes_lie_in_their_2025b_unit(communes, units_2025, eras):
    to_2025b = eras[eras["era"] == "2020"].set_index("code")["code_2025b"]
    units = units_2025.to_crs(build.EQUAL_AREA).set_index("code").geometry
    projected = communes.to_crs(build.EQUAL_AREA)
    inside = [geom.intersection(units[to_2025b[code]]).area / geom.area > 0.5
              for code, geom in zip(projected["code"], projected.geometry)]
    assert sum(inside) / len(inside) >= 0.99


@pytest.mark.slow
def test_committed_layers_are_what_the_build_makes(tmp_path, communes):
    build.write_layers(tmp_path, build.settings.path("DVK_RAW_DIR"))
    rebuilt = gpd.read_parquet(tmp_path / "communes.parquet")
    pd.testing.assert_frame_equal(rebuilt.drop(columns="geometry"),
                                  communes.drop(columns="geometry"))
    assert shapely.equals_exact(rebuilt.geometry.values, communes.geometry.values, 1e-9).all()
    assert (tmp_path / "eras.csv").read_text() == (
        build.settings.path("DVK_LAYERS_DIR") / "eras.csv").read_text()
