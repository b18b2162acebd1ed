"""Targets: each rule kind on hand-made records, the eras they cross, rules kept and edited as
data (import, overlap checks, delete, undo), the page against SQL, and the demo's mix."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from geo import boundaries, palette
from geo.analysis import aggregate, targets, views
from geo.analysis.filters import GEOGRAPHIES
from geo.errors import PermissionDeniedError
from geo.records import export, fields, importer, reading, vocab
from geo.render import i18n
from geo.store import database, importing, roles, store
from tests.helpers import PAGES, editor_in, metrics
from ui import state

TAM_THANG, TAM_THANH = "20362", "20365"  # Tam Kỳ (502), Phú Ninh (518)
NINH_PHUOC = "20668"  # Nông Sơn (519) until 2024, Quế Sơn (509) in 2025a, 20669 in 2025b
BAN_THACH = "20335"  # a 2025b ward: Tam Thăng, Tân Thạnh and Hòa Thuận of Tam Kỳ


def model(id, year, era="2020", code=TAM_THANG, *, typical_year=None, agency=None, level="xa",
          district=None):
    return {"id": id, "commune_era": era if code else None, "commune_code": code,
            "domain": "kinh_te", "year_started": year, "level": level, "district_code": district,
            "typical": typical_year is not None, "typical_year": typical_year, "unit": "mttq",
            "agency": agency}


def evaluate(records, rules, level, year, layers, placement, eras, replications=()):
    models = pd.DataFrame(records)
    prepared = aggregate.prepare(models, placement,
                                 {g: layers[g]["code"].tolist() for g in GEOGRAPHIES})
    reps = pd.DataFrame(list(replications), columns=["model_id", "commune_era", "commune_code",
                                                     "year"])
    merges = targets.district_merges(eras)
    table = targets.activity(prepared.frame, reps, placement, merges, level)
    units = {"district": lambda: targets.district_units(year, layers["districts"], merges),
             "commune": lambda: layers["units_2025"][["code", "name"]],
             "agency": lambda: targets.agencies(prepared.frame)}[level]()
    return targets.evaluate(rules, table, units, level, year).set_index("code")


DISTRICT_YEARLY = targets.Rule("district", 2024, 2025, "year", min_new=2, min_typical=1)


def test_district_met_partly_not_met_and_no_target(layers, placement, eras):
    records = [model("a", 2024), model("b", 2024), model("c", 2020, typical_year=2024),
               model("d", 2024, code=TAM_THANH)]
    status = evaluate(records, [DISTRICT_YEARLY], "district", 2024, layers, placement, eras)
    assert status.at["502", "status"] == "met"  # 2 new + 1 typical chosen in 2024
    assert (status.at["502", "new"], status.at["502", "typical"]) == (2, 1)
    assert status.at["518", "status"] == "partly"  # 1 of 2 new, no typical
    assert (status.at["518", "gap_new"], status.at["518", "gap_typical"]) == (1, 1)
    assert status.at["503", "status"] == "not_met"
    assert len(status) == 18
    earlier = evaluate(records, [DISTRICT_YEARLY], "district", 2023, layers, placement, eras)
    assert set(earlier["status"]) == {"no_target"}


def test_a_rule_across_the_change_of_1_7_2025(layers, placement, eras):
    rules = [targets.Rule("district", 2024, 2025, "year", min_new=1),
             targets.Rule("commune", 2025, 2026, "year", min_new=1)]
    records = [model("h1", 2025, "2025a", NINH_PHUOC),  # first half: Quế Sơn's district
               model("h2", 2025, "2025b", BAN_THACH),  # second half: the ward, not Tam Kỳ
               model("y26", 2026, "2025b", BAN_THACH)]
    districts = evaluate(records, rules, "district", 2025, layers, placement, eras)
    assert len(districts) == 17 and "519" not in districts.index  # Nông Sơn is in Quế Sơn
    assert districts.at["509", "status"] == "met"
    assert districts.at["502", "status"] == "not_met"  # the 2025b model is not Tam Kỳ's
    communes = evaluate(records, rules, "commune", 2025, layers, placement, eras)
    assert communes.at[BAN_THACH, "status"] == "met" and communes.at[BAN_THACH, "new"] == 1
    assert communes.at["20669", "new"] == 0  # Ninh Phước's model was the district's, in 2025a
    assert len(communes) == 78
    assert targets.levels_in(2024, rules) == ["district"]
    assert targets.levels_in(2025, rules) == ["district", "commune"]
    assert targets.levels_in(2026, rules) == ["commune"]
    assert targets.district_units(2026, layers["districts"], targets.district_merges(eras)).empty
    assert evaluate(records, rules, "commune", 2026, layers, placement, eras).at[
        BAN_THACH, "new"] == 1


def test_agency_period_rule_counts_the_whole_period_and_says_it_is_open(layers, placement, eras):
    rule = targets.Rule("agency", 2025, 2030, "period", min_new=1, min_typical=1)
    records = [model("p1", 2025, code=None, level="tinh", agency="Sở Y tế"),
               model("p2", 2026, code=None, level="tinh", agency="  sở  y tế ", typical_year=2026),
               model("p3", 2026, code=None, level="tinh", agency="Tỉnh đoàn"),
               model("p4", 2020, code=None, level="tinh", agency="Công an tỉnh", typical_year=2024)]
    status = evaluate(records, [rule], "agency", 2026, layers, placement, eras)
    assert len(status) == 3  # one agency however it is spelled
    assert status.at["sở y tế", "status"] == "met" and status.at["sở y tế", "new"] == 2
    assert status.at["tỉnh đoàn", "status"] == "partly"
    assert status.at["công an tỉnh", "status"] == "not_met"  # its typical model is from 2024
    assert status["open"].all()


def test_replications_minimum_counts_where_they_happened(layers, placement, eras):
    rule = targets.Rule("commune", 2026, 2026, "year", min_replications=1)
    records = [model("m", 2021, typical_year=2024)]
    reps = [("m", "2025b", BAN_THACH, 2026), ("m", "2020", TAM_THANH, 2024)]
    status = evaluate(records, [rule], "commune", 2026, layers, placement, eras, reps)
    assert status.at[BAN_THACH, "status"] == "met"
    assert (status["status"] == "met").sum() == 1 and (status["status"] == "not_met").sum() == 77


def test_trend_is_the_share_of_units_meeting_each_year(layers, placement, eras):
    records = [model(f"n{i}", year) for i, year in enumerate([2024, 2024, 2025, 2025])]
    rule = targets.Rule("district", 2024, 2025, "year", min_new=2)
    models = aggregate.prepare(pd.DataFrame(records), placement,
                               {g: layers[g]["code"].tolist() for g in GEOGRAPHIES}).frame
    merges = targets.district_merges(eras)
    table = targets.activity(models, pd.DataFrame(columns=["model_id", "commune_era",
                                                           "commune_code", "year"]),
                             placement, merges, "district")
    trend = targets.trend([rule], table, lambda y: targets.district_units(
        y, layers["districts"], merges), "district", range(2020, 2027))
    assert trend["year"].tolist() == [2024, 2025] and trend["units"].tolist() == [18, 17]
    assert trend["met"].tolist() == [1, 1]
    assert trend["share_met"].tolist() == pytest.approx([1 / 18, 1 / 17])


# --- rules as data --------------------------------------------------------------------------

TARGET_HEADER = [f.vi for f in fields.TARGET_FIELDS]


def rules_table(rows: list[list[str]], name: str = "chi_tieu.csv") -> reading.Table:
    return reading.Table(file_name=name, columns=TARGET_HEADER, rows=rows,
                         row_numbers=list(range(2, len(rows) + 2)))


def plan(engine, gazetteer, rows, *, replace_all=False):
    table = rules_table(rows)
    return importing.plan(table, kind="targets", gazetteer=gazetteer, engine=engine,
                                file_name=table.file_name, replace_all=replace_all,
                                sha256=importer.file_sha256(str(rows).encode()))


def test_the_province_s_targets_are_there_from_the_first_migration(engine):
    rules = targets.rules_from(store.read_targets(engine))
    assert [(r.level, r.year_from, r.year_to, r.cadence, r.minimums) for r in rules] == [
        ("agency", 2025, 2030, "period", {"new": 1, "typical": 1}),
        ("district", 2024, 2025, "year", {"new": 2, "typical": 1})]
    assert all("35-NQ/TU" in r.note for r in rules)


def test_bad_rules_are_refused_row_by_row(engine, gazetteer):
    result = plan(engine, gazetteer, [
        ["Cấp huyện", "2026", "2027", "Mỗi năm", "2", "", "", ""],  # no districts then
        ["Xã, phường", "2027", "2026", "Mỗi năm", "2", "", "", ""],  # ends before it starts
        ["Xã, phường", "2026", "2026", "Mỗi năm", "", "", "", ""],  # asks for nothing
        ["Cơ quan cấp tỉnh", "2026", "2028", "Cả giai đoạn", "1", "", "", ""],  # overlaps stored
        ["Xã, phường", "2028", "2030", "Hằng năm", "1", "", "", ""],
        ["xã", "2029", "2031", "mỗi năm", "1", "", "", ""],  # overlaps the row above
        ["Thôn", "2029", "2031", "mỗi năm", "1", "", "", ""],
    ])
    reasons = {(e.row, e.reason) for e in result.errors}
    assert reasons == {(2, "no_districts_then"), (3, "period_order"), (4, "no_minimum"),
                       (5, "overlapping_stored_rule"), (6, "overlapping_rule"),
                       (7, "overlapping_rule"), (8, "unknown_value")}
    assert result.records == []
    for error in result.errors:  # every reason has its message, naming what is wrong
        assert "{" not in i18n.t(f"import.reason.{error.reason}", "vi", **error.values)


def test_an_edit_is_logged_and_undone_and_a_deleted_rule_comes_back(engine, gazetteer):
    editor = editor_in(engine)
    before = store.read_targets(engine)
    frame = export.import_frame("targets", before)
    frame.loc[frame["Cấp áp dụng"].str.startswith("Cấp huyện"), "Số mô hình mới tối thiểu"] = "3"
    frame = frame[~frame["Cấp áp dụng"].str.startswith("Cơ quan")]  # delete the agency rule
    frame = pd.concat([frame, pd.DataFrame([["Xã, phường (từ 1-7-2025)", "2026", "2030",
                                             "Mỗi năm", "1", "", "2", "thử"]],
                                           columns=frame.columns)], ignore_index=True)
    table = reading.table_from_frame(frame, "(trang Dữ liệu)")
    edit = importing.plan(table, kind="targets", gazetteer=gazetteer, engine=engine,
                                file_name=table.file_name, sha256="x", replace_all=True)
    assert not edit.errors and edit.new_count == 1 and len(edit.changes) == 1
    assert edit.deletes == [{"level": "agency", "year_from": 2025, "year_to": 2030}]
    with pytest.raises(PermissionDeniedError):
        importing.apply_plan(engine, edit, actor=roles.Actor("v", "viewer"), valid_rows_only=False,
                            allow_changes=True)
    import_id = importing.apply_plan(engine, edit, actor=editor, valid_rows_only=False,
                                    allow_changes=True)
    after = targets.rules_from(store.read_targets(engine))
    assert [(r.level, r.year_from, r.minimums) for r in after] == [
        ("commune", 2026, {"new": 1, "replications": 2}), ("district", 2024, {"new": 3,
                                                                              "typical": 1})]
    log = store.read_imports(engine).set_index("id").loc[import_id]
    assert (log["kind"], log["rows_changed"], log["user_name"]) == ("targets", 3, editor.username)
    store.undo_import(engine, import_id, actor=editor)
    restored = store.read_targets(engine)
    columns = ["level", "year_from", "year_to", "cadence", "min_new", "min_typical",
               "min_replications", "note"]
    pd.testing.assert_frame_equal(restored[columns], before[columns])


def test_rules_round_trip_through_their_export(engine, gazetteer):
    frame = export.import_frame("targets", store.read_targets(engine))
    csv_bytes = export.to_csv_bytes(frame)
    table = reading.read_table(csv_bytes, "chi_tieu.csv")
    again = importing.plan(table, kind="targets", gazetteer=gazetteer, engine=engine,
                                 file_name="chi_tieu.csv", sha256="y")
    assert not again.errors and again.new_count == 0 and not again.changes
    assert again.unchanged_count == 2


def test_a_targets_import_leaves_the_illustrative_data_in_place(demo_engine, tmp_path, gazetteer):
    import shutil

    copy = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_engine.url.database, copy)
    eng = database.make_engine(f"sqlite:///{copy}")
    rules = plan(eng, gazetteer, [["Xã, phường", "2026", "2030", "Mỗi năm", "1", "", "", ""]])
    assert not rules.replaces_demo
    importing.apply_plan(eng, rules, actor=editor_in(eng), valid_rows_only=False)
    assert store.has_demo(eng) and store.count_rows(eng, sa.table("models")) > 6540


# --- the illustrative data and the page ---------------------------------------------------

@pytest.fixture(scope="module")
def demo_status(demo_engine, layers, placement, eras):
    models = aggregate.prepare(store.read_models(demo_engine), placement,
                               {g: layers[g]["code"].tolist() for g in GEOGRAPHIES}).frame
    rules = targets.rules_from(store.read_targets(demo_engine))
    merges = targets.district_merges(eras)
    table = targets.activity(models, store.read_replications(demo_engine), placement, merges,
                             "district")
    return {y: targets.evaluate(rules, table, targets.district_units(
        y, layers["districts"], merges), "district", y) for y in (2024, 2025)}


def test_demo_mix_most_districts_meet_a_few_fall_short(demo_status):
    shares = {y: (t["status"] == "met").mean() for y, t in demo_status.items()}
    assert all(share >= 0.7 for share in shares.values())
    assert any((t["status"] != "met").sum() >= 2 for t in demo_status.values())


def sql(engine, query: str) -> dict[str, int]:
    with engine.connect() as connection:
        return dict(connection.execute(sa.text(query)).all())


@pytest.mark.parametrize("lang", ["vi", "en", "fr"])
def test_targets_page_table_equals_sql_counts(make_apptest, demo_engine, lang):
    at = make_apptest(query={"lang": lang}).run()
    at.switch_page(PAGES["targets"]).run()
    assert not at.exception
    at.selectbox(key=state.TARGET_YEAR.name).select(2024).run()
    assert not at.exception
    districts, agencies = (t.value for t in at.dataframe[:2])
    unit = i18n.t("targets.column.unit", lang)
    measure = i18n.t("targets.measure.new", lang)
    new = i18n.t("targets.column.done", lang, what=measure[:1].upper() + measure[1:])
    by_district = sql(demo_engine, "SELECT district_code, count(*) FROM models WHERE "
                                   "year_started = 2024 AND district_code IS NOT NULL "
                                   "GROUP BY district_code")
    names = dict(zip(boundaries.read_layer("districts")["name"],
                     boundaries.read_layer("districts")["code"]))
    shown = dict(zip(districts[unit].map(names), districts[new]))
    assert shown == {code: by_district.get(code, 0) for code in names.values()}
    met = (districts[i18n.t("targets.column.status", lang)].str.startswith("✓")).sum()
    assert metrics(at)[i18n.t("targets.met_label", lang, year=2024)] == f"{met}/18"
    statuses = {i18n.t(f"targets.status.{s}", lang) for s in targets.STATUSES}
    assert all(any(s in text for s in statuses)
               for text in districts[i18n.t("targets.column.status", lang)])
    at.selectbox(key=state.TARGET_YEAR.name).select(2026).run()
    assert at.radio(key=state.TARGET_LEVEL.name).options == [vocab.label(vocab.TARGET_LEVELS, "commune", lang)]
    agencies = at.dataframe[1].value
    by_agency = sql(demo_engine, "SELECT agency, count(*) FROM models WHERE agency IS NOT NULL "
                                 "AND year_started BETWEEN 2025 AND 2030 GROUP BY agency")
    shown = dict(zip(agencies[unit], agencies[new]))
    assert {a: n for a, n in shown.items() if n} == by_agency
    assert len(shown) == len(sql(demo_engine, "SELECT agency, 1 FROM models WHERE agency IS NOT "
                                              "NULL GROUP BY agency"))


def test_the_briefing_slide_marks_each_unit_with_its_status(demo_engine):
    from collections import Counter

    from geo.render.files import figures

    ds = views.load(demo_engine)
    shown = views.target_status(ds, 2025)
    level, table = shown.level, shown.table
    fig = figures.targets_figure(ds, "en", 2025)
    symbols = Counter(t.get_text() for t in fig.axes[0].texts if t.get_text() in
                      palette.STATUS_SYMBOLS.values())
    expected = Counter(palette.STATUS_SYMBOLS[s] for s in table["status"] if s != "no_target")
    assert level == "district" and symbols == expected
    assert fig.texts[0].get_text().endswith(f"{(table['status'] == 'met').sum()}/17")


def test_trend_on_hand_made_counts():
    """Three districts; a yearly rule (2 new models) in 2020–2021; a period rule, a year with no
    rule, a rule asking nothing and a year with no units all stay out of the trend."""
    rules = [targets.Rule("district", 2020, 2021, "year", min_new=2),
             targets.Rule("district", 2022, 2023, "period", min_new=5),
             targets.Rule("district", 2025, 2025, "year", min_new=0),
             targets.Rule("district", 2026, 2026, "year", min_new=1),
             targets.Rule("commune", 2020, 2026, "year", min_new=9)]
    table = pd.DataFrame({"year": [2020, 2020, 2021, 2021, 2021, 2022],
                          "unit": ["H1", "H2", "H1", "H2", "H3", "H1"],
                          "new": [2, 1, 3, 2, 5, 9], "typical": [0] * 6,
                          "replications": [0] * 6})
    units = pd.DataFrame({"code": ["H1", "H2", "H3"], "name": ["Một", "Hai", "Ba"]})
    trend = targets.trend(rules, table, lambda y: units if y < 2026 else units.iloc[:0],
                          "district", range(2019, 2027))
    assert trend.to_dict("list") == {
        "year": [2020, 2021], "units": [3, 3], "met": [1, 3], "partly": [1, 0],
        "not_met": [1, 0], "share_met": [1 / 3, 1.0]}
    gap = targets.trend(rules, table, lambda y: units.iloc[:0] if y == 2020 else units,
                        "district", range(2019, 2027))
    assert gap["year"].tolist() == [2021, 2026]  # a year with no units is skipped, not the end
    none = targets.trend([], table, lambda y: units, "district", range(2019, 2027))
    assert none.empty and none.columns.tolist() == [
        "year", "units", "met", "partly", "not_met", "share_met"]


def test_agencies_are_one_per_spelling_and_named_as_most_often_written():
    models = pd.DataFrame({"agency": ["Sở Nội vụ", "sở  nội VỤ", "Sở Nội vụ", " Ban Dân vận ", "Ban Dân vận",
                                      None, "", "   ", "Ủy ban MTTQ", "Ban dân vận", "bộ chỉ huy"]})
    found = targets.agencies(models)
    assert found.to_dict("list") == {  # in the order of their names, whatever their case
        "code": ["ban dân vận", "bộ chỉ huy", "sở nội vụ", "ủy ban mttq"],
        "name": ["Ban Dân vận", "bộ chỉ huy", "Sở Nội vụ", "Ủy ban MTTQ"]}
    for none in (pd.DataFrame({"id": ["A"]}), pd.DataFrame({"agency": [None, " "]})):
        found = targets.agencies(none)  # no agency: an empty table with the same columns
        assert found.empty and found.columns.tolist() == ["code", "name"]
    assert targets.agency_key("  Sở  NỘI vụ ") == "sở nội vụ"
    assert targets.agency_key("") is None and targets.agency_key(None) is None
    assert targets.agency_key(float("nan")) is None


@pytest.mark.parametrize("era, code", [("2020", TAM_THANG), ("2025a", TAM_THANG),
                                       ("2025b", BAN_THACH)])
def test_a_typical_choice_in_2025_counts_for_the_district_and_the_commune(
        layers, placement, eras, era, code):
    """README: records carry a year, not a date; a model chosen typical in 2025 counts for its
    district (the first half) and for its 2025 commune or ward (the second); a 2025b code
    names no district, so such a model counts for its commune only."""
    rules = [targets.Rule("district", 2024, 2025, "year", min_typical=1),
             targets.Rule("commune", 2025, 2026, "year", min_typical=1)]
    records = [model("t", 2019, era, code, typical_year=2025)]
    districts = evaluate(records, rules, "district", 2025, layers, placement, eras)
    counted = 0 if era == "2025b" else 1
    assert districts.at["502", "typical"] == counted
    assert districts["typical"].sum() == counted
    communes = evaluate(records, rules, "commune", 2025, layers, placement, eras)
    assert communes.at[BAN_THACH, "typical"] == 1 and communes.at[BAN_THACH, "status"] == "met"
    assert communes["typical"].sum() == 1
    later = evaluate(records, rules, "commune", 2026, layers, placement, eras)
    assert later["typical"].sum() == 0  # chosen once: only its own year counts


COUNTED = ["unit", "year", "new", "typical", "replications"]


def activity_of(records, replications, level, layers, placement, eras):
    prepared = aggregate.prepare(pd.DataFrame(records), placement,
                                 {g: layers[g]["code"].tolist() for g in GEOGRAPHIES})
    reps = pd.DataFrame(replications, columns=["model_id", "commune_era", "commune_code", "year"])
    table = targets.activity(prepared.frame, reps, placement, targets.district_merges(eras), level)
    assert table.columns.tolist() == COUNTED
    assert table[COUNTED[1:]].dtypes.eq("int64").all()
    return [tuple(row) for row in table.itertuples(index=False)]


ACTIVE = [model("a", 2024, typical_year=2025), model("b", 2025, "2025a", NINH_PHUOC),
          model("c", 2025, "2025b", BAN_THACH, typical_year=2026),
          model("d", 2023, code=TAM_THANH)]
REPLICATED = [("a", "2020", TAM_THANH, 2024), ("a", "2025a", NINH_PHUOC, 2025),
              ("a", "2025b", BAN_THACH, 2025), ("c", "2025b", "20669", 2026),
              ("c", "2020", TAM_THANG, 2025)]


def test_activity_per_district_by_hand(layers, placement, eras):
    """(district, year, new, typical, replications), written out: a 2025b code names no
    district; Nông Sơn's 2025 records count for Quế Sơn (509); Tam Thanh is Phú Ninh (518)."""
    assert activity_of(ACTIVE, REPLICATED, "district", layers, placement, eras) == [
        ("502", 2024, 1, 0, 0), ("502", 2025, 0, 1, 1), ("509", 2025, 1, 0, 1),
        ("518", 2023, 1, 0, 0), ("518", 2024, 0, 0, 1)]


