"""The data each view shows, computed once for the web page, the slides and the files: the
dataset read from the store, densities, key figures, typical models, spreads, time-lapse frames."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import sqlalchemy as sa

from geo import boundaries
from geo.analysis import aggregate, replication, targets
from geo.analysis.classify import Classes, classify
from geo.analysis.filters import GEOGRAPHIES, Filters
from geo.records import store
from geo.records.schema import imports


@dataclass
class Dataset:
    """Everything the views read: display layers, the placed models, replications, provenance."""

    layers: dict[str, gpd.GeoDataFrame]
    eras: pd.DataFrame
    placement: pd.DataFrame
    prepared: aggregate.Prepared
    replications: pd.DataFrame
    is_demo: bool
    last_import: dt.datetime | None
    rules: list = field(default_factory=list)  # targets.Rule, the province's targets
    canvases: dict = field(default_factory=dict)  # projected layers for print maps (render.figures)

    @property
    def latest_year(self) -> int:
        return int(max(self.prepared.year.max(initial=2024), 2024))


def load(engine: sa.Engine) -> Dataset:
    """Read the store and the committed layers (no Streamlit: the command line uses this)."""
    layers = {name: boundaries.read_layer(name) for name in (*GEOGRAPHIES, "province")}
    eras = boundaries.read_eras()
    placement = aggregate.placement_table(eras, layers["communes"])
    prepared = aggregate.prepare(store.read_models(engine), placement,
                                 {g: layers[g]["code"].tolist() for g in GEOGRAPHIES})
    return Dataset(layers, eras, placement, prepared, store.read_replications(engine),
                   store.has_demo(engine), last_import(engine),
                   targets.rules_from(store.read_targets(engine)))


def last_import(engine: sa.Engine) -> dt.datetime | None:
    """When the data shown was last imported (an import still in force)."""
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.max(imports.c.created_at)).where(
            imports.c.undone_at.is_(None))).scalar()


def district_names(ds: Dataset) -> dict[str, str]:
    districts = ds.layers["districts"]
    return boundaries.unit_names(districts)


def density(ds: Dataset, filters: Filters) -> tuple[pd.DataFrame, Classes]:
    """Per unit of the chosen geography: counts, measures, leading domain; and the classes."""
    mask = aggregate.select(ds.prepared, filters)
    table = aggregate.aggregate(ds.prepared, mask, filters.geography,
                                ds.layers[filters.geography])
    return table, classify(table[filters.measure].to_numpy(), filters.classification)


def key_figures(ds: Dataset, filters: Filters) -> dict[str, int]:
    """The four figures of the overview: models, typical ones, units with a model, replications."""
    mask = aggregate.select(ds.prepared, filters)
    selected = ds.prepared.frame[mask]
    table, _ = density(ds, filters)
    typical = set(selected.loc[selected["typical"], "id"])
    return {"models": int(mask.sum()), "typical": len(typical),
            "units_with": int((table["count"] > 0).sum()), "units": len(table),
            "replications": int(ds.replications["model_id"].isin(typical).sum())}


def domain_table(ds: Dataset, filters: Filters) -> pd.DataFrame:
    """District × domain counts of the selected models (what the briefing's table shows)."""
    selected = ds.prepared.frame[aggregate.select(ds.prepared, filters)]
    table = aggregate.district_domain_table(selected, district_names(ds),
                                            list(aggregate.DOMAIN_ORDER))
    return table[[*aggregate.DOMAIN_ORDER, "total"]]


def typical_models(ds: Dataset, filters: Filters) -> pd.DataFrame:
    """The typical models the filters select, ordered by domain then reach (adoptions)."""
    selected = ds.prepared.frame[aggregate.select(ds.prepared, filters)]
    typical = selected[selected["typical"]].copy()
    typical["adoptions"] = typical["id"].map(
        ds.replications.groupby("model_id").size()).fillna(0).astype(int)
    typical["domain_order"] = typical["domain"].map(
        {d: i for i, d in enumerate(aggregate.DOMAIN_ORDER)})
    return typical.sort_values(["domain_order", "adoptions", "name"],
                               ascending=[True, False, True]).reset_index(drop=True)


@dataclass
class Spread:
    """A replication map: the spread on communes, its flows, the adoption years, the figures."""

    spread: replication.Spread
    flows: list[replication.Flow]
    years: range
    figures: dict[str, object]
    adoptions: pd.DataFrame
    points: pd.DataFrame


def spread_of(ds: Dataset, model_ids: list[str], geography: str = "communes") -> Spread:
    """Where these typical models were copied, drawn on `geography`; figures count communes."""
    communes = ds.layers["communes"]
    reps = ds.replications[ds.replications["model_id"].isin(model_ids)]
    models = ds.prepared.frame
    adoptions = replication.place_adoptions(reps, models, ds.placement, geography)
    points = replication.adopter_points(adoptions, communes, ds.layers["units_2025"])
    district_of = dict(zip(communes["code"], communes["district_code"]))
    figures = replication.reach(adoptions, points, district_of=district_of,
                                n_communes=len(communes))
    chosen = models[models["id"].isin(model_ids)]
    origins = set(chosen[f"{geography}_place"].dropna())
    drawn = replication.spread(
        adoptions, points, ds.layers[geography], origins=origins,
        covered=replication.covered_units(ds.eras, ds.placement, geography),
        names_2025=boundaries.unit_names(ds.layers["units_2025"]))
    if len(model_ids) > 1 and geography == "units_2025":  # between the 2025 units, as asked
        flows, _ = replication.gathered_flows(adoptions["origin_2025"], adoptions["unit_2025"],
                                              adoptions["year"], ds.layers["units_2025"])
    elif len(model_ids) > 1:
        flows, _ = replication.district_flows(adoptions, ds.layers["districts"])
    else:
        flows = replication.individual_flows(drawn.flows)
    first = int(adoptions["year"].min()) if len(adoptions) else int(
        chosen["year_started"].max() if len(chosen) else ds.latest_year)
    last = int(adoptions["year"].max()) if len(adoptions) else first
    return Spread(drawn, flows, range(first, last + 1), figures, adoptions, points)


@dataclass
class Timelapse:
    """Year by year from the filters' first year: models started up to then per unit of the
    geography (years × units), and in all (province- and district-level ones included)."""

    years: list[int]
    per_unit: np.ndarray
    totals: list[int]


def timelapse(ds: Dataset, filters: Filters) -> Timelapse:
    years = list(range(filters.year_from, filters.year_to + 1))
    mask = aggregate.select(ds.prepared, filters)
    place = ds.prepared.place[filters.geography]
    keep = mask & (place >= 0)
    n_units = len(ds.prepared.codes[filters.geography])
    per_year = np.zeros((len(years), n_units), dtype=np.int64)
    np.add.at(per_year, (ds.prepared.year[keep] - filters.year_from, place[keep]), 1)
    started = np.bincount(ds.prepared.year[mask] - filters.year_from, minlength=len(years))
    return Timelapse(years, per_year.cumsum(axis=0), np.cumsum(started).tolist())


def target_status(ds: Dataset, year: int, level: str | None = None
                  ) -> tuple[str, pd.DataFrame, dict[str, str]]:
    """The level a targets view shows for `year` (`level`, else the default), each unit's status
    and the merged districts to draw with their new one."""
    level = level or targets.default_level(ds.rules, year)
    merges = targets.district_merges(ds.eras)
    counts = targets.activity(ds.prepared.frame, ds.replications, ds.placement, merges, level)
    return (level, *targets.status_table(counts, ds.rules, year, level, ds.layers, merges))


def target_year(ds: Dataset, year: int | None = None) -> int:
    """The year a targets view shows: the one asked for, else the latest with a rule."""
    return year or targets.latest_ruled_year(ds.rules, dt.date.today().year)
