"""What the views say in words, each sentence written out here by hand: titles from filters, a
typical model's card, a rule, a target table, the key figures' cards, the reconciling note, the
order of unit choices. Numbers come from SQL over the illustrative store."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from pyproj import Geod

from geo.analysis import periods, targets, views
from geo.analysis.filters import Filters
from geo.records import vocab
from geo.render import i18n, words
from tests.render.test_figures import places

NAMES = {"502": "Thành phố Tam Kỳ", "513": "Huyện Thăng Bình"}


@pytest.mark.parametrize(("filters", "lang", "expected"), [
    (Filters(year_from=2020, year_to=2024, domains=("kinh_te",)), "vi",
     "Mô hình “Dân vận khéo” lĩnh vực Kinh tế, 2020–2024, theo xã"),
    (Filters(year_from=2024, year_to=2024, typical_only=True, geography="districts"), "en",
     "Typical “Skilled mass mobilization” models, 2024, by district"),
    (Filters(year_from=2009, year_to=2026, domains=("kinh_te", "van_hoa_xa_hoi"),
             units=("mttq", "ubnd"), districts=("502", "513"), geography="units_2025"), "en",
     "“Skilled mass mobilization” models in Economy and Culture and society by Fatherland "
     "Front committee and People's Committee, 2009–2026, Thành phố Tam Kỳ and Huyện Thăng "
     "Bình, by commune or ward from 1-7-2025"),
    (Filters(year_from=2010, year_to=2011, districts=("999",)), "vi",
     "Mô hình “Dân vận khéo”, 2010–2011, 999, theo xã"),
])
def test_a_title_says_the_filters_in_words(filters, lang, expected):
    assert words.title(filters, lang, NAMES) == expected


def test_joined_lists_with_commas_and_a_last_and():
    assert words.joined([], "en") == ""
    assert words.joined(["A"], "en") == "A"
    assert words.joined(["A", "B"], "vi") == "A và B"
    assert words.joined(["A", "B", "C"], "en") == "A, B and C"


def test_the_date_and_credit_lines():
    assert words.made_on("vi", dt.date(2026, 2, 5)) == "Lập ngày 05-02-2026"
    assert words.made_on("en", dt.date(2026, 2, 5)) == "Made on 05-02-2026"
    assert words.made_on("fr", dt.date.today()) == (
        "Établi le " + dt.date.today().strftime("%d-%m-%Y"))
    assert words.credit("en", False).endswith("General Statistics Office of Viet Nam")
    assert words.credit("en", True).endswith(" · " + i18n.t("app.demo_short", "en"))


def test_the_key_figures_cards_give_the_period_and_to_date():
    numbers = views.KeyFigures(periods.Counted(1234, 6595), periods.Counted(20, 43),
                               periods.Counted(179, 481), periods.Counted(154, 234), 241)
    assert words.figure_cards(numbers, "vi") == [
        ("Mô hình xây dựng", "1.234", "6.595"), ("Điển hình được chọn", "20", "43"),
        ("Đơn vị có mô hình", "154 / 241", "234 / 241"), ("Lượt nhân rộng", "179", "481")]
    assert [label for label, _, _ in words.figure_cards(numbers, "en")] == [
        "Models started", "Typical chosen", "Units with a model", "Replications made"]
    assert words.figure_cards(numbers, "en")[0][1:] == ("1,234", "6,595")


def test_the_note_under_a_district_table_reconciles_it():
    """It counts what the table leaves out, in the grammatical number of each count, and names
    no part of nothing."""
    shown = views.DomainTable(pd.DataFrame({"total": [3, 4]}), 2, 1)
    assert shown.left_out == 3
    assert words.left_out(shown, "en") == (
        "The table counts 7 of the 10 models: 2 provincial-level models belong to no district "
        "and 1 has no known district.")
    assert words.left_out(views.DomainTable(pd.DataFrame({"total": [7]}), 1, 0), "fr") == (
        "Le tableau compte 7 des 8 modèles : 1 modèle de niveau provincial n’appartient à aucun "
        "district.")
    assert words.left_out(views.DomainTable(pd.DataFrame({"total": [7]}), 10, 0), "vi") == (
        "Bảng tính 7/17 mô hình; không có trong bảng: 10 mô hình cấp tỉnh không thuộc huyện nào.")


def test_a_rule_in_words():
    rule = targets.Rule("district", 2024, 2025, "year", min_new=2, min_typical=1)
    assert words.rule_text(rule, "en") == (
        "Target for District (until 30-6-2025), each year 2024–2025: ≥ 2 new models, "
        "≥ 1 typical model chosen.")
    one = targets.Rule("agency", 2025, 2030, "period", min_new=1, min_replications=2)
    assert words.rule_text(one, "fr").endswith("≥ 1 nouveau modèle, ≥ 2 reprises lancées.")
    period = targets.Rule("agency", 2025, 2030, "period", min_replications=3)
    assert words.rule_text(period, "vi") == (
        "Chỉ tiêu Cơ quan cấp tỉnh, cả giai đoạn 2025–2030: ≥ 3 lượt nhân rộng.")


def test_a_target_table_as_people_read_it():
    table = pd.DataFrame({
        "code": ["a", "b", "c"], "name": ["A", "B", "C"], "new": [2, 1, 0], "typical": [1, 0, 0],
        "replications": [5, 0, 0], "min_new": pd.array([2, 2, 2], dtype="Int64"),
        "min_typical": pd.array([1, 1, 1], dtype="Int64"),
        "min_replications": pd.array([None] * 3, dtype="Int64"),
        "gap_new": pd.array([0, 1, 2], dtype="Int64"), "gap_typical": pd.array([0, 1, 1],
                                                                              dtype="Int64"),
        "gap_replications": pd.array([None] * 3, dtype="Int64"),
        "status": ["met", "partly", "not_met"]})
    shown = words.readable(table, "en", open_until=2030)
    assert list(shown.columns) == [
        "Unit", "Status", "New models: done", "New models: target", "New models: missing",
        "Typical models chosen: done", "Typical models chosen: target",
        "Typical models chosen: missing", "Replications started: done"]
    assert shown["Status"].tolist() == [
        "✓ Met", "◐ Partly met (period runs to 2030)", "✗ Not met (period runs to 2030)"]
    assert shown["New models: missing"].tolist() == [0, 1, 2]
    assert shown["New models: target"].tolist() == [2, 2, 2]
    assert shown["Typical models chosen: target"].tolist() == [1, 1, 1]
    assert shown["Replications started: done"].tolist() == [5, 0, 0]
    assert words.readable(table, "en")["Status"].tolist()[1] == "◐ Partly met"


def test_unit_choices_are_by_name_read_without_accents_with_their_district():
    units = pd.DataFrame({"code": ["1", "2", "3", "4"],
                          "name": ["Xã Đông", "Xã Dương", "Xã An", "Xã An"],
                          "district_name": ["H1", "H2", "H3", "H1"]})
    assert words.unit_choices(units) == {"3": "Xã An (H3)", "4": "Xã An (H1)",
                                         "2": "Xã Dương (H2)", "1": "Xã Đông (H1)"} and list(
        words.unit_choices(units)) == ["4", "3", "1", "2"]  # "Dong" before "Duong"
    assert words.unit_choices(units[["code", "name"]]) == {"3": "Xã An", "4": "Xã An",
                                                           "2": "Xã Dương", "1": "Xã Đông"}


@pytest.fixture(scope="module")
def store_rows(demo_engine):
    with demo_engine.connect() as connection:
        return {row.id: row for row in connection.execute(sa.text(
            "SELECT * FROM models WHERE id IN ('QN-TRA-KA', 'QN-TAM-THANG', 'QN-DIEN-PHUOC')"))}


def counted(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


@pytest.mark.parametrize("model_id", ["QN-TRA-KA", "QN-TAM-THANG", "QN-DIEN-PHUOC"])
def test_a_typical_model_s_card_says_its_facts(ds, demo_engine, store_rows, model_id):
    """Every line of the card, from the store's row, the eras table and pyproj's geodesic: the
    reach by the end of 2026 counts distinct adopting communes, their districts and the
    furthest of them."""
    row = store_rows[model_id]
    model = ds.prepared.frame.set_index("id").loc[model_id].copy()
    model["id"] = model_id
    card = words.card(ds, model, Filters(year_to=2026, lang="en"))
    era = {(e, c): (m, d) for e, c, m, d in places()}
    names = dict(zip(ds.eras["era"] + ":" + ds.eras["code"], ds.eras["name"]))
    district_names = dict(zip(ds.layers["districts"]["code"], ds.layers["districts"]["name"]))
    with demo_engine.connect() as connection:
        adopted = connection.execute(sa.text(
            "SELECT commune_era, commune_code FROM replications WHERE model_id = :m "
            "AND year <= 2026"), {"m": model_id}).all()
    communes = {era[tuple(a)][0] for a in adopted if era[tuple(a)][0]}
    points = ds.layers["communes"].set_index("code")[["label_lon", "label_lat"]]
    wards = ds.layers["units_2025"].set_index("code")[["label_lon", "label_lat"]]
    code_2025 = dict(zip(ds.eras["era"] + ":" + ds.eras["code"], ds.eras["code_2025b"]))
    ends = [points.loc[era[tuple(a)][0]] if era[tuple(a)][0] else  # else its 2025 unit
            wards.loc[code_2025[f"{a[0]}:{a[1]}"]] for a in adopted]
    origin = points.loc[row.commune_code]
    _, _, metres = Geod(ellps="WGS84").inv(
        [origin.label_lon] * len(ends), [origin.label_lat] * len(ends),
        [float(e.label_lon) for e in ends], [float(e.label_lat) for e in ends])
    unit_2025 = ds.eras.set_index(["era", "code"]).loc[(row.commune_era, row.commune_code),
                                                        "code_2025b"]
    results = []
    for column, template, digits in (("households", "{} households", 0),
                                     ("members", "{} members", 0),
                                     ("result_vnd", "{} VND", 0), ("result_ha", "{} ha", 1),
                                     ("result_houses", "{} houses", 0),
                                     ("result_cases", "{} cases", 0)):
        value = getattr(row, column)
        if value is not None:
            results.append(template.format(i18n.number(value, "en", digits)))
    expected = [
        i18n.domain_label(row.domain, "en"),
        f"Implementing unit: {vocab.label(vocab.UNITS, row.unit, 'en')}",
        f"Place: {names[f'{row.commune_era}:{row.commune_code}']}, "
        f"{district_names[era[(row.commune_era, row.commune_code)][1]]}",
        f"Now part of: {names[f'2025b:{unit_2025}']}",
        f"Started {row.year_started} · Recognised {row.year_recognised} · "
        f"Chosen as typical {row.typical_year}",
        "Results: " + "; ".join(results),
        f"Adopted by {counted(len(communes), 'commune')} in "
        f"{counted(len({era[('2020', c)][1] for c in communes}), 'district')}; "
        f"furthest {i18n.number(max(metres) / 1000, 'en', 1)} km",
    ]
    assert card["lines"] == expected
    assert card["name"] == row.name and card["id"] == model_id
    assert card["results"] == results
    assert round(max(metres) / 1000, 1) != round(float(np.median(metres)) / 1000, 1) or \
        len(communes) < 3


def test_a_card_counts_the_reach_to_date_whatever_the_period_s_start(ds):
    model = ds.prepared.frame.set_index("id").loc["QN-TRA-KA"].copy()
    model["id"] = "QN-TRA-KA"
    late = words.card(ds, model, Filters(year_from=2026, year_to=2026, lang="en"))
    assert late["spread"].adoptions["year"].min() < 2026  # the adoptions of 2024 count


def test_a_card_counts_the_reach_only_to_the_period_s_end(ds):
    model = ds.prepared.frame.set_index("id").loc["QN-TRA-KA"].copy()
    model["id"] = "QN-TRA-KA"
    early = words.card(ds, model, Filters(year_to=2024, lang="en"))
    late = words.card(ds, model, Filters(year_to=2026, lang="en"))
    assert early["spread"].adoptions["year"].max() <= 2024
    assert len(late["spread"].adoptions) > len(early["spread"].adoptions)


def card_of(ds, model_id: str, **changes) -> dict:
    model = ds.prepared.frame.set_index("id").loc[model_id].copy()
    model["id"] = model_id
    for key, value in changes.items():
        model[key] = value
    return words.card(ds, model, Filters(year_to=2026, lang="en"))


def test_a_card_names_the_agency_or_the_unit_written_out(ds):
    agency = card_of(ds, "DEMO-CQ-001")
    assert agency["lines"][1] == "Implementing unit: Sở Văn hóa, Thể thao và Du lịch"
    assert not any(line.startswith("Place:") for line in agency["lines"])  # province level
    assert agency["lines"][-1] == "Not adopted by any commune yet"  # no "furthest – km"
    other = card_of(ds, "DEMO-00002", unit="khac", unit_other="Hội Người cao tuổi", agency=None)
    assert other["lines"][1] == "Implementing unit: Hội Người cao tuổi"
    unnamed = card_of(ds, "DEMO-00002", unit="khac", unit_other=None, agency=None)
    assert unnamed["lines"][1] == "Implementing unit: Other"
    named = card_of(ds, "DEMO-00002", unit="mttq", unit_other="bỏ qua", agency=None)
    assert named["lines"][1] == "Implementing unit: Fatherland Front committee"


def test_a_card_writes_road_kilometres_with_one_decimal_and_keeps_the_result_text(ds):
    card = card_of(ds, "DEMO-00002", result_road_km=0.7, result_text="Bê tông hóa")
    assert "0.7 km of road" in card["results"]
    assert card["result_text"] == "Bê tông hóa"
    assert card_of(ds, "DEMO-00002", result_text=None)["result_text"] == ""


def test_a_card_of_a_district_level_model_names_its_district(ds):
    card = card_of(ds, "DEMO-00002", commune_code=None, commune_era=None,
                   district_2020="513", district_code="513")
    assert not any(line.startswith(("Place:", "Now part of:")) for line in card["lines"])
    card = card_of(ds, "DEMO-00002", district_2020=None, district_code="513")
    assert card["lines"][2].endswith(", Huyện Thăng Bình")
    card = card_of(ds, "DEMO-00002", district_2020="513", district_code="502")
    assert card["lines"][2].endswith(", Huyện Thăng Bình")  # the 2020 district first