def test_activity_per_2025_commune_by_hand(layers, placement, eras):
    """The same records per 2025b unit: Tam Thăng lies in Bàn Thạch (20335), Tam Thanh in 20380,
    Ninh Phước in 20669; a 2025 model or replication whose code is not 2025b was the district's."""
    assert activity_of(ACTIVE, REPLICATED, "commune", layers, placement, eras) == [
        ("20335", 2024, 1, 0, 0), ("20335", 2025, 1, 1, 1), ("20335", 2026, 0, 1, 0),
        ("20380", 2023, 1, 0, 0), ("20380", 2024, 0, 0, 1), ("20669", 2026, 0, 0, 1)]


def test_activity_per_agency_by_hand(layers, placement, eras):
    records = [model("p1", 2025, code=None, level="tinh", agency="Sở Y tế"),
               model("p2", 2026, code=None, level="tinh", agency=" sở  Y TẾ", typical_year=2026),
               model("x", 2026)]  # a commune's model: no agency
    reps = [("p2", "2020", TAM_THANG, 2026), ("x", "2020", TAM_THANH, 2026)]
    assert activity_of(records, reps, "agency", layers, placement, eras) == [
        ("sở y tế", 2025, 1, 0, 0), ("sở y tế", 2026, 1, 1, 1)]
    assert activity_of(records[:1], [], "agency", layers, placement, eras) == [
        ("sở y tế", 2025, 1, 0, 0)]  # a measure nobody has is a column of zeros
    no_agencies = [{k: v for k, v in r.items() if k != "agency"} for r in ACTIVE]
    assert activity_of(no_agencies, REPLICATED, "agency", layers, placement, eras) == []


