"""Import that never loses a character: exact reading, stable ids, numbers, checks, round trips."""

from __future__ import annotations

import csv
import io
import unicodedata

import pandas as pd
import pytest

from geo import boundaries, settings
from geo.analysis import aggregate
from geo.errors import EmptyImportError, EncodingChoiceError, ExportError, ImportFileError
from geo.records import export, importer, reading, workbook
from geo.store import importing, roles, store
from geo.store.schema import models
from tests.helpers import editor_in, sheet_csv

HEADER = "Mã mô hình,Tên mô hình,Lĩnh vực,Đơn vị thực hiện,Xã / phường / thị trấn,Năm bắt đầu"


def plan_of(engine, gazetteer, data: bytes | str, name="models.csv", kind="models", *,
            encoding=None, sheet=None, **kw):
    data = data.encode("utf-8") if isinstance(data, str) else data
    table = reading.read_table(data, name, encoding=encoding, sheet=sheet)
    return importing.plan(table, kind=kind, gazetteer=gazetteer, engine=engine,
                                file_name=name, sha256=importer.file_sha256(data),
                                this_year=2026, **kw)


def imported(engine, gazetteer, data, **kw) -> pd.DataFrame:
    plan = plan_of(engine, gazetteer, data, **kw)
    assert plan.errors == [], plan.errors
    importing.apply_plan(engine, plan, actor=editor_in(engine), valid_rows_only=False,
                        allow_changes=True,
                        allow_repeat=True)
    return store.read_models(engine).set_index("id")


def row(id_, name, commune="Xã Trà Ka", year="2021", domain="Kinh tế", unit="UBND") -> list:
    return [id_, name, domain, unit, commune, year]


def csv_text(rows: list[list], header: str = HEADER, head: str = "") -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header.split(","), *rows])
    return head + out.getvalue()


# --- CSV reading --------------------------------------------------------------------------------

@pytest.mark.slow
def test_the_demo_csv_imports_byte_exact(demo_engine):
    """Every text cell of the shipped demo file is stored as an independent CSV reader reads it."""
    path = settings.path("DVK_DEMO_DIR") / "models.csv"
    expected = pd.read_csv(path, dtype=str, keep_default_na=False, skiprows=1)
    stored = store.read_models(demo_engine).set_index("id")
    for column, key in (("Tên mô hình", "name"), ("Mô tả", "description"), ("Nguồn", "source"),
                        ("Kết quả", "result_text")):
        got = stored.loc[expected["Mã mô hình"], key].fillna("").tolist()
        assert got == expected[column].tolist()
    assert stored.at["QN-TAM-THANG", "name"] == 'Tổ tự quản "5 trong 1"'
    assert stored.at["QN-TAM-THANG", "description"].endswith(
        'phương châm "3 không": không lương, không phụ cấp, không chế độ.')
    assert stored.at["QN-TAM-THANG", "source"] == "Dữ liệu minh họa (geo.demo)"


def test_quotes_commas_and_newlines_anywhere(engine, gazetteer):
    filler = [row(f"F{i}", f"Mô hình {i}", year=str(2010 + i % 10)) for i in range(120)]
    tricky = [row("Q1", 'Tổ "5 trong 1", thôn 3'), row("Q2", 'dòng 1\ndòng 2 ""x""'),
              row("Q3", "L'apostrophe, early")]
    text = csv_text([tricky[2], *filler, tricky[0], tricky[1]])
    assert text.index('"Tổ ""5 trong 1"", thôn 3"') > 4096
    stored = imported(engine, gazetteer, text)
    assert len(stored) == 123
    assert stored.at["Q1", "name"] == 'Tổ "5 trong 1", thôn 3'
    assert stored.at["Q2", "name"] == 'dòng 1\ndòng 2 ""x""'
    assert stored.at["Q3", "name"] == "L'apostrophe, early"


def test_an_unclosed_quote_stops_with_the_row_it_opens_on(engine, gazetteer):
    rows = [row(f"R{i}", f"M {i}") for i in range(34)]
    text = csv_text(rows).replace("M 3,", '"M 3,', 1)
    with pytest.raises(ImportFileError, match=r"row 5 \(line 5\).*never closed"):
        plan_of(engine, gazetteer, text)


