"""Who is acting and what their role lets them do: the check every writing function makes
(`authorize`), reading the account again so that no page and no stale session can skip it.

Viewers need no account. Editors import, review and undo; admins also manage accounts.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from geo.errors import PermissionDeniedError
from geo.store.schema import users

ROLES = ("viewer", "editor", "admin")
RANK = {role: rank for rank, role in enumerate(ROLES)}


@dataclass(frozen=True)
class Actor:
    """Who is acting. `system` is the app itself (loading the illustrative data) or the server's
    operator at the command line; everyone else is checked against the store on every write.
    `via` says how they proved who they are: a local account's password ("local") or the
    organisation's identity provider ("sso"); an account grants its role only to the way it
    signs in."""

    username: str = ""
    role: str = "viewer"
    display_name: str = ""
    system: bool = False
    via: str = "local"

    def may(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]


ANONYMOUS = Actor()
DEMO = Actor("demo", "editor", "Dữ liệu minh họa / illustrative data", system=True)
CONSOLE = Actor("console", "admin", "command line", system=True)


def _account(connection: sa.Connection, actor: Actor):
    """The active account `actor` may act as: the one with their name that signs in the way they
    did (an identity from single sign-on is never a password account of the same name)."""
    if not actor.username:
        return None
    row = connection.execute(sa.select(users).where(
        users.c.username == actor.username)).mappings().first()
    if row is None or row["disabled_at"] is not None:
        return None
    return row if (row["password_hash"] is None) == (actor.via == "sso") else None


def _current_role(connection: sa.Connection, actor: Actor) -> str:
    row = _account(connection, actor)
    return row["role"] if row is not None else "viewer"


def authorize(connection: sa.Connection, actor: Actor, role: str) -> None:
    """Refuse unless `actor` holds `role` now: the account is read again, so a disabled or
    demoted user loses the right at once, whatever their session remembers."""
    current = actor.role if actor.system else _current_role(connection, actor)
    if RANK[current] < RANK[role]:
        who = actor.username or "anonymous"
        raise PermissionDeniedError(f"{who} may not do this: it needs the {role} role",
                                    role=role, user=who)


def refresh(engine: sa.Engine, actor: Actor) -> Actor:
    """The actor as the store sees them now (a disabled account is anonymous again)."""
    if actor.system or not actor.username:
        return actor
    with engine.connect() as connection:
        row = _account(connection, actor)
    if row is None:
        return ANONYMOUS
    return Actor(row["username"], row["role"], row["display_name"], via=actor.via)