def test_evaluate_by_hand():
    """Counts of the rule's year (or period) per unit, zero for a unit with none, minimums and
    gaps (never below zero) as nullable integers, `open` only before a period's last year."""
    table = pd.DataFrame({"unit": ["H1", "H1", "H2", "H3", "H9"], "year": [2020, 2021, 2021, 2021, 2021],
                          "new": [4, 1, 3, 0, 7], "typical": [0, 1, 0, 2, 0],
                          "replications": [9, 0, 0, 0, 0]})
    units = pd.DataFrame({"code": ["H1", "H2", "H3", "H4"], "name": ["Một", "Hai", "Ba", "Bốn"]},
                         index=[7, 8, 9, 10])
    yearly = targets.Rule("district", 2021, 2021, "year", min_new=2, min_typical=1)
    out = targets.evaluate([yearly], table, units, "district", 2021)
    assert out.index.tolist() == [0, 1, 2, 3]
    assert out.columns.tolist() == [
        "code", "name", "new", "typical", "replications", "min_new", "gap_new", "min_typical",
        "gap_typical", "min_replications", "gap_replications", "status", "open"]
    assert out[["new", "typical", "replications"]].dtypes.eq("int64").all()
    assert out[[c for c in out if c.startswith(("min_", "gap_"))]].dtypes.eq("Int64").all()
    assert out.astype(object).where(out.notna(), None).to_dict("list") == {
        "code": ["H1", "H2", "H3", "H4"], "name": ["Một", "Hai", "Ba", "Bốn"],
        "new": [1, 3, 0, 0], "typical": [1, 0, 2, 0], "replications": [0, 0, 0, 0],
        "min_new": [2] * 4, "gap_new": [1, 0, 2, 2], "min_typical": [1] * 4,
        "gap_typical": [0, 1, 0, 1], "min_replications": [None] * 4,
        "gap_replications": [None] * 4, "status": ["partly", "partly", "partly", "not_met"],
        "open": [False] * 4}
    period = targets.Rule("district", 2020, 2022, "period", min_replications=9)
    during = targets.evaluate([period], table, units, "district", 2021)
    assert during["replications"].tolist() == [9, 0, 0, 0] and during["open"].all()
    assert during["status"].tolist() == ["met", "not_met", "not_met", "not_met"]
    assert not targets.evaluate([period], table, units, "district", 2022)["open"].any()
    none = targets.evaluate([yearly], table.iloc[:0], units, "district", 2021)
    assert none["new"].tolist() == [0, 0, 0, 0] and set(none["status"]) == {"not_met"}


