"""The model store: SQLite by default, PostgreSQL when DATABASE_URL says so; same code for both."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pandas as pd
import sqlalchemy as sa

from geo import text, timeline
from geo.errors import UndoError
from geo.store import roles
from geo.store.schema import import_changes, imports, models, replications, target_rules

TABLES = {"models": models, "replications": replications, "targets": target_rules}
KEYS = {"models": ("id",), "replications": ("model_id", "commune_era", "commune_code"),
        "targets": ("level", "year_from", "year_to")}
CHUNK = 500


def read_models(engine: sa.Engine) -> pd.DataFrame:
    """Every model as a frame, one row per model, columns as in the schema."""
    with engine.connect() as connection:
        return _read(connection, sa.select(models).order_by(models.c.id), models)


def read_replications(engine: sa.Engine) -> pd.DataFrame:
    with engine.connect() as connection:
        return _read(connection, sa.select(replications).order_by(replications.c.id),
                     replications)


def read_targets(engine: sa.Engine) -> pd.DataFrame:
    """The target rules, by level and first year."""
    with engine.connect() as connection:
        return _read(connection, sa.select(target_rules).order_by(
            target_rules.c.level, target_rules.c.year_from, target_rules.c.year_to), target_rules)


def read_imports(engine: sa.Engine) -> pd.DataFrame:
    with engine.connect() as connection:
        return pd.read_sql(sa.select(imports).order_by(imports.c.id.desc()), connection)


def _read(connection: sa.Connection, query: sa.Select, table: sa.Table) -> pd.DataFrame:
    """Rows as a frame whose columns start as Python objects (pandas would turn integers with
    gaps into float64 and lose 2**63-1), then typed by the schema."""
    result = connection.execute(query)
    keys = list(result.keys())
    columns = list(zip(*result.all())) or [()] * len(keys)
    frame = pd.DataFrame({k: pd.Series(list(v), dtype=object) for k, v in zip(keys, columns)})
    return _typed(frame, table)


def _typed(frame: pd.DataFrame, table: sa.Table) -> pd.DataFrame:
    """Integers as exact nullable Int64 (through Python ints: 2**63-1 survives), floats as
    float64, booleans as bool."""
    for column in table.columns:
        if isinstance(column.type, (sa.Integer, sa.BigInteger)) and column.name in frame:
            frame[column.name] = pd.array(frame[column.name].tolist(), dtype="Int64")
        elif isinstance(column.type, sa.DateTime) and column.name in frame:
            frame[column.name] = pd.to_datetime(frame[column.name])
        elif isinstance(column.type, sa.Float) and column.name in frame:
            frame[column.name] = frame[column.name].astype("float64")
        elif isinstance(column.type, sa.Boolean):
            frame[column.name] = frame[column.name].astype(bool)
        elif isinstance(column.type, sa.String) and column.name in frame:
            frame[column.name] = frame[column.name].map(text.storable)  # stored before the gate
    return frame


def count_rows(engine: sa.Engine, table: sa.Table) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def last_import(engine: sa.Engine) -> dt.datetime | None:
    """When the data shown was last imported (an import still in force)."""
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.max(imports.c.created_at)).where(
            imports.c.undone_at.is_(None))).scalar()


def version(engine: sa.Engine) -> tuple[int, int]:
    """Changes whenever an import is applied or undone: the key of the cached frames."""
    with engine.connect() as connection:
        row = connection.execute(sa.select(sa.func.max(imports.c.id),
                                           sa.func.count(imports.c.undone_at))).one()
    return int(row[0] or 0), int(row[1] or 0)


def find_import_by_sha(engine: sa.Engine, sha256: str) -> dict | None:
    """The newest import of a file with this hash that was not undone, if any."""
    query = (sa.select(imports).where(imports.c.sha256 == sha256, imports.c.undone_at.is_(None))
             .order_by(imports.c.id.desc()))
    with engine.connect() as connection:
        row = connection.execute(query).mappings().first()
    return dict(row) if row else None


def _jsonable(record: dict) -> str:
    return json.dumps({k: (v.isoformat() if isinstance(v, dt.datetime) else v)
                       for k, v in record.items()}, ensure_ascii=False, sort_keys=True)


def _key_of(table: sa.Table, record: dict) -> dict:
    kind = next(k for k, t in TABLES.items() if t is table)
    return {c: record[c] for c in KEYS[kind]}


def _key_tuple(key: dict) -> tuple:
    return tuple(key.values())


def _fetch(connection: sa.Connection, table: sa.Table, keys: list[dict]) -> dict[tuple, dict]:
    """The stored rows for these keys, by key tuple, in one query."""
    if not keys:
        return {}
    if table is models:
        query = sa.select(table).where(table.c.id.in_([k["id"] for k in keys]))
    elif table is target_rules:
        query = sa.select(table)
    else:
        query = sa.select(table).where(table.c.model_id.in_({k["model_id"] for k in keys}))
    wanted = {_key_tuple(k) for k in keys}
    found = {}
    for row in connection.execute(query).mappings():
        key = _key_tuple(_key_of(table, row))
        if key in wanted:
            found[key] = dict(row)
    return found


def _where(table: sa.Table, key: dict) -> sa.ColumnElement[bool]:
    return sa.and_(*(table.c[k] == v for k, v in key.items()))


def write_import_in(connection: sa.Connection, *, kind: str, file_name: str, sha256: str,
                    user_name: str, rows_read: int, rows_rejected: int, records: list[dict],
                    deletes: list[dict] | tuple = (), illustrative: bool = False,
                    progress: Callable[[int, int], None] | None = None) -> int:
    """Insert or update `records` of `kind` and remove the stored ones keyed by `deletes`, inside
    the caller's transaction (which checked the actor's role); return the import id.

    Records equal to what is stored are left alone; every other change is logged for undo.
    One function on purpose: the write and its undo log must be made in the same steps.
    """
    table = TABLES[kind]
    stamp = timeline.now()
    data_columns = [c.name for c in table.columns
                    if c.name not in ("id", "created_at", "updated_at", "import_id")
                    or (table is models and c.name == "id")]
    import_id = connection.execute(imports.insert().values(
        kind=kind, file_name=file_name, sha256=sha256, rows_read=rows_read,
        rows_accepted=len(records), rows_rejected=rows_rejected, rows_changed=0,
        user_name=user_name, created_at=stamp, illustrative=illustrative)).inserted_primary_key[0]
    changed = 0
    for start in range(0, len(records), CHUNK):
        chunk = records[start:start + CHUNK]
        keys = [_key_of(table, r) for r in chunk]
        stored = _fetch(connection, table, keys)
        inserts, befores = [], {}
        for key, record in zip(keys, chunk):
            values = {c: record.get(c) for c in data_columns}
            current = stored.get(_key_tuple(key))
            if current is None:
                inserts.append({**values, "created_at": stamp, "updated_at": stamp,
                                "import_id": import_id})
            elif any(current[c] != values[c] for c in data_columns):
                befores[_key_tuple(key)] = current
                connection.execute(table.update().where(_where(table, key)).values(
                    **values, updated_at=stamp, import_id=import_id))
        if inserts:
            connection.execute(table.insert(), inserts)
        touched = [k for k in keys if _key_tuple(k) in befores or _key_tuple(k) not in stored]
        after = _fetch(connection, table, touched)
        log = [{"import_id": import_id, "table_name": kind, "record_key": _jsonable(k),
                "action": "update" if _key_tuple(k) in befores else "insert",
                "before_json": _jsonable(befores[_key_tuple(k)]) if _key_tuple(k) in befores
                else None,
                "after_json": _jsonable(after[_key_tuple(k)])} for k in touched]
        if log:
            connection.execute(import_changes.insert(), log)
        changed += len(log)
        if progress:
            progress(start + len(chunk), len(records))
    removed = _fetch(connection, table, deletes)
    for before in removed.values():
        connection.execute(table.delete().where(_where(table, _key_of(table, before))))
    if removed:
        connection.execute(import_changes.insert(), [
            {"import_id": import_id, "table_name": kind, "record_key": _jsonable(
                _key_of(table, before)), "action": "delete", "before_json": _jsonable(before),
             "after_json": "null"} for before in removed.values()])
    changed += len(removed)
    connection.execute(imports.update().where(imports.c.id == import_id)
                       .values(rows_changed=changed))
    return import_id


def _stored(before_json: str) -> dict:
    before = json.loads(before_json)
    for column in ("created_at", "updated_at"):
        before[column] = dt.datetime.fromisoformat(before[column])
    return before


def undo_import(engine: sa.Engine, import_id: int, *, actor: roles.Actor) -> int:
    """Restore exactly what the import changed, as `actor` (an editor); refuse if a later change
    touched those records. Returns how many records were restored or removed."""
    with engine.begin() as connection:
        return undo_import_in(connection, import_id, actor)


def undo_import_in(connection: sa.Connection, import_id: int, actor: roles.Actor) -> int:
    """`undo_import` inside the caller's transaction."""
    roles.authorize(connection, actor, "editor")
    row = connection.execute(sa.select(imports).where(imports.c.id == import_id)).mappings().first()
    if row is None:
        raise UndoError(f"import {import_id} does not exist", import_id=import_id)
    if row["undone_at"] is not None:
        raise UndoError(f"import {import_id} was already undone", import_id=import_id)
    changes = connection.execute(sa.select(import_changes).where(
        import_changes.c.import_id == import_id).order_by(import_changes.c.id.desc())).mappings().all()
    for change in changes:
        table = TABLES[change["table_name"]]
        key = json.loads(change["record_key"])
        current = connection.execute(sa.select(table).where(_where(table, key))).mappings().first()
        if change["action"] == "delete":
            if current is not None:
                raise UndoError(f"record {key} was made again after import {import_id}; undo "
                                "the later import first", import_id=import_id, record=str(key))
            connection.execute(table.insert().values(**_stored(change["before_json"])))
            continue
        if current is None or _jsonable(dict(current)) != change["after_json"]:
            raise UndoError(f"record {key} changed after import {import_id}; undo the later "
                            "import first", import_id=import_id, record=str(key))
        if change["action"] == "insert":
            if table is models and connection.execute(sa.select(replications.c.id).where(
                    replications.c.model_id == key["id"])).first():
                raise UndoError(f"replications refer to model {key['id']}; undo their import "
                                "first", import_id=import_id, record=key["id"])
            connection.execute(table.delete().where(_where(table, key)))
        else:
            connection.execute(table.update().where(_where(table, key)).values(
                **_stored(change["before_json"])))
    connection.execute(imports.update().where(imports.c.id == import_id)
                       .values(undone_at=timeline.now(), undone_by=actor.username))
    return len(changes)


def remove_demo_in(connection: sa.Connection, actor: roles.Actor) -> int:
    """Undo every illustrative-data import still in force (replications first), as `actor`."""
    query = (sa.select(imports.c.id).where(imports.c.illustrative, imports.c.undone_at.is_(None))
             .order_by(imports.c.id.desc()))
    ids = connection.execute(query).scalars().all()
    return sum(undo_import_in(connection, i, actor) for i in ids)


def has_demo(engine: sa.Engine) -> bool:
    """Whether the illustrative data is what the store holds."""
    with engine.connect() as connection:
        return connection.execute(sa.select(imports.c.id).where(
            imports.c.illustrative, imports.c.undone_at.is_(None))).first() is not None
