"""Import of model and replication spreadsheets: read, validate every row, plan, then apply.

Validation gathers every problem (row, column, value, reason) before anything is written; the user
then imports the valid rows or nothing. Places go through `geo.matching`, and only exact or
normalised matches, or matches a person confirmed, are accepted.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa

from geo import names, store, vocab
from geo.errors import DuplicateImportError, ImportFileError, ImportRejectedError
from geo.matching import ERAS, Gazetteer, Match, match_report
from geo.schema import imports

FIRST_YEAR = 2009
DEMO_USER = "demo"


ERA_HELP = ("Không bắt buộc: 2019 | 2020 | 2025a | 2025b. Để trống thì suy từ năm; năm 2025 cần "
            "ghi rõ 2025a (trước 1-7-2025) hay 2025b (từ 1-7-2025).")


@dataclass(frozen=True)
class Field:
    key: str
    vi: str
    en: str
    parse: str = "text"  # text | int | float | year | bool | vocab name | place
    required: bool = False
    help_vi: str = ""


MODEL_FIELDS = (
    Field("id", "Mã mô hình", "id", help_vi="Mã riêng của mô hình; để trống thì hệ thống tự đặt."),
    Field("name", "Tên mô hình", "name", required=True),
    Field("domain", "Lĩnh vực", "domain", "domain", True,
          "Kinh tế | Văn hóa – xã hội | Quốc phòng – an ninh | Xây dựng hệ thống chính trị | "
          "Chưa phân loại"),
    Field("sub_tag", "Nhóm chủ đề", "sub_tag", help_vi="Ví dụ: nông thôn mới, giảm nghèo."),
    Field("kind", "Tập thể / cá nhân", "collective_or_individual", "kind"),
    Field("unit", "Đơn vị thực hiện", "implementing_unit", "unit", True,
          "Khối dân vận xã, Ủy ban MTTQ, Hội Nông dân...; tên khác được giữ nguyên (Khác)."),
    Field("level", "Cấp", "level", "level", help_vi="Tỉnh | Huyện | Xã (mặc định: Xã nếu có xã)."),
    Field("commune_code", "Mã xã", "commune_code", help_vi="Mã 5 số của GSO, theo năm bắt đầu."),
    Field("commune", "Xã / phường / thị trấn", "commune"),
    Field("district", "Huyện / thị xã / thành phố", "district"),
    Field("era", "Địa giới theo", "boundaries_of", "era", help_vi=ERA_HELP),
    Field("year_started", "Năm bắt đầu", "year_started", "year", True),
    Field("year_recognised", "Năm công nhận", "year_recognised", "year"),
    Field("recognised_by", "Cơ quan công nhận", "recognised_by"),
    Field("typical", "Điển hình", "typical", "bool", help_vi="Có / Không"),
    Field("typical_year", "Năm chọn điển hình", "typical_year", "year"),
    Field("status", "Tình trạng", "status", "status"),
    Field("households", "Số hộ tham gia", "households", "int"),
    Field("members", "Số thành viên", "members", "int"),
    Field("result_text", "Kết quả", "results"),
    Field("result_vnd", "Kết quả: số tiền (đồng)", "result_vnd", "int"),
    Field("result_ha", "Kết quả: diện tích (ha)", "result_ha", "float"),
    Field("result_houses", "Kết quả: số nhà", "result_houses", "int"),
    Field("result_road_km", "Kết quả: đường (km)", "result_road_km", "float"),
    Field("result_cases", "Kết quả: số vụ việc", "result_cases", "int"),
    Field("description", "Mô tả", "description"),
    Field("source", "Nguồn", "source"),
)
REPLICATION_FIELDS = (
    Field("model_id", "Mã mô hình", "model_id", required=True),
    Field("commune_code", "Mã xã", "commune_code"),
    Field("commune", "Xã / phường / thị trấn", "commune"),
    Field("district", "Huyện / thị xã / thành phố", "district"),
    Field("era", "Địa giới theo", "boundaries_of", "era", help_vi=ERA_HELP),
    Field("year", "Năm nhân rộng", "year", "year", True),
    Field("note", "Ghi chú", "note"),
)
FIELDS = {"models": MODEL_FIELDS, "replications": REPLICATION_FIELDS}
VOCABULARIES = {"domain": vocab.DOMAINS, "kind": vocab.KINDS, "unit": vocab.UNITS,
                "level": vocab.LEVELS, "status": vocab.STATUSES}
TRUE_WORDS = {"co", "x", "yes", "true", "1", "dien hinh", "oui", "y"}
FALSE_WORDS = {"khong", "no", "false", "0", "non", "n", ""}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    reason: str  # catalog key: import.reason.<reason>
    detail: str = ""
    candidates: tuple = ()


@dataclass
class ImportPlan:
    kind: str
    file_name: str
    sha256: str
    rows_read: int
    records: list[dict]
    errors: list[RowError]
    matches: dict[int, Match] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    new_count: int = 0
    unchanged_count: int = 0
    repeat_of: dict | None = None

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    @property
    def match_report(self) -> dict[str, int]:
        return match_report(list(self.matches.values()))


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _decode(data: bytes, file_name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"{file_name}: not UTF-8, UTF-16 or Windows-1258 text "
                              f"(byte {exc.start})", file=file_name) from exc


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value).strip()


def read_table(data: bytes, file_name: str) -> pd.DataFrame:
    """Every cell as text, plus `_row`: the row number a spreadsheet program shows."""
    if not data:
        raise ImportFileError(f"{file_name}: the file is empty", file=file_name)
    if file_name.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        rows = _xlsx_rows(data, file_name)
    else:
        text = _decode(data, file_name)
        lines = [line for line in text.splitlines() if not line.startswith("#")]
        body = "\n".join(lines)
        try:
            dialect = csv.Sniffer().sniff(body[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(body), dialect)]
    rows = [r for r in rows if any(c for c in r)]
    if len(rows) < 1:
        raise ImportFileError(f"{file_name}: no header row", file=file_name)
    header, body_rows = rows[0], rows[1:]
    width = len(header)
    frame = pd.DataFrame([(r + [""] * width)[:width] for r in body_rows], columns=header,
                         dtype=object)
    frame["_row"] = range(2, 2 + len(body_rows))
    return frame


def _xlsx_rows(data: bytes, file_name: str) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(f"{file_name}: not a readable XLSX workbook ({exc})",
                              file=file_name) from exc
    sheet = book.worksheets[0]
    return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", names.strip_accents(str(text)).lower())


def map_columns(frame: pd.DataFrame, kind: str) -> tuple[dict[str, str], list[str]]:
    """{field key: column} for the columns we know, and the columns we do not."""
    known = {}
    for spec in FIELDS[kind]:
        for spelling in (spec.key, spec.vi, spec.en):
            known.setdefault(_header_key(spelling), spec.key)
    mapping, ignored = {}, []
    for column in frame.columns:
        if column == "_row":
            continue
        key = known.get(_header_key(column))
        if key and key not in mapping:
            mapping[key] = column
        else:
            ignored.append(column)
    missing = [s.vi for s in FIELDS[kind] if s.required and s.key not in mapping]
    if missing:
        raise ImportFileError(f"missing columns: {', '.join(missing)}", columns=", ".join(missing))
    return mapping, ignored


def parse_int(text: str) -> int:
    """"1.234", "1,234", "1 234" and "1234" are all 1234; anything else is an error."""
    compact = text.replace("\u00a0", " ").strip()
    if re.fullmatch(r"-?\d{1,3}([., ]\d{3})+", compact):
        compact = re.sub(r"[., ]", "", compact)
    if not re.fullmatch(r"-?\d+", compact):
        raise ValueError(text)
    return int(compact)


def parse_float(text: str) -> float:
    """"12,5" and "12.5" are 12.5 (a lone comma or dot is the decimal mark)."""
    compact = text.replace(" ", "").replace("\u00a0", "")
    if compact.count(",") + compact.count(".") > 1:
        raise ValueError(text)
    return float(compact.replace(",", "."))


class _RowReader:
    """Reads one row's cells by field key, collecting errors instead of raising."""

    def __init__(self, row: pd.Series, mapping: dict[str, str], specs: tuple[Field, ...],
                 this_year: int) -> None:
        self.row, self.mapping, self.this_year = row, mapping, this_year
        self.specs = {s.key: s for s in specs}
        self.number = int(row["_row"])
        self.errors: list[RowError] = []

    def text(self, key: str) -> str:
        column = self.mapping.get(key)
        return names.clean_text(self.row[column]) if column else ""

    def fail(self, key: str, reason: str, detail: str = "", candidates: tuple = ()) -> None:
        spec = self.specs[key]
        self.errors.append(RowError(self.number, spec.vi, self.text(key), reason, detail,
                                    candidates))

    def value(self, key: str) -> object:
        spec, text = self.specs[key], self.text(key)
        if not text:
            if spec.required:
                self.fail(key, "missing")
            return None
        try:
            if spec.parse == "int":
                return parse_int(text)
            if spec.parse == "float":
                return parse_float(text)
            if spec.parse == "year":
                year = parse_int(text)
                if not FIRST_YEAR <= year <= self.this_year:
                    self.fail(key, "year_range", f"{FIRST_YEAR}–{self.this_year}")
                    return None
                return year
        except ValueError:
            self.fail(key, "not_a_number")
            return None
        if spec.parse == "era":
            if text not in ERAS:
                self.fail(key, "unknown_value", " | ".join(ERAS))
                return None
            return text
        if spec.parse == "bool":
            folded = names.ascii_key(text)
            if folded in TRUE_WORDS or folded in FALSE_WORDS:
                return folded in TRUE_WORDS
            self.fail(key, "not_a_bool")
            return None
        if spec.parse in VOCABULARIES:
            found = vocab.lookup(VOCABULARIES[spec.parse], text)
            if found is None and spec.parse == "unit":
                return "khac"
            if found is None:
                self.fail(key, "unknown_value", ", ".join(
                    v[0] for v in VOCABULARIES[spec.parse].values()))
            return found
        return text


