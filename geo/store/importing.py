"""Imports into the store: the snapshot a plan compares with (`records.importer.Stored`), the
plan made against it, and the plan applied in one transaction."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from geo.boundaries.matching import Gazetteer
from geo.errors import DuplicateImportError, ImportRejectedError, PermissionDeniedError
from geo.records import importer
from geo.records.importer import ImportPlan
from geo.records.reading import Table
from geo.store import roles, store
from geo.store.roles import Actor


def stored_for(engine: sa.Engine, kind: str, sha256: str) -> importer.Stored:
    """What a plan of `kind` compares with, read once."""
    models = store.read_models(engine)
    rows = {"models": lambda: models, "replications": lambda: store.read_replications(engine),
            "targets": lambda: store.read_targets(engine)}[kind]()
    return importer.Stored(models, rows, store.find_import_by_sha(engine, sha256),
                           store.has_demo(engine))


def plan(table: Table, *, kind: str, gazetteer: Gazetteer, engine: sa.Engine, file_name: str,
         sha256: str, **options) -> ImportPlan:
    """`importer.plan_import` against what `engine`'s store holds now."""
    return importer.plan_import(table, kind=kind, gazetteer=gazetteer,
                                stored=stored_for(engine, kind, sha256), file_name=file_name,
                                sha256=sha256, **options)


def apply_plan(engine: sa.Engine, plan: ImportPlan, *, actor: Actor, valid_rows_only: bool,
               allow_changes: bool = False, allow_repeat: bool = False, illustrative: bool = False,
               progress: Callable[[int, int], None] | None = None) -> int:
    """Write the plan in one transaction as `actor` (an editor); the illustrative data steps
    aside in that same one. `valid_rows_only=False` means all or nothing. `illustrative` marks
    the app's own demo load (only the app itself, a system actor, may make one)."""
    if illustrative and not actor.system:
        raise PermissionDeniedError("only the app itself loads the illustrative data",
                                    role="system", user=actor.username)
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
        roles.authorize(connection, actor, "editor")
        if not illustrative and plan.kind != "targets":  # targets are not illustrative
            store.remove_demo_in(connection, actor)
        return store.write_import_in(connection, kind=plan.kind, file_name=plan.file_name,
                                     sha256=plan.sha256, user_name=actor.username,
                                     rows_read=plan.rows_read,
                                     rows_rejected=len(plan.rejected_rows), records=records,
                                     deletes=plan.deletes, illustrative=illustrative,
                                     progress=progress)
