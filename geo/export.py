"""CSV and XLSX out: exports of records and the import templates; formula injection neutralised."""

from __future__ import annotations

import io

import pandas as pd

from geo.importer import FIELDS

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def to_csv_bytes(frame: pd.DataFrame, *, notice: str | None = None) -> bytes:
    """UTF-8 with BOM (Excel opens it right); `notice` goes first as a `#` line our import skips."""
    body = _safe(frame).to_csv(index=False)
    head = f"# {notice}\n" if notice else ""
    return ("\ufeff" + head + body).encode("utf-8")


def to_xlsx_bytes(frame: pd.DataFrame, *, sheet: str = "data", notice: str | None = None) -> bytes:
    """One sheet of data; `notice` (e.g. the illustrative-data label) on a sheet of its own."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _safe(frame).to_excel(writer, sheet_name=sheet, index=False)
        if notice:
            pd.DataFrame({"": [notice]}).to_excel(writer, sheet_name="note", index=False)
    return buffer.getvalue()


def template_frame(kind: str) -> pd.DataFrame:
    """The import template: Vietnamese headers, one row per column in the help."""
    return pd.DataFrame(columns=[spec.vi for spec in FIELDS[kind]])


def template_help(kind: str) -> pd.DataFrame:
    return pd.DataFrame([{"Cột / Column": s.vi, "English header": s.en,
                          "Bắt buộc / Required": "x" if s.required else "",
                          "Ghi chú / Notes": s.help_vi} for s in FIELDS[kind]])


def template_xlsx(kind: str) -> bytes:
    """A workbook with the empty template first (the sheet the import reads) and its help."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        template_frame(kind).to_excel(writer, sheet_name=kind, index=False)
        template_help(kind).to_excel(writer, sheet_name="huong_dan", index=False)
    return buffer.getvalue()
