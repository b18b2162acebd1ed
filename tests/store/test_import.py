"""Import of model spreadsheets: encodings, row errors, all-or-valid, repeat, changes, undo."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from geo.errors import (
    DuplicateImportError,
    EncodingChoiceError,
    ImportFileError,
    ImportRejectedError,
    UndoError,
)
from geo.records import export, fields, importer, reading
from geo.store import database, importing, roles, store
from geo.store.schema import imports, metadata, models
from tests.helpers import TRA_KA, model_row, sheet_csv, windows_1258


def plan_of(engine, gazetteer, data: bytes, name="models.csv", kind="models", encoding=None,
            **kw):
    table = reading.read_table(data, name, encoding=encoding)
    return importing.plan(table, kind=kind, gazetteer=gazetteer, engine=engine,
                                file_name=name, sha256=importer.file_sha256(data),
                                this_year=2026, **kw)


def test_migrations_build_the_declared_schema(engine):
    with engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), metadata)
    assert diffs == []
    from alembic.script import ScriptDirectory

    assert database.schema_revision(engine) == ScriptDirectory(str(database.MIGRATIONS)).get_current_head()
    assert database.schema_revision(engine) == "0007"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_csv_encodings_read_the_same(encoding, engine, gazetteer):
    text = sheet_csv("models", [model_row()])
    data = windows_1258(text) if encoding == "cp1258" else text.encode(encoding)
    if encoding == "cp1258":  # not UTF-8: the user is asked, nothing is guessed
        with pytest.raises(EncodingChoiceError, match="line 1, byte 3"):
            plan_of(engine, gazetteer, data)
    plan = plan_of(engine, gazetteer, data, encoding="cp1258" if encoding == "cp1258" else None)
    assert plan.errors == []
    record = plan.records[0]
    assert (record["commune_era"], record["commune_code"], record["district_code"]) == (
        "2020", "20932", "515")
    assert record["name"] == TRA_KA["name"]
    assert record["result_vnd"] == 60_000_000 and record["typical"] is True


def test_xlsx_and_english_headers(engine, gazetteer):
    frame = pd.read_csv(io.StringIO(sheet_csv("models", [model_row()], english=True)), dtype=str)
    data = export.to_xlsx_bytes(frame.fillna(""))
    plan = plan_of(engine, gazetteer, data, name="models.xlsx")
    assert plan.errors == [] and plan.records[0]["commune_code"] == "20932"


def test_semicolon_csv(engine, gazetteer):
    plan = plan_of(engine, gazetteer, sheet_csv("models", [model_row()], delimiter=";").encode())
    assert plan.errors == [] and len(plan.records) == 1


def test_every_row_error_names_row_column_value_and_reason(engine, gazetteer):
    rows = [
        model_row(id="A1"),
        model_row(id="A2", name=""),
        model_row(id="A3", domain="Thể thao"),
        model_row(id="A4", year_started="2005"),
        model_row(id="A5", commune="Xã Không Có"),
        model_row(id="A6", commune="Tam Thanh", district=""),
        model_row(id="A1"),
        model_row(id="A8", households="mười hai"),
        model_row(id="A9", commune="Xã Trà Kaa"),
    ]
    plan = plan_of(engine, gazetteer, sheet_csv("models", rows).encode())
    got = {(e.row, e.column, e.value, e.reason) for e in plan.errors}
    assert got == {
        (3, "Tên mô hình", "", "missing"),
        (4, "Lĩnh vực", "Thể thao", "unknown_value"),
        (5, "Năm bắt đầu", "2005", "year_range"),
        (6, "Xã / phường / thị trấn", "Xã Không Có", "commune_unknown"),
        (7, "Xã / phường / thị trấn", "Tam Thanh", "commune_ambiguous"),
        (8, "Mã mô hình", "A1", "duplicate_id"),
        (9, "Số hộ tham gia", "mười hai", "not_a_number"),
        (10, "Xã / phường / thị trấn", "Xã Trà Kaa", "commune_suggestion"),
    }
    assert [r["id"] for r in plan.records] == ["A1"]
    assert plan.match_report["ambiguous"] == 1 and plan.match_report["suggestion"] == 1


def test_missing_required_column_is_a_file_error(engine, gazetteer):
    with pytest.raises(ImportFileError, match="Lĩnh vực"):
        plan_of(engine, gazetteer, "Tên mô hình,Năm bắt đầu,Đơn vị thực hiện\nX,2020,UBND\n".encode())
    with pytest.raises(ImportFileError):
        plan_of(engine, gazetteer, b"")


def test_all_or_nothing_writes_nothing(engine, gazetteer, editor):
    plan = plan_of(engine, gazetteer, sheet_csv("models", [model_row(), model_row(
        id="B", domain="?")]).encode())
    with pytest.raises(ImportRejectedError):
        importing.apply_plan(engine, plan, actor=editor, valid_rows_only=False)
    assert store.count_rows(engine, models) == 0
    assert store.count_rows(engine, imports) == 0


def test_valid_rows_import_is_recorded(engine, gazetteer, editor):
    data = sheet_csv("models", [model_row(), model_row(id="B", domain="?")]).encode()
    plan = plan_of(engine, gazetteer, data)
    seen = []
    import_id = importing.apply_plan(engine, plan, actor=editor, valid_rows_only=True,
                                    progress=lambda done, total: seen.append((done, total)))
    log = store.read_imports(engine).iloc[0]
    assert (log["id"], log["sha256"], log["rows_read"], log["rows_accepted"],
            log["rows_rejected"], log["user_name"]) == (
        import_id, importer.file_sha256(data), 2, 1, 1, editor.username)
    assert seen[-1] == (1, 1)
    stored = store.read_models(engine)
    assert stored["id"].tolist() == ["QN-TRAKA"] and stored["typical_year"].tolist() == [2024]


def test_reimport_of_the_same_file_is_detected(engine, gazetteer, editor):
    data = sheet_csv("models", [model_row()]).encode()
    importing.apply_plan(engine, plan_of(engine, gazetteer, data), actor=editor, valid_rows_only=False)
    again = plan_of(engine, gazetteer, data)
    assert again.repeat_of is not None and again.unchanged_count == 1
    with pytest.raises(DuplicateImportError):
        importing.apply_plan(engine, again, actor=editor, valid_rows_only=False)


def test_changes_are_shown_then_applied_then_undone_exactly(engine, gazetteer, editor):
    first = plan_of(engine, gazetteer, sheet_csv("models", [model_row()]).encode())
    importing.apply_plan(engine, first, actor=editor, valid_rows_only=False)
    before = store.read_models(engine)
    second = plan_of(engine, gazetteer, sheet_csv("models", [
        model_row(households="15"), model_row(id="NEW", name="Mô hình mới")]).encode(),
        name="v2.csv")
    assert second.new_count == 1
    assert second.changes == [{"key": "QN-TRAKA", "row": 2, "fields": {"households": (12, 15)}}]
    with pytest.raises(ImportRejectedError):
        importing.apply_plan(engine, second, actor=editor, valid_rows_only=False)
    second_id = importing.apply_plan(engine, second, actor=editor, valid_rows_only=False, allow_changes=True)
    assert store.read_models(engine).set_index("id").at["QN-TRAKA", "households"] == 15
    assert store.undo_import(engine, second_id, actor=editor) == 2
    pd.testing.assert_frame_equal(store.read_models(engine), before)
    with pytest.raises(UndoError):
        store.undo_import(engine, second_id, actor=editor)


def test_undo_refuses_when_a_later_import_changed_the_record(engine, gazetteer, editor):
    first_id = importing.apply_plan(engine, plan_of(engine, gazetteer, sheet_csv(
        "models", [model_row()]).encode()), actor=editor, valid_rows_only=False)
    importing.apply_plan(engine, plan_of(engine, gazetteer, sheet_csv(
        "models", [model_row(members="17")]).encode(), name="b.csv"), actor=editor, valid_rows_only=False,
        allow_changes=True)
    with pytest.raises(UndoError, match="changed after"):
        store.undo_import(engine, first_id, actor=editor)
    assert store.count_rows(engine, models) == 1


def test_a_person_confirms_a_suggestion(engine, gazetteer):
    data = sheet_csv("models", [model_row(commune="Xã Trà Kaa")]).encode()
    plan = plan_of(engine, gazetteer, data)
    error = plan.errors[0]
    assert error.reason == "commune_suggestion" and error.candidates[0] == ("2020", "20932")
    confirmed = plan_of(engine, gazetteer, data, confirmations={error.row: error.candidates[0]})
    assert confirmed.errors == [] and confirmed.records[0]["commune_code"] == "20932"


def test_replications_need_a_known_model_and_a_place(engine, gazetteer, editor):
    importing.apply_plan(engine, plan_of(engine, gazetteer, sheet_csv(
        "models", [model_row()]).encode()), actor=editor, valid_rows_only=False)
    rows = [{"model_id": "QN-TRAKA", "commune": "Trà Ka", "year": "2025"},
            {"model_id": "QN-TRAKA", "commune": "Trà Giáp", "year": "2026"},
            {"model_id": "NOPE", "commune": "Trà Đông", "year": "2024"},
            {"model_id": "QN-TRAKA", "year": "2024"}]
    plan = plan_of(engine, gazetteer, sheet_csv("replications", rows).encode(),
                   name="rep.csv", kind="replications")
    assert {(e.row, e.reason) for e in plan.errors} == {(4, "unknown_model"),
                                                       (5, "commune_required")}
    importing.apply_plan(engine, plan, actor=editor, valid_rows_only=True)
    stored = store.read_replications(engine)
    assert sorted(zip(stored["commune_era"], stored["commune_code"], stored["year"])) == [
        ("2025a", "20932", 2025), ("2025b", "20929", 2026)]
    # Trà Giáp was a commune in 2025a and is a larger unit in 2025b: a 2025 date is needed.
    ambiguous = plan_of(engine, gazetteer, sheet_csv("replications", [
        {"model_id": "QN-TRAKA", "commune": "Trà Giáp", "year": "2025"}]).encode(),
        name="rep2.csv", kind="replications")
    assert ambiguous.errors[0].reason == "commune_ambiguous"


def test_real_import_makes_the_illustrative_data_step_aside(engine, gazetteer, editor):
    demo = plan_of(engine, gazetteer, sheet_csv("models", [model_row(id="DEMO-1")]).encode(),
                   name="demo.csv")
    importing.apply_plan(engine, demo, actor=roles.DEMO, valid_rows_only=False, illustrative=True)
    assert store.has_demo(engine)
    real = plan_of(engine, gazetteer, sheet_csv("models", [model_row()]).encode())
    importing.apply_plan(engine, real, actor=editor, valid_rows_only=False)
    assert store.read_models(engine)["id"].tolist() == ["QN-TRAKA"]
    assert not store.has_demo(engine)


def test_export_neutralises_formulas_and_reads_back(engine, gazetteer):
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM", "bình thường"],
                          "n": [1, 2, 3, 4, 5]})
    back = reading.read_table(export.to_csv_bytes(frame, notice="Dữ liệu minh họa"), "x.csv")
    written = [row[0] for row in back.rows]
    assert written == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM", "bình thường"]
    assert [reading.restore(v) for v in written] == frame["name"].tolist()
    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(export.to_xlsx_bytes(frame))).worksheets[0]
    assert [c.value for c in sheet["A"]][1:] == written


def test_template_round_trip(engine, gazetteer):
    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(export.template_xlsx("models")))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    sheet.append([model_row().get(spec.key, "") for spec in fields.MODEL_FIELDS])
    out = io.BytesIO()
    book.save(out)
    plan = plan_of(engine, gazetteer, out.getvalue(), name="template.xlsx")
    assert headers[:2] == ["Mã mô hình", "Tên mô hình"]
    assert plan.errors == [] and plan.records[0]["id"] == "QN-TRAKA"


def test_store_reads_postgres_or_sqlite_alike(engine, gazetteer, editor):
    """Two imported models read back with the same values and types from either database:
    nullable integers stay exact, an empty cell is missing (not 0 or NaN-as-float)."""
    rows = [model_row(), model_row(id="QN-B", name="Bếp ăn  tình thương", domain="Văn hóa – xã hội",
                                   typical="Không", typical_year="", households="",
                                   result_vnd="9.223.372.036.854.775.807", year_started="2019")]
    data = sheet_csv("models", rows).encode()
    importing.apply_plan(engine, plan_of(engine, gazetteer, data), actor=editor,
                        valid_rows_only=False)
    stored = store.read_models(engine)
    shown = stored[["id", "name", "domain", "commune_era", "commune_code", "district_code",
                    "year_started", "typical", "typical_year", "households", "result_vnd"]]
    assert shown.astype(object).where(shown.notna(), None).to_dict("list") == {
        "id": ["QN-B", "QN-TRAKA"], "name": ["Bếp ăn  tình thương", TRA_KA["name"]],  # as written
        "domain": ["van_hoa_xa_hoi", "kinh_te"], "commune_era": ["2019", "2020"],  # by year
        "commune_code": ["20932", "20932"], "district_code": ["515", "515"],
        "year_started": [2019, 2021], "typical": [False, True], "typical_year": [None, 2024],
        "households": [None, 12], "result_vnd": [2**63 - 1, 60_000_000]}
    assert stored[["year_started", "typical_year", "households", "result_vnd"]].dtypes.eq(
        "Int64").all() and stored["typical"].dtype == bool
    assert stored["created_at"].notna().all() and stored["import_id"].nunique() == 1
