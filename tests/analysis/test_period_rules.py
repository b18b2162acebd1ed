"""The period rules and the figures written from them, each against an oracle written here:
SQL over the illustrative store, distances from pyproj's geodesic, or numbers by hand. These are
the quick tests `make mutation` runs on periods, views, findings, words and alternatives (the
cross-media test in test_figures.py runs the same SQL against every medium)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from pyproj import Geod

from geo.analysis import findings, periods, targets, views
from geo.analysis.filters import Filters
from geo.render import i18n, words
from geo.render.web import text_alternatives
from geo.store import store
from tests.render.test_figures import FILTER_SETS, expected, filters_of, places

SETS = {**FILTER_SETS, "typical only, two years": "typical_only=1&year_from=2024&year_to=2025",
        "an implementing unit": "units=cong_an&year_from=2020&year_to=2026"}


@pytest.fixture(scope="module")
def sql(demo_engine):
    with demo_engine.connect() as connection:
        yield connection


def count(sql, query: str) -> int:
    return sql.execute(sa.text(query)).scalar()


# -- the rules ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("years", "before"), [
    ((2024, 2024), (2023, 2023)),
    ((2020, 2026), (2013, 2019)),
    ((2011, 2013), (2009, 2010)),  # cut at the movement's first year
    ((2010, 2010), (2009, 2009)),
    ((2009, 2024), None),
    ((2009, 2009), None),
])
def test_the_period_before_has_the_same_length_and_ends_the_year_before(years, before):
    earlier = periods.previous(Filters(year_from=years[0], year_to=years[1], domains=("kinh_te",)))
    assert (earlier and (earlier.year_from, earlier.year_to)) == before
    if earlier is not None:
        assert earlier.domains == ("kinh_te",)  # like with like: the same filters


def test_within_takes_the_period_or_everything_up_to_its_end():
    filters = Filters(year_from=2020, year_to=2022)
    years = np.array([2009, 2019, 2020, 2021, 2022, 2023, np.nan])  # NaN: never chosen
    assert periods.within(years, filters, "period").tolist() == [
        False, False, True, True, True, False, False]
    assert periods.within(years, filters, "to_date").tolist() == [
        True, True, True, True, True, False, False]
    with pytest.raises(ValueError, match="span"):
        periods.within(years, filters, "ever")


def test_a_typical_model_counts_in_the_year_it_was_chosen_else_the_year_it_started():
    models = pd.DataFrame({"typical": [True, True, False, False],
                           "typical_year": [2024, None, None, None],
                           "year_started": [2018, 2021, 2019, 2020]})
    assert periods.chosen_year(models).tolist() == [2024, 2021, pd.NA, pd.NA]


# -- the figures against SQL ---------------------------------------------------------------------

@pytest.mark.parametrize("query", list(SETS.values()), ids=list(SETS))
def test_the_key_figures_are_the_sql_counts(query, ds, sql):
    want = expected(sql, query, ds.latest_year)
    got = views.key_figures(ds, filters_of(ds, query))
    assert (got.models.period, got.models.to_date) == (want.models, want.models_to_date)
    assert (got.typical.period, got.typical.to_date) == (want.typical, want.typical_to_date)
    assert (got.replications.period, got.replications.to_date) == (
        want.replications, want.replications_to_date)
    assert (got.units_with.period, got.units_with.to_date) == (want.units_with,
                                                               want.units_with_to_date)
    assert got.units == 241
    assert got.has_data() == bool(want.models or want.typical or want.replications)


@pytest.mark.parametrize("query", list(SETS.values()), ids=list(SETS))
def test_the_typical_models_and_their_replications_are_the_sql_counts(query, ds, sql):
    want = expected(sql, query, ds.latest_year)
    typical = views.typical_models(ds, filters_of(ds, query))
    assert set(typical["name"]) == want.typical_names
    assert (int(typical["adoptions"].sum()), int(typical["adoptions_to_date"].sum())) == (
        want.replications, want.replications_to_date)
    order = typical["domain"].map({d: i for i, d in enumerate(views.aggregate.DOMAIN_ORDER)})
    assert order.is_monotonic_increasing  # by domain, then reach
    for _, group in typical.groupby("domain"):
        assert group["adoptions"].is_monotonic_decreasing


@pytest.mark.parametrize("query", list(SETS.values()), ids=list(SETS))
def test_the_district_table_reconciles_with_the_models_figure(query, ds, sql):
    want = expected(sql, query, ds.latest_year)
    table = views.domain_table(ds, filters_of(ds, query))
    assert int(table.table["total"].sum()) == want.in_districts
    assert (table.province_level, table.other) == (want.province_level, want.no_district)
    assert table.left_out + want.in_districts == want.models
    note = words.left_out(table, "en")
    assert note.startswith(f"The table counts {i18n.number(want.in_districts, 'en')} of the "
                           f"{i18n.number(want.models, 'en')} models: ")
    assert (f"{i18n.number(want.province_level, 'en')} provincial-level model" in note) == bool(
        want.province_level)
    assert (f"{want.no_district} ha" in note) == bool(want.no_district)


def test_a_replication_map_of_a_year_shows_only_that_year_s_adoptions(ds, sql):
    filters = Filters(year_from=2024, year_to=2024)
    ids = views.typical_models(ds, filters)["id"].tolist()
    spread = views.spread_of(ds, ids, filters=filters)
    assert set(spread.adoptions["year"]) == {2024}
    assert len(spread.adoptions) == count(sql, "SELECT count(*) FROM replications WHERE year = 2024")
    assert list(spread.years) == [2024]


def test_the_growth_of_each_district_is_now_minus_before(ds, sql):
    """A positive growth means more models now than in the period before, per SQL."""
    facts = findings.findings(ds, Filters(year_from=2024, year_to=2024))
    code = {r[1]: r[3] for r in places() if r[0] == "2020"}
    names = dict(zip(ds.layers["districts"]["code"], ds.layers["districts"]["name"]))
    per_year = {}
    for year in (2023, 2024):
        rows = sql.execute(sa.text(
            "SELECT commune_era, commune_code, district_code FROM models WHERE "
            f"year_started = {year} AND level <> 'tinh'")).all()
        eras = {(r[0], r[1]): r[3] for r in places()}
        tally: dict[str, int] = {}
        for era, commune, district in rows:
            d = eras.get((era, commune)) if commune else district
            if d:
                tally[names[d]] = tally.get(names[d], 0) + 1
        per_year[year] = tally
    assert code  # the eras table has the 2020 communes
    table = facts.districts.set_index("name")
    for name, row in table.iterrows():
        now, before = per_year[2024].get(name, 0), per_year[2023].get(name, 0)
        assert (row["count"], row["count_before"], row["growth"]) == (now, before, now - before)
    assert facts.before.year_from == facts.before.year_to == 2023
    assert facts.figures_before.models.period == count(
        sql, "SELECT count(*) FROM models WHERE year_started = 2023")


def test_an_earlier_period_with_no_data_is_said_to_be_empty(ds, sql):
    first = count(sql, "SELECT min(year_started) FROM models WHERE domain = 'quoc_phong_an_ninh' "
                       "AND district_code = '516'")
    assert first > 2009
    before_first = findings.findings(ds, Filters(year_from=first, year_to=first,
                                                 domains=("quoc_phong_an_ninh",),
                                                 districts=("516",)))
    if count(sql, "SELECT count(*) FROM replications r JOIN models m ON m.id = r.model_id "
                  f"WHERE m.domain = 'quoc_phong_an_ninh' AND r.year = {first - 1}") == 0:
        assert before_first.before_empty
    whole = findings.findings(ds, Filters(year_from=2024, year_to=2024))
    assert whole.before is not None and not whole.before_empty
    assert findings.findings(ds, Filters(year_to=2024)).before is None


# -- what the text says ----------------------------------------------------------------------------

def test_a_text_alternative_says_no_model_exactly_where_sql_counts_none(ds, sql):
    filters = Filters(year_from=2024, year_to=2024, lang="en")
    want = expected(sql, "year_from=2024&year_to=2024", ds.latest_year)
    units = ds.layers["communes"]
    table = views.density(ds, filters).table
    alt = text_alternatives.leading_domain(table, units, lang="en")
    none = i18n.t("legend.no_data", "en")
    code_of = {(name, district): code for code, name, district in
               zip(units["code"], units["name"], units["district_name"])}
    for name, district, leading, n in alt.rows:
        code = code_of[(name, district)]
        assert (leading == none) == (want.by_commune.get(code, 0) == 0), name
        assert int(n.replace(",", "")) == want.by_commune.get(code, 0), name
    empty = sum(1 for code in units["code"] if not want.by_commune.get(code))
    assert f"{none}: {empty}" in alt.summary
    density = text_alternatives.density(table, units, measure="count", lang="en")
    assert f"; {empty} of 241 units have no model." in density.summary


def test_the_targets_title_counts_met_only():
    rule = targets.Rule("district", 2024, 2024, "year", min_new=2)
    table = pd.DataFrame({"code": list("abcde"), "name": list("ABCDE"),
                          "status": ["met", "partly", "partly", "not_met", "met"]})
    shown = views.TargetStatus("district", 2024, rule, table, {})
    assert words.targets_title(shown, "en") == (i18n.t("targets.met_label", "en", year=2024)
                                                + ": 2/5")
    assert shown.count("partly") == 2 and shown.count("no_target") == 0
    none = views.TargetStatus("commune", 2026, None, table.assign(status="no_target"), {})
    assert words.targets_title(none, "en").endswith(": –")
    asks_nothing = views.TargetStatus("district", 2024, targets.Rule("district", 2024, 2024,
                                                                    "year"), table, {})
    assert words.targets_title(asks_nothing, "en").endswith(": –")


def test_a_period_target_counts_the_whole_period_not_only_the_year_asked(ds, sql):
    """The agencies' 2025–2030 rule asked in 2025: an agency that built its model in 2026
    has met it (the status counts the whole period so far)."""
    new_min, typical_min, first, last = sql.execute(sa.text(
        "SELECT min_new, min_typical, year_from, year_to FROM target_rules "
        "WHERE level = 'agency'")).one()
    rows = sql.execute(sa.text(
        "SELECT lower(trim(agency)), sum(year_started BETWEEN :a AND :b), "
        "sum(typical AND COALESCE(typical_year, year_started) BETWEEN :a AND :b) "
        "FROM models WHERE agency IS NOT NULL GROUP BY 1"), {"a": first, "b": last}).all()
    met = sum(1 for _, new, typ in rows if new >= new_min and typ >= typical_min)
    only_2025 = sum(1 for _, new, typ in sql.execute(sa.text(
        "SELECT lower(trim(agency)), sum(year_started = 2025), "
        "sum(typical AND COALESCE(typical_year, year_started) = 2025) "
        "FROM models WHERE agency IS NOT NULL GROUP BY 1")).all()
        if new >= new_min and typ >= typical_min)
    shown = views.target_status(ds, 2025, "agency")
    assert (shown.count("met"), len(shown.table)) == (met, len(rows))
    assert met != only_2025  # the data tell the two readings apart
    assert shown.table["open"].all()


def test_a_card_gives_the_furthest_adopter_not_the_median(ds, sql):
    model = ds.prepared.frame.set_index("id").loc["QN-TRA-KA"].copy()
    model["id"] = "QN-TRA-KA"
    rows = sql.execute(sa.text("SELECT commune_era, commune_code FROM replications "
                               "WHERE model_id = 'QN-TRA-KA' AND year <= 2026")).all()
    eras = {(r[0], r[1]): r[2] for r in places()}
    communes = ds.layers["communes"].set_index("code")
    origin = communes.loc["20932", ["label_lon", "label_lat"]].astype(float)
    adopters = [eras[tuple(r)] for r in rows if eras.get(tuple(r))]
    points = communes.loc[adopters, ["label_lon", "label_lat"]].astype(float)
    _, _, metres = Geod(ellps="WGS84").inv([origin["label_lon"]] * len(points),
                                           [origin["label_lat"]] * len(points),
                                           points["label_lon"].tolist(),
                                           points["label_lat"].tolist())
    furthest, median = max(metres) / 1000, float(np.median(metres)) / 1000
    assert round(furthest, 1) != round(median, 1)
    card = words.card(ds, model, Filters(year_to=2026, lang="en"))
    districts = {d for era, code, _, d in places() if era == "2020" and code in set(adopters)}
    assert len(set(adopters)) > 1 and len(districts) > 1
    assert card["lines"][-1] == (f"Adopted by {len(set(adopters))} communes in "
                                 f"{len(districts)} districts; furthest {furthest:.1f} km")


# -- the other views against SQL -------------------------------------------------------------------

def test_models_per_year_and_per_domain_are_the_sql_counts(ds, sql):
    filters = Filters(year_from=2018, year_to=2022, domains=("kinh_te", "van_hoa_xa_hoi"))
    per_year = dict(sql.execute(sa.text(
        "SELECT year_started, count(*) FROM models WHERE year_started BETWEEN 2018 AND 2022 "
        "AND domain IN ('kinh_te', 'van_hoa_xa_hoi') GROUP BY 1")).all())
    assert views.started_per_year(ds, filters).to_dict() == {y: per_year.get(y, 0)
                                                             for y in range(2018, 2023)}
    per_domain = views.per_domain(ds, filters)
    assert per_domain.to_dict() == dict(sql.execute(sa.text(
        "SELECT domain, count(*) FROM models WHERE year_started BETWEEN 2018 AND 2022 AND "
        "domain IN ('kinh_te', 'van_hoa_xa_hoi') GROUP BY 1")).all())
    assert per_domain.is_monotonic_decreasing
    assert views.per_domain(ds, Filters(year_from=2009, year_to=2009, domains=(
        "quoc_phong_an_ninh",), districts=("519",))).empty


def test_the_models_of_one_commune_are_the_sql_rows(ds, sql):
    ids = views.models_in(ds, Filters(year_from=2020, year_to=2024), "20932")["id"]
    assert sorted(ids) == sorted(sql.execute(sa.text(
        "SELECT id FROM models WHERE commune_code = '20932' AND commune_era IN ('2019', '2020') "
        "AND year_started BETWEEN 2020 AND 2024")).scalars())


def test_the_four_domain_maps_count_each_domain_on_one_scale(ds, sql):
    filters = Filters(year_from=2024, year_to=2024, measure="per_100km2")
    maps = views.domain_maps(ds, filters)
    communes = ds.layers["communes"]
    area = dict(zip(communes["code"], communes["area_km2"]))
    eras = {(e, c): m for e, c, m, _ in places()}
    for domain in ("kinh_te", "quoc_phong_an_ninh"):
        rows = sql.execute(sa.text(
            "SELECT commune_era, commune_code FROM models WHERE year_started = 2024 AND "
            f"domain = '{domain}' AND commune_code IS NOT NULL")).all()
        tally: dict[str, int] = {}
        for row in rows:
            code = eras.get(tuple(row))
            if code:
                tally[code] = tally.get(code, 0) + 1
        counts = dict(zip(communes["code"], maps.counts[domain]))
        assert {c: n for c, n in counts.items() if n} == tally
        values = dict(zip(communes["code"], maps.values[domain]))
        assert all(values[c] == pytest.approx(n / area[c] * 100) for c, n in tally.items())
    every = np.concatenate(list(maps.values.values()))
    assert maps.classes.lower == every[every > 0].min()  # one scale for the four
    assert not maps.unknown  # every commune has an area


def test_the_time_lapse_counts_models_started_up_to_each_year(ds, sql):
    filters = Filters(year_from=2020, year_to=2024)
    lapse = views.timelapse(ds, filters)
    assert lapse.years == list(range(2020, 2025))
    for i, year in enumerate(lapse.years):
        assert lapse.totals[i] == count(
            sql, f"SELECT count(*) FROM models WHERE year_started BETWEEN 2020 AND {year}")
    code = list(ds.prepared.codes["communes"]).index("20932")
    assert lapse.per_unit[-1][code] == count(
        sql, "SELECT count(*) FROM models WHERE commune_code = '20932' AND commune_era IN "
             "('2019', '2020') AND year_started BETWEEN 2020 AND 2024")
    assert (np.diff(lapse.per_unit, axis=0) >= 0).all()


def test_the_target_trend_is_the_share_of_districts_meeting_the_rule(ds, sql):
    from tests.render.test_figures import district_targets_met

    trend = views.target_trend(ds, "district", range(2023, 2026))
    assert trend["year"].tolist() == [2024, 2025]  # 2023 has no rule
    assert trend["units"].tolist() == [18, 17]  # Nông Sơn went into Quế Sơn in 2025
    met, units = district_targets_met(sql, 2024)
    assert trend.iloc[0][["met", "units"]].tolist() == [met, units]
    assert views.target_trend(ds, "commune", range(2025, 2027)).empty


def test_the_store_s_last_import_and_the_dataset(ds, sql):
    assert store.last_import(sql.engine) == pd.Timestamp(count(
        sql, "SELECT max(created_at) FROM imports WHERE undone_at IS NULL")).to_pydatetime()
    assert len(ds.prepared) == count(sql, "SELECT count(*) FROM models")
    assert len(ds.replications) == count(sql, "SELECT count(*) FROM replications")
    assert ds.is_demo and len(ds.rules) == count(sql, "SELECT count(*) FROM target_rules")
    assert ds.latest_year == count(sql, "SELECT max(year_started) FROM models")


# -- the report's findings --------------------------------------------------------------------------

def test_the_findings_of_a_year(ds, sql):
    facts = findings.findings(ds, Filters(year_from=2024, year_to=2024))
    assert facts.target_year == 2024
    assert [r.level for r in facts.target_results] == ["district"]
    assert facts.domains.to_dict() == dict(sql.execute(sa.text(
        "SELECT domain, count(*) FROM models WHERE year_started = 2024 GROUP BY 1")).all())
    want = expected(sql, "year_from=2024&year_to=2024", ds.latest_year)
    names = dict(zip(ds.layers["communes"]["code"], ds.layers["communes"]["name"]))
    assert facts.units == 241
    assert facts.without == sorted(names[c] for c in names if c not in want.by_commune)
    assert facts.replicated["adoptions"].is_monotonic_decreasing
    assert facts.replicated["adoptions"].sum() == want.replications


def test_the_findings_name_every_level_with_a_rule_or_units(ds):
    assert [r.level for r in findings.findings(ds, Filters(year_from=2026, year_to=2026)
                                               ).target_results] == ["commune", "agency"]
    results = findings.target_results(ds, 2025)
    assert [(r.level, r.year, r.rule.cadence) for r in results if r.rule] == [
        ("district", 2025, "year"), ("agency", 2025, "period")]
    assert [r.level for r in results] == ["district", "commune", "agency"]
    assert findings.target_results(ds, 2020) == [] or all(
        r.rule is None for r in findings.target_results(ds, 2020))


def test_units_short_of_a_rule_are_listed_the_largest_gap_first():
    table = pd.DataFrame({
        "code": list("abcde"), "name": ["Bê", "An", "Cê", "Dê", "Em"],
        "status": ["partly", "not_met", "met", "not_met", "no_target"],
        "gap_new": pd.array([1, 2, 0, 2, None], dtype="Int64"),
        "gap_typical": pd.array([0, 1, 0, 1, None], dtype="Int64"),
        "gap_replications": pd.array([None] * 5, dtype="Int64")})
    short = findings.missed(table)
    assert short["name"].tolist() == ["An", "Dê", "Bê"]  # 3, 3 (by name), 1
    assert short["gap"].tolist() == [3, 3, 1]


@pytest.mark.parametrize(("models", "typical", "replications", "has"), [
    (0, 0, 0, False), (1, 0, 0, True), (0, 1, 0, True), (0, 0, 1, True), (0, 1, 1, True)])
def test_a_period_has_data_when_anything_happened_in_it(models, typical, replications, has):
    numbers = views.KeyFigures(periods.Counted(models, 9), periods.Counted(typical, 9),
                               periods.Counted(replications, 9), periods.Counted(0, 9), 241)
    assert numbers.has_data() is has


def test_a_spread_of_several_models_gathers_its_flows_by_geography(ds, sql):
    filters = Filters(year_from=2024, year_to=2026)
    ids = views.typical_models(ds, filters)["id"].tolist()
    made = count(sql, "SELECT count(*) FROM replications WHERE year BETWEEN 2024 AND 2026")
    for geography, units in (("units_2025", "units_2025"), ("districts", "districts")):
        spread = views.spread_of(ds, ids, geography, filters=filters)
        names = set(ds.layers[units]["name"])
        assert spread.flows and all(f.names and set(f.names) <= names for f in spread.flows)
        assert sum(f.count for f in spread.flows) <= made == len(spread.adoptions)
        assert len(spread.points) == made
    for geography in ("units_2025", "districts"):  # two models are already several
        two = views.spread_of(ds, ids[:2], geography, filters=filters)
        names = set(ds.layers[geography]["name"])
        assert two.flows and all(f.names and set(f.names) <= names for f in two.flows)
    one = views.spread_of(ds, ids[:1], "units_2025", filters=filters)
    assert one.flows and all(f.names is None and f.count == 1 for f in one.flows)
    assert list(one.years) == list(range(int(one.adoptions["year"].min()),
                                         int(one.adoptions["year"].max()) + 1))


def test_a_spread_with_no_adoption_spans_its_models_latest_start(ds):
    spread = views.spread_of(ds, ["DEMO-00578", "DEMO-CQ-001"],
                             filters=Filters(year_from=2009, year_to=2023))
    assert spread.adoptions.empty and list(spread.years) == [2026]  # the later of 2020, 2026
    alone = views.spread_of(ds, ["DEMO-00578"], filters=Filters(year_from=2009, year_to=2023))
    assert list(alone.years) == [2020] != [ds.latest_year]
    assert list(views.spread_of(ds, [], filters=Filters()).years) == [ds.latest_year]


def test_findings_without_a_period_before_have_no_growth(ds):
    facts = findings.findings(ds, Filters(year_to=2024))
    assert facts.before is None and facts.figures_before is None and not facts.before_empty
    assert facts.districts["count_before"].isna().all() and facts.districts["growth"].isna().all()
    assert list(facts.districts.columns) == ["name", "count", "count_before", "growth"]
    replicated = facts.replicated
    assert list(replicated.index) == list(range(len(replicated))) and "index" not in replicated
    order = list(zip(-replicated["adoptions"], replicated["name"]))
    assert order == sorted(order)  # most adoptions first, then by name
    assert facts.filters == Filters(year_to=2024)
    assert facts.figures.models.period == views.key_figures(ds, Filters(year_to=2024)
                                                            ).models.period


# -- on a handful of models, where ties, gaps and the first unit can be arranged ---------------

@pytest.fixture(scope="module")
def few(ds, demo_engine):
    """Four models of the store, rearranged: Culture and society listed before Economy with as
    many models (a tie), none in 2021, one in the first commune of the layer."""
    from geo.analysis import aggregate
    from geo.store import store

    models = store.read_models(demo_engine).head(4).copy()
    first = ds.layers["communes"]["code"].iloc[0]
    models["domain"] = ["van_hoa_xa_hoi", "kinh_te", "van_hoa_xa_hoi", "kinh_te"]
    models["year_started"] = pd.array([2020, 2020, 2022, 2023], dtype="Int64")
    models["commune_era"], models["commune_code"] = "2020", [first, first, "20932", "20932"]
    models["level"], models["typical"], models["typical_year"] = "xa", False, pd.NA
    prepared = aggregate.prepare(models, ds.placement, ds.prepared.codes)
    return views.Dataset(ds.layers, ds.eras, ds.placement, prepared,
                         ds.replications.iloc[:0], False, None)


def test_a_tie_between_domains_goes_in_the_domains_order(few):
    shown = views.per_domain(few, Filters(year_from=2020, year_to=2023))
    assert shown.index.tolist() == ["kinh_te", "van_hoa_xa_hoi"]
    assert shown.tolist() == [2, 2] and shown.dtype == np.int64


def test_a_year_with_no_model_is_a_zero(few):
    assert views.started_per_year(few, Filters(year_from=2019, year_to=2024)).tolist() == [
        0, 1 + 1, 0, 1, 1, 0]


def test_the_time_lapse_counts_the_layer_s_first_unit_and_every_year(few):
    lapse = views.timelapse(few, Filters(year_from=2020, year_to=2025))
    assert lapse.per_unit.dtype == np.int64
    assert lapse.per_unit[:, 0].tolist() == [2, 2, 2, 2, 2, 2]
    assert lapse.totals == [2, 2, 3, 4, 4, 4]  # the years after the last model are there too


def test_typical_models_are_numbered_from_zero_with_whole_counts(ds):
    typical = views.typical_models(ds, Filters(year_from=2024, year_to=2024))
    assert list(typical.index) == list(range(len(typical))) and "index" not in typical
    assert typical["adoptions"].dtype == np.int64 and typical["adoptions_to_date"].dtype == np.int64
    for _, group in typical.groupby(["domain", "adoptions"]):
        assert group["name"].tolist() == sorted(group["name"])


def test_the_dataset_is_read_from_the_store(demo_engine, sql):
    loaded = views.load(demo_engine)
    assert loaded.is_demo is True
    assert loaded.last_import == store.last_import(demo_engine) is not None
    assert len(loaded.rules) == count(sql, "SELECT count(*) FROM target_rules")


def test_a_density_says_what_its_geography_leaves_out(ds, sql):
    shown = views.density(ds, Filters(year_from=2024, year_to=2024, geography="districts"))
    assert shown.unplaced["province_level"] == count(
        sql, "SELECT count(*) FROM models WHERE year_started = 2024 AND level = 'tinh'")


def test_agencies_have_no_merged_units(ds):
    assert views.target_status(ds, 2025, "agency").same_as == {}
    assert views.target_status(ds, 2025, "district").same_as == {"519": "509"}


def test_the_domain_maps_say_when_a_unit_has_models_but_no_population(few):
    """One model (Culture and society, 2022) in 20932: with no population known there, its
    measure cannot be drawn; a commune with no population and no model is not such a unit."""
    import dataclasses

    def without_population(code: str):
        communes = few.layers["communes"].copy()
        communes.loc[communes["code"] == code, "pop_2019"] = np.nan
        return dataclasses.replace(few, layers={**few.layers, "communes": communes})

    filters = Filters(year_from=2022, year_to=2022, measure="per_10k")
    assert views.domain_maps(without_population("20932"), filters).unknown
    empty = few.layers["communes"]["code"].iloc[-1]
    assert not views.domain_maps(without_population(empty), filters).unknown
