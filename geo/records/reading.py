"""Reading spreadsheets exactly: CSV (RFC 4180, any common delimiter and encoding) and XLSX.

Every cell comes back as the text a spreadsheet program shows, with the row number it shows, so
that errors point where the user looks. Nothing is guessed: an encoding that fails, an unclosed
quotation mark or a sheet too large is an error naming where, before anything is checked.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from geo.errors import DvkError, EncodingChoiceError, FileTooLargeError, ImportFileError

if TYPE_CHECKING:
    import pandas as pd

MAX_ROWS = 200_000
MAX_COLUMNS = 200
# An XLSX is a zip: its parts are measured unpacked before anything parses them.
MAX_SHEET_BYTES = 256_000_000
MAX_SHARED_STRINGS_BYTES = 32_000_000
MAX_UNPACKED_BYTES = 320_000_000
DELIMITERS = (",", ";", "\t", "|")
# What a user may choose when UTF-8 fails (ranked per file by `encoding_choices`): UTF-8 with bad
# bytes shown as U+FFFD, and the two Windows code pages Vietnamese offices used.
ENCODINGS = ("utf-8-replace", "cp1258", "cp1252")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

csv.field_size_limit(2**31 - 1)


@dataclass
class Table:
    """A sheet's cells as text: the header, then body rows padded to the header's width."""

    file_name: str
    columns: list[str]
    rows: list[list[str]]
    row_numbers: list[int]  # as a spreadsheet program numbers them (header row counted)
    extra_cells: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    typed_numbers: set[tuple[int, int]] = field(default_factory=set)  # (row index, column)
    formula_cells: dict[int, list[str]] = field(default_factory=dict)  # row -> column letters
    encoding: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


def table_from_frame(frame: pd.DataFrame, file_name: str) -> Table:
    """A table typed into an editor: cells as text, empty rows left out, rows numbered as the
    editor shows them (from 1, no header row)."""
    cells = frame.astype(object).where(frame.notna(), "").astype(str)
    filled = cells.apply(lambda row: row.str.strip().ne("").any(), axis=1).to_numpy(bool) \
        if len(cells) else []
    return Table(file_name=file_name, columns=[str(c) for c in cells.columns],
                 rows=[row for row, keep in zip(cells.values.tolist(), filled) if keep],
                 row_numbers=[i + 1 for i, keep in enumerate(filled) if keep])


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column names a spreadsheet shows."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe.

    Apostrophes already in front of such text get one more, so `restore` undoes it exactly.
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_START):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The inverse of `neutralise`: our own exports read back as they were."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_START):
        return text[1:]
    return text


# --- decoding -------------------------------------------------------------------------------

def decode(data: bytes, file_name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text and the encoding used: a byte-order mark, else UTF-16 by its zero bytes, else
    UTF-8. When UTF-8 fails and no `encoding` was chosen, raise `EncodingChoiceError` naming the
    first bad byte's line, so the user chooses instead of reading mojibake."""
    if encoding:
        try:
            if encoding == "utf-8-replace":
                return _strip_bom(data.decode("utf-8", errors="replace")), encoding
            text = _strip_bom(data.decode(encoding))
            return (unicodedata.normalize("NFC", text) if encoding == "cp1258" else text), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise ImportFileError(f"{file_name}: cannot be read as {encoding} ({exc})",
                                  file=file_name) from exc
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", file_name), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", file_name), "utf-16"
    guessed = _utf16_without_bom(data)
    if guessed:
        return _strict(data, guessed, file_name), guessed
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise EncodingChoiceError(
            f"{file_name}: not valid UTF-8 (line {line}, byte {exc.start + 1}: "
            f"0x{data[exc.start]:02x})", file=file_name, line=line, byte=exc.start + 1,
            choices=", ".join(ENCODINGS)) from exc


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _strict(data: bytes, encoding: str, file_name: str) -> str:
    try:
        return _strip_bom(data.decode(encoding))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportFileError(f"{file_name}: not valid {encoding} (line {line}, byte "
                              f"{exc.start + 1})", file=file_name) from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or '-be' when most of the first bytes' odd or even halves are zero."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def encoding_choices(data: bytes) -> list[str]:
    """`ENCODINGS`, the likeliest first: UTF-8 with replacements when the file is UTF-8 but for a
    few bytes, else the code pages as charset-normalizer ranks them for these bytes."""
    from charset_normalizer import from_bytes

    sample = data[:200_000]
    decoded = sample.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    good = sum(1 for ch in decoded if ord(ch) > 127) - bad
    mostly_utf8 = good > 0 and bad <= max(2, good // 50)
    ranked = [m.encoding for m in from_bytes(sample, cp_isolation=["cp1258", "cp1252"])]
    pages = [e for e in ranked if e in ENCODINGS] + [e for e in ("cp1258", "cp1252")
                                                     if e not in ranked]
    return ["utf-8-replace", *pages] if mostly_utf8 else [*pages, "utf-8-replace"]


def preview(data: bytes, encoding: str, *, lines: int = 8) -> tuple[str, int]:
    """The first `lines` lines as `encoding` reads them, and how many characters of the whole
    file it cannot read (shown as U+FFFD). Never raises: it is what the user looks at to choose."""
    codec = "utf-8" if encoding == "utf-8-replace" else encoding
    try:
        text = data.decode(codec, errors="replace")
    except LookupError:
        return "", len(data)
    if encoding == "cp1258":
        text = unicodedata.normalize("NFC", text)
    head = "\n".join(_strip_bom(text).splitlines()[:lines])
    return head, text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")


# --- CSV --------------------------------------------------------------------------------------

def sniff_delimiter(text: str) -> str:
    """The delimiter most frequent outside quotes on the header line (comma when none)."""
    header = _first_data_line(text)
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _first_data_line(text: str) -> str:
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].rstrip("\r")
        if line.strip() and not line.startswith("#"):
            return line
        start = end + 1
    return ""


