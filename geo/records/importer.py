"""Import of model and replication spreadsheets: read, validate every row and plan (here), then
apply (`store.importing`).

Reading is exact (`records.reading`); `records.rows` checks every row before anything is
written; the plan compares the records with what the store holds (a `Stored` snapshot the store
hands over: this module reads no database), and the user then imports the valid rows or
nothing. Places go through `boundaries.matching`: only exact or normalised matches, or matches
a person confirmed, are accepted. Records without an id get one from their content, so importing
an edited file again updates them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from geo.boundaries import names
from geo.boundaries.matching import Gazetteer, Match, match_report
from geo.errors import EmptyImportError
from geo.records import fields, rows
from geo.records.reading import Table


@dataclass
class ImportPlan:
    kind: str
    file_name: str
    sha256: str
    rows_read: int
    records: list[dict]
    errors: list[rows.RowError]
    matches: dict[int, Match] = field(default_factory=dict)
    notices: list[rows.Notice] = field(default_factory=list)
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


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _overlapping_rules(plan: ImportPlan, stored: pd.DataFrame, replace_all: bool) -> None:
    """Two rules of one level whose periods share a year would each claim that year: the rows
    that overlap (with each other or with a stored rule the file keeps) become errors."""
    kept = [] if replace_all else [
        {"level": r.level, "year_from": int(r.year_from), "year_to": int(r.year_to), "_row": None}
        for r in stored.itertuples()
        if (r.level, r.year_from, r.year_to) not in {_target_key(x) for x in plan.records}]
    bad: dict[int, rows.RowError] = {}
    records = plan.records + kept
    for i, a in enumerate(plan.records):
        for b in records[i + 1:]:
            if (a["level"] == b["level"] and a["year_from"] <= b["year_to"]
                    and b["year_from"] <= a["year_to"]):
                for this, other in ((a, b), (b, a)) if b["_row"] else ((a, b),):
                    period = ("period", f"{other['year_from']}–{other['year_to']}")
                    bad.setdefault(this["_row"], rows.RowError(
                        this["_row"], "Từ năm", str(this["year_from"]),
                        "overlapping_rule" if other["_row"] else "overlapping_stored_rule",
                        (period, ("row", other["_row"])) if other["_row"] else (period,)))
    plan.errors.extend(bad.values())
    plan.records = [r for r in plan.records if r["_row"] not in bad]


def _target_key(record: dict) -> tuple:
    return record["level"], record["year_from"], record["year_to"]


def _record_of(kind: str, reader: rows.RowReader, gazetteer: Gazetteer,
               confirmed: tuple[str, str] | None, model_years: dict[str, int], cache: dict
               ) -> tuple[dict, Match | None, object]:
    """One row as a record of `kind`, its place match, and what identifies it in the file."""
    if kind == "targets":
        record = rows.target_record(reader)
        return record, None, _target_key(record)
    if kind == "models":
        record, match = rows.model_record(reader, gazetteer, confirmed, cache)
        if not record["id"] and not reader.errors:
            record["id"] = rows.derived_id(record["name"], rows.place_key(record),
                                           record["year_started"])
            record["_derived"] = True
        return record, match, record["id"]
    record, match = rows.replication_record(reader, gazetteer, confirmed, model_years, cache)
    return record, match, (record["model_id"], record.get("commune_era"),
                           record.get("commune_code"))


def _refuse_repeat(kind: str, reader: rows.RowReader, record: dict, first_row: int | None) -> None:
    """A record the file already had (same id, place or rule) is an error naming the first row."""
    if first_row is None or reader.errors:
        return
    if record.get("_derived"):
        reader.fail("name", "duplicate_content", row=first_row)
    else:
        reader.fail({"models": "id", "replications": "commune", "targets": "year_from"}[kind],
                    "duplicate_rule" if kind == "targets" else "duplicate_id", row=first_row)


Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Stored:
    """What the store holds that a plan compares with: the stored models (years, changes,
    duplicates), the stored rows of the kind imported, the earlier import of the same file and
    whether the illustrative data is what is stored."""

    models: pd.DataFrame
    rows: pd.DataFrame
    repeat_of: dict | None = None
    has_demo: bool = False


def plan_import(table: Table, *, kind: str, gazetteer: Gazetteer, stored: Stored,
                file_name: str, sha256: str, confirmations: dict[int, tuple[str, str]] | None = None,
                this_year: int | None = None, number_format: str | None = None,
                progress: Progress | None = None, replace_all: bool = False) -> ImportPlan:
    """Validate every row and compare with what the store holds (`stored`); nothing is written.

    `confirmations`: row number -> (era, code) a person chose. `number_format`: "vi" or "en",
    used only for numbers that both conventions read differently and the file does not settle.
    `progress(stage, done, total)` is told every few hundred rows. `replace_all` (target rules
    only): the table is the whole set, stored rules missing from it are removed.
    One pass over the rows, then the store once: long because the order of those steps is the
    rule (every row checked before any comparison), not split to keep the reads together.
    """
    if not table.rows and not replace_all:
        raise EmptyImportError(f"{file_name}: the file has a header but no data rows",
                               file=file_name)
    mapping, notices = rows.map_columns(table, kind)
    this_year = this_year or dt.date.today().year
    confirmations = confirmations or {}
    specs = fields.FIELDS[kind]
    conventions = rows.conventions(table, mapping, specs, number_format)
    model_years = {}
    if kind == "replications":
        model_years = dict(zip(stored.models["id"], stored.models["year_started"].astype(int)))
    records, errors, matches, seen, cache, decimals = [], [], {}, {}, {}, []
    total = len(table.rows)
    for index in range(total):
        reader = rows.RowReader(table, index, mapping, specs, this_year, conventions)
        for letter, value in table.extra_cells.get(reader.number, ()):
            errors.append(rows.RowError(reader.number, letter, value, "extra_cell"))
        for letter in table.formula_cells.get(reader.number, ()):
            errors.append(rows.RowError(reader.number, letter, "", "formula_no_value"))
        record, match, identity = _record_of(kind, reader, gazetteer,
                                             confirmations.get(reader.number), model_years, cache)
        if match is not None:
            matches[reader.number] = match
        _refuse_repeat(kind, reader, record, seen.get(identity) if identity in seen else None)
        if not reader.errors:
            seen.setdefault(identity, reader.number)
        errors.extend(reader.errors)
        decimals.extend((reader.number, *found) for found in reader.decimals)
        if not reader.errors and not (reader.number in table.extra_cells
                                      or reader.number in table.formula_cells):
            records.append({"_row": reader.number, **record})
        if progress and (index + 1) % 500 == 0:
            progress("check", index + 1, total)
    if progress:
        progress("check", total, total)
    notices.extend(rows.decimals_notices(decimals, {s.key: s for s in specs}))
    plan = ImportPlan(kind, file_name, sha256, total, records, errors, matches, notices)
    if kind == "targets":
        _overlapping_rules(plan, stored.rows, replace_all)
        if replace_all:
            keys = {_target_key(r) for r in plan.records}
            plan.deletes = [{"level": r.level, "year_from": int(r.year_from),
                             "year_to": int(r.year_to)} for r in stored.rows.itertuples()
                            if (r.level, r.year_from, r.year_to) not in keys]
    _compare_with_store(plan, stored.rows)
    if kind == "models":
        plan.notices.extend(_likely_duplicates(plan.records, stored.models))
    plan.repeat_of = stored.repeat_of
    plan.replaces_demo = kind != "targets" and stored.has_demo
    return plan


def _likely_duplicates(records: list[dict], stored: pd.DataFrame) -> list[rows.Notice]:
    """Records with the same name and place as another in the file or the store, but another
    id: probably one model entered twice."""
    by_content: dict[tuple, list[str]] = defaultdict(list)
    rows_of: dict[tuple, list[int]] = defaultdict(list)
    for record in records:
        key = (names.key(record["name"]), rows.place_key(record))
        by_content[key].append(record["id"])
        rows_of[key].append(record["_row"])
    stored_ids: dict[tuple, set[str]] = defaultdict(set)
    for row in stored.itertuples():
        era, code = row.commune_era, row.commune_code
        record = {"commune_era": era if isinstance(era, str) else None,
                  "commune_code": code if isinstance(code, str) else None,
                  "district_code": row.district_code if isinstance(row.district_code, str)
                  else None}
        stored_ids[(names.key(row.name), rows.place_key(record))].add(row.id)
    notices = []
    for key, ids in by_content.items():
        others = stored_ids.get(key, set()) - set(ids)
        if len(set(ids)) > 1 or others:
            notices.append(rows.Notice("likely_duplicate", (
                ("rows", ", ".join(map(str, rows_of[key]))),
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
