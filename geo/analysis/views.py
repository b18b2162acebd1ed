"""The data each view shows, computed once for the web page, the slides and the files: the
dataset read from the store, densities, key figures, typical models, spreads, time-lapse frames."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import geopandas as gpd
import numpy as np
import pandas as pd
import sqlalchemy as sa

from geo import boundaries
from geo.analysis import aggregate, periods, replication, targets
from geo.analysis.classify import Classes, classify
from geo.analysis.filters import GEOGRAPHIES, Filters
from geo.records import vocab
from geo.store import store


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
    memo: dict = field(default_factory=dict)  # what several views read (targets' activity)

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
                   store.has_demo(engine), store.last_import(engine),
                   targets.rules_from(store.read_targets(engine)))


def district_names(ds: Dataset) -> dict[str, str]:
    districts = ds.layers["districts"]
    return boundaries.unit_names(districts)


@dataclass(frozen=True)
class Density:
    """A density view: per unit of the geography the models started in the period (counts,
    measures, counts by domain, leading domain), its classes, and the selected models the
    geography cannot show (province-level ones, and others with no unit there)."""

    table: pd.DataFrame
    classes: Classes
    unplaced: dict[str, int]


def density(ds: Dataset, filters: Filters) -> Density:
    mask = aggregate.select(ds.prepared, filters)
    table = aggregate.aggregate(ds.prepared, mask, filters.geography,
                                ds.layers[filters.geography])
    return Density(table, classify(table[filters.measure].to_numpy(), filters.classification),
                   aggregate.unplaced(ds.prepared, mask, filters.geography))


@dataclass(frozen=True)
class DomainMaps:
    """The four domains on one scale: each domain's measure per unit, the shared classes, and
    whether some unit has models but no population to divide by."""

    values: dict[str, np.ndarray]
    counts: dict[str, np.ndarray]
    classes: Classes
    unknown: bool


def domain_maps(ds: Dataset, filters: Filters) -> DomainMaps:
    table = density(ds, filters).table
    units = ds.layers[filters.geography]
    values = {d: aggregate.measure_of(table[d], units, filters.measure)
              for d in vocab.DOMAIN_KEYS}
    counts = {d: table[d].to_numpy() for d in vocab.DOMAIN_KEYS}
    unknown = any(((counts[d] > 0) & ~np.isfinite(values[d])).any() for d in values)
    return DomainMaps(values, counts, classify(np.concatenate(list(values.values())),
                                               filters.classification), unknown)


def started_per_year(ds: Dataset, filters: Filters) -> pd.Series:
    """Models started in each year of the period (every year, zero included)."""
    years = ds.prepared.frame.loc[aggregate.select(ds.prepared, filters), "year_started"]
    return years.value_counts().reindex(range(filters.year_from, filters.year_to + 1),
                                        fill_value=0)


def per_domain(ds: Dataset, filters: Filters) -> pd.Series:
    """Models started in the period per domain, the most first (domains with none left out)."""
    domains = ds.prepared.frame.loc[aggregate.select(ds.prepared, filters), "domain"]
    counted = domains.value_counts().reindex(list(aggregate.DOMAIN_ORDER), fill_value=0)
    return counted[counted > 0].sort_values(ascending=False, kind="stable")


def models_in(ds: Dataset, filters: Filters, code: str) -> pd.DataFrame:
    """The models started in the period in one unit of the filters' geography."""
    selected = ds.prepared.frame[aggregate.select(ds.prepared, filters)]
    return selected[selected[f"{filters.geography}_place"] == code]


@dataclass(frozen=True)
class KeyFigures:
    """The figures every medium leads with (docs/FIGURES.md), each in the period and to date:
    models started, typical models chosen, replications made, units of the geography with a
    model started; and how many units the geography has."""

    models: periods.Counted
    typical: periods.Counted
    replications: periods.Counted
    units_with: periods.Counted
    units: int

    def has_data(self) -> bool:
        """Whether anything at all happened in the period."""
        return bool(self.models.period or self.typical.period or self.replications.period)


def key_figures(ds: Dataset, filters: Filters) -> KeyFigures:
    counted = {}
    for span in periods.SPANS:
        started = aggregate.select(ds.prepared, filters, span)
        place = ds.prepared.place[filters.geography]
        counted[span] = (int(started.sum()),
                         int(aggregate.chosen(ds.prepared, filters, span).sum()),
                         len(replications_made(ds, filters, span)),
                         len(np.unique(place[started & (place >= 0)])))
    both = [periods.Counted(a, b) for a, b in zip(counted["period"], counted["to_date"])]
    return KeyFigures(*both, units=len(ds.prepared.codes[filters.geography]))


def typical_of(ds: Dataset, filters: Filters) -> pd.DataFrame:
    """The typical models of the period: those the filters select that were chosen by its end."""
    return ds.prepared.frame[aggregate.chosen(ds.prepared, filters, "to_date")]


def replications_made(ds: Dataset, filters: Filters, span: str) -> pd.DataFrame:
    """The replications of the period's typical models made in the span."""
    reps = ds.replications
    keep = reps["model_id"].isin(typical_of(ds, filters)["id"])
    return reps[keep & periods.within(reps["year"].to_numpy(), filters, span)]


