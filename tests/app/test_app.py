"""The Streamlit app through AppTest: every page in every language (and no English on the vi and
fr ones), filters, URL, errors."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from geo import boundaries
from geo.render import i18n
from geo.render.plaintext import escape_markdown
from tests.helpers import PAGES, assert_no_english, metrics, rendered_texts
from ui import state

LANGS = ("vi", "en", "fr")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_every_language(make_apptest, page, lang):
    at = make_apptest(query={"lang": lang}).run()
    if page != "overview":
        at.switch_page(PAGES[page]).run()
    assert not at.exception
    assert at.title[0].value == i18n.t(f"page.{page}", lang)
    assert any(i18n.t("app.demo_banner", lang) == w.value for w in at.warning)
    assert at.sidebar.selectbox(key=state.FILTERS["lang"].name).value == lang
    if lang != "en":
        assert_no_english(rendered_texts(at), lang)


def sql_count(engine, where: str) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text(f"SELECT count(*) FROM models WHERE {where}")).scalar()


def test_filters_change_the_kpis_and_the_url(make_apptest, demo_engine):
    at = make_apptest().run()
    assert metrics(at)[i18n.t("kpi.models", "vi")] == i18n.number(sql_count(demo_engine, "true"),
                                                                  "vi")
    at.sidebar.multiselect(key=state.FILTERS["domains"].name).set_value(["quoc_phong_an_ninh"]).run()
    at.sidebar.slider(key=state.FILTERS["years"].name).set_value((2015, 2020)).run()
    assert not at.exception
    where = "domain = 'quoc_phong_an_ninh' AND year_started BETWEEN 2015 AND 2020"
    expected = sql_count(demo_engine, where)
    typical = sql_count(demo_engine, "domain = 'quoc_phong_an_ninh' AND typical AND "
                        "COALESCE(typical_year, year_started) BETWEEN 2015 AND 2020")
    shown = metrics(at)
    assert shown[i18n.t("kpi.models", "vi")] == i18n.number(expected, "vi")
    assert shown[i18n.t("kpi.typical", "vi")] == i18n.number(typical, "vi")
    assert at.query_params["domains"] == "quoc_phong_an_ninh"
    assert at.query_params["year_from"] == "2015" and at.query_params["year_to"] == "2020"


def test_a_copied_link_reproduces_the_view(make_apptest, demo_engine):
    at = make_apptest(query={"domains": "kinh_te", "districts": "503", "lang": "en"}).run()
    assert not at.exception
    expected = sql_count(demo_engine, "domain = 'kinh_te' AND district_code = '503'")
    assert metrics(at)[i18n.t("kpi.models", "en")] == i18n.number(expected, "en")
    assert at.sidebar.multiselect(key=state.FILTERS["districts"].name).value == ["503"]


def test_a_bad_link_is_named_and_ignored(make_apptest, demo_engine):
    at = make_apptest(query={"geography": "moon", "year_from": "1900"}).run()
    assert not at.exception
    warning = i18n.t("filter.bad_url", "vi",
                     items=escape_markdown("geography=moon, year_from=1900"))
    assert warning in [w.value for w in at.sidebar.warning]
    assert metrics(at)[i18n.t("kpi.models", "vi")] == i18n.number(sql_count(demo_engine, "true"),
                                                                  "vi")


def test_a_crafted_link_cannot_inject_markdown(make_apptest):
    payload = "![i](http://evil.example/i.png) [sign in again](http://evil.example/login)"
    at = make_apptest(query={"geography": payload}).run()
    assert not at.exception
    (warning,) = [w.value for w in at.sidebar.warning]
    items = warning.removeprefix(i18n.t("filter.bad_url", "vi", items=""))
    assert "evil" in items
    assert not re.search(r"(?<!\\)[\[\]()!<>:/]", items)  # every such character escaped


def map_table(at) -> list[tuple[str, int, float]]:
    """The overview map's table (under "show the map as a table"): name, count, measure (None
    for "–")."""
    html = next(e.proto.body for e in at.get("html") if "dvk-alt-table" in e.proto.body)
    rows = re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td>', html)
    return [(name, int(count.replace(",", "")),
             None if value == "–" else float(value.replace(",", ""))) for name, count, value in rows]


@pytest.mark.slow
@pytest.mark.parametrize("geography", ["districts", "units_2025"])
def test_each_measure_on_each_geography_is_counted_over_the_layer_s_figures(
        make_apptest, demo_engine, geography):
    """The map's figures per unit: counts per district as SQL counts them, and each measure the
    count over the layer's population (2025 units: their own) or area, as the table shows it."""
    layer = boundaries.read_layer(geography).set_index("name")
    population = layer["pop_reform"] if "pop_reform" in layer else layer["pop_2019"]
    at = make_apptest(query={"lang": "en"}).run()
    at.sidebar.selectbox(key=state.FILTERS["geography"].name).set_value(geography)
    for measure, per in (("per_10k", 10_000 / population), ("per_100km2", 100 / layer["area_km2"])):
        at.sidebar.selectbox(key=state.FILTERS["measure"].name).set_value(measure).run()
        assert not at.exception
        rows = map_table(at)
        assert len(rows) == len(layer)
        for name, count, value in rows:
            if value is None:  # no population known: no measure
                assert population.fillna(0)[name] <= 0, name
            else:
                assert value == pytest.approx(round(count * per[name], 1), abs=0.051), name
    if geography == "districts":
        with demo_engine.connect() as connection:
            by_district = dict(connection.execute(sa.text(
                "SELECT district_code, count(*) FROM models WHERE district_code IS NOT NULL "
                "GROUP BY district_code")).all())
        code_of = layer["code"]
        assert {code_of[name]: count for name, count, _ in rows if count} == by_district
    else:  # every commune code lies in one 2025 unit
        assert sum(count for _, count, _ in rows) == sql_count(demo_engine,
                                                               "commune_code IS NOT NULL")


