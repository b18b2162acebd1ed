"""The province's targets: which units built their new models, chose a typical one and started
replications in a year or a period, against the rules of `target_rules`.

Levels follow the administrative eras: districts (18 until 2024, 17 in the first half of 2025)
until 30-6-2025; the 78 communes and wards of 2025b after; provincial agencies throughout.
Records carry a year, not a date, so in 2025 a new model or a replication counts for the level
of its commune code's era (2025a: the district, 2025b: the commune); a typical selection made in
2025 counts for both, as nothing says in which half it was made.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.analysis import periods
from geo.boundaries import names
from geo.timeline import COMMUNES_FIRST_YEAR, DISTRICTS_LAST_YEAR, REFORM_YEAR

LEVELS = ("district", "commune", "agency")
TERRITORIAL = ("district", "commune")
MEASURES = ("new", "typical", "replications")
STATUSES = ("met", "partly", "not_met", "no_target")
# Okabe-Ito (colour-blind safe); every status also has its own symbol on the map and in tables.


@dataclass(frozen=True)
class Rule:
    """One yardstick: for `level`, in each year of the range ("year") or over it ("period")."""

    level: str
    year_from: int
    year_to: int
    cadence: str
    min_new: int | None = None
    min_typical: int | None = None
    min_replications: int | None = None
    note: str = ""

    @property
    def minimums(self) -> dict[str, int]:
        """The measures this rule asks for (an empty or zero minimum asks for nothing)."""
        values = {"new": self.min_new, "typical": self.min_typical,
                  "replications": self.min_replications}
        return {k: int(v) for k, v in values.items() if v is not None and not pd.isna(v) and v > 0}

    def covers(self, year: int) -> bool:
        return self.year_from <= year <= self.year_to


def rules_from(frame: pd.DataFrame) -> list[Rule]:
    """Rules from the stored table (`store.read_targets`)."""
    def plain(value: object) -> int | None:
        return None if value is None or pd.isna(value) else int(value)

    return [Rule(r.level, int(r.year_from), int(r.year_to), r.cadence, plain(r.min_new),
                 plain(r.min_typical), plain(r.min_replications),
                 r.note if isinstance(r.note, str) else "") for r in frame.itertuples()]


def geography_of(level: str) -> str:
    """The layer a territorial level is drawn on: the districts, or the 2025 communes and wards."""
    return "districts" if level == "district" else "units_2025"


def rule_for(rules: list[Rule], level: str, year: int) -> Rule | None:
    """The rule of `level` that covers `year` (the store allows no two to overlap)."""
    return next((r for r in rules if r.level == level and r.covers(year)), None)


def levels_in(year: int, rules: list[Rule]) -> list[str]:
    """The territorial levels that had units in `year`: districts until 2025, the 2025b
    communes from 2025, and before that too when a rule asks for them."""
    levels = ["district"] if year <= DISTRICTS_LAST_YEAR else []
    if year >= COMMUNES_FIRST_YEAR or rule_for(rules, "commune", year):
        levels.append("commune")
    return levels


def district_merges(eras: pd.DataFrame) -> dict[str, str]:
    """2020 district code -> its 2025a district (Nông Sơn went into Quế Sơn on 1-1-2025)."""
    district_2020 = eras[eras["era"] == "2020"].set_index("code")["district_code"]
    merges = {}
    for row in eras[eras["era"] == "2025a"].itertuples():
        for code in row.codes_2020.split("|"):
            merges[district_2020[code]] = row.district_code
    return {old: new for old, new in merges.items() if old != new}


def district_units(year: int, districts: pd.DataFrame, merges: dict[str, str]) -> pd.DataFrame:
    """The districts of `year` (code, name): 18, then 17 in 2025, none after."""
    if year > DISTRICTS_LAST_YEAR:
        return districts.iloc[:0][["code", "name"]]
    units = districts[["code", "name"]]
    if year == REFORM_YEAR:
        units = units[~units["code"].isin(merges)]
    return units.reset_index(drop=True)


def agency_key(name: object) -> str | None:
    """One agency however its name is spelled in case and spacing; None for no agency."""
    if not isinstance(name, str) or not names.clean_text(name):
        return None
    return names.clean_text(name).casefold()


def activity(models: pd.DataFrame, replications: pd.DataFrame, placement: pd.DataFrame,
             merges: dict[str, str], level: str) -> pd.DataFrame:
    """Per (unit, year): new models, typical selections and replications started.

    `models` is `aggregate.Prepared.frame` (each model placed on every geography); `placement`
    is `aggregate.placement_table` (for the places of replications).
    """
    model_year = models["year_started"]
    typical_year = periods.chosen_year(models)
    rep_year = replications["year"]
    rep_place = replications["commune_era"] + ":" + replications["commune_code"]
    if level == "agency":
        unit = models.reindex(columns=["agency"])["agency"].map(agency_key)
        rep_unit = replications["model_id"].map(dict(zip(models["id"], unit)))
        new_unit, typical_unit = unit, unit
    elif level == "district":
        unit = models["districts_place"]
        era_b = models["commune_era"].eq("2025b")
        new_unit = _merged(unit.where(~era_b), model_year, merges)
        typical_unit = _merged(unit.where(~era_b), typical_year, merges)
        rep_unit = _merged(rep_place.map(placement["districts"]).where(
            replications["commune_era"].ne("2025b")), rep_year, merges)
    else:
        unit = models["units_2025_place"]
        before_split = models["commune_era"].ne("2025b") & model_year.eq(REFORM_YEAR)
        new_unit, typical_unit = unit.where(~before_split), unit
        rep_unit = rep_place.map(placement["units_2025"]).where(
            ~(replications["commune_era"].ne("2025b") & rep_year.eq(REFORM_YEAR)))
    parts = [
        pd.DataFrame({"unit": new_unit, "year": model_year, "measure": "new"}),
        pd.DataFrame({"unit": typical_unit, "year": typical_year, "measure": "typical"}),
        pd.DataFrame({"unit": rep_unit.to_numpy(), "year": rep_year.to_numpy(),
                      "measure": "replications"}),
    ]
    long = pd.concat(parts).dropna()
    table = long.groupby(["unit", "year", "measure"]).size().unstack(fill_value=0)
    table = table.reindex(columns=list(MEASURES), fill_value=0).reset_index()
    table["year"] = table["year"].astype(int)
    return table


def _merged(unit: pd.Series, year: pd.Series, merges: dict[str, str]) -> pd.Series:
    """Districts of 2025 as they were in 2025 (a merged district counts for its new one)."""
    return unit.where(year.ne(REFORM_YEAR), unit.replace(merges))


def agencies(models: pd.DataFrame) -> pd.DataFrame:
    """Every provincial agency named by a model (code: its key; name: its commonest spelling)."""
    if "agency" not in models:
        return pd.DataFrame({"code": [], "name": []})
    named = pd.DataFrame({"code": models["agency"].map(agency_key),
                          "name": models["agency"].map(names.clean_text, na_action="ignore")})
    named = named.dropna(subset=["code"])
    if named.empty:
        return pd.DataFrame({"code": [], "name": []})
    spelling = named.groupby("code")["name"].agg(lambda s: s.value_counts().index[0])
    return spelling.reset_index().sort_values("name", key=lambda s: s.map(names.key)
                                              ).reset_index(drop=True)


def status_of(counts: dict[str, int], minimums: dict[str, int]) -> str:
    """met: every minimum reached; partly: some of what is asked done; not_met: none of it."""
    if not minimums:
        return "no_target"
    done = sum(min(counts.get(k, 0), m) for k, m in minimums.items())
    if done >= sum(minimums.values()):
        return "met"
    return "partly" if done > 0 else "not_met"


def evaluate(rules: list[Rule], table: pd.DataFrame, units: pd.DataFrame, level: str, year: int
             ) -> pd.DataFrame:
    """Per unit of `units` (code, name): the counts the rule of `level` looks at for `year`,
    its minimums, status and gap (what is still missing).

    A yearly rule looks at `year`; a period rule at the whole period up to its end, and says
    `open` while the period is not over (`year` before its last year).
    """
    rule = rule_for(rules, level, year)
    if rule is not None and rule.cadence == "period":
        window = table[table["year"].between(rule.year_from, rule.year_to)]
    else:
        window = table[table["year"] == year]
    counts = window.groupby("unit")[list(MEASURES)].sum()
    out = units[["code", "name"]].copy().reset_index(drop=True)
    for measure in MEASURES:
        out[measure] = out["code"].map(counts[measure]).fillna(0).astype(int).to_numpy()
    minimums = rule.minimums if rule else {}
    for measure in MEASURES:
        out[f"min_{measure}"] = pd.array([minimums.get(measure)] * len(out), dtype="Int64")
        out[f"gap_{measure}"] = pd.array(
            [max(minimums[measure] - int(n), 0) if measure in minimums else None
             for n in out[measure]], dtype="Int64")
    out["status"] = [status_of({m: getattr(row, m) for m in MEASURES}, minimums)
                     for row in out.itertuples()]
    out["open"] = bool(rule and rule.cadence == "period" and year < rule.year_to)
    return out


def trend(rules: list[Rule], table: pd.DataFrame, units_of_year, level: str,
          years: range) -> pd.DataFrame:
    """Share of units meeting the yearly rule of `level`, for each year one covers.

    `units_of_year(year)` gives that year's units (code, name).
    """
    rows = []
    for year in years:
        rule = rule_for(rules, level, year)
        if rule is None or rule.cadence != "year" or not rule.minimums:
            continue
        units = units_of_year(year)
        if units.empty:
            continue
        status = evaluate(rules, table, units, level, year)["status"]
        rows.append({"year": year, "units": len(units), "met": int((status == "met").sum()),
                     "partly": int((status == "partly").sum()),
                     "not_met": int((status == "not_met").sum())})
    out = pd.DataFrame(rows, columns=["year", "units", "met", "partly", "not_met"])
    out["share_met"] = out["met"] / out["units"]
    return out


def default_level(rules: list[Rule], year: int) -> str:
    """The level shown first for `year`: one with a rule, districts first."""
    levels = levels_in(year, rules)
    return next((lv for lv in levels if rule_for(rules, lv, year)), levels[0])


def status_table(counts: pd.DataFrame, rules: list[Rule], year: int, level: str, layers: dict,
                 merges: dict[str, str]) -> tuple[pd.DataFrame, dict[str, str]]:
    """The status of each unit of `level` in `year` (from its `activity` table), and the merged
    districts to draw with their new one (a district that joined another in 2025)."""
    units = (district_units(year, layers["districts"], merges) if level == "district"
             else layers["units_2025"][["code", "name"]])
    table = evaluate(rules, counts, units, level, year)
    return table, merges if level == "district" and year == REFORM_YEAR else {}