def test_huge_cells_and_separators_inside_cells(engine, gazetteer):
    header = HEADER + ",Mô tả"
    long = "x" * 200_000
    odd = "a\u2028b\u2029cd\n# not a comment\n#07"  # line and paragraph separators are text
    # (vertical tab, form feed and the other control characters are refused: test_hostile_text)
    text = csv_text([row("#07", "Tên") + [long], row("B", "Hai") + [odd]], header=header,
                    head="# comment at the top\n")
    stored = imported(engine, gazetteer, text)
    assert stored.at["#07", "description"] == long
    assert stored.at["B", "description"] == odd


def test_row_numbers_are_the_spreadsheet_rows(engine, gazetteer):
    text = "# note\n\n" + HEADER + "\n\n" + ",".join(row("A", "Một")) + "\n" + ",".join(
        row("B", "Hai", domain="Thể thao")) + "\n"
    plan = plan_of(engine, gazetteer, text)
    assert [(e.row, e.reason) for e in plan.errors] == [(6, "unknown_value")]
    assert plan.records[0]["_row"] == 5


def test_extra_cells_unknown_and_duplicated_headers(engine, gazetteer):
    text = csv_text([row("A", "Một") + ["", "Số hộ"], row("B", "Hai", commune="Trà Ka, x")],
                    header=HEADER + ",Số hộ")
    text = text.replace("Trà Ka, x", "Trà Ka", 1).replace('"Trà Ka"', "Trà Ka, x")
    plan = plan_of(engine, gazetteer, text)
    assert [n.key for n in plan.notices] == ["unknown_column"]
    assert plan.notices[0].values["near"] == "Số hộ tham gia"
    assert (2, "H", "Số hộ", "extra_cell") in {(e.row, e.column, e.value, e.reason)
                                                for e in plan.errors}
    assert [r["id"] for r in plan.records] == [] or "A" not in [r["id"] for r in plan.records]
    with pytest.raises(ImportFileError, match="appears twice"):
        plan_of(engine, gazetteer, csv_text([row("A", "x") + ["y"]], header=HEADER + ",Tên mô hình"))
    with pytest.raises(ImportFileError, match="both"):
        plan_of(engine, gazetteer, csv_text([row("A", "x") + ["y"]], header=HEADER + ",name"))


def test_encodings_are_never_guessed(engine, gazetteer):
    good = csv_text([row("A", "Mô hình Trà Ka")])
    bad = good.encode("utf-8").replace("Trà Ka".encode(), b"Tr\xe0 Ka", 1)
    with pytest.raises(EncodingChoiceError, match="line 2"):
        plan_of(engine, gazetteer, bad)
    chosen = plan_of(engine, gazetteer, bad, encoding="utf-8-replace")
    assert chosen.records[0]["name"] == "Mô hình Tr\ufffd Ka"
    for codec in ("utf-16-le", "utf-16-be"):
        plan = plan_of(engine, gazetteer, good.encode(codec))
        assert plan.errors == [] and plan.records[0]["name"] == "Mô hình Trà Ka"


def test_header_only_file_is_refused_and_keeps_the_demo(engine, gazetteer):
    importing.apply_plan(engine, plan_of(engine, gazetteer, csv_text([row("D", "Demo")])),
                        actor=roles.DEMO, valid_rows_only=False, illustrative=True)
    with pytest.raises(EmptyImportError):
        plan_of(engine, gazetteer, HEADER + "\n\n")
    assert store.has_demo(engine) and store.count_rows(engine, models) == 1
    plan = plan_of(engine, gazetteer, csv_text([row("A", "Thật")]))
    assert plan.replaces_demo


# --- XLSX ---------------------------------------------------------------------------------------