@dataclass(frozen=True)
class DomainTable:
    """District × domain counts of the models started in the period, and the selected models no
    district holds (province-level ones; others with no known district), said beside it."""

    table: pd.DataFrame
    province_level: int
    other: int

    @property
    def left_out(self) -> int:
        return self.province_level + self.other

    @property
    def columns(self) -> list[str]:
        """The columns a printed table shows: the domains with a model (no column of zeros; an
        empty table keeps the first), then "total" when there is more than one."""
        domains = [d for d in aggregate.DOMAIN_ORDER if self.table[d].sum() > 0] or [
            aggregate.DOMAIN_ORDER[0]]
        return [*domains, *(["total"] if len(domains) > 1 else [])]


def domain_table(ds: Dataset, filters: Filters) -> DomainTable:
    mask = aggregate.select(ds.prepared, filters)
    table = aggregate.district_domain_table(ds.prepared.frame[mask], district_names(ds),
                                            list(aggregate.DOMAIN_ORDER))
    off = aggregate.unplaced(ds.prepared, mask, "districts")
    return DomainTable(table[[*aggregate.DOMAIN_ORDER, "total"]], off["province_level"],
                       off["other"])


RESULTS = ("households", "members", "result_vnd", "result_ha", "result_houses",
           "result_road_km", "result_cases")  # what a model's record says it achieved
DECIMAL_RESULTS = ("result_ha", "result_road_km")  # shown with one decimal


def results_by_domain(ds: Dataset, filters: Filters) -> pd.DataFrame:
    """The results the models started in the period report, summed by domain (rows: the
    `RESULTS` some model reports; columns: the domains with a result, then "total"). A model
    that leaves a result blank adds nothing to it."""
    started = ds.prepared.frame[aggregate.select(ds.prepared, filters)]
    sums = started.groupby("domain")[list(RESULTS)].sum(min_count=1).T
    sums = sums.reindex(columns=[d for d in aggregate.DOMAIN_ORDER if d in sums.columns])
    sums = sums.dropna(how="all").dropna(axis=1, how="all")
    if sums.empty:
        return sums
    sums["total"] = sums.sum(axis=1, min_count=1)
    return sums


def typical_models(ds: Dataset, filters: Filters) -> pd.DataFrame:
    """The typical models of the period, ordered by domain then reach: `adoptions` made in the
    period, `adoptions_to_date` up to its end."""
    typical = typical_of(ds, filters).copy()
    for column, span in (("adoptions", "period"), ("adoptions_to_date", "to_date")):
        made = replications_made(ds, filters, span)
        typical[column] = typical["id"].map(made.groupby("model_id").size()).fillna(0).astype(int)
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


def spread_of(ds: Dataset, model_ids: list[str], geography: str = "communes",
              filters: Filters | None = None, span: str = "period") -> Spread:
    """Where these typical models were copied, drawn on `geography` (with `filters`: only the
    replications made in their span); figures count communes."""
    communes = ds.layers["communes"]
    reps = ds.replications[ds.replications["model_id"].isin(model_ids)]
    if filters is not None:
        reps = reps[periods.within(reps["year"].to_numpy(), filters, span)]
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
                                              adoptions["year"], ds.layers["units_2025"],
                                              adoptions["model_id"])
    elif len(model_ids) > 1:
        flows, _ = replication.district_flows(adoptions, ds.layers["districts"])
    else:
        flows = replication.individual_flows(drawn.flows)
    names = dict(zip(models["id"], models["name"]))  # the models copied along each flow, named
    flows = [replace(f, models=tuple(sorted(names.get(m, m) for m in f.models)))
             if f.models else f for f in flows]
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


@dataclass(frozen=True)
class TargetStatus:
    """A targets view: the level shown, the year, its rule (None: no target), each unit's
    status (`targets.evaluate`'s columns) and the merged districts drawn with their new one."""

    level: str
    year: int
    rule: targets.Rule | None
    table: pd.DataFrame
    same_as: dict[str, str]

    def count(self, status: str) -> int:
        return int((self.table["status"] == status).sum())


def target_status(ds: Dataset, year: int, level: str | None = None) -> TargetStatus:
    """The level a targets view shows for `year` (`level`, else the default) and each unit's
    status; `agency` for the provincial agencies."""
    level = level or targets.default_level(ds.rules, year)
    counts = activity(ds, level)
    if level == "agency":
        table = targets.evaluate(ds.rules, counts, targets.agencies(ds.prepared.frame), level,
                                 year)
        same_as = {}
    else:
        table, same_as = targets.status_table(counts, ds.rules, year, level, ds.layers,
                                              targets.district_merges(ds.eras))
    return TargetStatus(level, year, targets.rule_for(ds.rules, level, year), table, same_as)


def activity(ds: Dataset, level: str) -> pd.DataFrame:
    """New models, typical choices and replications per unit of `level` and year (kept on the
    dataset: every targets view of the same store reads it)."""
    key = ("activity", level)
    if key not in ds.memo:
        ds.memo[key] = targets.activity(ds.prepared.frame, ds.replications, ds.placement,
                                        targets.district_merges(ds.eras), level)
    return ds.memo[key]


def target_trend(ds: Dataset, level: str, years: range) -> pd.DataFrame:
    """Share of the level's units meeting its yearly rule, for each year one covers."""
    merges = targets.district_merges(ds.eras)
    units_of = ((lambda y: targets.district_units(y, ds.layers["districts"], merges))
                if level == "district" else (lambda y: ds.layers["units_2025"][["code", "name"]]))
    return targets.trend(ds.rules, activity(ds, level), units_of, level, years)


def target_year(filters: Filters, year: int | None = None) -> int:
    """The year a targets view shows: the one asked for, else the period's last year (the same
    for the page, the briefing and the report)."""
    return year or filters.year_to