def csv_records(text: str, file_name: str) -> list[list[str]]:
    """Every record of the file, blank ones included (a spreadsheet shows them as rows).

    Doubled quotes are always one quote; a quotation mark never closed, or text after a closing
    one, stops with the row where that record starts.
    """
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, strict=True, skipinitialspace=False)
    records: list[list[str]] = []
    line_before = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return records
        except csv.Error as exc:
            row, line = len(records) + 1, line_before + 1
            what = ("a quotation mark opened here is never closed" if "end of data" in str(exc)
                    else "text follows a closing quotation mark")
            raise ImportFileError(f"{file_name}: row {row} (line {line}): {what}",
                                  file=file_name, row=row, line=line) from exc
        if len(record) > MAX_COLUMNS:
            beyond = next((i for i in range(len(record) - 1, MAX_COLUMNS - 1, -1)
                           if record[i].strip()), None)
            if beyond is not None:
                row = len(records) + 1
                raise FileTooLargeError(
                    f"{file_name}: row {row} has data in column {column_letter(beyond)}, beyond "
                    f"the {MAX_COLUMNS} columns read", file=file_name, row=row,
                    what=f"{column_letter(beyond)}", limit=MAX_COLUMNS)
            record = record[:MAX_COLUMNS]
        records.append(record)
        if len(records) > MAX_ROWS + 50:
            raise ImportFileError(f"{file_name}: more than {MAX_ROWS:,} rows", file=file_name,
                                  limit=MAX_ROWS)
        line_before = reader.line_num


# --- XLSX -------------------------------------------------------------------------------------

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


# --- the table ---------------------------------------------------------------------------------

def read_table(data: bytes, file_name: str, *, encoding: str | None = None,
               sheet: str | None = None) -> Table:
    """The file as a `Table`: comment lines (`#`) only before the header, blank rows skipped but
    counted, cells beyond the header kept aside to be reported."""
    if not data:
        raise ImportFileError(f"{file_name}: the file is empty", file=file_name)
    used_encoding, sheet_name, sheets = None, None, []
    numeric: dict[int, set[int]] = {}
    formulas: dict[int, list[str]] = {}
    if is_xlsx(data, file_name):
        numbered, numeric, formulas, sheet_name, sheets = xlsx_records(data, file_name, sheet)
    else:
        text, used_encoding = decode(data, file_name, encoding)
        numbered = list(enumerate(csv_records(text, file_name), start=1))
    header_at = None
    for index, (_number, cells) in enumerate(numbered):
        if not any(c.strip() for c in cells):
            continue
        if cells[0].startswith("#"):
            continue
        header_at = index
        break
    if header_at is None:
        raise ImportFileError(f"{file_name}: no header row", file=file_name)
    header_number, header = numbered[header_at]
    columns = [c.strip() for c in header]
    while columns and not columns[-1]:
        columns.pop()
    width = len(columns)
    table = Table(file_name, columns, [], [], encoding=used_encoding, sheet=sheet_name,
                  sheets=sheets)
    for number, cells in numbered[header_at + 1:]:
        if not any(c.strip() for c in cells):
            continue
        extra = [(column_letter(i), v) for i, v in enumerate(cells[width:], start=width)
                 if v.strip()]
        if extra:
            table.extra_cells[number] = extra
        index = len(table.rows)
        table.rows.append((list(cells[:width]) + [""] * width)[:width])
        table.row_numbers.append(number)
        table.typed_numbers.update((index, col) for col in numeric.get(number, ())
                                   if col < width)
        if number in formulas:
            table.formula_cells[number] = formulas[number]
    if len(table.rows) > MAX_ROWS:
        raise ImportFileError(f"{file_name}: more than {MAX_ROWS:,} rows", file=file_name,
                              limit=MAX_ROWS)
    _check_header(table, header_number)
    return table


def _check_header(table: Table, header_number: int) -> None:
    seen: dict[str, int] = {}
    for index, name in enumerate(table.columns):
        if not name:
            continue
        key = re.sub(r"\s+", " ", name).casefold()
        if key in seen:
            first = column_letter(seen[key])
            raise ImportFileError(
                f"{table.file_name}: the header {name!r} appears twice (columns {first} and "
                f"{column_letter(index)}, row {header_number})", file=table.file_name,
                column=name, columns=f"{first}, {column_letter(index)}")
        seen[key] = index
