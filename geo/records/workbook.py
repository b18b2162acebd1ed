"""XLSX workbooks read by our own streaming parser, bounded everywhere: every part is measured as
it unpacks (a size cap and an expansion ratio), only the parts one sheet needs are read (the
workbook's sheet list, the relationships, the number formats of the styles, the shared strings and
that sheet), element counts stop at a spreadsheet's own limits and the whole read has a CPU budget.
A file past a bound is refused with what and where, never parsed to the end first."""

from __future__ import annotations

import datetime as dt
import io
import math
import posixpath
import re
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.parsers import expat

from geo.errors import DvkError, FileTooLargeError, ImportFileError
from geo.records.grid import MAX_COLUMNS, MAX_ROWS, column_letter

SHEET_ROWS, SHEET_COLUMNS = 1_048_576, 16_384  # a spreadsheet's own grid
MAX_WORKBOOK_BYTES = 8_000_000
MAX_RELATIONSHIP_BYTES = 2_000_000
MAX_STYLES_BYTES = 16_000_000
MAX_SHARED_STRINGS_BYTES = 16_000_000
MAX_SHEET_BYTES = 256_000_000
MAX_UNPACKED_BYTES = 320_000_000  # every part together, as the archive declares them
MAX_RATIO, RATIO_FLOOR = 100, 4_000_000  # real parts deflate 5-30x; past the floor, 100x is a bomb
MAX_SHEETS = 1_000
MAX_CELL_FORMATS = 65_536  # Excel allows 64,000
MAX_STRINGS = 1_000_000
MAX_CELLS = 20 * (MAX_ROWS + 1)  # with something in them: a header and MAX_ROWS rows of 20
MAX_STRING_ELEMENTS = 6_000_000  # rich text runs carry a few each
MAX_ELEMENTS = 1_000_000  # in a part read for its structure (workbook, relationships, styles)
MAX_IDLE_ELEMENTS = 1_000_000  # in a sheet, beyond eight for each cell kept: empty rows, cells...
MAX_SECONDS = 60.0  # CPU time of one whole read; 200,000 full rows take about 25 s
_CHUNK = 1 << 16
_AFTER_CELL_FORMATS = {"cellStyles", "dxfs", "tableStyles", "colors", "extLst"}
_MAIN_RELATIONSHIP = "officeDocument"
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_CELL_REFERENCE = re.compile(r"([A-Za-z]{1,3})(\d{1,7})")
_BUILTIN_DATES = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}
_BUILTIN_DURATIONS = {46}
_EPOCH_1900, _EPOCH_1904 = dt.datetime(1899, 12, 30), dt.datetime(1904, 1, 1)


class _Stop(Exception):
    """Raised by a handler once it has what it needs: the rest of the part is not parsed."""


