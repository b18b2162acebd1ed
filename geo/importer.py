"""Import of model and replication spreadsheets: read, validate every row, plan, then apply.

Reading is exact (`geo.reading`); validation gathers every problem (row, column, value, reason)
before anything is written; the user then imports the valid rows or nothing. Places go through
`geo.matching`, and only exact or normalised matches, or matches a person confirmed, are accepted.
Records without an id get one from their content, so importing an edited file again updates them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa
from rapidfuzz import fuzz, process

from geo import names, numbers, store, users, vocab
from geo.errors import (DuplicateImportError, EmptyImportError, ImportFileError,
                        ImportRejectedError)
from geo.matching import ERAS, Gazetteer, Match, is_province_name, match_report
from geo.reading import Table, column_letter, restore
from geo.schema import imports
from geo.users import Actor

FIRST_YEAR = 2009
DEMO_USER = users.DEMO.username
INT_MAX = 2**31 - 1  # INTEGER on PostgreSQL
BIGINT_MAX = 2**63 - 1
FLOAT_MAX = 1e15
ID_MAX = 64


ERA_HELP = ("Không bắt buộc: 2019 | 2020 | 2025a | 2025b. Để trống thì suy từ năm; năm 2025 cần "
            "ghi rõ 2025a (trước 1-7-2025) hay 2025b (từ 1-7-2025).")


@dataclass(frozen=True)
class Field:
    key: str
    vi: str
    en: str
    parse: str = "text"  # text | block | int | bigint | float | year | bool | code | era | vocab
    required: bool = False
    help_vi: str = ""


MODEL_FIELDS = (
    Field("id", "Mã mô hình", "id", "id",
          help_vi="Nên ghi. Để trống thì hệ thống đặt mã theo tên, địa bàn và năm bắt đầu; khi "
                  "đó sửa một trong ba thông tin này sẽ tạo mô hình mới thay vì cập nhật."),
    Field("name", "Tên mô hình", "name", required=True),
    Field("domain", "Lĩnh vực", "domain", "domain", True,
          "Kinh tế | Văn hóa – xã hội | Quốc phòng – an ninh | Xây dựng hệ thống chính trị | "
          "Chưa phân loại"),
    Field("sub_tag", "Nhóm chủ đề", "sub_tag", help_vi="Ví dụ: nông thôn mới, giảm nghèo."),
    Field("kind", "Tập thể / cá nhân", "collective_or_individual", "kind"),
    Field("unit", "Đơn vị thực hiện", "implementing_unit", "unit", True,
          "Khối dân vận xã, Ủy ban MTTQ, Hội Nông dân...; tên khác được giữ nguyên (Khác)."),
    Field("level", "Cấp", "level", "level", help_vi="Tỉnh | Huyện | Xã (mặc định: Xã nếu có xã)."),
    Field("commune_code", "Mã xã", "commune_code", "code",
          help_vi="Mã 5 số của GSO, theo năm bắt đầu."),
    Field("commune", "Xã / phường / thị trấn", "commune"),
    Field("district", "Huyện / thị xã / thành phố", "district"),
    Field("era", "Địa giới theo", "boundaries_of", "era", help_vi=ERA_HELP),
    Field("year_started", "Năm bắt đầu", "year_started", "year", True),
    Field("year_recognised", "Năm công nhận", "year_recognised", "year"),
    Field("recognised_by", "Cơ quan công nhận", "recognised_by"),
    Field("agency", "Cơ quan cấp tỉnh xây dựng", "provincial_agency",
          help_vi="Tên cơ quan cấp tỉnh đã xây dựng mô hình (nếu có), để tính chỉ tiêu của cơ quan."),
    Field("typical", "Điển hình", "typical", "bool", help_vi="Có / Không"),
    Field("typical_year", "Năm chọn điển hình", "typical_year", "year"),
    Field("status", "Tình trạng", "status", "status"),
    Field("households", "Số hộ tham gia", "households", "int"),
    Field("members", "Số thành viên", "members", "int"),
    Field("result_text", "Kết quả", "results", "block"),
    Field("result_vnd", "Kết quả: số tiền (đồng)", "result_vnd", "bigint"),
    Field("result_ha", "Kết quả: diện tích (ha)", "result_ha", "float"),
    Field("result_houses", "Kết quả: số nhà", "result_houses", "int"),
    Field("result_road_km", "Kết quả: đường (km)", "result_road_km", "float"),
    Field("result_cases", "Kết quả: số vụ việc", "result_cases", "int"),
    Field("description", "Mô tả", "description", "block"),
    Field("source", "Nguồn", "source", "block"),
)
REPLICATION_FIELDS = (
    Field("model_id", "Mã mô hình", "model_id", "id", required=True),
    Field("commune_code", "Mã xã", "commune_code", "code"),
    Field("commune", "Xã / phường / thị trấn", "commune"),
    Field("district", "Huyện / thị xã / thành phố", "district"),
    Field("era", "Địa giới theo", "boundaries_of", "era", help_vi=ERA_HELP),
    Field("year", "Năm nhân rộng", "year", "year", True),
    Field("note", "Ghi chú", "note", "block"),
)
TARGET_FIELDS = (
    Field("level", "Cấp áp dụng", "applies_to", "target_level", True,
          "Cấp huyện (đến 30-6-2025) | Xã, phường (từ 1-7-2025) | Cơ quan cấp tỉnh"),
    Field("year_from", "Từ năm", "from_year", "target_year", True),
    Field("year_to", "Đến năm", "to_year", "target_year", True),
    Field("cadence", "Tính theo", "counted_over", "cadence", True, "Mỗi năm | Cả giai đoạn"),
    Field("min_new", "Số mô hình mới tối thiểu", "min_new_models", "int"),
    Field("min_typical", "Số mô hình điển hình tối thiểu", "min_typical_models", "int"),
    Field("min_replications", "Số lượt nhân rộng tối thiểu", "min_replications", "int"),
    Field("note", "Căn cứ / ghi chú", "note", "block"),
)
FIELDS = {"models": MODEL_FIELDS, "replications": REPLICATION_FIELDS, "targets": TARGET_FIELDS}
VOCABULARIES = {"domain": vocab.DOMAINS, "kind": vocab.KINDS, "unit": vocab.UNITS,
                "level": vocab.LEVELS, "status": vocab.STATUSES,
                "target_level": vocab.TARGET_LEVELS, "cadence": vocab.CADENCES}
LAST_TARGET_YEAR = 2100
DISTRICTS_LAST_YEAR = 2025  # district-level units were abolished on 1-7-2025
TRUE_WORDS = {"co", "x", "yes", "true", "1", "dien hinh", "oui", "y"}
FALSE_WORDS = {"khong", "no", "false", "0", "non", "n", ""}


NUMBER_LIMITS = {"int": INT_MAX, "bigint": BIGINT_MAX, "float": FLOAT_MAX}


@dataclass(frozen=True)
class RowError:
    """One problem in one cell. `reason` is a catalog key (import.reason.<reason>), `params`
    fill its message; `candidates` are places a person may confirm."""

    row: int
    column: str
    value: str
    reason: str
    params: tuple = ()
    candidates: tuple = ()

    @property
    def values(self) -> dict:
        return dict(self.params)


@dataclass(frozen=True)
class Notice:
    """Something the user should see before importing: key (import.notice.<key>) and values."""

    key: str
    params: tuple = ()

    @property
    def values(self) -> dict:
        return dict(self.params)


@dataclass
class ImportPlan:
    kind: str
    file_name: str
    sha256: str
    rows_read: int
    records: list[dict]
    errors: list[RowError]
    matches: dict[int, Match] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    new_count: int = 0
    unchanged_count: int = 0
    repeat_of: dict | None = None
    replaces_demo: bool = False
    deletes: list[dict] = field(default_factory=list)  # keys of stored records to remove

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    @property
    def match_report(self) -> dict[str, int]:
        return match_report(list(self.matches.values()))

    @property
    def review_groups(self) -> list[dict]:
        """Uncertain places grouped by what was written: one decision serves every row."""
        groups: dict[tuple, dict] = {}
        for error in self.errors:
            if not error.candidates:
                continue
            group = groups.setdefault((error.value, error.values.get("district", "")), {
                "written": error.value, "district": error.values.get("district", ""),
                "rows": [], "candidates": error.candidates, "reason": error.reason,
                "score": error.values.get("score")})
            group["rows"].append(error.row)
        return list(groups.values())


def field_label(kind: str, key: str, lang: str) -> str:
    """A field as the template heads it: Vietnamese headers for vi, English ones otherwise."""
    spec = next((s for s in FIELDS[kind] if s.key == key), None)
    if spec is None:
        return key
    return spec.vi if lang == "vi" else spec.en


def value_label(kind: str, key: str, value: object, lang: str) -> str:
    """A stored value as a person reads it: vocabulary labels, Có/Không, nothing for empty."""
    spec = next((s for s in FIELDS[kind] if s.key == key), None)
    if value is None:
        return ""
    if spec is not None and spec.parse in VOCABULARIES:
        return vocab.label(VOCABULARIES[spec.parse], value, lang)
    if isinstance(value, bool):
        return vocab.label(vocab.YES_NO, "yes" if value else "no", lang)
    return str(value)


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", names.strip_accents(str(text)).lower())


def map_columns(table: Table, kind: str) -> tuple[dict[str, int], list[Notice]]:
    """{field key: column index} for the columns we know; notices for the ones we do not.

    Two columns meaning the same field stop the import (which one holds the truth is a guess).
    """
    known = {}
    for spec in FIELDS[kind]:
        for spelling in (spec.key, spec.vi, spec.en):
            known.setdefault(_header_key(spelling), spec.key)
    mapping: dict[str, int] = {}
    notices = []
    by_key = {spec.key: spec for spec in FIELDS[kind]}
    for index, column in enumerate(table.columns):
        letter = column_letter(index)
        if not column:
            filled = sum(1 for row in table.rows if row[index].strip())
            if filled:
                notices.append(Notice("no_header", (("column", letter), ("n", filled))))
            continue
        key = known.get(_header_key(column))
        if key is None:
            guess = process.extractOne(_header_key(column), list(known), scorer=fuzz.partial_ratio,
                                       score_cutoff=80)
            near = by_key[known[guess[0]]].vi if guess else ""
            notices.append(Notice("unknown_column", (("column", column), ("letter", letter),
                                                     ("near", near))))
            continue
        if key in mapping:
            first = mapping[key]
            raise ImportFileError(
                f"columns {column_letter(first)} ({table.columns[first]!r}) and {letter} "
                f"({column!r}) are both {by_key[key].vi!r}", columns=f"{column_letter(first)}, "
                f"{letter}", field=by_key[key].vi)
        mapping[key] = index
    missing = [s.vi for s in FIELDS[kind] if s.required and s.key not in mapping]
    if missing:
        raise ImportFileError(f"missing columns: {', '.join(missing)}", columns=", ".join(missing))
    return mapping, notices


def _conventions(table: Table, mapping: dict[str, int], specs: tuple[Field, ...],
                 chosen: str | None) -> dict[str, str | None]:
    """The number convention of each number column: its own evidence, else the file's, else the
    one the user chose."""
    number_keys = [s.key for s in specs if s.parse in NUMBER_LIMITS and s.key in mapping]
    votes = {}
    for key in number_keys:
        col = mapping[key]
        votes[key] = numbers.evidence(row[col] for i, row in enumerate(table.rows)
                                      if (i, col) not in table.typed_numbers)
    overall = numbers.convention_of(sum(votes.values(), start=numbers.Counter()))
    return {key: numbers.convention_of(votes[key]) or chosen or overall for key in number_keys}


class _RowReader:
    """Reads one row's cells by field key, collecting errors instead of raising."""

    def __init__(self, table: Table, index: int, mapping: dict[str, int],
                 specs: tuple[Field, ...], this_year: int, conventions: dict[str, str | None]
                 ) -> None:
        self.table, self.index, self.mapping, self.this_year = table, index, mapping, this_year
        self.cells = table.rows[index]
        self.specs = {s.key: s for s in specs}
        self.conventions = conventions
        self.number = table.row_numbers[index]
        self.errors: list[RowError] = []

    def raw(self, key: str) -> str:
        column = self.mapping.get(key)
        return restore(self.cells[column]) if column is not None else ""

    def text(self, key: str) -> str:
        return names.clean_text(self.raw(key))

    def fail(self, key: str, reason: str, **params: object) -> None:
        self.errors.append(RowError(self.number, self.specs[key].vi, self.raw(key), reason,
                                    tuple(params.items())))

    def value(self, key: str) -> object:
        spec = self.specs[key]
        raw = self.raw(key)
        if "\x00" in raw:
            self.fail(key, "nul_character")
            return None
        # free text is kept as written (NFC, outer white space dropped); codes and words folded
        text = (names.clean_block(raw) if spec.parse in ("text", "block", "id")
                else names.clean_text(raw))
        if not text:
            if spec.required:
                self.fail(key, "missing")
            return None
        if spec.parse in NUMBER_LIMITS or spec.parse in ("year", "target_year"):
            return self._number(key, spec, text)
        if spec.parse == "id":
            if len(text) > ID_MAX:
                self.fail(key, "too_long", limit=ID_MAX)
                return None
            return text
        if spec.parse == "code":
            if not re.fullmatch(r"\d{1,5}", text):
                self.fail(key, "code_not_integer")
                return None
            return text.zfill(5)
        if spec.parse == "era":
            if text not in ERAS:
                self.fail(key, "unknown_value", allowed=" | ".join(ERAS))
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
                self.fail(key, "unknown_value", allowed=", ".join(
                    v[0] for v in VOCABULARIES[spec.parse].values()))
            return found
        return text

    def _number(self, key: str, spec: Field, text: str) -> int | float | None:
        typed = (self.index, self.mapping[key]) in self.table.typed_numbers
        year = spec.parse in ("year", "target_year")
        last = self.this_year if spec.parse == "year" else LAST_TARGET_YEAR
        try:
            value = numbers.parse_number(
                text, integer=spec.parse != "float",
                convention="en" if typed else self.conventions.get(key),
                maximum=last if year else NUMBER_LIMITS[spec.parse],
                minimum=FIRST_YEAR if year else 0)
        except numbers.NumberError as error:
            if year and error.reason in ("too_large", "too_small"):
                self.fail(key, "year_range", first=FIRST_YEAR, last=last)
            else:
                self.fail(key, error.reason, **error.params)
            return None
        return value