def _place(reader: _RowReader, gazetteer: Gazetteer, year: int | None,
           confirmed: tuple[str, str] | None) -> Match | None:
    code, name, district = reader.text("commune_code"), reader.text("commune"), reader.text("district")
    if not (code or name):
        return None
    if confirmed:
        return Match("exact", *confirmed, reason="confirmed by a person")
    match = gazetteer.resolve(code=code or None, name=name or None, district=district or None,
                              year=year, era=reader.value("era"))
    if not match.resolved:
        column = "commune" if name else "commune_code"
        reason = {"suggestion": "commune_suggestion", "ambiguous": "commune_ambiguous"}.get(
            match.outcome, "commune_unknown")
        reader.fail(column, reason, match.reason, match.candidates)
    return match


def _model_record(reader: _RowReader, gazetteer: Gazetteer, confirmed, generated_id: str
                  ) -> tuple[dict, Match | None]:
    record = {spec.key: reader.value(spec.key) for spec in MODEL_FIELDS
              if spec.key not in ("commune", "commune_code", "district", "era")}
    record["id"] = record["id"] or generated_id
    if record["unit"] == "khac":
        record["unit_other"] = reader.text("unit")
    record["typical"] = bool(record["typical"])
    year = record["year_started"]
    match = _place(reader, gazetteer, year, confirmed)
    district_text = reader.text("district")
    if match and match.resolved:
        record["commune_era"], record["commune_code"] = match.era, match.code
        districts = gazetteer.district_codes[(match.era, match.code)]
        record["district_code"] = next(iter(districts)) if len(districts) == 1 else None
    elif district_text and match is None:
        found = gazetteer.district_codes_for(district_text)
        if len(found) == 1:
            record["district_code"] = found.pop()
        else:
            reader.fail("district", "district_unknown")
    if record["level"] is None and not reader.text("level"):
        record["level"] = "xa" if match else ("huyen" if district_text else None)
        if record["level"] is None:
            reader.fail("level", "missing")
    if record["level"] == "xa" and match is None:
        reader.fail("commune", "commune_required")
    if record["year_recognised"] and year and record["year_recognised"] < year:
        reader.fail("year_recognised", "year_order")
    return record, match