@pytest.mark.parametrize("level, year, units, merged", [
    ("district", 2024, 18, {}), ("district", 2025, 17, {"519": "509"}),
    ("commune", 2025, 78, {})])
def test_status_table_units_and_merged_districts(layers, eras, level, year, units, merged):
    merges = targets.district_merges(eras)
    counts = pd.DataFrame({"unit": ["502", BAN_THACH], "year": [year] * 2, "new": [1, 1],
                           "typical": [0, 0], "replications": [0, 0]})
    rules = [targets.Rule(level, year, year, "year", min_new=1)]
    table, drawn_with = targets.status_table(counts, rules, year, level, layers, merges)
    assert len(table) == units and drawn_with == merged
    expected = layers[targets.geography_of(level)]
    assert set(table["code"]) <= set(expected["code"])
    assert table["name"].tolist() == expected.set_index("code").loc[table["code"], "name"].tolist()
    met = table.loc[table["status"] == "met", "code"].tolist()
    assert met == (["502"] if level == "district" else [BAN_THACH])


def test_levels_and_the_level_shown_first_around_the_reform():
    commune_2024 = [targets.Rule("commune", 2024, 2024, "year", min_new=1)]
    assert targets.levels_in(2024, []) == ["district"]
    assert targets.levels_in(2024, commune_2024) == ["district", "commune"]
    assert targets.levels_in(2025, []) == ["district", "commune"]
    assert targets.levels_in(2026, []) == ["commune"]
    assert targets.default_level([], 2024) == "district"
    assert targets.default_level(commune_2024, 2024) == "commune"
    assert targets.default_level([], 2025) == "district"
    assert targets.default_level([], 2026) == "commune"
    assert targets.geography_of("district") == "districts"
    assert targets.geography_of("commune") == "units_2025"