def _place(reader: _RowReader, gazetteer: Gazetteer, year: int | None,
           confirmed: tuple[str, str] | None, cache: dict) -> Match | None:
    code = reader.value("commune_code") if reader.raw("commune_code").strip() else None
    name, district = reader.text("commune"), reader.text("district")
    if is_province_name(district):
        district = ""
    if not (code or name):
        if reader.raw("commune_code").strip():
            return Match("unknown", reason="bad code")
        return None
    if confirmed:
        return Match("exact", *confirmed, reason="confirmed by a person")
    era = reader.value("era")
    key = (code, name, district, year, era)
    if key not in cache:
        cache[key] = gazetteer.resolve(code=code, name=name or None, district=district or None,
                                       year=year, era=era)
    match = cache[key]
    if not match.resolved:
        column = "commune" if name else "commune_code"
        reason = {"suggestion": "commune_suggestion", "ambiguous": "commune_ambiguous"}.get(
            match.outcome, "commune_unknown")
        if reason == "commune_unknown" and match.reason.startswith("district"):
            column, reason = "district", "district_unknown"
        params = {"district": district}
        if match.score is not None:
            params["score"] = match.score
        reader.errors.append(RowError(reader.number, reader.specs[column].vi, reader.raw(column),
                                      reason, tuple(params.items()), match.candidates))
    return match


