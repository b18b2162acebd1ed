"""An XLSX file is read by our own bounded parser: every crafted workbook below (each small to
send, huge or slow to parse) is refused in under 5 s of CPU and 400 MB with a message naming the
part, and a real workbook still reads cell for cell as a spreadsheet program shows it."""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest

from geo.errors import FileTooLargeError, ImportFileError
from geo.records import export, reading, workbook

SECONDS, BYTES = 5.0, 400_000_000
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SHEET = b"<worksheet " + MAIN + b"><sheetData>"
SHEET_END = b"</sheetData></worksheet>"


def _status(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) * 1024
    raise KeyError(key)


def costly(work: Callable[[], object]) -> tuple[float, int]:
    """CPU seconds `work` took and how far its peak resident memory rose above where it
    started (the kernel's own high-water mark, reset first)."""
    Path("/proc/self/clear_refs").write_text("5")
    before, start = _status("VmRSS"), time.process_time()
    try:
        work()
    finally:
        elapsed = time.process_time() - start
    return elapsed, _status("VmHWM") - before


def plain_book() -> dict[str, bytes | Callable[[], Iterator[bytes]]]:
    book = openpyxl.Workbook()
    book.active.append(["Tên mô hình", "Lĩnh vực"])
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def with_shared_strings(parts: dict) -> dict:
    rels = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
    return {**parts, "xl/_rels/workbook.xml.rels": rels}