def test_a_status_counts_a_measure_with_no_record_as_zero():
    assert targets.status_of({}, {"new": 1}) == "not_met"
    assert targets.status_of({"typical": 1}, {"new": 1, "typical": 1}) == "partly"
    assert targets.status_of({"new": 5}, {"new": 2, "typical": 1}) == "partly"  # no credit beyond
    assert targets.status_of({"new": 2, "typical": 1}, {"new": 2, "typical": 1}) == "met"
    assert targets.status_of({"new": 0}, {}) == "no_target"


def test_rules_from_the_stored_table_read_empty_numbers_and_notes_as_none_and_blank():
    frame = pd.DataFrame({"level": ["district", "commune"], "year_from": [2020, 2025],
                          "year_to": [2024, 2030], "cadence": ["year", "period"],
                          "min_new": [2, None], "min_typical": [float("nan"), 1],
                          "min_replications": [None, 3], "note": ["NQ 05", None]})
    assert targets.rules_from(frame) == [
        targets.Rule("district", 2020, 2024, "year", 2, None, None, "NQ 05"),
        targets.Rule("commune", 2025, 2030, "period", None, 1, 3, "")]


def test_the_districts_of_each_year(layers, eras):
    merges = targets.district_merges(eras)
    assert merges == {"519": "509"}  # Nông Sơn into Quế Sơn, 1-1-2025
    of_2025 = targets.district_units(2025, layers["districts"], merges)
    assert of_2025.columns.tolist() == ["code", "name"] and of_2025.index.tolist() == list(range(17))
    assert "519" not in set(of_2025["code"])
    assert len(targets.district_units(2024, layers["districts"], merges)) == 18