def derived_id(name: str, place: str, year: int | None) -> str:
    """The id of a record that has none: from its name, place and year started, so the same
    record in an edited file gets the same id."""
    key = f"{names.key(name)}|{place}|{year}"
    return "M-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _place_key(record: dict) -> str:
    if record.get("commune_code"):
        return f"{record['commune_era']}:{record['commune_code']}"
    return f"district:{record['district_code']}" if record.get("district_code") else "province"


def _model_record(reader: _RowReader, gazetteer: Gazetteer, confirmed, cache: dict
                  ) -> tuple[dict, Match | None]:
    record = {spec.key: reader.value(spec.key) for spec in MODEL_FIELDS
              if spec.key not in ("commune", "commune_code", "district", "era")}
    if record["unit"] == "khac":
        record["unit_other"] = reader.text("unit")
    record["typical"] = bool(record["typical"])
    year = record["year_started"]
    match = _place(reader, gazetteer, year, confirmed, cache)
    district_text = reader.text("district")
    province = is_province_name(district_text)
    if match and match.resolved:
        record["commune_era"], record["commune_code"] = match.era, match.code
        districts = gazetteer.district_codes[(match.era, match.code)]
        record["district_code"] = next(iter(districts)) if len(districts) == 1 else None
    elif district_text and not province and match is None:
        found = gazetteer.district_codes_for(district_text)
        if len(found) == 1:
            record["district_code"] = found.pop()
        else:
            reader.fail("district", "district_unknown")
    if record["level"] is None and not reader.text("level"):
        record["level"] = ("xa" if match else "huyen" if district_text and not province
                           else "tinh" if province else None)
        if record["level"] is None:
            reader.fail("level", "missing")
    if record["level"] == "xa" and match is None:
        reader.fail("commune", "commune_required")
    if year:
        for later in ("year_recognised", "typical_year"):
            if record[later] and record[later] < year:
                reader.fail(later, "year_order", year=year)
    if record["typical_year"] and not record["typical"]:
        reader.fail("typical_year", "typical_year_not_typical")
    return record, match