def test_clicked_commune_lists_its_models(make_apptest, demo_engine):
    at = make_apptest().run()
    at.session_state[state.CLICKED("communes").name] = "20932"
    at.run()
    assert not at.exception
    assert i18n.t("overview.models_in", "vi", unit="Xã Trà Ka") in [s.value for s in at.subheader]
    table = at.dataframe[0].value
    assert len(table) == sql_count(demo_engine, "commune_code = '20932'")
    assert "QN-TRA-KA" in set(table["id"])


@pytest.mark.slow
def test_data_page_search(make_apptest):
    at = make_apptest().run()
    at.switch_page(PAGES["data"]).run()
    at.text_input(key="data_search").set_value("nghệ đen").run()
    assert not at.exception
    assert at.caption[0].value == i18n.tn("data.table_count", 1, "vi") == "1 mô hình theo bộ lọc"


@pytest.mark.parametrize("page", PAGES)
def test_an_unreachable_store_shows_a_translated_error(make_apptest, page):
    at = make_apptest(database_url="postgresql://nobody:x@127.0.0.1:9/none",
                      query={"lang": "en"})
    at.run()
    if page != "overview":
        at.switch_page(PAGES[page]).run()
    assert not at.exception
    assert [e.value for e in at.error] == [i18n.t("error.store", "en")]
    shown = " ".join(str(e.value) for kind in ("error", "markdown", "text", "caption")
                     for e in at.get(kind))
    assert "nobody" not in shown and "127.0.0.1" not in shown and "psycopg" not in shown


def test_replication_figures_for_one_model(make_apptest, demo_engine):
    at = make_apptest(query={"lang": "en"}).run()
    at.switch_page(PAGES["replication"]).run()
    at.selectbox(key="replication_model").set_value("QN-TRA-KA").run()
    assert not at.exception
    with demo_engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT commune_era, commune_code FROM replications WHERE model_id = 'QN-TRA-KA'"
        )).all()
    # an adoption recorded as a 2025b unit covering several communes is not a commune
    eras = boundaries.read_eras().set_index(["era", "code"])["codes_2020"]
    covered = [eras[(era, code)] for era, code in rows]
    exact = {c for c in covered if "|" not in c}
    shown = metrics(at)
    assert shown["Adopting communes"] == i18n.number(len(exact), "en")
    assert any(m.label == "Longest distance" and m.value.endswith("km") for m in at.metric)


def test_all_typical_models_are_ranked(make_apptest, demo_engine):
    at = make_apptest().run()
    at.switch_page(PAGES["replication"]).run()
    ranking = at.dataframe[0].value
    assert len(ranking) == sql_count(demo_engine, "typical")
    counts = ranking[i18n.t("replication.adoptions", "vi")].tolist()
    assert counts == sorted(counts, reverse=True)


def test_domains_table_follows_the_filters(make_apptest, demo_engine):
    at = make_apptest(query={"lang": "en", "year_from": "2020"}).run()
    at.switch_page(PAGES["domains"]).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 18
    expected = sql_count(demo_engine, "year_started >= 2020 AND district_code IS NOT NULL")
    assert table["Total"].sum() == expected
    assert table["Economy"].sum() == sql_count(
        demo_engine, "year_started >= 2020 AND district_code IS NOT NULL AND domain = 'kinh_te'")


def test_the_about_page_counts_the_typical_models_it_has(make_apptest, demo_engine):
    typical = sql_count(demo_engine, "typical")
    at = make_apptest().run()
    at.switch_page(PAGES["about"]).run()
    assert i18n.t("about.body", "vi", typical=i18n.number(typical, "vi")) in [
        m.value for m in at.markdown]
