"""How typical models spread: adoptions placed on a geography, reach and distances from the origin."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pyproj import Geod

_GEOD = Geod(ellps="WGS84")


def geodesic_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Distance on the WGS84 ellipsoid, in km, element by element."""
    _, _, metres = _GEOD.inv(np.asarray(lon1, float), np.asarray(lat1, float),
                             np.asarray(lon2, float), np.asarray(lat2, float))
    return np.asarray(metres) / 1000


def place_adoptions(replications: pd.DataFrame, models: pd.DataFrame, placement: pd.DataFrame,
                    geography: str) -> pd.DataFrame:
    """One row per adoption: its unit on `geography` (None where it is not exact there), the
    origin's unit, and the 2025 unit (every adoption has one: forward mapping is exact)."""
    key = replications["commune_era"] + ":" + replications["commune_code"]
    origin_key = models.set_index("id")[["commune_era", "commune_code"]].dropna()
    origin_key = origin_key["commune_era"] + ":" + origin_key["commune_code"]
    out = pd.DataFrame({
        "model_id": replications["model_id"].to_numpy(),
        "year": replications["year"].to_numpy(),
        "unit": key.map(placement[geography]).to_numpy(),
        "commune_2020": key.map(placement["communes"]).to_numpy(),
        "unit_2025": key.map(placement["units_2025"]).to_numpy(),
        "district": key.map(placement["districts"]).to_numpy(),
    })
    origins = replications["model_id"].map(origin_key)
    out["origin_unit"] = origins.map(placement[geography]).to_numpy()
    out["origin_commune"] = origins.map(placement["communes"]).to_numpy()
    out["origin_2025"] = origins.map(placement["units_2025"]).to_numpy()
    out["origin_district"] = origins.map(placement["districts"]).to_numpy()
    return out


def adopter_points(adoptions: pd.DataFrame, communes: pd.DataFrame, units_2025: pd.DataFrame
                   ) -> pd.DataFrame:
    """Where each adoption and its model's origin are drawn: the 2020 commune's label point,
    else the 2025 unit's (a place recorded as a 2025 commune or ward)."""
    c = communes.set_index("code")[["label_lon", "label_lat"]]
    u = units_2025.set_index("code")[["label_lon", "label_lat"]]

    def point(commune: str, unit: str, axis: str) -> np.ndarray:
        return np.where(adoptions[commune].notna(), adoptions[commune].map(c[axis]),
                        adoptions[unit].map(u[axis])).astype(float)

    return pd.DataFrame({"lon": point("commune_2020", "unit_2025", "label_lon"),
                         "lat": point("commune_2020", "unit_2025", "label_lat"),
                         "origin_lon": point("origin_commune", "origin_2025", "label_lon"),
                         "origin_lat": point("origin_commune", "origin_2025", "label_lat")},
                        index=adoptions.index)


def reach(adoptions: pd.DataFrame, points: pd.DataFrame, *, district_of: dict[str, str],
          n_communes: int) -> dict[str, object]:
    """Figures for a set of adoptions: communes and districts reached, distances, per year.

    Communes reached count the adoptions that map to one 2020 commune; an adoption recorded as a
    2025 unit covering several communes is counted in `as_2025_units` instead.
    """
    exact = adoptions["commune_2020"].dropna()
    districts = {district_of[c] for c in exact}
    distance = geodesic_km(points["origin_lon"], points["origin_lat"], points["lon"], points["lat"])
    return {
        "adoptions": int(len(adoptions)),
        "communes": int(exact.nunique()),
        "as_2025_units": int(adoptions["commune_2020"].isna().sum()),
        "districts": len(districts),
        "median_km": float(np.median(distance)) if len(distance) else float("nan"),
        "max_km": float(np.max(distance)) if len(distance) else float("nan"),
        "per_year": adoptions.groupby("year").size().to_dict(),
        "share_communes": exact.nunique() / n_communes,
    }


def cumulative(adoptions: pd.DataFrame, years: range) -> pd.Series:
    """Adoptions so far at the end of each year."""
    return adoptions.groupby("year").size().reindex(years, fill_value=0).cumsum()


def ranking(adoptions: pd.DataFrame, points: pd.DataFrame, models: pd.DataFrame, *,
            district_of: dict[str, str], n_communes: int, ids: list[str] = ()) -> pd.DataFrame:
    """The typical models ordered by reach (adoptions, then districts, then furthest); those of
    `ids` not replicated yet come last with nothing reached."""
    rows = []
    names = models.set_index("id")["name"]
    for model_id, group in adoptions.groupby("model_id"):
        figures = reach(group, points.loc[group.index], district_of=district_of,
                        n_communes=n_communes)
        rows.append({"id": model_id, "name": names.get(model_id, model_id),
                     **{k: figures[k] for k in ("adoptions", "communes", "districts",
                                                "median_km", "max_km")}})
    replicated = set(adoptions["model_id"])
    rows += [{"id": i, "name": names.get(i, i), "adoptions": 0, "communes": 0, "districts": 0}
             for i in ids if i not in replicated]  # no distances: NaN
    columns = ["id", "name", "adoptions", "communes", "districts", "median_km", "max_km"]
    return pd.DataFrame(rows, columns=columns).sort_values(
        ["adoptions", "districts", "max_km"], ascending=False).reset_index(drop=True)