def _replication_record(reader: _RowReader, gazetteer: Gazetteer, confirmed,
                        model_years: dict[str, int], cache: dict) -> tuple[dict, Match | None]:
    record = {"model_id": reader.value("model_id"), "year": reader.value("year"),
              "note": reader.value("note")}
    model_id = record["model_id"]
    if model_id and model_id not in model_years:
        reader.fail("model_id", "unknown_model")
    elif model_id and record["year"] and record["year"] < model_years[model_id]:
        reader.fail("year", "before_model", year=model_years[model_id])
    match = _place(reader, gazetteer, record["year"], confirmed, cache)
    if match is None:
        reader.fail("commune", "commune_required")
    elif match.resolved:
        record["commune_era"], record["commune_code"] = match.era, match.code
    return record, match


def _target_record(reader: _RowReader) -> dict:
    record = {spec.key: reader.value(spec.key) for spec in TARGET_FIELDS}
    first, last = record["year_from"], record["year_to"]
    if first and last and last < first:
        reader.fail("year_to", "period_order", year=first)
    if record["level"] == "district" and first and first > DISTRICTS_LAST_YEAR:
        reader.fail("year_from", "no_districts_then", year=DISTRICTS_LAST_YEAR)
    minimums = ("min_new", "min_typical", "min_replications")
    if not reader.errors and not any(record[k] for k in minimums):
        reader.fail("min_new", "no_minimum")
    return record