@dataclass
class _Read:
    """One read of one file: its name, its archive and the CPU time it started at."""

    file_name: str
    archive: zipfile.ZipFile
    started: float = field(default_factory=time.thread_time)

    def refuse(self, what: str, message: str, **values: object) -> FileTooLargeError:
        return FileTooLargeError(f"{self.file_name}: {what} {message}", file=self.file_name,
                                 what=what, **values)

    def damaged(self, message: str) -> ImportFileError:
        return ImportFileError(f"{self.file_name}: not a readable XLSX workbook ({message})",
                               file=self.file_name)

    def check_time(self) -> None:
        if time.thread_time() - self.started > MAX_SECONDS:
            raise self.refuse("the workbook", f"takes more than {MAX_SECONDS:.0f} s to read",
                              limit=MAX_SECONDS)

    def parse(self, part: str, cap: int, start: Callable, end: Callable | None = None,
              text: Callable | None = None, elements: int | None = MAX_ELEMENTS) -> None:
        """Feed `part` through expat in chunks, refusing it past `cap` bytes unpacked, past
        MAX_RATIO times its packed size or past `elements` elements (None: `start` counts);
        handlers may raise `_Stop` when they are done."""
        try:
            info = self.archive.getinfo(part)
        except KeyError as exc:
            raise self.damaged(f"{part} is missing") from exc
        limit = min(cap, max(RATIO_FLOOR, MAX_RATIO * info.compress_size))
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = self._no_doctype
        parser.EntityDeclHandler = self._no_doctype
        parser.StartElementHandler = start if elements is None else self._counted(
            part, start, elements)
        if end:
            parser.EndElementHandler = end
        if text:
            parser.CharacterDataHandler = text
        read = 0
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    read += len(chunk)
                    if read > limit:
                        why = ("more than this import reads" if limit == cap else
                               f"more than {MAX_RATIO} times its packed size")
                        raise self.refuse(part, f"unpacks to {read:,}+ bytes, {why} "
                                          f"({limit:,})", size=read, limit=limit)
                    parser.Parse(chunk, False)
                    self.check_time()
                parser.Parse(b"", True)
        except _Stop:
            return
        except DvkError:
            raise
        except expat.ExpatError as exc:
            raise self.damaged(f"{part}: {expat.errors.messages[exc.code]} at line "
                               f"{exc.lineno}") from exc
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
            raise self.damaged(f"{part}: {exc}") from exc

    def too_many_elements(self, part: str, limit: int) -> FileTooLargeError:
        return self.refuse(part, f"has more than {limit:,} XML elements that hold no data",
                           limit=limit)

    def _counted(self, part: str, start: Callable, limit: int) -> Callable:
        seen = 0

        def counted(name: str, attrs: dict) -> None:
            nonlocal seen
            seen += 1
            if seen > limit:
                raise self.too_many_elements(part, limit)
            start(name, attrs)
        return counted

    def _no_doctype(self, *_args: object) -> None:
        raise self.damaged("a document type declaration, which spreadsheets never carry")


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _open(data: bytes, file_name: str) -> _Read:
    """The archive, with the sum of its declared part sizes checked (a first, cheap bound)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(f"{file_name}: not a readable XLSX workbook ({exc})",
                              file=file_name) from exc
    read = _Read(file_name, archive)
    total = sum(p.file_size for p in parts)
    for part in parts:
        cap = (MAX_SHARED_STRINGS_BYTES if part.filename.endswith("sharedStrings.xml")
               else MAX_SHEET_BYTES)
        if part.file_size > cap or total > MAX_UNPACKED_BYTES:
            raise read.refuse(part.filename, f"unpacks to {part.file_size:,} bytes ({total:,} "
                              f"in all), more than this import reads ({cap:,})",
                              size=part.file_size, limit=cap)
    return read


def _relationships(read: _Read, source: str) -> dict[str, tuple[str, str]]:
    """{id: (type's last word, part path)} of `source`'s relationships part, if it has one."""
    folder, name = posixpath.split(source)
    part = posixpath.join(folder, "_rels", f"{name}.rels")
    found: dict[str, tuple[str, str]] = {}
    if part not in read.archive.NameToInfo:
        return found

    def start(name: str, attrs: dict) -> None:
        if _local(name) == "Relationship" and attrs.get("TargetMode") != "External":
            if len(found) >= MAX_SHEETS * 2:
                raise read.refuse(part, f"lists more than {MAX_SHEETS * 2:,} parts",
                                  limit=MAX_SHEETS * 2)
            target = attrs.get("Target", "")
            path = (target.lstrip("/") if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target)))
            found[attrs.get("Id", "")] = (attrs.get("Type", "").rpartition("/")[2], path)

    read.parse(part, MAX_RELATIONSHIP_BYTES, start)
    return found


@dataclass
class _Book:
    """What the workbook part says: sheets (name, part), the active tab, the date system."""

    sheets: list[tuple[str, str]]
    active: int
    epoch: dt.datetime
    relationships: dict[str, tuple[str, str]]


def _book(read: _Read) -> _Book:
    """The sheet list from the workbook part alone, read up to the end of its sheet list."""
    main = next((path for kind, path in _relationships(read, "").values()
                 if kind == _MAIN_RELATIONSHIP), "xl/workbook.xml")
    relationships = _relationships(read, main)
    sheets: list[tuple[str, str]] = []
    state = {"active": 0, "epoch": _EPOCH_1900}

    def start(name: str, attrs: dict) -> None:
        local = _local(name)
        if local == "sheet":
            if len(sheets) >= MAX_SHEETS:
                raise read.refuse(main, f"lists more than {MAX_SHEETS:,} sheets",
                                  limit=MAX_SHEETS)
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            sheets.append((attrs.get("name", ""), relationships.get(rid, ("", ""))[1]))
        elif local == "workbookView" and attrs.get("activeTab", "0").isdigit():
            state["active"] = int(attrs.get("activeTab", "0")[:6])
        elif local == "workbookPr" and attrs.get("date1904", "0").lower() in ("1", "true"):
            state["epoch"] = _EPOCH_1904

    def end(name: str) -> None:
        if _local(name) == "sheets":
            raise _Stop

    read.parse(main, MAX_WORKBOOK_BYTES, start, end)
    if not sheets:
        raise ImportFileError(f"{read.file_name}: the workbook lists no sheet",
                              file=read.file_name)
    active = state["active"] if state["active"] < len(sheets) else 0
    return _Book(sheets, active, state["epoch"], relationships)


def xlsx_sheets(data: bytes, file_name: str) -> tuple[list[str], str]:
    """The workbook's sheet names and the active one (the sheet it opens on), read from its
    small workbook part alone: the cells and shared strings are not touched."""
    book = _book(_open(data, file_name))
    names = [name for name, _ in book.sheets]
    return names, names[book.active]


def _is_date_format(code: str) -> bool:
    """A number format that shows a date or time: d, m, y, h or s outside quotes and brackets
    (the brackets' [h], [m], [s] are elapsed time, which also counts)."""
    bare = re.sub(r'"[^"]*"|\\.|_.|\*.', "", code)
    if re.search(r"\[(h+|m+|s+)\]", bare, re.IGNORECASE):
        return True
    bare = re.sub(r"\[[^\]]*\]", "", bare)
    return bool(re.search(r"[dmyhs]", bare, re.IGNORECASE))


def _date_styles(read: _Read, part: str | None) -> tuple[set[int], set[int]]:
    """Indexes of the cell formats that show dates, and of those that show durations. Only the
    number formats and cell formats are read; the styles part stops there."""
    if not part or part not in read.archive.NameToInfo:
        return set(), set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    inside = {"cellXfs": False}

    def start(name: str, attrs: dict) -> None:
        local = _local(name) if ":" in name else name
        if local == "xf":
            if inside["cellXfs"]:
                if len(formats) >= MAX_CELL_FORMATS:
                    raise read.refuse(part, f"declares more than {MAX_CELL_FORMATS:,} cell "
                                      "formats", limit=MAX_CELL_FORMATS)
                number = attrs.get("numFmtId", "0")
                formats.append(int(number[:6]) if number.isdigit() else 0)
        elif local == "numFmt" and attrs.get("numFmtId", "").isdigit():
            if len(custom) >= MAX_CELL_FORMATS:
                raise read.refuse(part, f"declares more than {MAX_CELL_FORMATS:,} number "
                                  "formats", limit=MAX_CELL_FORMATS)
            custom[int(attrs["numFmtId"][:6])] = attrs.get("formatCode", "")[:255]
        elif local == "cellXfs":
            inside["cellXfs"] = True
        elif inside["cellXfs"] and local in _AFTER_CELL_FORMATS:
            raise _Stop

    read.parse(part, MAX_STYLES_BYTES, start)
    dates, durations = set(), set()
    for index, number in enumerate(formats):
        code = custom.get(number)
        if (number in _BUILTIN_DATES and code is None) or (code and _is_date_format(code)):
            dates.add(index)
            if number in _BUILTIN_DURATIONS or (code and re.search(r"\[[hms]+\]", code, re.I)):
                durations.add(index)
    return dates, durations


def _unescape(text: str) -> str:
    """OOXML writes characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x)."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _shared_strings(read: _Read, part: str | None) -> list[str]:
    """Every shared string: the text of its runs, without phonetic guides."""
    if not part or part not in read.archive.NameToInfo:
        return []
    strings: list[str] = []
    pieces: list[str] = []
    phonetic, collect, seen = 0, False, 0

    def start(name: str, _attrs: dict) -> None:
        nonlocal phonetic, collect, seen
        seen += 1
        if seen > MAX_STRING_ELEMENTS:
            raise read.too_many_elements(part, MAX_STRING_ELEMENTS)
        if ":" in name:
            name = _local(name)
        if name == "t":
            collect = not phonetic
        elif name == "si":
            if len(strings) >= MAX_STRINGS:
                raise read.refuse(part, f"holds more than {MAX_STRINGS:,} strings",
                                  limit=MAX_STRINGS)
            pieces.clear()
        elif name == "rPh":
            phonetic += 1

    def end(name: str) -> None:
        nonlocal phonetic, collect
        if ":" in name:
            name = _local(name)
        if name == "t":
            collect = False
        elif name == "si":
            strings.append(_unescape("".join(pieces)))
        elif name == "rPh":
            phonetic -= 1

    def text(data: str) -> None:
        if collect:
            pieces.append(data)

    read.parse(part, MAX_SHARED_STRINGS_BYTES, start, end, text, elements=None)
    return strings


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


def _serial_date(serial: float, epoch: dt.datetime, duration: bool) -> object:
    """A date cell's serial number as Excel shows it (its 1900 leap-year bug included)."""
    if duration:
        return dt.timedelta(days=serial)
    day, fraction = divmod(serial, 1)
    time_of_day = dt.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= serial < 1 and time_of_day.days == 0:
        return (dt.datetime.min + time_of_day).time()
    if 0 < serial < 60 and epoch == _EPOCH_1900:
        day += 1
    return epoch + dt.timedelta(days=day) + time_of_day


def _column_numbers() -> dict[str, int]:
    """{"A": 1, ..., "XFD": 16384}: a cell reference's letters to its column, looked up."""
    return {column_letter(i): i + 1 for i in range(SHEET_COLUMNS)}


_COLUMNS = _column_numbers()


@dataclass
class _Sheet:
    """What a sheet holds: (row number, cells) of rows with something in them, numeric cells
    and formula cells with no saved value, by row."""

    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    numeric: dict[int, set[int]] = field(default_factory=dict)
    formulas: dict[int, list[str]] = field(default_factory=dict)


def _read_sheet(read: _Read, part: str, strings: list[str], dates: set[int],
                durations: set[int], epoch: dt.datetime) -> _Sheet:
    """Stream one sheet, keeping cells with something in them and checking every count against
    the grid as it grows. One closure per parser event, state in local variables: this runs
    once per element of the largest part, and attribute look-ups would triple its cost."""
    sheet = _Sheet()
    row_number = rows_seen = cells_in_row = next_column = seen = 0
    allowed = MAX_IDLE_ELEMENTS
    present: dict[int, tuple[str, bool]] = {}
    column = style = phonetic = 0
    kind, formula, collect, in_cell = "n", False, False, False
    pieces: list[str] = []

    def too_wide() -> FileTooLargeError:
        return read.refuse(part, f"row {row_number} goes past column "
                           f"{column_letter(SHEET_COLUMNS - 1)}, the last a spreadsheet has",
                           row=row_number, limit=SHEET_COLUMNS)

    def start(name: str, attrs: dict) -> None:
        nonlocal row_number, rows_seen, cells_in_row, next_column, present, column, style
        nonlocal kind, formula, collect, in_cell, phonetic, seen
        seen += 1
        if seen > allowed:
            raise read.too_many_elements(part, MAX_IDLE_ELEMENTS)
        if ":" in name:
            name = _local(name)
        if name == "c":
            reference = attrs.get("r")
            if reference:
                found = _COLUMNS.get(reference.rstrip("0123456789"))
                if found is None:
                    found = _COLUMNS.get(reference.rstrip("0123456789").upper())
                    if found is None:
                        raise too_wide() if _CELL_REFERENCE.fullmatch(reference) else \
                            read.damaged(f"{part}: a cell named {reference[:20]!r}")
                column = found
            else:
                column = next_column
            cells_in_row += 1
            if cells_in_row > SHEET_COLUMNS:
                raise too_wide()
            next_column = column + 1
            number = attrs.get("s")
            style = int(number[:6]) if number and number.isdigit() else 0
            kind, formula, in_cell = attrs.get("t", "n"), False, True
            pieces.clear()
        elif name == "v":
            collect = in_cell and kind != "inlineStr"
        elif name == "row":
            rows_seen += 1
            number = attrs.get("r", "")
            row_number = int(number[:8]) if number.isdigit() else row_number + 1
            if rows_seen > SHEET_ROWS or row_number > SHEET_ROWS:
                raise read.refuse(part, f"has more than {SHEET_ROWS:,} rows, the most a "
                                  "spreadsheet holds", limit=SHEET_ROWS)
            next_column, cells_in_row = 1, 0
            if present:
                present.clear()
        elif in_cell:
            if name == "f":
                formula = True
            elif name == "t":
                collect = not phonetic and kind == "inlineStr"
            elif name == "rPh":
                phonetic += 1

    def text(data: str) -> None:
        if collect:
            pieces.append(data)

    def end(name: str) -> None:
        nonlocal collect, in_cell, phonetic, allowed
        if ":" in name:
            name = _local(name)
        if name == "v" or name == "t":
            collect = False
        elif name == "c" and in_cell:
            in_cell = False
            raw = "".join(pieces)
            if raw or formula:
                present[column] = (value(raw) if raw else "", formula)
                allowed += 8
        elif name == "row":
            if present:
                end_row()
        elif name == "rPh":
            phonetic -= 1

    def value(raw: str) -> str:
        """The cell's text; numbers that are not dates are noted as typed."""
        if kind == "s":
            index = int(raw) if raw.isascii() and raw.isdigit() else -1
            if not 0 <= index < len(strings):
                raise read.damaged(f"{part}: cell {column_letter(column - 1)}{row_number} "
                                   f"points to shared string {raw[:20]!r}, which does not exist")
            return strings[index]
        if kind == "n":
            return number_text(raw.strip())
        if kind == "b":
            return "TRUE" if raw.strip() in ("1", "true") else "FALSE"
        if kind == "d":
            try:
                return _xlsx_cell_text(dt.datetime.fromisoformat(raw.strip()))
            except ValueError:
                return raw
        return _unescape(raw)  # str (a formula's text), inlineStr, e (an error such as #N/A)

    def number_text(raw: str) -> str:
        if raw.isascii() and (raw.isdigit() or raw[:1] == "-" and raw[1:].isdigit()) \
                and style not in dates:
            sheet.numeric.setdefault(row_number, set()).add(column - 1)
            return str(int(raw))
        try:
            number = float(raw) if "_" not in raw else math.nan
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            return raw
        if style in dates and 0 <= number < 2_958_466:
            return _xlsx_cell_text(_serial_date(number, epoch, style in durations))
        sheet.numeric.setdefault(row_number, set()).add(column - 1)
        return _xlsx_cell_text(number)

    def end_row() -> None:
        width = max(present)
        if width > MAX_COLUMNS:
            raise ImportFileError(f"{read.file_name}: row {row_number} has data in column "
                                  f"{column_letter(width - 1)}, beyond the {MAX_COLUMNS} "
                                  "columns read", file=read.file_name, row=row_number)
        if len(sheet.rows) >= MAX_ROWS + 1:
            raise FileTooLargeError(f"{read.file_name}: more than {MAX_ROWS:,} rows",
                                    file=read.file_name, what=part, limit=MAX_ROWS)
        if allowed > MAX_IDLE_ELEMENTS + 8 * MAX_CELLS:
            raise read.refuse(part, f"has more than {MAX_CELLS:,} cells with something in them",
                              limit=MAX_CELLS)
        values = [""] * width
        for at, (text_of, has_formula) in present.items():
            values[at - 1] = text_of
            if has_formula and text_of == "":
                sheet.formulas.setdefault(row_number, []).append(column_letter(at - 1))
        sheet.rows.append((row_number, values))
        present.clear()

    read.parse(part, MAX_SHEET_BYTES, start, end, text, elements=None)
    return sheet


def xlsx_records(data: bytes, file_name: str, sheet: str | None = None
                 ) -> tuple[list[tuple[int, list[str]]], dict[int, set[int]],
                            dict[int, list[str]], str, list[str]]:
    """(row number, cells) of the rows that hold something, numeric cells, formula cells with
    no saved value, the sheet read and every sheet's name.

    Only the cells with a value are kept, so a styled cell far away costs nothing; more than
    MAX_ROWS rows or MAX_COLUMNS columns of real data is an error, and so is any part or count
    past the bounds above.
    """
    read = _open(data, file_name)
    book = _book(read)
    names = [name for name, _ in book.sheets]
    chosen = sheet or names[book.active]
    if chosen not in names:
        raise ImportFileError(f"{file_name}: no sheet named {chosen!r}", file=file_name,
                              sheet=chosen)
    part = book.sheets[names.index(chosen)][1]
    if not part:
        raise read.damaged(f"sheet {chosen!r} has no part")
    linked = {kind: path for kind, path in book.relationships.values()}
    dates, durations = _date_styles(read, linked.get("styles"))
    strings = _shared_strings(read, linked.get("sharedStrings"))
    found = _read_sheet(read, part, strings, dates, durations, book.epoch)
    return found.rows, found.numeric, found.formulas, chosen, names


def is_xlsx(data: bytes, file_name: str) -> bool:
    return file_name.lower().endswith((".xlsx", ".xlsm")) or (
        data[:4] == b"PK\x03\x04" and zipfile.is_zipfile(io.BytesIO(data)))
