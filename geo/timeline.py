"""The movement's calendar and the clock, each defined once: the first year a model may carry,
the 2025 reform that ended the districts, and `now` (UTC, whole seconds) for every stamp."""

from __future__ import annotations

import datetime as dt

FIRST_YEAR = 2009  # the first models of the movement
REFORM_YEAR = 2025  # districts until 30-6-2025, the 78 communes and wards (era 2025b) from 1-7
DISTRICTS_LAST_YEAR = REFORM_YEAR
COMMUNES_FIRST_YEAR = REFORM_YEAR


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