def _book(fill) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    fill(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_active_sheet_chosen_sheet_and_far_styled_cell(engine, gazetteer):
    from openpyxl.styles import Font

    def fill(book):
        book.active.title = "ghi chú"
        book.active.append(["not the data"])
        data = book.create_sheet("mô hình")
        data.append(HEADER.split(","))
        data.append(row("A", "Một", year=2021))
        data["XFD1048576"].font = Font(bold=True)
        other = book.create_sheet("khác")
        other.append(HEADER.split(","))
        other.append(row("B", "Hai"))
        book.active = 1

    data = _book(fill)
    assert workbook.xlsx_sheets(data, "x.xlsx") == (["ghi chú", "mô hình", "khác"], "mô hình")
    plan = plan_of(engine, gazetteer, data, name="x.xlsx")
    assert [r["id"] for r in plan.records] == ["A"] and plan.records[0]["year_started"] == 2021
    other = plan_of(engine, gazetteer, data, name="x.xlsx", sheet="khác")
    assert [r["id"] for r in other.records] == ["B"]


def test_xlsx_formula_without_saved_value_is_a_row_error(engine, gazetteer):
    def fill(book):
        sheet = book.active
        sheet.append(HEADER.split(",") + ["Số hộ tham gia"])
        sheet.append(row("A", "Một") + ["=2+3"])
        sheet.append(row("B", "Hai") + [5])

    plan = plan_of(engine, gazetteer, _book(fill), name="f.xlsx")
    assert [(e.row, e.column, e.reason) for e in plan.errors] == [(2, "G", "formula_no_value")]
    assert [(r["id"], r["households"]) for r in plan.records] == [("B", 5)]


# --- numbers and checks -------------------------------------------------------------------------

def test_number_ranges_and_conventions(engine, gazetteer):
    header = HEADER + ",Số hộ tham gia,Kết quả: diện tích (ha),Kết quả: số tiền (đồng),Mã xã"
    rows = [row("A", "a") + ["1.234", "1.500", "", ""],
            row("B", "b") + ["-3", "inf", "10000000000000000000000000", ""],
            row("C", "c") + ["", "", "", "20932.5"],
            row("D", "d") + ["", "", str(2**63 - 1), ""]]
    plan = plan_of(engine, gazetteer, csv_text(rows, header=header))
    got = {(e.row, e.column, e.reason) for e in plan.errors}
    assert got == {(2, "Kết quả: diện tích (ha)", "ambiguous_number"),
                   (3, "Số hộ tham gia", "negative"),
                   (3, "Kết quả: diện tích (ha)", "not_a_number"),
                   (3, "Kết quả: số tiền (đồng)", "too_large"),
                   (4, "Mã xã", "code_not_integer")}
    assert plan.records[0]["result_vnd"] == 2**63 - 1
    vi = plan_of(engine, gazetteer, csv_text(rows[:1], header=header), number_format="vi")
    assert (vi.records[0]["households"], vi.records[0]["result_ha"]) == (1234, 1500.0)
    en = plan_of(engine, gazetteer, csv_text(rows[:1], header=header), number_format="en")
    assert [(e.column, e.reason) for e in en.errors] == [("Số hộ tham gia", "not_whole")]
    evidence = plan_of(engine, gazetteer, csv_text(
        [rows[0], row("E", "e") + ["", "2,5", "", ""]], header=header))
    assert [r["result_ha"] for r in evidence.records] == [1500.0, 2.5]


def test_the_largest_integers_store_and_read_back(engine, gazetteer):
    header = HEADER + ",Kết quả: số tiền (đồng),Số hộ tham gia"
    stored = imported(engine, gazetteer, csv_text(
        [row("A", "a") + [str(2**63 - 1), str(2**31 - 1)], row("B", "b") + ["", ""]],
        header=header))
    assert stored.at["A", "result_vnd"] == 2**63 - 1 and stored.at["A", "households"] == 2**31 - 1
    placement = aggregate.placement_table(boundaries.read_eras(),
                                          boundaries.read_layer("communes"))
    codes = {g: boundaries.read_layer(g)["code"].tolist()
             for g in ("communes", "districts", "units_2025")}
    prepared = aggregate.prepare(stored.reset_index(), placement, codes)
    assert len(prepared.frame) == 2
    over = plan_of(engine, gazetteer, csv_text([row("C", "c") + ["", str(2**31)]], header=header))
    assert over.errors[0].reason == "too_large"


def test_year_order_rules(engine, gazetteer, editor):
    header = HEADER + ",Điển hình,Năm chọn điển hình"
    plan = plan_of(engine, gazetteer, csv_text(
        [row("A", "a", year="2021") + ["Có", "2019"], row("B", "b") + ["Không", "2024"],
         row("C", "c", year="2021") + ["Có", "2024"]], header=header))
    assert {(e.row, e.reason) for e in plan.errors} == {(2, "year_order"),
                                                        (3, "typical_year_not_typical")}
    importing.apply_plan(engine, plan, actor=editor, valid_rows_only=True)
    reps = plan_of(engine, gazetteer, sheet_csv("replications", [
        {"model_id": "C", "commune": "Trà Giáp", "year": "2020"},
        {"model_id": "C", "commune": "Trà Giáp", "year": "2024"}]), name="r.csv",
        kind="replications")
    assert [(e.row, e.reason) for e in reps.errors] == [(2, "before_model")]


def test_store_limits_are_row_errors_on_both_databases(engine, gazetteer, editor):
    header = HEADER + ",Mô tả"
    plan = plan_of(engine, gazetteer, csv_text(
        [row("A" * 65, "a") + [""], row("B", "b") + ["x\x00y"], row("C", "c") + [""]],
        header=header))
    assert {(e.row, e.reason) for e in plan.errors} == {(2, "too_long"), (3, "nul_character")}
    importing.apply_plan(engine, plan, actor=editor, valid_rows_only=True)
    assert store.read_models(engine)["id"].tolist() == ["C"]


# --- identity -----------------------------------------------------------------------------------

def test_records_without_ids_update_instead_of_duplicating(engine, gazetteer):
    base = [row("", "Một"), row("", "Hai", commune="Xã Trà Giác"), row("", "Ba", year="2019")]
    first = imported(engine, gazetteer, csv_text(base))
    header = HEADER + ",Số hộ tham gia"
    edited = [r + ["7"] for r in base] + [row("", "Bốn") + [""]]
    second = imported(engine, gazetteer, csv_text(edited, header=header))
    assert len(first) == 3 and len(second) == 4
    assert set(first.index) < set(second.index)
    assert second.loc[first.index, "households"].tolist() == [7, 7, 7]
    twice = plan_of(engine, gazetteer, csv_text([row("", "Năm"), row("", "Năm")]))
    assert [(e.row, e.reason) for e in twice.errors] == [(3, "duplicate_content")]


def test_likely_duplicates_are_listed_before_import(engine, gazetteer):
    imported(engine, gazetteer, csv_text([row("X1", "Tổ tự quản")]))
    plan = plan_of(engine, gazetteer, csv_text([row("X2", "tổ  tự quản"), row("X3", "Khác")]))
    notices = [n.values for n in plan.notices if n.key == "likely_duplicate"]
    assert notices == [{"rows": "2", "ids": "X1, X2"}]


def test_da_nang_and_quang_nam_name_the_province(engine, gazetteer):
    header = ("Tên mô hình,Lĩnh vực,Đơn vị thực hiện,Xã / phường / thị trấn,Huyện / thị xã / thành phố,"
              "Năm bắt đầu,Địa giới theo")
    rows = [[f"A{i}", "Kinh tế", "UBND", "Xã Trà My", place, "2025", "2025b"]
            for i, place in enumerate (("Đà Nẵng", "thành phố Đà Nẵng", "Quảng Nam", "tỉnh Quảng Nam"))]
    rows.append(["B", "Kinh tế", "Cơ quan cấp tỉnh", "", "Thành phố Đà Nẵng", "2025", ""])
    plan = plan_of(engine, gazetteer, csv_text(rows, header=header))
    assert plan.errors == []
    assert {(r["commune_era"], r["commune_code"]) for r in plan.records[:4]} == {
        ("2025b", plan.records[0]["commune_code"])}
    assert plan.records[-1]["level"] == "tinh"


# --- round trip ---------------------------------------------------------------------------------

ROUND_TRIP_TEXTS = ['Tổ "5 trong 1", ""thôn"" 3', "dòng 1\r\ndòng 2\n# dòng 3", "a\u2028b\u2029c",
                    "007", "=SUM(A1:A3)", "+84 905", "-1", "@mention", "'=already", "😀 ✅",
                    unicodedata.normalize("NFD", "Điện Phước"), "y" * 200_000]


def test_export_then_import_gives_identical_records(engine, gazetteer):
    header = HEADER + ",Mô tả,Nguồn,Kết quả: diện tích (ha),Số hộ tham gia,Kết quả: số tiền (đồng)"
    rows = [row(f"T{i:02d}", f"Mô hình {i}") + [text, text[:50], "1,234", "1.500", "12000000"]
            for i, text in enumerate(ROUND_TRIP_TEXTS)]
    first = imported(engine, gazetteer, csv_text(rows, header=header), number_format="vi")
    assert first.at["T00", "description"] == ROUND_TRIP_TEXTS[0]
    assert first.at["T10", "description"] == "Điện Phước"  # stored composed (NFC)
    assert first.at["T01", "description"] == "dòng 1\ndòng 2\n# dòng 3"  # line breaks as LF
    assert (first.at["T00", "result_ha"], first.at["T00", "households"]) == (1.234, 1500)
    eras = boundaries.read_eras()
    names = dict(zip(eras["era"] + ":" + eras["code"], eras["name"]))
    frame = export.import_frame("models", first.reset_index(), names)
    keep = [c for c in first.columns if c not in ("created_at", "updated_at", "import_id")]
    with engine.begin() as connection:
        connection.execute(models.delete())
    again = imported(engine, gazetteer, export.to_csv_bytes(frame, notice="ghi chú"),
                     name="back.csv")
    pd.testing.assert_frame_equal(again[keep], first[keep])
    # an XLSX cell holds 32,767 characters: refused with a message rather than cut
    with pytest.raises(ExportError, match="row 13"):
        export.to_xlsx_bytes(frame)
    short = first.drop(index="T11")
    with engine.begin() as connection:
        connection.execute(models.delete())
    again = imported(engine, gazetteer, export.to_xlsx_bytes(frame.iloc[:-1]), name="back.xlsx")
    pd.testing.assert_frame_equal(again[keep], short[keep])


def test_a_table_typed_in_the_editor_keeps_filled_rows_with_their_numbers():
    frame = pd.DataFrame({"Tên": ["Mô hình A", None, "  ", "C"], "Năm": [2020, None, None, 2021.0],
                          3: ["x", None, "", None]})
    table = reading.table_from_frame(frame, "(trang Dữ liệu)")
    assert table.file_name == "(trang Dữ liệu)"
    assert table.columns == ["Tên", "Năm", "3"]
    assert table.rows == [["Mô hình A", "2020.0", "x"], ["C", "2021.0", ""]]
    assert table.row_numbers == [1, 4] and len(table) == 2
    empty = reading.table_from_frame(pd.DataFrame({"Tên": []}), "x")
    assert empty.rows == [] and empty.row_numbers == [] and empty.columns == ["Tên"]


@pytest.mark.parametrize("value, written", [
    ("=1+1", "'=1+1"), ("+33", "'+33"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("'=x", "''=x"), ("Hội An", "Hội An"), ("", ""), ("a=b", "a=b"), (12, 12), (None, None),
    ("X=1", "X=1"), ("XX'=1", "XX'=1"), ("'X=1", "'X=1")])
def test_cells_a_spreadsheet_would_run_are_neutralised_and_restored(value, written):
    assert reading.neutralise(value) == written
    if isinstance(value, str):
        assert reading.restore(written) == value


@pytest.mark.parametrize("written, era, code", [("2019", "2019", "20362"), ("2020", "2020", "20362"),
                                                ("2025a", "2025a", "20362"),
                                                ("2025b", "2025b", "20335")])
def test_the_boundaries_column_names_the_era_a_commune_is_written_in(engine, gazetteer, written,
                                                                     era, code):
    """README: "Địa giới theo" 2019, 2020, 2025a or 2025b decides which boundaries a commune
    name is read against, whatever the year (Tam Thăng joined Bàn Thạch on 1-7-2025)."""
    header = ("Tên mô hình,Lĩnh vực,Đơn vị thực hiện,Xã / phường / thị trấn,"
              "Huyện / thị xã / thành phố,Năm bắt đầu,Địa giới theo")
    commune = "Phường Bàn Thạch" if written == "2025b" else "Xã Tam Thăng"
    rows = [["A", "Kinh tế", "UBND", commune, "Thành phố Tam Kỳ", "2021", written]]
    plan = plan_of(engine, gazetteer, csv_text(rows, header=header))
    assert plan.errors == []
    assert (plan.records[0]["commune_era"], plan.records[0]["commune_code"]) == (era, code)


@pytest.mark.parametrize("written, code, reason", [
    ("20362", "20362", None), ("203620", None, "code_not_integer"), ("20 362", None, "code_not_integer"),
    ("2036a", None, "code_not_integer"), ("-362", None, "code_not_integer")])
def test_commune_codes_are_at_most_5_digits(engine, gazetteer, written, code, reason):
    """README: codes of at most 5 digits (the statistics office's; short ones padded)."""
    header = "Tên mô hình,Lĩnh vực,Đơn vị thực hiện,Mã xã,Năm bắt đầu,Địa giới theo"
    plan = plan_of(engine, gazetteer, csv_text([["A", "Kinh tế", "UBND", written, "2021", "2020"]],
                                               header=header))
    if reason is None:
        assert plan.errors == [] and plan.records[0]["commune_code"] == code
    else:
        assert [(e.row, e.reason) for e in plan.errors if e.reason == reason] == [(2, reason)]


@pytest.mark.parametrize("text, row, line, what", [
    ('a,b\n1,2\n"x"y,3\n', 3, 3, "text follows a closing quotation mark"),
    ('a,b\n"1\n2",2\n"x"y,3\n', 3, 4, "text follows a closing quotation mark"),  # after a 2-line cell
    ('a,b\n"x"y,3\n', 2, 2, "text follows a closing quotation mark"),
    ('a,b\n1,"open\n2,3\n', 2, 2, "a quotation mark opened here is never closed"),
    ('"open,b\n1,2\n', 1, 1, "a quotation mark opened here is never closed"),
])
def test_a_broken_quote_is_named_with_its_row_and_line(text, row, line, what):
    with pytest.raises(ImportFileError) as refused:
        reading.csv_records(text, "f.csv")
    assert str(refused.value) == f"f.csv: row {row} (line {line}): {what}"
    assert refused.value.values == {"file": "f.csv", "row": row, "line": line}


def test_line_breaks_inside_a_quoted_cell_are_kept_as_written():
    records = reading.csv_records('a,b\r\n"x\r\ny",2\r\n"p\nq",3\r\n', "f.csv")
    assert records == [["a", "b"], ["x\r\ny", "2"], ["p\nq", "3"]]


@pytest.mark.parametrize("text, delimiter", [
    ("a;b;c,d\n1;2;3\n", ";"), ('"a,b,c";d;e\n', ";"), ('"x|y"\tb\tc\n', "\t"),
    ("name\n1\n", ","), ("", ","), ("# a;b;c|d\n\na|b|c;d\n", "|"), ("a|b,c\n", ","),
])
def test_the_delimiter_is_the_commonest_outside_quotes_on_the_header_line(text, delimiter):
    """Comment and blank lines before the header are skipped; a tie goes to the first of
    `,` `;` tab `|`; a file of one column is read with commas."""
    assert reading.sniff_delimiter(text) == delimiter


@pytest.mark.parametrize("text, line", [
    ("a;b\n", "a;b"), ("a;b", "a;b"), ("\n\na;b\r\nc", "a;b"), ("# x\r\n  \r\nName;Y \r\n", "Name;Y "),
    ("#only\n", ""), ("", ""), ("\r\n#c\nk", "k"), ("a;X\r\n", "a;X"),
])
def test_the_header_line_is_the_first_line_with_data(text, line):
    assert reading._first_data_line(text) == line


def test_cells_keep_their_leading_spaces_and_rows_their_blank_columns():
    assert reading.csv_records("a, b\n x,\n", "f.csv") == [["a", " b"], [" x", ""]]


def test_columns_up_to_the_limit_are_read_and_data_beyond_is_named():
    from geo.errors import FileTooLargeError
    from geo.records.grid import MAX_COLUMNS

    full = ",".join(["v"] * MAX_COLUMNS)
    assert reading.csv_records(full + ",,\n", "f.csv") == [["v"] * MAX_COLUMNS]
    for past, letter in ((MAX_COLUMNS, "GS"), (MAX_COLUMNS + 1, "GT")):
        cells = ["v"] * MAX_COLUMNS + [""] * 3
        cells[past] = "x"
        with pytest.raises(FileTooLargeError) as refused:
            reading.csv_records("h\n" + ",".join(cells) + "\n", "f.csv")
        assert str(refused.value) == (f"f.csv: row 2 has data in column {letter}, beyond the "
                                      f"{MAX_COLUMNS} columns read")
        assert refused.value.values == {"file": "f.csv", "row": 2, "what": letter,
                                        "limit": MAX_COLUMNS}


@pytest.mark.slow
def test_the_reader_stops_soon_after_the_row_limit():
    """csv_records allows 50 records beyond MAX_ROWS (blank and comment rows); read_table then
    counts the data rows against MAX_ROWS itself."""
    from geo.records.grid import MAX_ROWS

    assert len(reading.csv_records("1\n" * (MAX_ROWS + 50), "f.csv")) == MAX_ROWS + 50
    with pytest.raises(ImportFileError) as refused:
        reading.csv_records("1\n" * (MAX_ROWS + 51), "f.csv")
    assert str(refused.value) == f"f.csv: more than {MAX_ROWS:,} rows"
    assert refused.value.values == {"file": "f.csv", "limit": MAX_ROWS}


@pytest.mark.parametrize("columns, named", [
    (["Tên", "", "Năm", "tên"], ("tên", "A, D")),
    (["Tên  mô hình", "Năm", "tên mô\thình"], ("tên mô\thình", "A, C")),
])
def test_a_header_written_twice_is_named_with_both_columns(columns, named):
    """Headers are the same whatever their case and spacing; empty headers are skipped."""
    table = reading.Table("f.csv", columns, [], [])
    with pytest.raises(ImportFileError) as refused:
        reading._check_header(table, 3)
    again, where = named
    assert str(refused.value) == (f"f.csv: the header {again!r} appears twice (columns "
                                  f"{where.replace(', ', ' and ')}, row 3)")
    assert refused.value.values == {"file": "f.csv", "column": again, "columns": where}
    reading._check_header(reading.Table("f.csv", [c for c in columns if c != again], [], []), 3)


@pytest.mark.parametrize("column, fits, past, reason", [
    ("Mã mô hình", "Q" * 64, "Q" * 65, "too_long"),
    ("Năm bắt đầu", "2009", "2008", "year_range"),
    ("Năm bắt đầu", "2026", "2027", "year_range"),  # the import's this year: 2026
    ("Số hộ tham gia", str(2**31 - 1), str(2**31), "too_large"),
    ("Kết quả: diện tích (ha)", "1000000000000000", "1000000000000001", "too_large"),
    ("Số hộ tham gia", "0", "-1", "negative"),
])
def test_each_stated_limit_of_a_model_at_and_just_past_it(engine, gazetteer, column, fits, past,
                                                          reason):
    """README and the template's notes: ids up to 64 characters, years 2009 to this year,
    whole numbers up to 2,147,483,647, amounts up to 10^15, none below zero."""
    header = "Mã mô hình,Tên mô hình,Lĩnh vực,Đơn vị thực hiện,Xã / phường / thị trấn,Năm bắt đầu"
    names = header.split(",")
    if column not in names:
        header, names = header + "," + column, names + [column]

    def cells(value):
        base = dict(zip(names, ["A", "a", "Kinh tế", "UBND", "Xã Trà Ka", "2021", ""]))
        return [value if n == column else base[n] for n in names]

    assert plan_of(engine, gazetteer, csv_text([cells(fits)], header=header)).errors == []
    refused = plan_of(engine, gazetteer, csv_text([cells(past)], header=header)).errors
    assert [(e.row, e.column, e.reason) for e in refused] == [(2, column, reason)]


@pytest.mark.parametrize("year_to, errors", [("2100", []), ("2101", [(2, "Đến năm", "year_range")])])
def test_a_target_may_run_to_2100(engine, gazetteer, year_to, errors):
    rows = sheet_csv("targets", [{"level": "Xã, phường (từ 1-7-2025)", "year_from": "2095",
                                  "year_to": year_to, "cadence": "Mỗi năm", "min_new": "1"}])
    plan = plan_of(engine, gazetteer, rows, name="t.csv", kind="targets")
    assert [(e.row, e.column, e.reason) for e in plan.errors] == errors


def test_a_table_says_where_it_came_from():
    """File name, encoding, sheet and sheets of what was read; the numbers an XLSX stores as
    numbers are known by (row index, column) within the header's width."""
    table = reading.read_table("# note\nTên,Năm\nA,2021\n\nB,2022\n".encode(), "f.csv")
    assert (table.file_name, table.encoding, table.sheet, table.sheets) == (
        "f.csv", "utf-8", None, [])
    assert (table.columns, table.rows, table.row_numbers) == (
        ["Tên", "Năm"], [["A", "2021"], ["B", "2022"]], [3, 5])

    def fill(book):
        book.active.title = "mô hình"
        book.active.append(["Tên", "Năm"])
        book.active.append(["A", 2021, 7])  # a number beyond the header: set aside, not typed
        book.active.append(["B", "2022"])
        book.active.append(["C", 2023])

    book = reading.read_table(_book(fill), "x.xlsx")
    assert (book.file_name, book.encoding, book.sheet, book.sheets) == (
        "x.xlsx", None, "mô hình", ["mô hình"])
    assert book.typed_numbers == {(0, 1), (2, 1)} and book.extra_cells == {2: [("C", "7")]}


@pytest.mark.parametrize("data, message, values", [
    (b"", "f.csv: the file is empty", {"file": "f.csv"}),
    (b"# only a note\n\n,,\n", "f.csv: no header row", {"file": "f.csv"}),
    (b"a,b\n\"open,1\n", "f.csv: row 2 (line 2): a quotation mark opened here is never closed",
     {"file": "f.csv", "row": 2, "line": 2}),
    ("# x\n\nTên,Năm,tên\n".encode(), "f.csv: the header 'tên' appears twice (columns A and C, row 3)",
     {"file": "f.csv", "column": "tên", "columns": "A, C"}),
])
def test_a_file_that_cannot_be_read_is_named_with_where(data, message, values):
    with pytest.raises(ImportFileError) as refused:
        reading.read_table(data, "f.csv")
    assert (str(refused.value), refused.value.values) == (message, values)


def test_an_encoding_error_names_the_file():
    with pytest.raises(EncodingChoiceError) as refused:
        reading.read_table(b"T\xean,N\n", "f.csv")
    assert str(refused.value).startswith("f.csv: not valid UTF-8 (line 1, byte 2")
    with pytest.raises(ImportFileError) as refused:
        reading.read_table(b"\xff\xfeT\x00", "f.csv", encoding="ascii")
    assert str(refused.value).startswith("f.csv: cannot be read as ascii")


@pytest.mark.slow
def test_rows_up_to_the_limit_are_read_one_more_is_refused():
    from geo.records.grid import MAX_ROWS

    assert len(reading.read_table(b"n\n" + b"1\n" * MAX_ROWS, "f.csv")) == MAX_ROWS
    with pytest.raises(ImportFileError) as refused:
        reading.read_table(b"n\n" + b"1\n" * (MAX_ROWS + 1), "f.csv")
    assert (str(refused.value), refused.value.values) == (
        f"f.csv: more than {MAX_ROWS:,} rows", {"file": "f.csv", "limit": MAX_ROWS})


def test_old_mac_line_ends_are_line_ends():
    assert reading.csv_records("a,b\rc,d\r", "f.csv") == [["a", "b"], ["c", "d"]]


def test_whole_numbers_written_with_decimals_are_read_and_said(engine, gazetteer):
    from tests.helpers import model_row, sheet_csv

    data = sheet_csv("models", [model_row(id="A1", year_started="2021.0", households="12,00"),
                                model_row(id="A2", year_started="2022"),
                                model_row(id="A3", year_started="2019.00")])
    plan = plan_of(engine, gazetteer, data)
    assert plan.errors == [] and [r["year_started"] for r in plan.records] == [2021, 2022, 2019]
    said = {n.values["column"]: n.values for n in plan.notices if n.key == "decimals_in_whole"}
    assert said["Năm bắt đầu"]["n"] == 2 and said["Năm bắt đầu"]["rows"] == "2, 4"
    assert (said["Năm bắt đầu"]["written"], said["Năm bắt đầu"]["read"]) == ("2021.0", 2021)
    assert said["Số hộ tham gia"]["read"] == 12
    from geo.render import i18n
    for lang in ("vi", "en", "fr"):
        text = i18n.t("import.notice.decimals_in_whole", lang, **said["Năm bắt đầu"])
        assert "2021.0" in text and "2021" in text and "2, 4" in text