def _replication_record(reader: _RowReader, gazetteer: Gazetteer, confirmed, model_ids: set[str]
                        ) -> tuple[dict, Match | None]:
    record = {"model_id": reader.value("model_id"), "year": reader.value("year"),
              "note": reader.value("note")}
    if record["model_id"] and record["model_id"] not in model_ids:
        reader.fail("model_id", "unknown_model")
    match = _place(reader, gazetteer, record["year"], confirmed)
    if match is None:
        reader.fail("commune", "commune_required")
    elif match.resolved:
        record["commune_era"], record["commune_code"] = match.era, match.code
    return record, match


def plan_import(frame: pd.DataFrame, *, kind: str, gazetteer: Gazetteer, engine: sa.Engine,
                file_name: str, sha256: str, confirmations: dict[int, tuple[str, str]] | None = None,
                this_year: int | None = None) -> ImportPlan:
    """Validate every row and compare with the store; nothing is written."""
    mapping, ignored = map_columns(frame, kind)
    this_year = this_year or dt.date.today().year
    confirmations = confirmations or {}
    specs = FIELDS[kind]
    model_ids = set(store.read_models(engine)["id"]) if kind == "replications" else set()
    records, errors, matches, seen = [], [], {}, {}
    for _, row in frame.iterrows():
        reader = _RowReader(row, mapping, specs, this_year)
        confirmed = confirmations.get(reader.number)
        if kind == "models":
            record, match = _model_record(reader, gazetteer, confirmed,
                                          f"M-{sha256[:8]}-{reader.number}")
            identity = record["id"]
        else:
            record, match = _replication_record(reader, gazetteer, confirmed, model_ids)
            identity = (record["model_id"], record.get("commune_era"), record.get("commune_code"))
        if match is not None:
            matches[reader.number] = match
        if identity in seen and not reader.errors:
            column = "id" if kind == "models" else "commune"
            reader.fail(column, "duplicate_id", f"row {seen[identity]}")
        seen.setdefault(identity, reader.number)
        errors.extend(reader.errors)
        if not reader.errors:
            records.append({"_row": reader.number, **record})
    plan = ImportPlan(kind, file_name, sha256, len(frame), records, errors, matches, ignored)
    _compare_with_store(plan, engine)
    plan.repeat_of = store.find_import_by_sha(engine, sha256)
    return plan


