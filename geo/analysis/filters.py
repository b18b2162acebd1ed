"""The shared filters: one dataclass and its URL form (query parameters, validated).

A link is written by anyone: every parameter is read here or by `whole_number`, never raises,
and a bad or oversized value is named in the problems and left at its default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from geo.records import vocab
from geo.timeline import FIRST_YEAR

GEOGRAPHIES = ("communes", "districts", "units_2025")
MEASURES = ("count", "per_10k", "per_100km2")
CLASSIFICATIONS = ("quantiles", "natural_breaks", "equal_interval")
BASEMAPS = ("none", "light")
LANGUAGES = ("vi", "en", "fr")
MAX_VALUE = 2000  # characters of one link parameter; longer ones are refused, not parsed
_DIGITS = re.compile(r"[0-9]{1,9}")  # ASCII only: int() would also take "٣", "1_0" and " 7"


def whole_number(text: object, low: int, high: int) -> int | None:
    """`text` as a whole number written in ASCII digits within [low, high], else None."""
    if not isinstance(text, str) or not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def shown(name: str, value: object) -> str:
    """A bad parameter as a problem names it: `name=value`, a long value cut to 60 characters."""
    text = str(value)
    return f"{name}={text[:60]}…" if len(text) > 60 else f"{name}={text}"


@dataclass(frozen=True)
class Filters:
    domains: tuple[str, ...] = ()  # empty: every domain
    year_from: int = FIRST_YEAR
    year_to: int = 2024
    districts: tuple[str, ...] = ()  # empty: every district
    typical_only: bool = False
    units: tuple[str, ...] = ()  # implementing units; empty: all
    geography: str = "communes"
    measure: str = "count"
    classification: str = "quantiles"
    basemap: str = "none"
    lang: str = "vi"


def from_query(params: dict[str, str], *, latest_year: int, districts: set[str]
               ) -> tuple[Filters, list[str]]:
    """Filters from URL parameters; a bad parameter is named in the problems and left at default."""
    problems: list[str] = []
    base = Filters(year_to=latest_year)
    values: dict[str, object] = {}
    params = dict(params)
    for name, value in list(params.items()):
        if not isinstance(value, str) or len(value) > MAX_VALUE:
            problems.append(shown(name, value))
            del params[name]

    def listed(name: str, allowed: set[str]) -> None:
        if name in params and params[name]:
            items = tuple(v for v in params[name].split(",") if v)
            bad = [v for v in items if v not in allowed]
            if bad:
                problems.append(shown(name, ",".join(bad)))
            values[name] = tuple(v for v in items if v in allowed)

    def choice(name: str, allowed: tuple[str, ...]) -> None:
        if name in params:
            if params[name] in allowed:
                values[name] = params[name]
            else:
                problems.append(shown(name, params[name]))

    listed("domains", set(vocab.DOMAINS))
    listed("districts", districts)
    listed("units", set(vocab.UNITS))
    choice("geography", GEOGRAPHIES)
    choice("measure", MEASURES)
    choice("classification", CLASSIFICATIONS)
    choice("basemap", BASEMAPS)
    choice("lang", LANGUAGES)
    for name in ("year_from", "year_to"):
        if name in params:
            year = whole_number(params[name], FIRST_YEAR, latest_year)
            if year is None:
                problems.append(shown(name, params[name]))
            else:
                values[name] = year
    if "typical_only" in params:
        if params["typical_only"] in ("0", "1"):
            values["typical_only"] = params["typical_only"] == "1"
        else:
            problems.append(shown("typical_only", params["typical_only"]))
    filters = replace(base, **values)
    if filters.year_from > filters.year_to:
        problems.append(f"year_from={filters.year_from}>year_to={filters.year_to}")
        filters = replace(filters, year_from=FIRST_YEAR)
    return filters, problems


def to_query(filters: Filters, *, latest_year: int) -> dict[str, str]:
    """URL parameters for `filters`: only those that differ from the defaults."""
    default = Filters(year_to=latest_year)
    out = {}
    for f in fields(filters):
        value = getattr(filters, f.name)
        if value == getattr(default, f.name):
            continue
        if isinstance(value, tuple):
            out[f.name] = ",".join(value)
        elif isinstance(value, bool):
            out[f.name] = "1" if value else "0"
        else:
            out[f.name] = str(value)
    return out