def _overlapping_rules(plan: ImportPlan, stored: pd.DataFrame, replace_all: bool) -> None:
    """Two rules of one level whose periods share a year would each claim that year: the rows
    that overlap (with each other or with a stored rule the file keeps) become errors."""
    kept = [] if replace_all else [
        {"level": r.level, "year_from": int(r.year_from), "year_to": int(r.year_to), "_row": None}
        for r in stored.itertuples()
        if (r.level, r.year_from, r.year_to) not in {_target_key(x) for x in plan.records}]
    bad: dict[int, RowError] = {}
    records = plan.records + kept
    for i, a in enumerate(plan.records):
        for b in records[i + 1:]:
            if (a["level"] == b["level"] and a["year_from"] <= b["year_to"]
                    and b["year_from"] <= a["year_to"]):
                for this, other in ((a, b), (b, a)) if b["_row"] else ((a, b),):
                    period = ("period", f"{other['year_from']}–{other['year_to']}")
                    bad.setdefault(this["_row"], RowError(
                        this["_row"], "Từ năm", str(this["year_from"]),
                        "overlapping_rule" if other["_row"] else "overlapping_stored_rule",
                        (period, ("row", other["_row"])) if other["_row"] else (period,)))
    plan.errors.extend(bad.values())
    plan.records = [r for r in plan.records if r["_row"] not in bad]


def _target_key(record: dict) -> tuple:
    return record["level"], record["year_from"], record["year_to"]


Progress = Callable[[str, int, int], None]


