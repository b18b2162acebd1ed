"""Build the boundary layers from `data/raw/` into `data/layers/`: `python -m geo.build`.

Runs once by hand when the raw inputs change; the app only reads the committed outputs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import settings
from geo.boundaries import names

EQUAL_AREA = ("+proj=aea +lat_1=14.5 +lat_2=16.5 +lat_0=15.5 +lon_0=108 +datum=WGS84 "
              "+units=m +no_defs")
GAP_WIDTH_M = 500.0
DISPLAY_TOLERANCE_M = 200.0
DISPLAY_DECIMALS = 5
NONG_SON, QUE_SON = "519", "509"
# Renamed on 1-1-2025 (NQ 1241/NQ-UBTVQH15): their 2020-2024 name is the GSO one, not the 2025 one.
RENAMED_2025 = {"20758": "Xã Hiệp Hòa", "20821": "Xã Bình Định Bắc"}


class BuildError(RuntimeError):
    """The raw inputs do not fit together as the build expects."""


def read_census_communes(raw_dir: Path) -> gpd.GeoDataFrame:
    """The 244 census-2009 polygons with decoded names and 2009 population."""
    gdf = gpd.read_file(raw_dir / "boundaries" / "communes_2009_censusvn2009.geojson")
    return gpd.GeoDataFrame({
        "district_name_2009": gdf["district_vn_decoded"].map(names.clean_text),
        "name_2009": gdf["commune_vn_decoded"].map(names.clean_text),
        "pop_2009": gdf["population"].astype("int64"),
    }, geometry=gdf.geometry.values, crs="EPSG:4326")


def _as_code(column: pd.Series) -> pd.Series:
    """GSO codes read as text, without the ".0" a spreadsheet left on some."""
    return column.str.replace(r"\.0$", "", regex=True)


def read_gso_changes(raw_dir: Path) -> pd.DataFrame:
    """The GSO change table 2019 -> 2024 with codes as strings and names cleaned."""
    raw = pd.read_csv(raw_dir / "tables" / "commune_changes_2019_2024_gso.csv", dtype=str)
    return pd.DataFrame({
        "code_2019": _as_code(raw["Xã"]),
        "name_2019": raw["Tên Xã"].map(names.clean_text),
        "district_code_2019": _as_code(raw["QH"]),
        "district_name_2019": raw["Tên QH"].map(names.clean_text),
        "code_2020": _as_code(raw["Xã DC"]),
        "name_2024": raw["Tên Xã DC"].map(names.clean_text),
        "district_code": _as_code(raw["QH DC"]),
        "district_name": raw["Tên QH DC"].map(names.clean_text),
        "note": raw["Ghi Chú"].fillna(""),
    })


def read_crosswalk(raw_dir: Path) -> pd.DataFrame:
    xw = pd.read_csv(raw_dir / "tables" / "crosswalk_2019_2024_2025.csv", dtype=str)
    xw["in_2025a"] = xw["in_233_list_2025H1"].eq("True")
    return xw


def join_census_to_gso(census: gpd.GeoDataFrame, gso: pd.DataFrame) -> gpd.GeoDataFrame:
    """Attach GSO 2019 codes to the census polygons by (district, commune) name; one for one."""
    def pair_key(district: str, commune: str) -> tuple[str, str]:
        return names.district_key(district), names.commune_key(commune)

    gso_keys = {pair_key(d, c): i for i, (d, c) in
                enumerate(zip(gso["district_name_2019"], gso["name_2019"]))}
    if len(gso_keys) != len(gso):
        raise BuildError("two GSO rows share a (district, commune) name key")
    matched = [gso_keys.get(pair_key(d, c)) for d, c in
               zip(census["district_name_2009"], census["name_2009"])]
    missing = [n for n, m in zip(census["name_2009"], matched) if m is None]
    if missing:
        raise BuildError(f"census communes without a GSO row: {missing}")
    if len(set(matched)) != len(matched):
        raise BuildError("a GSO row matched two census polygons")
    joined = census.copy()
    for column in gso.columns:
        joined[column] = gso[column].to_numpy()[matched]
    return joined


def clean_coverage(gdf: gpd.GeoDataFrame, gap_width_m: float = GAP_WIDTH_M) -> gpd.GeoDataFrame:
    """Remove overlaps and gaps narrower than `gap_width_m`, in metres, and return in EPSG:4326."""
    projected = gdf.to_crs(EQUAL_AREA)
    cleaned = shapely.coverage_clean(projected.geometry.values, gap_width=gap_width_m)
    out = projected.set_geometry(gpd.GeoSeries(cleaned, index=gdf.index, crs=EQUAL_AREA))
    return out.to_crs("EPSG:4326")


def area_km2(gdf: gpd.GeoDataFrame) -> np.ndarray:
    return (gdf.to_crs(EQUAL_AREA).area.to_numpy() / 1e6).round(3)


def label_points(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """A point well inside each unit's largest part (pole of inaccessibility), for labels."""
    points = []
    for geom in gdf.geometry:
        parts = getattr(geom, "geoms", [geom])
        largest = max(parts, key=lambda p: p.area)
        points.append(shapely.ops.polylabel(largest, tolerance=1e-4))
    return (np.round([p.x for p in points], 5), np.round([p.y for p in points], 5))