def _compare_with_store(plan: ImportPlan, engine: sa.Engine) -> None:
    if plan.kind == "models":
        stored = store.read_models(engine).set_index("id")
        keyed = {r["id"]: r for r in plan.records}
    else:
        stored = store.read_replications(engine).set_index(["model_id", "commune_era",
                                                            "commune_code"])
        keyed = {(r["model_id"], r["commune_era"], r["commune_code"]): r for r in plan.records}
    for key, record in keyed.items():
        if key not in stored.index:
            plan.new_count += 1
            continue
        old = stored.loc[key]
        diffs = {c: (_plain(old[c]), record[c]) for c in record
                 if c in old.index and c != "_row" and _plain(old[c]) != record[c]}
        if diffs:
            plan.changes.append({"key": key, "row": record["_row"], "fields": diffs})
        else:
            plan.unchanged_count += 1


def _plain(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def apply_plan(engine: sa.Engine, plan: ImportPlan, *, valid_rows_only: bool, user_name: str = "",
               allow_changes: bool = False, allow_repeat: bool = False,
               progress: Callable[[int, int], None] | None = None) -> int:
    """Write the plan in one transaction; the illustrative data steps aside in that same one.

    `valid_rows_only=False` means all or nothing: any rejected row stops the import.
    """
    if plan.errors and not valid_rows_only:
        raise ImportRejectedError(f"{len(plan.rejected_rows)} rows have errors; nothing imported",
                                  rows=len(plan.rejected_rows))
    if plan.changes and not allow_changes:
        raise ImportRejectedError(f"{len(plan.changes)} stored records would change; confirm "
                                  "the changes first", rows=len(plan.changes))
    if plan.repeat_of and not allow_repeat:
        raise DuplicateImportError(f"{plan.file_name} was already imported "
                                   f"(import {plan.repeat_of['id']})", import_id=plan.repeat_of["id"])
    records = [{k: v for k, v in r.items() if k != "_row"} for r in plan.records]
    with engine.begin() as connection:
        if user_name != DEMO_USER:
            remove_demo_in(connection)
        return store.write_import_in(connection, kind=plan.kind, file_name=plan.file_name,
                                     sha256=plan.sha256, user_name=user_name,
                                     rows_read=plan.rows_read,
                                     rows_rejected=len(plan.rejected_rows), records=records,
                                     progress=progress)


def remove_demo_in(connection: sa.Connection) -> int:
    """Undo every illustrative-data import still in force (replications first)."""
    query = (sa.select(imports.c.id).where(imports.c.user_name == DEMO_USER,
                                           imports.c.undone_at.is_(None))
             .order_by(imports.c.id.desc()))
    ids = connection.execute(query).scalars().all()
    return sum(store.undo_import_in(connection, i) for i in ids)


def has_demo(engine: sa.Engine) -> bool:
    """Whether the illustrative data is what the store holds."""
    with engine.connect() as connection:
        return connection.execute(sa.select(imports.c.id).where(
            imports.c.user_name == DEMO_USER, imports.c.undone_at.is_(None))).first() is not None
