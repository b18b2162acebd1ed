"""Every row of a file checked into a record, collecting each problem (row, column, value,
reason) instead of stopping: headers mapped to fields, number conventions settled per column,
cells read by their field's rule, places matched across eras, years in order."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from geo.boundaries import names
from geo.boundaries.matching import ERAS, Gazetteer, Match, is_province_name
from geo.errors import ImportFileError
from geo.records import numbers, vocab
from geo.records.fields import (
    FALSE_WORDS,
    FIELDS,
    ID_MAX,
    LAST_TARGET_YEAR,
    MODEL_FIELDS,
    NUMBER_LIMITS,
    TARGET_FIELDS,
    TRUE_WORDS,
    VOCABULARIES,
    Field,
)
from geo.records.grid import column_letter
from geo.records.reading import Table, restore
from geo.text import first_unstorable
from geo.timeline import DISTRICTS_LAST_YEAR, FIRST_YEAR


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


def decimals_notices(read: list[tuple[int, str, str, int]], specs: dict[str, Field]
                     ) -> list[Notice]:
    """One notice per column where whole numbers were written with decimals: how many, in
    which rows, and one example as written and as read."""
    by_column: dict[str, list[tuple[int, str, int]]] = {}
    for row, key, written, value in read:
        by_column.setdefault(key, []).append((row, written, value))
    notices = []
    for key, found in by_column.items():
        rows = ", ".join(str(row) for row, _, _ in found[:10]) + (", …" if len(found) > 10
                                                                   else "")
        notices.append(Notice("decimals_in_whole", (
            ("column", specs[key].vi), ("n", len(found)), ("rows", rows),
            ("written", found[0][1]), ("read", found[0][2]))))
    return notices


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


def conventions(table: Table, mapping: dict[str, int], specs: tuple[Field, ...],
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


class RowReader:
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
        self.decimals: list[tuple[str, str, int]] = []  # (field key, as written, value read)

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
        code = first_unstorable(raw)
        if code:  # NUL cannot be stored; the others break documents and screens
            self.fail(key, "nul_character" if code == "U+0000" else "control_character",
                      code=code)
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
            value, decimals = numbers.read_number(
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
        if decimals:
            self.decimals.append((key, text, int(value)))
        return value


def _place(reader: RowReader, gazetteer: Gazetteer, year: int | None,
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


def place_key(record: dict) -> str:
    if record.get("commune_code"):
        return f"{record['commune_era']}:{record['commune_code']}"
    return f"district:{record['district_code']}" if record.get("district_code") else "province"


def model_record(reader: RowReader, gazetteer: Gazetteer, confirmed, cache: dict
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


def replication_record(reader: RowReader, gazetteer: Gazetteer, confirmed,
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


def target_record(reader: RowReader) -> dict:
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
