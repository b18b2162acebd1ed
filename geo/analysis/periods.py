"""The period rules, written once (docs/FIGURES.md): which date puts a record in a year range, and
whether a figure counts what happened *in the period* or everything *to date* (lũy kế, up to
the period's last year).

- a model counts in the year it started (`year_started`);
- a typical model counts in the year it was chosen (`typical_year`; where the record has no
  such year, the year it started, the only date it carries);
- a replication counts in the year it was made (`replications.year`), and only replications
  of the typical models of the period (typical by the period's end) count.

Every filter but the years (domains, districts, implementing units, typical only) selects
*models*; a replication follows its model's domain, district and unit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from geo.analysis.filters import Filters
from geo.timeline import FIRST_YEAR

SPANS = ("period", "to_date")


def chosen_year(models: pd.DataFrame) -> pd.Series:
    """The year each typical model counts as chosen (NA for a model that is not typical)."""
    chosen = models.reindex(columns=["typical_year"])["typical_year"]  # hand-made frames lack it
    year = chosen.where(chosen.notna(), models["year_started"])
    return year.where(models["typical"].astype(bool)).astype("Int64")


def first_year(filters: Filters, span: str) -> int:
    """Where a span starts: the period's first year, or the movement's first year to date."""
    if span not in SPANS:
        raise ValueError(f"unknown span {span!r}")
    return filters.year_from if span == "period" else FIRST_YEAR


def within(years: np.ndarray, filters: Filters, span: str) -> np.ndarray:
    """Which of `years` fall in the span (NaN never does)."""
    years = np.asarray(years)
    return (years >= first_year(filters, span)) & (years <= filters.year_to)


def previous(filters: Filters) -> Filters | None:
    """The period of the same length just before the filters' one, cut at the movement's
    first year; None when the filters start at it (there is nothing before)."""
    if filters.year_from <= FIRST_YEAR:
        return None
    length = filters.year_to - filters.year_from + 1
    return replace(filters, year_from=max(FIRST_YEAR, filters.year_from - length),
                   year_to=filters.year_from - 1)


@dataclass(frozen=True)
class Counted:
    """One figure in the period and to date."""

    period: int
    to_date: int