def covered_units(eras: pd.DataFrame, placement: pd.DataFrame, geography: str
                  ) -> dict[str, list[str]]:
    """For each 2025 unit, the units of `geography` it covers (backward: maybe several)."""
    on_geography = placement[geography]
    out = {}
    for row in eras[eras["era"] == "2025b"].itertuples():
        units = {on_geography.get(f"2020:{c}") for c in row.codes_2020.split("|")}
        out[row.code] = sorted(u for u in units if isinstance(u, str))
    return out


@dataclass
class Spread:
    """What the replication map draws on one geography."""

    origins: set[str]
    adopters: dict[str, int]  # unit -> first adoption year, exact on this geography
    approximate: dict[str, tuple[int, str]]  # unit -> (year, the larger 2025 unit it was recorded as)
    flows: list[tuple[tuple[float, float], tuple[float, float], int]]


def spread(adoptions: pd.DataFrame, points: pd.DataFrame, units: pd.DataFrame, *,
           origins: set[str], covered: dict[str, list[str]], names_2025: dict[str, str]) -> Spread:
    """Origins, adopters by first year, units reached only through a larger 2025 unit, and flows
    from the origin to each adopter (between label points of `units` where exact)."""
    adopters = adoptions.dropna(subset=["unit"]).groupby("unit")["year"].min().astype(int)
    adopters = adopters.to_dict()
    approximate: dict[str, tuple[int, str]] = {}
    for row in adoptions[adoptions["unit"].isna()].sort_values("year").itertuples():
        for code in covered[row.unit_2025]:
            if code not in adopters:
                approximate.setdefault(code, (int(row.year), names_2025[row.unit_2025]))
    label_at = units.set_index("code")[["label_lat", "label_lon"]]
    flows = []
    for row, point in zip(adoptions.itertuples(), points.itertuples()):
        start = (tuple(label_at.loc[row.origin_unit]) if isinstance(row.origin_unit, str)
                 else (point.origin_lat, point.origin_lon))
        end = tuple(label_at.loc[row.unit]) if isinstance(row.unit, str) else (point.lat, point.lon)
        if start != end:
            flows.append((start, end, int(row.year)))
    return Spread(origins | set(adoptions["origin_unit"].dropna()), adopters, approximate, flows)


@dataclass(frozen=True)
class Flow:
    """A line on the replication map: from, to (lat, lon), first year, how many adoptions, and
    when it gathers several (between districts) the names of its two ends, its last year and
    the models copied along it."""

    start: tuple[float, float]
    end: tuple[float, float]
    year: int
    count: int = 1
    names: tuple[str, str] | None = None
    last_year: int | None = None  # gathered: the year of the latest adoption
    models: tuple[str, ...] = ()  # gathered: the models copied along it


def individual_flows(spread_flows: list[tuple]) -> list[Flow]:
    return [Flow(a, b, year) for a, b, year in spread_flows]


def district_flows(adoptions: pd.DataFrame, districts: pd.DataFrame) -> tuple[list[Flow], int]:
    """Adoptions gathered between districts (the origin's district -> the adopter's, where
    each is exact): one line per pair, first year and count. Also how many adoptions stay
    inside their district."""
    return gathered_flows(adoptions["origin_district"], adoptions["district"], adoptions["year"],
                          districts, adoptions["model_id"])


def gathered_flows(origin: pd.Series, target: pd.Series, year: pd.Series, units: pd.DataFrame,
                   model: pd.Series | None = None) -> tuple[list[Flow], int]:
    """Adoptions gathered between units (each adoption's `origin` and `target` unit code, None
    where not exact, and its `model`): one line per pair of units, its first and last year,
    count and models; and how many adoptions stay inside their unit."""
    info = units.set_index("code")
    frame = pd.DataFrame({"origin": origin.to_numpy(), "target": target.to_numpy(),
                          "year": year.to_numpy(),
                          "model": model.to_numpy() if model is not None else ""}
                         ).dropna(subset=["origin", "target", "year"])
    inside = int((frame["origin"] == frame["target"]).sum())
    pairs = frame[frame["origin"] != frame["target"]].groupby(["origin", "target"]).agg(
        first=("year", "min"), last=("year", "max"), size=("year", "size"),
        models=("model", lambda m: tuple(sorted(set(m) - {""}))))
    flows = [Flow((info.at[a, "label_lat"], info.at[a, "label_lon"]),
                  (info.at[b, "label_lat"], info.at[b, "label_lon"]), int(row["first"]),
                  int(row["size"]), (info.at[a, "name"], info.at[b, "name"]), int(row["last"]),
                  row["models"])
             for (a, b), row in pairs.iterrows()]
    return flows, inside


def reached_by_year(adopters: dict[str, int], years: range) -> dict[int, int]:
    """How many units had adopted by the end of each year (what the map's timeline shows)."""
    return {year: sum(first <= year for first in adopters.values()) for year in years}
