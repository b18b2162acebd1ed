"""Reading spreadsheets exactly: CSV (RFC 4180, any common delimiter and encoding) and XLSX.

Every cell comes back as the text a spreadsheet program shows, with the row number it shows, so
that errors point where the user looks. Nothing is guessed: an encoding that fails, an unclosed
quotation mark or a sheet too large is an error naming where, before anything is checked.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from geo.errors import FileTooLargeError, ImportFileError
from geo.records.encodings import decode
from geo.records.grid import MAX_COLUMNS, MAX_ROWS, column_letter
from geo.records.workbook import is_xlsx, xlsx_records

if TYPE_CHECKING:
    import pandas as pd

DELIMITERS = (",", ";", "\t", "|")
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
    filled = [any(cell.strip() for cell in row) for row in cells.values.tolist()]
    return Table(file_name=file_name, columns=[str(c) for c in cells.columns],
                 rows=[row for row, keep in zip(cells.values.tolist(), filled) if keep],
                 row_numbers=[i + 1 for i, keep in enumerate(filled) if keep])


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
        if len(record) > MAX_COLUMNS:  # checked only when needed: this loop reads every row
            beyond = next((i for i in range(len(record) - 1, MAX_COLUMNS - 1, -1)
                           if record[i].strip()), None)  # blank cells past the limit are dropped
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
