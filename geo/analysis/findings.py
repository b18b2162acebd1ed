"""What the yearly report says about the data: the period's figures beside the period before it
(like with like: the same length, filters and rules), the targets of its last year, and the
facts its findings are written from (leading district and domain, fastest growth, units with no
model, targets missed, the most replicated typical models). Numbers only; `render.report` puts
them in words."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.analysis import periods, targets, views
from geo.analysis.filters import Filters

previous = periods.previous


def missed(table: pd.DataFrame) -> pd.DataFrame:
    """Units short of their rule (partly or not met), the largest total gap first."""
    short = table[table["status"].isin(["partly", "not_met"])].copy()
    gaps = [f"gap_{m}" for m in targets.MEASURES]
    short["gap"] = short[gaps].sum(axis=1)  # no minimum, no gap: skipped
    return short.sort_values(["gap", "name"], ascending=[False, True])


def target_results(ds: views.Dataset, year: int) -> list[views.TargetStatus]:
    """Every level that had units or a rule in `year`: districts and/or communes, then agencies
    when a rule or a named agency exists."""
    out = [views.target_status(ds, year, level) for level in targets.levels_in(year, ds.rules)]
    if targets.rule_for(ds.rules, "agency", year) is not None and not targets.agencies(
            ds.prepared.frame).empty:
        out.append(views.target_status(ds, year, "agency"))
    return out


@dataclass
class Findings:
    """The report's numbers for `filters` (and the period before, when there is one)."""

    filters: Filters
    before: Filters | None
    figures: views.KeyFigures
    figures_before: views.KeyFigures | None
    districts: pd.DataFrame  # name, count, count_before (NA without a period before), growth
    domains: pd.Series  # models per domain, most first
    units: int  # units of the filters' geography
    without: list[str]  # names of those with no selected model
    target_year: int
    target_results: list[views.TargetStatus]
    replicated: pd.DataFrame  # typical models with reach, most adoptions first

    @property
    def before_empty(self) -> bool:
        """Whether the period before holds nothing to compare with."""
        return self.figures_before is not None and not self.figures_before.has_data()


def findings(ds: views.Dataset, filters: Filters) -> Findings:
    before = previous(filters)
    now = views.domain_table(ds, filters).table["total"]
    districts = pd.DataFrame({"name": now.index, "count": now.to_numpy()})
    if before is not None:
        districts["count_before"] = views.domain_table(ds, before).table["total"].to_numpy()
        districts["growth"] = districts["count"] - districts["count_before"]
    else:
        districts["count_before"] = pd.NA
        districts["growth"] = pd.NA
    domains = views.per_domain(ds, filters)
    table = views.density(ds, filters).table
    names = ds.layers[filters.geography].set_index("code")["name"]
    without = sorted(names[table.loc[table["count"] == 0, "code"]].tolist())
    typical = views.typical_models(ds, filters)
    replicated = typical.sort_values(["adoptions", "name"], ascending=[False, True]
                                     ).reset_index(drop=True)
    year = views.target_year(filters)
    return Findings(filters, before, views.key_figures(ds, filters),
                    views.key_figures(ds, before) if before else None, districts, domains,
                    len(table), without, year, target_results(ds, year), replicated)