def plan_import(table: Table, *, kind: str, gazetteer: Gazetteer, engine: sa.Engine,
                file_name: str, sha256: str, confirmations: dict[int, tuple[str, str]] | None = None,
                this_year: int | None = None, number_format: str | None = None,
                progress: Progress | None = None, replace_all: bool = False) -> ImportPlan:
    """Validate every row and compare with the store; nothing is written.

    `confirmations`: row number -> (era, code) a person chose. `number_format`: "vi" or "en",
    used only for numbers that both conventions read differently and the file does not settle.
    `progress(stage, done, total)` is told every few hundred rows. `replace_all` (target rules
    only): the table is the whole set, stored rules missing from it are removed.
    """
    if not table.rows and not replace_all:
        raise EmptyImportError(f"{file_name}: the file has a header but no data rows",
                               file=file_name)
    mapping, notices = map_columns(table, kind)
    this_year = this_year or dt.date.today().year
    confirmations = confirmations or {}
    specs = FIELDS[kind]
    conventions = _conventions(table, mapping, specs, number_format)
    stored_models = store.read_models(engine)  # read once: years, comparison, duplicates
    model_years = {}
    if kind == "replications":
        model_years = dict(zip(stored_models["id"], stored_models["year_started"].astype(int)))
    records, errors, matches, seen, cache = [], [], {}, {}, {}
    total = len(table.rows)
    for index in range(total):
        reader = _RowReader(table, index, mapping, specs, this_year, conventions)
        for letter, value in table.extra_cells.get(reader.number, ()):
            errors.append(RowError(reader.number, letter, value, "extra_cell"))
        for letter in table.formula_cells.get(reader.number, ()):
            errors.append(RowError(reader.number, letter, "", "formula_no_value"))
        confirmed = confirmations.get(reader.number)
        if kind == "targets":
            record, match = _target_record(reader), None
            identity = _target_key(record)
        elif kind == "models":
            record, match = _model_record(reader, gazetteer, confirmed, cache)
            if not record["id"] and not reader.errors:
                record["id"] = derived_id(record["name"], _place_key(record),
                                          record["year_started"])
                record["_derived"] = True
            identity = record["id"]
        else:
            record, match = _replication_record(reader, gazetteer, confirmed, model_years, cache)
            identity = (record["model_id"], record.get("commune_era"), record.get("commune_code"))
        if match is not None:
            matches[reader.number] = match
        if identity in seen and not reader.errors:
            if record.get("_derived"):
                reader.fail("name", "duplicate_content", row=seen[identity])
            else:
                reader.fail({"models": "id", "replications": "commune", "targets": "year_from"}[
                    kind], "duplicate_rule" if kind == "targets" else "duplicate_id",
                    row=seen[identity])
        if not reader.errors:
            seen.setdefault(identity, reader.number)
        errors.extend(reader.errors)
        if not reader.errors and not (reader.number in table.extra_cells
                                      or reader.number in table.formula_cells):
            records.append({"_row": reader.number, **record})
        if progress and (index + 1) % 500 == 0:
            progress("check", index + 1, total)
    if progress:
        progress("check", total, total)
    plan = ImportPlan(kind, file_name, sha256, total, records, errors, matches, notices)
    stored = {"models": stored_models, "replications": store.read_replications,
              "targets": store.read_targets}[kind]
    stored = stored if kind == "models" else stored(engine)
    if kind == "targets":
        _overlapping_rules(plan, stored, replace_all)
        if replace_all:
            keys = {_target_key(r) for r in plan.records}
            plan.deletes = [{"level": r.level, "year_from": int(r.year_from),
                             "year_to": int(r.year_to)} for r in stored.itertuples()
                            if (r.level, r.year_from, r.year_to) not in keys]
    _compare_with_store(plan, stored)
    if kind == "models":
        plan.notices.extend(_likely_duplicates(plan.records, stored_models))
    plan.repeat_of = store.find_import_by_sha(engine, sha256)
    plan.replaces_demo = kind != "targets" and has_demo(engine)
    return plan


