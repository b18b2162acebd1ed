"""What the yearly report says about the data: the period's figures beside the period before it,
the targets of its last year, and the facts its findings are written from (leading district and
domain, fastest growth, units with no model, targets missed, the most replicated typical models).
Numbers only; `render.report` puts them in words."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from geo.analysis import aggregate, targets, views
from geo.analysis.filters import Filters
from geo.timeline import FIRST_YEAR


def previous(filters: Filters) -> Filters | None:
    """The period of the same length just before the filters' one (cut at the movement's first
    year); None when the filters start at it."""
    if filters.year_from <= FIRST_YEAR:
        return None
    length = filters.year_to - filters.year_from + 1
    return replace(filters, year_from=max(FIRST_YEAR, filters.year_from - length),
                   year_to=filters.year_from - 1)


@dataclass
class TargetResult:
    """One level's targets in a year: its rule (None: no target) and each unit's status."""

    level: str
    rule: targets.Rule | None
    table: pd.DataFrame  # targets.evaluate's columns

    def count(self, status: str) -> int:
        return int((self.table["status"] == status).sum())

    def missed(self) -> pd.DataFrame:
        """Units short of the rule (partly or not met), the largest total gap first."""
        short = self.table[self.table["status"].isin(["partly", "not_met"])].copy()
        gaps = [f"gap_{m}" for m in targets.MEASURES]
        short["gap"] = short[gaps].fillna(0).astype(int).sum(axis=1)
        return short.sort_values(["gap", "name"], ascending=[False, True])


def target_results(ds: views.Dataset, year: int) -> list[TargetResult]:
    """Every level that had units or a rule in `year`: districts and/or communes, then agencies
    when a rule or a named agency exists."""
    out = []
    for level in targets.levels_in(year, ds.rules):
        _, table, _ = views.target_status(ds, year, level)
        out.append(TargetResult(level, targets.rule_for(ds.rules, level, year), table))
    agencies = targets.agencies(ds.prepared.frame)
    agency_rule = targets.rule_for(ds.rules, "agency", year)
    if agency_rule is not None and not agencies.empty:
        counts = targets.activity(ds.prepared.frame, ds.replications, ds.placement,
                                  targets.district_merges(ds.eras), "agency")
        out.append(TargetResult("agency", agency_rule,
                                targets.evaluate(ds.rules, counts, agencies, "agency", year)))
    return out


@dataclass
class Findings:
    """The report's numbers for `filters` (and the period before, when there is one)."""

    filters: Filters
    before: Filters | None
    figures: dict[str, int]
    figures_before: dict[str, int] | None
    districts: pd.DataFrame  # name, count, count_before (NA without a period before), growth
    domains: pd.Series  # models per domain, most first
    units: int  # units of the filters' geography
    without: list[str]  # names of those with no selected model
    target_year: int
    target_results: list[TargetResult]
    replicated: pd.DataFrame  # typical models with reach, most adoptions first


def _per_district(ds: views.Dataset, filters: Filters) -> pd.Series:
    return views.domain_table(ds, filters)["total"]


def findings(ds: views.Dataset, filters: Filters) -> Findings:
    before = previous(filters)
    now = _per_district(ds, filters)
    districts = pd.DataFrame({"name": now.index, "count": now.to_numpy()})
    if before is not None:
        districts["count_before"] = _per_district(ds, before).reindex(now.index).to_numpy()
        districts["growth"] = districts["count"] - districts["count_before"]
    else:
        districts["count_before"] = pd.NA
        districts["growth"] = pd.NA
    selected = ds.prepared.frame[aggregate.select(ds.prepared, filters)]
    domains = selected["domain"].value_counts().reindex(
        list(aggregate.DOMAIN_ORDER), fill_value=0)
    domains = domains[domains > 0].sort_values(ascending=False, kind="stable")
    table, _ = views.density(ds, filters)
    names = ds.layers[filters.geography].set_index("code")["name"]
    without = sorted(names[table.loc[table["count"] == 0, "code"]].tolist())
    typical = views.typical_models(ds, filters)
    replicated = typical.sort_values(["adoptions", "name"], ascending=[False, True],
                                     kind="stable").reset_index(drop=True)
    return Findings(filters, before, views.key_figures(ds, filters),
                    views.key_figures(ds, before) if before else None, districts, domains,
                    len(table), without, filters.year_to,
                    target_results(ds, filters.year_to), replicated)
