"""Every upload is bounded before it is parsed: a file built to exhaust the server is answered
within 2 s and 200 MB with a message naming what is too large, a damaged workbook is a project
error, and a file that is not UTF-8 is offered its likeliest encoding first, never read silently."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import openpyxl
import pytest

from geo.errors import DvkError, FileTooLargeError, ImportFileError
from geo.records import encodings, grid, reading, workbook
from geo.store import importing
from tests.helpers import model_row, sheet_csv

SECONDS, BYTES = 2.0, 200_000_000


def bounded(work):
    """What `work()` returns or raises, after checking it took < 2 s of CPU (the server's cost;
    wall time would count the other tests sharing the cores) and < 200 MB."""
    tracemalloc.start()
    start = time.process_time()
    try:
        return work()
    finally:
        elapsed = time.process_time() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert elapsed < SECONDS and peak < BYTES, (elapsed, peak)


def test_a_very_wide_header_costs_nothing_when_its_tail_is_empty():
    data = ("Tên mô hình,Lĩnh vực" + "," * 300_000 + "\nA,Kinh tế" + "," * 300_000 + "\n").encode()
    table = bounded(lambda: reading.read_table(data, "rong.csv"))
    assert table.columns == ["Tên mô hình", "Lĩnh vực"] and table.rows == [["A", "Kinh tế"]]


@pytest.mark.parametrize("column", [grid.MAX_COLUMNS + 1, 5000])
def test_data_past_the_column_cap_is_named(column):
    cells = ["x"] * 2 + [""] * (column - 3) + ["dữ liệu"]
    data = ("a,b\n" + ",".join(cells) + "\n").encode()
    with pytest.raises(FileTooLargeError) as refused:
        bounded(lambda: reading.read_table(data, "rong.csv"))
    assert refused.value.values["row"] == 2
    assert refused.value.values["what"] == grid.column_letter(column - 1)


def test_data_at_the_column_cap_is_read():
    data = (",".join(f"c{i}" for i in range(grid.MAX_COLUMNS)) + "\n" +
            ",".join("v" for _ in range(grid.MAX_COLUMNS)) + "\n").encode()
    assert len(reading.read_table(data, "day.csv").rows[0]) == grid.MAX_COLUMNS


@pytest.mark.slow
def test_a_place_cell_of_long_separator_runs_is_checked_in_linear_time(engine, gazetteer):
    from geo.records import importer

    rows = [model_row(id=f"R{i}", commune="Trà Ka" + sep * 20_000)
            for i, sep in enumerate([",", ", ", "-", " -", ";"])]
    data = sheet_csv("models", rows).encode()
    plan = bounded(lambda: importing.plan(
        reading.read_table(data, "dai.csv"), kind="models", gazetteer=gazetteer, engine=engine,
        file_name="dai.csv", sha256=importer.file_sha256(data), this_year=2026))
    assert len(plan.records) + len(plan.rejected_rows) == 5


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def real_workbook(sheets: int = 2) -> dict[str, bytes]:
    book = openpyxl.Workbook()
    book.active.append(["Tên mô hình", "Lĩnh vực"])
    for i in range(1, sheets):
        book.create_sheet(f"Trang {i + 1}")
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def test_a_shared_strings_bomb_is_refused_before_it_is_unpacked():
    parts = real_workbook()
    parts["xl/sharedStrings.xml"] = b"<sst>" + b"<si><t>aaaaaaaa</t></si>" * 2_000_000 + b"</sst>"
    data = zipped(parts)
    assert len(data) < 1_000_000  # small to send, 48 MB unpacked
    for read in (lambda: workbook.xlsx_sheets(data, "bom.xlsx"),
                 lambda: reading.read_table(data, "bom.xlsx")):
        with pytest.raises(FileTooLargeError) as refused:
            bounded(read)
        assert refused.value.values["what"] == "xl/sharedStrings.xml"


def test_the_sheet_list_reads_only_the_workbook_part():
    parts = real_workbook(3)
    names, active = bounded(lambda: workbook.xlsx_sheets(zipped(parts), "ba.xlsx"))
    assert names == ["Sheet", "Trang 2", "Trang 3"] and active == "Sheet"


@pytest.mark.parametrize("damage", ["missing sheet part", "bad sheet xml", "bad workbook xml",
                                    "not a zip", "no workbook part"])
def test_a_damaged_workbook_is_a_project_error(damage):
    parts = real_workbook()
    if damage == "missing sheet part":
        del parts["xl/worksheets/sheet2.xml"]
        read = lambda data: reading.read_table(data, "x.xlsx", sheet="Trang 2")  # noqa: E731 - one line each
    elif damage == "bad sheet xml":
        parts["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row><c r='A1'"
        read = lambda data: reading.read_table(data, "x.xlsx")  # noqa: E731 - one line each
    elif damage == "bad workbook xml":
        parts["xl/workbook.xml"] = b"<workbook><sheets>"
        read = lambda data: workbook.xlsx_sheets(data, "x.xlsx")  # noqa: E731 - one line each
    elif damage == "no workbook part":
        del parts["xl/workbook.xml"]
        read = lambda data: workbook.xlsx_sheets(data, "x.xlsx")  # noqa: E731 - one line each
    else:
        read = lambda data: reading.read_table(b"PK\x03\x04 not a zip", "x.xlsx")  # noqa: E731 - one line each
    with pytest.raises(ImportFileError) as refused:
        read(zipped(parts))
    assert isinstance(refused.value, DvkError) and "x.xlsx" in str(refused.value)


def test_one_bad_utf8_byte_offers_utf8_first_and_counts_it():
    text = sheet_csv("models", [model_row(id=f"A{i}") for i in range(20)])
    raw = text.encode()
    cut = raw.index(b",", 300)  # between two characters, not inside one
    data = raw[:cut] + b"\xff" + raw[cut:]
    choices = bounded(lambda: encodings.encoding_choices(data))
    assert choices[0] == "utf-8-replace" and set(choices) == set(encodings.ENCODINGS)
    preview, replaced = encodings.preview(data, "utf-8-replace")
    assert replaced == 1 and "Trà Ka" in preview


def test_plain_latin1_offers_windows_1252_first():
    data = ("Tên,Ghi chú\n" + "Café,crème brûlée à la française\n" * 30).encode("latin-1",
                                                                              "replace")
    assert encodings.encoding_choices(data)[0] == "cp1252"
    preview, replaced = encodings.preview(data, "cp1252")
    assert "crème brûlée" in preview and replaced == 0


def test_vietnamese_windows_1258_offers_it_first():
    from tests.helpers import windows_1258

    data = windows_1258(sheet_csv("models", [model_row(id=f"A{i}") for i in range(5)]))
    assert encodings.encoding_choices(data)[0] == "cp1258"
    assert "Trà Ka" in encodings.preview(data, "cp1258")[0]


@pytest.mark.parametrize("encoding", encodings.ENCODINGS)
@pytest.mark.parametrize("data", [b"\x81\x8d\x8f\x90\x9d", b"\xff\xfe\x00", bytes(range(256)),
                                  b"\xef\xbb\xbf\xc3"])
def test_every_preview_of_every_choice_answers(encoding, data):
    text, replaced = encodings.preview(data, encoding)
    assert isinstance(text, str) and replaced >= 0


RUNS = [",", " ", ", ", "-", " -", ";", "huyen ", "h.", "tp.", "quang ", "tinh ", "da ", "1.",
        "1,", "9", "$", "\\", "xa ", "  x", "(", ".", "'", '"']


def parsers_of_cells(gazetteer):
    """Every function a cell's text goes through on its way in (and out, as Markdown)."""
    from geo.boundaries import matching, names
    from geo.records import numbers, rows, vocab
    from geo.render import plaintext

    return {"split_place": matching.split_place, "is_province": matching.is_province_name,
            "clean_text": names.clean_text, "commune_key": names.commune_key,
            "district_key": names.district_key, "numbers": lambda s: numbers.evidence([s]),
            "vocab": lambda s: vocab.lookup(vocab.UNITS, s), "header": rows._header_key,
            "escape": plaintext.escape_markdown,
            "resolve": lambda s: gazetteer.resolve(code=None, name=s, district=None, year=2020,
                                                   era=None)}