def repeated(head: bytes, unit: bytes, tail: bytes, size: int) -> Callable[[], Iterator[bytes]]:
    """A part of about `size` bytes: `unit` many times between `head` and `tail`, streamed."""
    def chunks() -> Iterator[bytes]:
        yield head
        block = unit * max(1, (1 << 20) // len(unit))
        for _ in range(size // len(block) + 1):
            yield block
        yield tail
    return chunks


def zipped(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            if callable(content):
                with archive.open(name, "w", force_zip64=True) as part:
                    for chunk in content():
                        part.write(chunk)
            else:
                archive.writestr(name, content)
    return out.getvalue()


def many_strings(count: int) -> list[bytes]:
    """`count` shared strings of two random letters each (not too compressible)."""
    letters = os.urandom(count).hex().encode()
    return [b"".join(b"<si>" + letters[i:i + 2] + b"</si>" for i in range(0, 2 * count, 2))]


STYLES = b"<styleSheet " + MAIN + b">"
CRAFTED = {  # what the attacker sends -> (the part named, words of the refusal)
    "styles inflating 20 MB of fonts": (
        {"xl/styles.xml": repeated(STYLES + b"<fonts>", b'<font><b/><sz val="11"/></font>',
                                   b"</fonts></styleSheet>", 20_000_000)},
        "xl/styles.xml", "times its packed size"),
    "styles of 100 MB of cell formats": (
        {"xl/styles.xml": repeated(STYLES + b"<cellXfs>", b'<xf numFmtId="0" fontId="0"/>',
                                   b"</cellXfs></styleSheet>", 100_000_000)},
        "xl/styles.xml", "cell formats"),
    "a row of 50 MB of styled empty cells": (
        {"xl/worksheets/sheet1.xml": repeated(SHEET + b'<row r="1">', b'<c s="1"/>',
                                              b"</row>" + SHEET_END, 50_000_000)},
        "xl/worksheets/sheet1.xml", "past column XFD"),
    "a 100 MB workbook part": (
        {"xl/workbook.xml": repeated(b"<workbook " + MAIN + b"><definedNames>",
                                     b'<definedName name="a">x</definedName>',
                                     b"</definedNames></workbook>", 100_000_000)},
        "xl/workbook.xml", "more than this import reads"),
    "250 MB of empty rows": (
        {"xl/worksheets/sheet1.xml": repeated(SHEET, b"<row/>", SHEET_END, 250_000_000)},
        "xl/worksheets/sheet1.xml", "hold no data"),
    "a row numbered past the grid": (
        {"xl/worksheets/sheet1.xml": SHEET + b'<row r="1048577"><c><v>1</v></c></row>' +
         SHEET_END}, "xl/worksheets/sheet1.xml", "1,048,576 rows"),
    "250 MB of elements no spreadsheet has": (
        {"xl/worksheets/sheet1.xml": repeated(SHEET, b"<x/>", SHEET_END, 250_000_000)},
        "xl/worksheets/sheet1.xml", "hold no data"),
    "rows of styled empty cells": (
        {"xl/worksheets/sheet1.xml": repeated(SHEET, b'<row><c s="1"/><c s="1"/><c s="1"/></row>',
                                              SHEET_END, 250_000_000)},
        "xl/worksheets/sheet1.xml", "hold no data"),
    "a million and more shared strings": (
        {"xl/sharedStrings.xml": lambda: iter([b"<sst " + MAIN + b">", *many_strings(1_001_000),
                                               b"</sst>"])},
        "xl/sharedStrings.xml", "1,000,000 strings"),
}


@pytest.mark.slow
@pytest.mark.parametrize("attack", list(CRAFTED))
def test_a_crafted_workbook_is_refused_quickly_naming_its_part(attack):
    parts, part, words = CRAFTED[attack]
    book = with_shared_strings(plain_book()) if "xl/sharedStrings.xml" in parts else plain_book()
    data = zipped({**book, **parts})
    assert len(data) < 4_000_000  # small to send
    refused: list[FileTooLargeError] = []

    def read() -> None:
        with pytest.raises(FileTooLargeError) as caught:
            reading.read_table(data, "tấn công.xlsx")
        refused.append(caught.value)

    seconds, memory = costly(read)
    assert seconds < SECONDS and memory < BYTES, (seconds, memory)
    error = refused[0]
    assert error.values["what"] == part and words in str(error) and "tấn công.xlsx" in str(error)


@pytest.mark.slow
def test_shared_strings_at_their_cap_read_within_the_bounds():
    size = workbook.MAX_SHARED_STRINGS_BYTES - 100_000

    def strings() -> Iterator[bytes]:
        yield b"<sst " + MAIN + b">"
        for _ in range(size // 60_000):
            yield b"".join(b"<si><t>" + os.urandom(24).hex().encode() + b"</t></si>"
                           for _ in range(900))
        yield b"</sst>"
    sheet = SHEET + b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + SHEET_END
    data = zipped({**with_shared_strings(plain_book()), "xl/sharedStrings.xml": strings,
                   "xl/worksheets/sheet1.xml": sheet})
    table: list = []
    seconds, memory = costly(lambda: table.append(reading.read_table(data, "x.xlsx")))
    assert seconds < SECONDS and memory < BYTES, (seconds, memory)
    assert len(table[0].columns[0]) == 48


def test_a_part_larger_than_its_header_says_is_refused_as_damaged():
    """Declared sizes buy nothing: unpacking stops at the declared size and the check sum
    then fails, so the file is refused instead of read in part."""
    data = zipped({**plain_book(), "xl/worksheets/sheet1.xml": repeated(
        SHEET + b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>', b"<row/>",
        SHEET_END, 5_000_000)})
    with pytest.raises(ImportFileError) as refused:
        reading.read_table(_declare_size(data, "xl/worksheets/sheet1.xml", 1_000), "x.xlsx")
    assert "sheet1.xml" in str(refused.value)


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """The archive with `name`'s unpacked size in its central directory entry replaced."""
    position = data.index(b"PK\x01\x02")
    while data[position + 46:position + 46 + len(name)] != name.encode():
        position = data.index(b"PK\x01\x02", position + 4)
    out = bytearray(data)
    if int.from_bytes(data[position + 24:position + 28], "little") == 0xFFFFFFFF:  # zip64
        extra = position + 46 + int.from_bytes(data[position + 28:position + 30], "little")
        out[extra + 4:extra + 12] = size.to_bytes(8, "little")
    else:
        out[position + 24:position + 28] = size.to_bytes(4, "little")
    return bytes(out)


def test_a_document_type_declaration_is_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + SHEET +
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>' + SHEET_END)
    with pytest.raises(ImportFileError) as refused:
        reading.read_table(zipped({**plain_book(), "xl/worksheets/sheet1.xml": bomb}), "x.xlsx")
    assert "document type" in str(refused.value)


def test_cells_read_as_a_spreadsheet_program_shows_them():
    """Prefixed names, inline and rich text, escapes, booleans, errors, dates in the 1904
    system, a duration, formulas with and without a saved value, a cell without a reference."""
    styles = (STYLES + b'<numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm"/>'
              b'</numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/>'
              b'<xf numFmtId="164"/></cellXfs><cellStyles/></styleSheet>')
    strings = ("<x:sst xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
               "<x:si><x:r><x:t>Trà </x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>Ka</x:t></x:r>"
               "<x:rPh><x:t>phonetic</x:t></x:rPh></x:si><x:si><x:t>a_x005F_x0041_b</x:t></x:si>"
               "</x:sst>").encode()
    sheet = (b"<x:worksheet xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
             b"<x:sheetData><x:row r='1'><x:c r='A1' t='s'><x:v>0</x:v></x:c>"
             b"<x:c r='B1' t='s'><x:v>1</x:v></x:c><x:c t='inlineStr'><x:is><x:t>x_x0041_y"
             b"</x:t></x:is></x:c><x:c r='D1' t='b'><x:v>1</x:v></x:c>"
             b"<x:c r='E1' t='e'><x:v>#N/A</x:v></x:c></x:row>"
             b"<x:row r='3'><x:c r='A3' s='1'><x:v>1</x:v></x:c><x:c r='B3' s='2'><x:v>1.5</x:v>"
             b"</x:c><x:c r='C3'><x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r='D3'><x:f>A1</x:f></x:c>"
             b"<x:c r='E3'><x:v>2021.0</x:v></x:c><x:c r='F3'><x:v>0.1</x:v></x:c></x:row>"
             b"</x:sheetData></x:worksheet>")
    parts = with_shared_strings(plain_book())
    parts.update({"xl/styles.xml": styles, "xl/sharedStrings.xml": strings,
                  "xl/worksheets/sheet1.xml": sheet,
                  "xl/workbook.xml": parts["xl/workbook.xml"].replace(
                      b"<workbookPr/>", b'<workbookPr date1904="1"/>')})
    rows, numeric, formulas, name, names = workbook.xlsx_records(zipped(parts), "x.xlsx")
    assert rows == [(1, ["Trà Ka", "a_x0041_b", "xAy", "TRUE", "#N/A"]),
                    (3, ["1904-01-02", "1 day, 12:00:00", "2", "", "2021", "0.1"])]
    assert numeric == {3: {2, 4, 5}} and formulas == {3: ["D"]}


def test_a_text_that_looks_like_an_escape_comes_back_as_written():
    import pandas as pd

    frame = pd.DataFrame({"Tên": ["a_x0041_b", "bell\x07"]})
    rows = workbook.xlsx_records(export.to_xlsx_bytes(frame), "x.xlsx")[0]
    assert [r[1] for r in rows] == [["Tên"], ["a_x0041_b"], ["bell\x07"]]


def test_a_cell_pointing_past_the_shared_strings_names_the_cell():
    sheet = SHEET + b'<row r="4"><c r="C4" t="s"><v>7</v></c></row>' + SHEET_END
    parts = {**with_shared_strings(plain_book()), "xl/worksheets/sheet1.xml": sheet,
             "xl/sharedStrings.xml": b"<sst " + MAIN + b"><si><t>a</t></si></sst>"}
    with pytest.raises(ImportFileError) as refused:
        reading.read_table(zipped(parts), "x.xlsx")
    assert "C4" in str(refused.value)