def _unit_fields(full_name: str) -> tuple[str, str, str]:
    unit_type, short = names.split_commune_type(full_name)
    if unit_type is None:
        raise BuildError(f"no unit type in {full_name!r}")
    return f"{names.titled_type(unit_type)} {short}", short, unit_type


def build_communes(joined: gpd.GeoDataFrame, crosswalk: pd.DataFrame,
                   pop_2019: pd.DataFrame) -> gpd.GeoDataFrame:
    """The 241 communes of 2020-2024: mergers dissolved, names, types, measures, label points."""
    grouped = joined.groupby("code_2020")
    merged = grouped.agg(pop_2009=("pop_2009", "sum"), name_2024=("name_2024", "first"),
                         district_code=("district_code", "first"),
                         district_name=("district_name", "first"))
    geoms = grouped.geometry.apply(lambda s: shapely.coverage_union_all(s.values))
    merged = gpd.GeoDataFrame(merged, geometry=geoms.reindex(merged.index).to_numpy(),
                              crs="EPSG:4326")
    merged = merged.reset_index().rename(columns={"code_2020": "code"})

    by_code = crosswalk.set_index("code_2024")
    full_names = []
    for code, name_2024 in zip(merged["code"], merged["name_2024"]):
        name_2025a = by_code.at[code, "name_2025H1"]
        chosen = name_2024 if code in RENAMED_2025 or pd.isna(name_2025a) else name_2025a
        full_names.append(_unit_fields(chosen))
    merged["name"], merged["short_name"], merged["type"] = zip(*full_names)
    district_fields = [names.split_district_type(d) for d in merged["district_name"]]
    merged["district_type"] = [t for t, _ in district_fields]
    merged["district_short"] = [s for _, s in district_fields]
    pops = pop_2019.assign(code_2024=pop_2019["code_2024"].astype(str)).set_index("code_2024")
    merged["pop_2019"] = merged["code"].map(pops["pop_2019"]).astype("int64")
    merged["area_km2"] = area_km2(merged)
    merged["label_lon"], merged["label_lat"] = label_points(merged)
    columns = ["code", "name", "short_name", "type", "district_code", "district_name",
               "district_short", "district_type", "area_km2", "pop_2009", "pop_2019",
               "label_lon", "label_lat", "geometry"]
    return merged[columns].sort_values("code").reset_index(drop=True)


