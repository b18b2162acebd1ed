"""XLSX workbooks read safely: every part measured unpacked before anything parses it (a small
file can unpack to gigabytes), the sheet list from the small workbook part alone, and the chosen
sheet streamed cell by cell with openpyxl's own parser."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from geo.errors import DvkError, FileTooLargeError, ImportFileError
from geo.records.grid import MAX_COLUMNS, MAX_ROWS, column_letter

MAX_SHEET_BYTES = 256_000_000
MAX_SHARED_STRINGS_BYTES = 32_000_000
MAX_UNPACKED_BYTES = 320_000_000


def _zip(data: bytes, file_name: str) -> zipfile.ZipFile:
    """The workbook's parts, each measured unpacked (a small file can unpack to gigabytes)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(f"{file_name}: not a readable XLSX workbook ({exc})",
                              file=file_name) from exc
    total = sum(p.file_size for p in parts)
    for part in parts:
        cap = (MAX_SHARED_STRINGS_BYTES if part.filename.endswith("sharedStrings.xml")
               else MAX_SHEET_BYTES)
        if part.file_size > cap or total > MAX_UNPACKED_BYTES:
            raise FileTooLargeError(
                f"{file_name}: {part.filename} unpacks to {part.file_size:,} bytes "
                f"({total:,} in all), more than this import reads ({cap:,})", file=file_name,
                what=part.filename, size=part.file_size, limit=cap)
    return archive


def xlsx_sheets(data: bytes, file_name: str) -> tuple[list[str], str]:
    """The workbook's sheet names and the active one (the sheet it opens on), read from its
    small workbook part alone: the cells and shared strings are not touched."""
    from xml.etree import ElementTree

    archive = _zip(data, file_name)
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ElementTree.ParseError) as exc:
        raise ImportFileError(f"{file_name}: not a readable XLSX workbook ({exc})",
                              file=file_name) from exc
    names = [s.get("name") or "" for s in book.iter(f"{main}sheet")]
    if not names:
        raise ImportFileError(f"{file_name}: the workbook lists no sheet", file=file_name)
    view = next(book.iter(f"{main}workbookView"), None)
    active = view.get("activeTab", "0") if view is not None else "0"
    index = int(active) if active.isascii() and active.isdigit() else 0
    return names, names[index] if index < len(names) else names[0]


def _open_book(data: bytes, file_name: str):
    from openpyxl import load_workbook

    _zip(data, file_name)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(f"{file_name}: not a readable XLSX workbook ({exc})",
                              file=file_name) from exc


def _xlsx_cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**63 else format(value, ".15g")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def xlsx_records(data: bytes, file_name: str, sheet: str | None = None
                 ) -> tuple[list[tuple[int, list[str]]], dict[int, set[int]],
                            dict[int, list[str]], str, list[str]]:
    """(row number, cells) of the rows that hold something, numeric cells, formula cells with
    no saved value, the sheet read and every sheet's name.

    Streams the sheet XML and keeps only cells with a value, so a styled cell far away (the
    declared dimension) costs nothing; more than MAX_ROWS rows or MAX_COLUMNS columns of real
    data is an error.
    Long because openpyxl's parser is driven by hand here: one loop reads, bounds and types cells.
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class CellParser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            cell["formula"] = element.find(FORMULA_TAG) is not None
            return cell

    book = _open_book(data, file_name)
    try:
        names = book.sheetnames
        active = book.active.title if book.active is not None else names[0]
        chosen = sheet or active
        if chosen not in names:
            raise ImportFileError(f"{file_name}: no sheet named {chosen!r}", file=file_name,
                                  sheet=chosen)
        worksheet = book[chosen]
        rows, numeric, formulas = [], {}, {}
        with worksheet._get_source() as source:  # openpyxl's own streaming parser, per cell
            parser = CellParser(source, worksheet._shared_strings, data_only=True,
                                epoch=book.epoch, date_formats=book._date_formats,
                                timedelta_formats=book._timedelta_formats)
            for number, cells in parser.parse():
                present = [c for c in cells if c["value"] not in (None, "") or c["formula"]]
                if not present:
                    continue
                width = max(c["column"] for c in present)
                if width > MAX_COLUMNS:
                    raise ImportFileError(f"{file_name}: row {number} has data in column "
                                          f"{column_letter(width - 1)}, beyond the "
                                          f"{MAX_COLUMNS} columns read", file=file_name,
                                          row=number)
                if len(rows) >= MAX_ROWS + 1:
                    raise ImportFileError(f"{file_name}: more than {MAX_ROWS:,} rows",
                                          file=file_name, limit=MAX_ROWS)
                values = [""] * width
                for c in present:
                    values[c["column"] - 1] = _xlsx_cell_text(c["value"])
                    if c["data_type"] == "n" and c["value"] is not None:
                        numeric.setdefault(number, set()).add(c["column"] - 1)
                    if c["formula"] and c["value"] is None:
                        formulas.setdefault(number, []).append(column_letter(c["column"] - 1))
                rows.append((number, values))
        return rows, numeric, formulas, chosen, names
    except DvkError:
        raise
    except Exception as exc:  # a part listed but missing, XML that does not parse, ...
        raise ImportFileError(f"{file_name}: the sheet cannot be read ({type(exc).__name__}: "
                              f"{str(exc)[:200]})", file=file_name) from exc
    finally:
        book.close()


def is_xlsx(data: bytes, file_name: str) -> bool:
    return file_name.lower().endswith((".xlsx", ".xlsm")) or (
        data[:4] == b"PK\x03\x04" and zipfile.is_zipfile(io.BytesIO(data)))