def _likely_duplicates(records: list[dict], stored: pd.DataFrame) -> list[Notice]:
    """Records with the same name and place as another in the file or the store, but another
    id: probably one model entered twice."""
    by_content: dict[tuple, list[str]] = defaultdict(list)
    rows: dict[tuple, list[int]] = defaultdict(list)
    for record in records:
        key = (names.key(record["name"]), _place_key(record))
        by_content[key].append(record["id"])
        rows[key].append(record["_row"])
    stored_ids: dict[tuple, set[str]] = defaultdict(set)
    for row in stored.itertuples():
        era, code = row.commune_era, row.commune_code
        record = {"commune_era": era if isinstance(era, str) else None,
                  "commune_code": code if isinstance(code, str) else None,
                  "district_code": row.district_code if isinstance(row.district_code, str)
                  else None}
        stored_ids[(names.key(row.name), _place_key(record))].add(row.id)
    notices = []
    for key, ids in by_content.items():
        others = stored_ids.get(key, set()) - set(ids)
        if len(set(ids)) > 1 or others:
            notices.append(Notice("likely_duplicate", (
                ("rows", ", ".join(map(str, rows[key]))),
                ("ids", ", ".join(sorted(set(ids) | others))))))
    return notices


def _compare_with_store(plan: ImportPlan, stored: pd.DataFrame) -> None:
    """New, changed and unchanged records against `stored` (models or replications)."""
    if plan.kind == "models":
        stored = stored.set_index("id")
        keyed = {r["id"]: r for r in plan.records}
    elif plan.kind == "targets":
        stored = stored.astype({"year_from": int, "year_to": int}).set_index(
            ["level", "year_from", "year_to"])
        keyed = {_target_key(r): r for r in plan.records}
    else:
        stored = stored.set_index(["model_id", "commune_era", "commune_code"])
        keyed = {(r["model_id"], r["commune_era"], r["commune_code"]): r for r in plan.records}
    stored_rows = stored.to_dict("index")
    for key, record in keyed.items():
        old = stored_rows.get(key)
        if old is None:
            plan.new_count += 1
            continue
        diffs = {c: (_plain(old[c]), record[c]) for c in record
                 if c in old and _plain(old[c]) != record[c]}
        if diffs:
            plan.changes.append({"key": key, "row": record["_row"], "fields": diffs})
        else:
            plan.unchanged_count += 1


def _plain(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def apply_plan(engine: sa.Engine, plan: ImportPlan, *, actor: Actor, valid_rows_only: bool,
               allow_changes: bool = False, allow_repeat: bool = False,
               progress: Callable[[int, int], None] | None = None) -> int:
    """Write the plan in one transaction as `actor` (an editor); the illustrative data steps
    aside in that same one. `valid_rows_only=False` means all or nothing."""
    if not plan.records and not plan.deletes:
        raise ImportRejectedError(f"{plan.file_name}: no valid row to import; nothing imported",
                                  rows=len(plan.rejected_rows))
    if plan.errors and not valid_rows_only:
        raise ImportRejectedError(f"{len(plan.rejected_rows)} rows have errors; nothing imported",
                                  rows=len(plan.rejected_rows))
    if plan.changes and not allow_changes:
        raise ImportRejectedError(f"{len(plan.changes)} stored records would change; confirm "
                                  "the changes first", rows=len(plan.changes))
    if plan.repeat_of and not allow_repeat:
        raise DuplicateImportError(f"{plan.file_name} was already imported "
                                   f"(import {plan.repeat_of['id']})", import_id=plan.repeat_of["id"])
    records = [{k: v for k, v in r.items() if not k.startswith("_")} for r in plan.records]
    with engine.begin() as connection:
        users.authorize(connection, actor, "editor")
        if actor != users.DEMO and plan.kind != "targets":  # targets are not illustrative
            remove_demo_in(connection, actor)
        return store.write_import_in(connection, kind=plan.kind, file_name=plan.file_name,
                                     sha256=plan.sha256, user_name=actor.username,
                                     rows_read=plan.rows_read,
                                     rows_rejected=len(plan.rejected_rows), records=records,
                                     deletes=plan.deletes, progress=progress)


def remove_demo_in(connection: sa.Connection, actor: Actor) -> int:
    """Undo every illustrative-data import still in force (replications first), as `actor`."""
    query = (sa.select(imports.c.id).where(imports.c.user_name == DEMO_USER,
                                           imports.c.undone_at.is_(None))
             .order_by(imports.c.id.desc()))
    ids = connection.execute(query).scalars().all()
    return sum(store.undo_import_in(connection, i, actor) for i in ids)


def has_demo(engine: sa.Engine) -> bool:
    """Whether the illustrative data is what the store holds."""
    with engine.connect() as connection:
        return connection.execute(sa.select(imports.c.id).where(
            imports.c.user_name == DEMO_USER, imports.c.undone_at.is_(None))).first() is not None