def build_districts(communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The 18 districts dissolved from the communes, so their borders nest exactly."""
    grouped = communes.groupby("district_code")
    geoms = grouped.geometry.apply(lambda s: shapely.coverage_union_all(s.values))
    first = grouped[["district_name", "district_short", "district_type"]].first()
    districts = gpd.GeoDataFrame({
        "code": geoms.index, "name": first["district_name"].to_numpy(),
        "short_name": first["district_short"].to_numpy(), "type": first["district_type"].to_numpy(),
        "n_communes": grouped.size().to_numpy(),
        "pop_2009": grouped["pop_2009"].sum().to_numpy(),
        "pop_2019": grouped["pop_2019"].sum().to_numpy(),
    }, geometry=geoms.to_numpy(), crs="EPSG:4326")
    districts["area_km2"] = area_km2(districts)
    districts["label_lon"], districts["label_lat"] = label_points(districts)
    return districts.reset_index(drop=True)


def build_units_2025(raw_dir: Path, crosswalk: pd.DataFrame) -> gpd.GeoDataFrame:
    """The 78 units of 1-7-2025 with the 2020 communes each covers (from the crosswalk)."""
    raw = gpd.read_file(raw_dir / "boundaries" / "units_2025_from_quang_nam.geojson")
    units = clean_coverage(raw, gap_width_m=0.0)
    covered = crosswalk.groupby("code_2025_final")["code_2024"].apply(lambda s: "|".join(sorted(s)))
    fields = [_unit_fields(n) for n in raw["fullName"].map(names.clean_text)]
    out = gpd.GeoDataFrame({
        "code": raw["code"].astype(str).str.zfill(5),
        "name": [f for f, _, _ in fields], "short_name": [s for _, s, _ in fields],
        "type": [t for _, _, t in fields],
        "area_km2_official": raw["areaKm2"].astype(float),
        # One unit (Xã Avương) says "đang cập nhật" (being updated): kept as missing.
        "pop_reform": pd.to_numeric(raw["sapnhap_dansonguoi"], errors="coerce").astype("Int64"),
        "merged_from": raw["sapnhap_truocsapnhap"].map(names.clean_text),
    }, geometry=units.geometry.values, crs="EPSG:4326")
    out["communes_2020"] = out["code"].map(covered).fillna("")
    if (out["communes_2020"] == "").any():
        raise BuildError(f"2025 units covering no 2020 commune: {out.loc[out.communes_2020 == '', 'code'].tolist()}")
    out["area_km2"] = area_km2(out)
    out["label_lon"], out["label_lat"] = label_points(out)
    return out.sort_values("code").reset_index(drop=True)


def build_eras(gso: pd.DataFrame, census_joined: gpd.GeoDataFrame, communes: gpd.GeoDataFrame,
               units_2025: gpd.GeoDataFrame, crosswalk: pd.DataFrame) -> pd.DataFrame:
    """Every (era, code) a record may carry, its names, and where it maps in 2020 and 2025b.

    `codes_2020` lists every 2020 commune the unit covers or may cover; `code_2020` is set only
    where that is a single commune, i.e. where the mapping is exact.
    """
    to_2025b = crosswalk.set_index("code_2024")["code_2025_final"]
    c20 = communes.set_index("code")
    names_2020: dict[str, set[str]] = {code: {c20.at[code, "name"]} for code in c20.index}
    for row in gso.itertuples():
        names_2020[row.code_2020].add(row.name_2024)
        if row.code_2019 == row.code_2020:
            names_2020[row.code_2020].add(row.name_2019)
    for row in census_joined.itertuples():
        if row.code_2019 == row.code_2020:
            names_2020[row.code_2020].add(row.name_2009)

    rows = []
    census_names = dict(zip(census_joined["code_2019"], census_joined["name_2009"]))
    for row in gso.itertuples():
        rows.append({"era": "2019", "code": row.code_2019, "name": row.name_2019,
                     "names": {row.name_2019, census_names[row.code_2019]},
                     "district_code": row.district_code_2019, "code_2020": row.code_2020,
                     "codes_2020": row.code_2020, "code_2025b": to_2025b[row.code_2020]})
    for code, unit in c20.iterrows():
        rows.append({"era": "2020", "code": code, "name": unit["name"], "names": names_2020[code],
                     "district_code": unit["district_code"], "code_2020": code, "codes_2020": code,
                     "code_2025b": to_2025b[code]})
    # The sources name the 2025b unit of each commune absorbed on 1-1-2025, not the 2025a unit
    # that took it; so a 2025a unit sharing a 2025b unit with one may cover it too.
    absorbed_into_2025b = crosswalk[~crosswalk["in_2025a"]].groupby("code_2025_final")[
        "code_2024"].apply(list)
    for row in crosswalk[crosswalk["in_2025a"]].itertuples():
        code = row.code_2024
        covered = sorted([code] + absorbed_into_2025b.get(row.code_2025_final, []))
        district = c20.at[code, "district_code"]
        name_2025a = _unit_fields(names.clean_text(row.name_2025H1))[0]
        rows.append({"era": "2025a", "code": code, "name": name_2025a,
                     "names": names_2020[code] | {name_2025a},
                     "district_code": QUE_SON if district == NONG_SON else district,
                     "code_2020": code if len(covered) == 1 else None,
                     "codes_2020": "|".join(covered), "code_2025b": row.code_2025_final})
    for unit in units_2025.itertuples():
        covered = unit.communes_2020.split("|")
        rows.append({"era": "2025b", "code": unit.code, "name": unit.name, "names": {unit.name},
                     "district_code": None, "code_2020": covered[0] if len(covered) == 1 else None,
                     "codes_2020": unit.communes_2020, "code_2025b": unit.code})
    eras = pd.DataFrame(rows)
    eras["names"] = eras["names"].map(lambda s: "|".join(sorted(s)))
    return eras


def display_layer(gdf: gpd.GeoDataFrame, tolerance_m: float = DISPLAY_TOLERANCE_M,
                  decimals: int = DISPLAY_DECIMALS) -> gpd.GeoDataFrame:
    """Simplify as a coverage (shared borders stay shared), then round coordinates."""
    projected = gdf.to_crs(EQUAL_AREA)
    simple = shapely.coverage_simplify(projected.geometry.values, tolerance_m)
    back = gpd.GeoSeries(simple, crs=EQUAL_AREA).to_crs("EPSG:4326").values
    rounded = shapely.set_precision(back, 10.0 ** -decimals, mode="pointwise")
    out = gdf.copy()
    out = out.set_geometry(gpd.GeoSeries(shapely.make_valid(rounded), index=gdf.index,
                                         crs="EPSG:4326"))
    return out


def write_layers(layers_dir: Path, raw_dir: Path) -> dict[str, object]:
    """Run the whole build and write every layer; return the figures worth checking."""
    census = read_census_communes(raw_dir)
    gso = read_gso_changes(raw_dir)
    crosswalk = read_crosswalk(raw_dir)
    pop_2019 = pd.read_csv(raw_dir / "tables" / "population_2019_by_commune_2024.csv")
    joined = join_census_to_gso(census, gso)
    joined = joined.set_geometry(clean_coverage(joined).geometry)
    communes = build_communes(joined, crosswalk, pop_2019)
    districts = build_districts(communes)
    units_2025 = build_units_2025(raw_dir, crosswalk)
    province = gpd.GeoDataFrame({"code": ["49"], "name": ["Tỉnh Quảng Nam"]}, geometry=[
        shapely.coverage_union_all(communes.geometry.values)], crs="EPSG:4326")
    province["area_km2"] = area_km2(province)
    eras = build_eras(gso, joined, communes, units_2025, crosswalk)

    layers_dir.mkdir(parents=True, exist_ok=True)
    for name, layer in {"communes": communes, "districts": districts, "units_2025": units_2025,
                        "province": province}.items():
        layer.to_parquet(layers_dir / f"{name}.parquet", index=False)
        display_layer(layer).to_parquet(layers_dir / f"{name}_display.parquet", index=False)
    eras.to_csv(layers_dir / "eras.csv", index=False)
    figures = {"communes": len(communes), "districts": len(districts),
               "units_2025": len(units_2025), "eras": eras["era"].value_counts().to_dict(),
               "province_km2": float(province["area_km2"].iloc[0])}
    (layers_dir / "build_figures.json").write_text(json.dumps(figures, indent=1, ensure_ascii=False))
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--raw", type=Path, default=settings.path("DVK_RAW_DIR"))
    parser.add_argument("--out", type=Path, default=settings.path("DVK_LAYERS_DIR"))
    args = parser.parse_args(argv)
    print(json.dumps(write_layers(args.out, args.raw), ensure_ascii=False))
