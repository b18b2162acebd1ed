"""The report's heading fields an editor sets in the app: kept in the store (they outlive the
server's settings and follow the data), each change logged with who made it and when."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from geo.errors import DvkError
from geo.store import roles
from geo.store.schema import letterhead, letterhead_changes
from geo.text import first_unstorable

FIELDS = ("superior", "issuer", "symbol", "place", "signer_title", "signer_name", "recipients")
MOST = {"recipients": 1000}  # characters; every other field 200
RECIPIENTS_SEPARATOR = "|"  # one recipient per line in the app, "|" between them when stored


class LetterheadError(DvkError):
    """A heading field the report cannot print: too long or holding a control character."""

    key = "error.letterhead"


def read(engine: sa.Engine) -> dict[str, str]:
    """The fields set in the app (those never set, or cleared, are absent)."""
    with engine.connect() as connection:
        rows = connection.execute(sa.select(letterhead.c.field, letterhead.c.value)).all()
    return {field: value for field, value in rows if field in FIELDS}


def checked(values: dict[str, str]) -> dict[str, str]:
    """The values trimmed; a field too long or with a character a document cannot hold is an
    error naming every such field (nothing is written)."""
    out, problems = {}, []
    for field, value in values.items():
        if field not in FIELDS:
            raise ValueError(f"not a heading field: {field!r}")
        value = (value or "").strip()
        if field == "recipients":  # one per line in the app
            value = RECIPIENTS_SEPARATOR.join(
                line.strip() for line in value.replace(RECIPIENTS_SEPARATOR, "\n").splitlines()
                if line.strip())
        code = first_unstorable(value)
        most = MOST.get(field, 200)
        if code:
            problems.append(f"{field} ({code})")
        elif len(value) > most:
            problems.append(f"{field} ({len(value)} > {most})")
        out[field] = value
    if problems:
        raise LetterheadError("bad heading fields", items=", ".join(problems))
    return out


def write(engine: sa.Engine, values: dict[str, str], *, actor: roles.Actor) -> int:
    """Set the given fields ("" clears one) as `actor`, an editor, in one transaction; each
    field that changes is logged with its old and new value. Returns how many changed."""
    values = checked(values)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as connection:
        roles.authorize(connection, actor, "editor")
        before = dict(connection.execute(sa.select(letterhead.c.field, letterhead.c.value)).all())
        changed = 0
        for field, value in values.items():
            old = before.get(field, "")
            if value == old:
                continue
            connection.execute(letterhead.delete().where(letterhead.c.field == field))
            if value:
                connection.execute(letterhead.insert().values(
                    field=field, value=value, updated_by=actor.username, updated_at=now))
            connection.execute(letterhead_changes.insert().values(
                field=field, old=old, new=value, changed_by=actor.username, changed_at=now))
            changed += 1
    return changed


def changes(engine: sa.Engine, limit: int = 20) -> pd.DataFrame:
    """The latest changes, newest first: field, old, new, changed_by, changed_at."""
    query = (sa.select(letterhead_changes.c.field, letterhead_changes.c.old,
                       letterhead_changes.c.new, letterhead_changes.c.changed_by,
                       letterhead_changes.c.changed_at)
             .order_by(letterhead_changes.c.id.desc()).limit(limit))
    with engine.connect() as connection:
        return pd.DataFrame(connection.execute(query).mappings().all(),
                            columns=["field", "old", "new", "changed_by", "changed_at"])


def as_given(stored: dict[str, str]) -> dict[str, object]:
    """The stored fields as `report.letterhead` takes them (recipients as a tuple)."""
    out: dict[str, object] = dict(stored)
    if "recipients" in out:
        out["recipients"] = tuple(r.strip() for r in str(out["recipients"]).split(
            RECIPIENTS_SEPARATOR) if r.strip())
    return out
