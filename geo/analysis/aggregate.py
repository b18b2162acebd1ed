"""Placing models on a geography and counting them per unit, fast enough for a million rows.

`prepare` runs once per store version (cached by the app); `select` and `aggregate` run on every
filter change and work on integer arrays only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.analysis import periods
from geo.analysis.filters import GEOGRAPHIES, Filters
from geo.records import vocab

DOMAIN_ORDER = tuple(vocab.DOMAINS)  # the four domains, then unclassified
UNIT_ORDER = tuple(vocab.UNITS)
MIXED = "mixed"
LEADING_THRESHOLD = 0.40


def placement_table(eras: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """For every (era, code): its 2020 commune, 2020 district and 2025 unit, where exact."""
    district_of = dict(zip(communes["code"], communes["district_code"]))
    covered = eras["codes_2020"].str.split("|")
    districts = covered.map(lambda cs: {district_of[c] for c in cs})
    return pd.DataFrame({
        "communes": [cs[0] if len(cs) == 1 else None for cs in covered],
        "districts": [next(iter(ds)) if len(ds) == 1 else None for ds in districts],
        "units_2025": eras["code_2025b"].to_numpy(),
    }, index=pd.Index(eras["era"] + ":" + eras["code"], name="place"))


@dataclass
class Prepared:
    """Models with their places as integer arrays; `frame` keeps every column for tables."""

    frame: pd.DataFrame
    year: np.ndarray
    domain: np.ndarray
    unit: np.ndarray
    typical: np.ndarray
    chosen: np.ndarray  # the year a typical model counts as chosen (periods); NaN: not typical
    province_level: np.ndarray
    district: np.ndarray  # index into `codes["districts"]`, -1 when unknown
    place: dict[str, np.ndarray]  # per geography: index into `codes[geo]`, -1 when not placeable
    codes: dict[str, list[str]]

    def __len__(self) -> int:
        return len(self.year)


def prepare(models: pd.DataFrame, placement: pd.DataFrame, unit_codes: dict[str, list[str]]
            ) -> Prepared:
    """Place each model on every geography (`unit_codes`: the codes of each layer, in order)."""
    key = models["commune_era"] + ":" + models["commune_code"]
    frame = models.copy()
    for geography in GEOGRAPHIES:
        frame[f"{geography}_place"] = key.map(placement[geography]).to_numpy()
    # a district-level model names its district and nothing finer
    no_commune = frame["commune_code"].isna()
    frame.loc[no_commune, "districts_place"] = frame.loc[no_commune, "district_code"]
    frame["district_2020"] = frame["districts_place"]
    place = {g: _index(frame[f"{g}_place"], unit_codes[g]) for g in GEOGRAPHIES}
    return Prepared(
        frame=frame,
        year=frame["year_started"].to_numpy(np.int32),
        domain=_index(frame["domain"], list(DOMAIN_ORDER)).astype(np.int8),
        unit=_index(frame["unit"], list(UNIT_ORDER)).astype(np.int16),
        typical=frame["typical"].to_numpy(bool),
        chosen=periods.chosen_year(frame).to_numpy(float, na_value=np.nan),
        province_level=frame["level"].eq("tinh").to_numpy(bool),
        district=place["districts"],
        place=place,
        codes=unit_codes,
    )


def _index(values: pd.Series, order: list[str]) -> np.ndarray:
    return pd.Categorical(values, categories=order).codes.astype(np.int32)


def select(prepared: Prepared, filters: Filters, span: str = "period") -> np.ndarray:
    """Boolean mask of the models that pass `filters` and started in the period (`span`
    "to_date": up to its last year)."""
    return scope(prepared, filters) & periods.within(prepared.year, filters, span)


def chosen(prepared: Prepared, filters: Filters, span: str) -> np.ndarray:
    """Boolean mask of the typical models that pass `filters` and were chosen in the span."""
    return scope(prepared, filters) & periods.within(prepared.chosen, filters, span)


def scope(prepared: Prepared, filters: Filters) -> np.ndarray:
    """Boolean mask of the models that pass every filter but the years."""
    mask = np.ones(len(prepared.year), bool)
    if filters.domains:
        mask &= np.isin(prepared.domain, [DOMAIN_ORDER.index(d) for d in filters.domains])
    if filters.units:
        mask &= np.isin(prepared.unit, [UNIT_ORDER.index(u) for u in filters.units])
    if filters.typical_only:
        mask &= prepared.typical
    if filters.districts:
        wanted = [prepared.codes["districts"].index(d) for d in filters.districts]
        mask &= np.isin(prepared.district, wanted)
    return mask


def counts_by_domain(prepared: Prepared, mask: np.ndarray, geography: str) -> np.ndarray:
    """(units × domains) counts of the selected models placed on `geography`."""
    n_units, n_domains = len(prepared.codes[geography]), len(DOMAIN_ORDER)
    place = prepared.place[geography]
    keep = mask & (place >= 0)
    flat = place[keep].astype(np.int64) * n_domains + prepared.domain[keep]
    return np.bincount(flat, minlength=n_units * n_domains).reshape(n_units, n_domains)


def aggregate(prepared: Prepared, mask: np.ndarray, geography: str, units: pd.DataFrame
              ) -> pd.DataFrame:
    """Per unit of `geography`: count, measures, counts by domain, leading domain and its share.

    `units` is the layer's attribute table (code, pop_2019 or pop_reform, area_km2), in the order
    of `prepared.codes[geography]`.
    """
    by_domain = counts_by_domain(prepared, mask, geography)
    count = by_domain.sum(axis=1)
    out = pd.DataFrame({"code": units["code"].to_numpy(), "count": count})
    out["per_10k"] = measure_of(count, units, "per_10k")
    out["per_100km2"] = measure_of(count, units, "per_100km2")
    for i, domain in enumerate(DOMAIN_ORDER):
        out[domain] = by_domain[:, i]
    classified = by_domain[:, : len(vocab.DOMAIN_KEYS)]
    top = classified.argmax(axis=1)
    top_count = classified.max(axis=1)
    with np.errstate(invalid="ignore"):  # no model: 0 / 0, no share
        share = top_count / count
    leading = np.array(vocab.DOMAIN_KEYS, dtype=object)[top]
    tie = (classified == top_count[:, None]).sum(axis=1) > 1
    leading = np.where((share < LEADING_THRESHOLD) | tie, MIXED, leading)
    out["leading"] = np.where(count > 0, leading, None)
    out["leading_share"] = share
    return out


def measure_of(counts: np.ndarray, units: pd.DataFrame, measure: str) -> np.ndarray:
    """Counts turned into the measure: as they are, per 10,000 residents, or per 100 km²."""
    counts = np.asarray(counts, float)
    if measure == "count":
        return counts
    if measure == "per_10k":
        population = (units["pop_reform"] if "pop_reform" in units else units["pop_2019"]
                      ).to_numpy(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(population > 0, counts / population * 10_000, np.nan)
    if measure == "per_100km2":
        return counts / units["area_km2"].to_numpy(float) * 100
    raise ValueError(f"unknown measure {measure!r}")


def unplaced(prepared: Prepared, mask: np.ndarray, geography: str) -> dict[str, int]:
    """Selected models not on the map: province-level ones, and others not placeable there."""
    off_map = mask & (prepared.place[geography] < 0)
    province = off_map & prepared.province_level
    return {"province_level": int(province.sum()), "other": int((off_map & ~province).sum())}


def district_domain_table(frame: pd.DataFrame, district_names: dict[str, str],
                          domains: list[str]) -> pd.DataFrame:
    """Districts × domains: counts and row shares of the selected models (placed on districts)."""
    placed = frame.dropna(subset=["district_2020"])
    counts = pd.crosstab(placed["district_2020"], placed["domain"]).reindex(
        index=list(district_names), columns=domains, fill_value=0)
    shares = counts.div(counts.sum(axis=1), axis=0)  # a district with none: 0 / 0, no share
    out = counts.copy()
    out.index = [district_names[c] for c in counts.index]
    for domain in domains:
        out[f"{domain}_share"] = shares[domain].to_numpy()
    out["total"] = counts.sum(axis=1).to_numpy()
    return out
