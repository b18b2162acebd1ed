"""Class breaks for choropleths (mapclassify) and the colours and legend rows that go with them."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from geo.palette import CLASS_COLOURS, NO_DATA


def quantile_bins(values: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of k quantile classes, as mapclassify.Quantiles computes them."""
    w = 100.0 / k
    p = np.arange(w, 100 + w, w)
    p[-1] = min(p[-1], 100.0)
    return np.unique(np.percentile(values, p[:k]))


def equal_interval_bins(values: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of k classes of equal width, as mapclassify.EqualInterval computes them."""
    low, high = float(values.min()), float(values.max())
    width = (high - low) / k
    cuts = np.arange(low + width, high + width, width)[:k]
    cuts[-1] = high
    return cuts


def natural_breaks_bins(values: np.ndarray, k: int) -> np.ndarray:
    import mapclassify  # imported when asked for: it takes half a second to load

    return mapclassify.FisherJenks(values, k=k).bins


SCHEMES = {"quantiles": quantile_bins, "natural_breaks": natural_breaks_bins,
           "equal_interval": equal_interval_bins}


@dataclass(frozen=True)
class Classes:
    """Upper bounds of each class (the first class starts at `lower`), and their colours."""

    lower: float
    bounds: tuple[float, ...]
    colours: tuple[str, ...]

    def colour_of(self, values: np.ndarray) -> np.ndarray:
        """Each value's class colour; NaN and zero (no model) get the no-data grey."""
        values = np.asarray(values, float)
        if not self.colours:
            return np.full(len(values), NO_DATA)
        # a value equal to a bound is in that bound's class; above the last, in the last
        index = np.minimum(np.searchsorted(self.bounds, values), len(self.colours) - 1)
        return np.where(np.isnan(values) | (values <= 0), NO_DATA, np.array(self.colours)[index])


def classify(values: np.ndarray, scheme: str, k: int = 5) -> Classes:
    """Breaks over the positive values only: zero and missing are the no-data class."""
    positive = np.asarray(values, float)
    positive = positive[np.isfinite(positive) & (positive > 0)]
    if len(positive) == 0:
        return Classes(0.0, (), ())
    distinct = len(np.unique(positive))
    k = max(1, min(k, distinct))
    if k < 3:
        bounds = tuple(float(b) for b in np.unique(positive)[-k:])
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # mapclassify warns when classes collapse
            bins = SCHEMES[scheme](positive, k)
        bounds = tuple(float(b) for b in np.unique(bins))
    k = len(bounds)
    colours = CLASS_COLOURS[max(3, k)][-k:]  # one or two classes: the darkest of three
    return Classes(float(positive.min()), bounds, tuple(colours))