def fastest(work, text: str) -> float:
    """The best of three runs (one, when it is already too slow to matter)."""
    times = []
    for _ in range(3):
        start = time.process_time()
        work(text)
        times.append(time.process_time() - start)
        if times[-1] > 0.5:
            break
    return min(times)


@pytest.mark.slow
def test_every_cell_parser_takes_time_linear_in_the_cell(gazetteer):
    for name, work in parsers_of_cells(gazetteer).items():
        for run in RUNS:
            small = run * (500 // len(run)) + "!"
            large = run * (4_000 // len(run)) + "!"
            t_small = fastest(work, small)
            t_large = fastest(work, large) if t_small < 0.1 else float("inf")
            # linear: 8 times the text, about 8 times the time; quadratic would be 64
            assert t_large < 0.5 and (t_large < 0.02 or t_large < 24 * t_small), (
                name, run, t_small, t_large)


@pytest.mark.parametrize("text", ["Nome,Cidade\nJoão,São Paulo\nConceição,Ação\n",
                                  "Tên,Ghi chú\nA,São\n",
                                  "Name,Ort\nMüller,Düsseldorf\nGroß,Köln\n",
                                  "Tên,Ghi chú\nSão\ncoração\nTên,São,Ñandú\nTrà Ka\nhình\n"])
def test_latin1_text_is_offered_windows_1252_before_1258(text):
    """Every byte of these files decodes in both code pages; only Windows-1252 makes words."""
    data = text.encode("latin-1")
    assert encodings.encoding_choices(data)[0] == "cp1252"
    assert encodings.plausibility(data, "cp1252") > encodings.plausibility(data, "cp1258")


def test_vietnamese_of_the_demo_in_windows_1258_is_offered_it_first():
    from geo.store import demo_facts
    from tests.helpers import windows_1258

    def texts(value) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            value = [*value.keys(), *value.values()]
        return [t for v in value for t in texts(v)] if isinstance(value, (list, tuple)) else []

    names = sorted({t for name in ("AGENCIES", "CROPS", "ANIMALS", "LANDS", "VOCAB")
                    for t in texts(getattr(demo_facts, name)) if not t.isascii()})
    assert len(names) > 20
    for name in names:
        assert encodings.encoding_choices(windows_1258(f"Tên\n{name}\n"))[0] == "cp1258", name
