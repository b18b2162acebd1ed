"""CSV and XLSX out: exports of records and the import templates; formula injection neutralised."""

from __future__ import annotations

import io
import re

import pandas as pd

from geo.errors import ExportError
from geo.records.fields import FIELDS, VOCABULARIES
from geo.records.reading import neutralise
from geo.records.vocab import label

_XLSX_ESCAPE_LIKE = re.compile(r"_x[0-9A-Fa-f]{4}_")
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_text(value: object) -> object:
    """A control character a cell cannot hold, written as the format's own escape (`_x0001_`),
    which spreadsheet programs read back as that character: the text stays whole. A text that
    already looks like an escape gets its underscore escaped (`_x005F_`), as Excel does."""
    if isinstance(value, str):
        value = _XLSX_ESCAPE_LIKE.sub(r"_x005F\g<0>", value)
        return _XLSX_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value


def _safe(frame: pd.DataFrame, *, xlsx: bool = False) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
            if xlsx:
                out[column] = out[column].map(_xlsx_text)
    return out


def to_csv_bytes(frame: pd.DataFrame, *, notice: str | None = None) -> bytes:
    """UTF-8 with BOM (Excel opens it right); `notice` goes first as a `#` line our import skips."""
    body = _safe(frame).to_csv(index=False)
    head = f"# {notice}\n" if notice else ""
    return ("\ufeff" + head + body).encode("utf-8")


XLSX_CELL_MAX = 32_767  # characters a spreadsheet cell holds


def xlsx_problem(frame: pd.DataFrame) -> ExportError | None:
    """Why `frame` cannot go to XLSX whole (a text longer than a cell holds), or None."""
    for column in frame.columns:
        lengths = frame[column].map(lambda v: len(v) if isinstance(v, str) else 0)
        if len(lengths) and lengths.max() > XLSX_CELL_MAX:
            row = int(lengths.to_numpy().argmax()) + 2
            return ExportError(f"column {column!r}, row {row}: {lengths.max():,} characters, "
                               f"more than an XLSX cell holds ({XLSX_CELL_MAX:,}); export CSV "
                               "instead", column=str(column), row=row, limit=XLSX_CELL_MAX)
    return None


def to_xlsx_bytes(frame: pd.DataFrame, *, sheet: str = "data", notice: str | None = None) -> bytes:
    """One sheet of data; `notice` (e.g. the illustrative-data label) on a sheet of its own.

    A text longer than a cell holds is refused (pandas would cut it): CSV keeps it whole.
    """
    problem = xlsx_problem(frame)
    if problem:
        raise problem
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _safe(frame, xlsx=True).to_excel(writer, sheet_name=sheet, index=False)
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


def import_frame(kind: str, records: pd.DataFrame, place_names: dict[str, str] | None = None,
                 district_names: dict[str, str] | None = None) -> pd.DataFrame:
    """Stored records in the import template's columns (Vietnamese headers, vocabulary labels,
    commune code with its era): export, edit, import again and the same records come back."""
    place_names, district_names = place_names or {}, district_names or {}
    out = {}
    for spec in FIELDS[kind]:
        if spec.key == "era":
            column = records["commune_era"]
        elif spec.key == "commune":
            keys = records["commune_era"].fillna("") + ":" + records["commune_code"].fillna("")
            column = keys.map(place_names)
        elif spec.key == "district":  # only where no commune says it
            column = [district_names.get(d) if not isinstance(c, str) else None for c, d in
                      zip(records["commune_code"], records.get("district_code",
                                                               [None] * len(records)))]
        elif spec.key == "unit":
            column = [other if unit == "khac" and isinstance(other, str) else label(
                VOCABULARIES["unit"], unit, "vi") for unit, other in
                zip(records["unit"], records.get("unit_other", [None] * len(records)))]
        elif spec.parse in VOCABULARIES:
            column = records[spec.key].map(
                lambda v, p=spec.parse: label(VOCABULARIES[p], v, "vi") if isinstance(v, str)
                else None)
        elif spec.parse == "bool":
            column = records[spec.key].map(lambda v: "Có" if v else "Không")
        elif spec.parse == "float":
            column = records[spec.key].map(_plain_float)
        else:
            column = records[spec.key]
        out[spec.vi] = pd.Series(column, index=records.index).astype(object).where(
            pd.notna(pd.Series(column, index=records.index)), "")
    return pd.DataFrame(out).astype(str).replace({"<NA>": ""})


def _plain_float(value: object) -> str | None:
    """A float written so that no reader takes its dot for a thousands separator: 1.234 is
    written 1.2340."""
    if value is None or pd.isna(value):
        return None
    text = repr(float(value))
    return text + "0" if re.fullmatch(r"-?\d{1,3}\.\d{3}", text) else text
