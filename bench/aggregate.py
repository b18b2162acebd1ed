"""Aggregation speed: a million synthetic records, one filter change = select + aggregate.

Target (issue 5): at most 200 ms per filter change on the 2-core machine. Run
`python bench/aggregate.py [--records N]`; prints the median and worst of each scenario.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo import boundaries
from geo.analysis import aggregate
from geo.analysis.filters import GEOGRAPHIES, Filters
from geo.store import demo

SCENARIOS = {
    "all": Filters(),
    "one domain": Filters(domains=("kinh_te",)),
    "years 2015-2020": Filters(year_from=2015, year_to=2020),
    "3 districts + 2 units": Filters(districts=("503", "507", "515"), units=("mttq", "cong_an")),
    "typical only": Filters(typical_only=True),
}


def synthetic_models(n: int, seed: int = 1) -> pd.DataFrame:
    """`n` records resampled from the illustrative data, years and domains shuffled (district-level
    records keep no district, so they count as unplaced)."""
    models, _ = demo.generate()
    rng = np.random.default_rng(seed)
    sample = models.iloc[rng.integers(0, len(models), n)].reset_index(drop=True)
    era = sample["era"].replace("", None)
    return pd.DataFrame({
        "id": np.arange(n).astype(str), "commune_era": era,
        "commune_code": sample["commune_code"].replace("", None),
        "district_code": None, "level": sample["level"].map({"Xã": "xa", "Huyện": "huyen",
                                                             "Tỉnh": "tinh"}),
        "domain": rng.choice(list(aggregate.DOMAIN_ORDER), n),
        "unit": rng.choice(list(aggregate.UNIT_ORDER), n),
        "year_started": rng.integers(2009, 2025, n), "typical": rng.random(n) < 0.003,
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    layers = {g: boundaries.read_layer(g) for g in GEOGRAPHIES}
    started = time.perf_counter()
    models = synthetic_models(args.records)
    built = time.perf_counter()
    placement = aggregate.placement_table(boundaries.read_eras(), layers["communes"])
    prepared = aggregate.prepare(models, placement, {g: layers[g]["code"].tolist()
                                                     for g in GEOGRAPHIES})
    ready = time.perf_counter()
    print(f"{len(models):,} records; synthetic data {built - started:.1f} s; prepare (once per "
          f"store version, cached) {ready - built:.2f} s")
    print(f"{'scenario':28} {'geography':11} {'median ms':>10} {'max ms':>8}")
    worst = 0.0
    for name, filters in SCENARIOS.items():
        for geography in GEOGRAPHIES:
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                mask = aggregate.select(prepared, filters)
                aggregate.aggregate(prepared, mask, geography, layers[geography])
                aggregate.unplaced(prepared, mask, geography)
                times.append((time.perf_counter() - t0) * 1000)
            worst = max(worst, statistics.median(times))
            print(f"{name:28} {geography:11} {statistics.median(times):10.1f} {max(times):8.1f}")
    print(f"worst median {worst:.1f} ms = {worst / 200:.2f} of the 200 ms target")


if __name__ == "__main__":
    main()
