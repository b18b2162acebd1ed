"""Who may change data: roles, accounts with argon2id hashes, throttled sign-in, and the check
every writing function makes (`authorize`), so that no page can forget it.

Viewers need no account. Editors import, review and undo; admins also manage accounts. The
command line (`python -m geo.users ...`) is the server operator's: it acts as `CONSOLE`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
import sys
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from geo.errors import PermissionDeniedError, SignInError, ThrottledError, UserError
from geo.schema import sign_in_failures, users

ROLES = ("viewer", "editor", "admin")
RANK = {role: rank for rank, role in enumerate(ROLES)}
FAILURES_BEFORE_LOCK = 5
FIRST_LOCK_S = 30
MIN_PASSWORD = 10
_USERNAME = re.compile(r"[^\s\x00-\x1f\x7f]{1,200}")
_HASHER = PasswordHasher()  # argon2id with the library's current parameters
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


@dataclass(frozen=True)
class Actor:
    """Who is acting. `system` is the app itself (loading the illustrative data) or the server's
    operator at the command line; everyone else is checked against the store on every write."""

    username: str = ""
    role: str = "viewer"
    display_name: str = ""
    system: bool = False

    def may(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]


ANONYMOUS = Actor()
DEMO = Actor("demo", "editor", "Dữ liệu minh họa / illustrative data", system=True)
CONSOLE = Actor("console", "admin", "command line", system=True)


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; everything here is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _current_role(connection: sa.Connection, username: str) -> str:
    row = connection.execute(sa.select(users.c.role, users.c.disabled_at).where(
        users.c.username == username)).first()
    return row.role if row is not None and row.disabled_at is None else "viewer"


def authorize(connection: sa.Connection, actor: Actor, role: str) -> None:
    """Refuse unless `actor` holds `role` now: the account is read again, so a disabled or
    demoted user loses the right at once, whatever their session remembers."""
    current = actor.role if actor.system else _current_role(connection, actor.username)
    if RANK[current] < RANK[role]:
        who = actor.username or "anonymous"
        raise PermissionDeniedError(f"{who} may not do this: it needs the {role} role",
                                    role=role, user=who)


def refresh(engine: sa.Engine, actor: Actor) -> Actor:
    """The actor as the store sees them now (a disabled account is anonymous again)."""
    if actor.system or not actor.username:
        return actor
    with engine.connect() as connection:
        row = connection.execute(sa.select(users).where(
            users.c.username == actor.username)).mappings().first()
    if row is None or row["disabled_at"] is not None:
        return ANONYMOUS
    return Actor(row["username"], row["role"], row["display_name"])


def has_users(engine: sa.Engine) -> bool:
    with engine.connect() as connection:
        return connection.execute(sa.select(users.c.id).limit(1)).first() is not None


def list_users(engine: sa.Engine) -> pd.DataFrame:
    """Accounts without their hashes."""
    columns = [c for c in users.c if c.name != "password_hash"]
    with engine.connect() as connection:
        rows = connection.execute(sa.select(*columns).order_by(users.c.username)).all()
    return pd.DataFrame(rows, columns=[c.name for c in columns])


def _check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters",
                        problem="password_short", limit=MIN_PASSWORD)


def add_user(engine: sa.Engine, actor: Actor, username: str, *, role: str,
             password: str | None = None, display_name: str = "") -> None:
    """A new account. `password=None` makes an account that signs in only through the
    organisation's identity provider (its username is the e-mail address it reports)."""
    username = username.strip().casefold()
    if not _USERNAME.fullmatch(username):
        raise UserError(f"user name {username!r} must be 1–200 characters without spaces",
                        problem="username", user=username)
    if role not in ROLES:
        raise UserError(f"role {role!r} is not one of {', '.join(ROLES)}", problem="role",
                        role=role)
    if password is not None:
        _check_new_password(password)
    with engine.begin() as connection:
        authorize(connection, actor, "admin")
        if connection.execute(sa.select(users.c.id).where(users.c.username == username)).first():
            raise UserError(f"user {username!r} already exists", problem="exists", user=username)
        connection.execute(users.insert().values(
            username=username, display_name=display_name or username, role=role,
            password_hash=hash_password(password) if password is not None else None,
            created_at=now()))


def _update_user(engine: sa.Engine, actor: Actor, username: str, **values: object) -> None:
    with engine.begin() as connection:
        authorize(connection, actor, "admin")
        done = connection.execute(users.update().where(
            users.c.username == username.strip().casefold()).values(**values))
        if done.rowcount != 1:
            raise UserError(f"no user {username!r}", problem="unknown", user=username)


def set_password(engine: sa.Engine, actor: Actor, username: str, password: str) -> None:
    _check_new_password(password)
    _update_user(engine, actor, username, password_hash=hash_password(password))


def set_role(engine: sa.Engine, actor: Actor, username: str, role: str) -> None:
    if role not in ROLES:
        raise UserError(f"role {role!r} is not one of {', '.join(ROLES)}", problem="role",
                        role=role)
    _update_user(engine, actor, username, role=role)


def disable_user(engine: sa.Engine, actor: Actor, username: str) -> None:
    _update_user(engine, actor, username, disabled_at=now())


# --- sign-in ------------------------------------------------------------------------------------

def _keys(username: str, client: str | None) -> list[str]:
    return [f"user:{username.strip().casefold()}"[:300], f"client:{client or 'unknown'}"[:300]]


def lock_seconds(failures: int) -> int:
    """30 s after the fifth failure in a row, doubling with each further one."""
    if failures < FAILURES_BEFORE_LOCK:
        return 0
    return FIRST_LOCK_S * 2 ** (failures - FAILURES_BEFORE_LOCK)


def _record_failure(connection: sa.Connection, keys: list[str], at: dt.datetime) -> None:
    for key in keys:
        row = connection.execute(sa.select(sign_in_failures.c.failures).where(
            sign_in_failures.c.key == key)).first()
        failures = (row.failures if row else 0) + 1
        wait = lock_seconds(failures)
        values = {"failures": failures,
                  "locked_until": at + dt.timedelta(seconds=wait) if wait else None}
        if row:
            connection.execute(sign_in_failures.update().where(
                sign_in_failures.c.key == key).values(**values))
        else:
            connection.execute(sign_in_failures.insert().values(key=key, **values))


def sign_in(engine: sa.Engine, username: str, password: str, *, client: str | None,
            at: dt.datetime | None = None) -> Actor:
    """The actor for these credentials. Unknown user, wrong password and disabled account give
    the same `SignInError`; past five failures in a row for the user or the client, attempts wait
    (`ThrottledError` says how long) and are not checked."""
    at = at or now()
    keys = _keys(username, client)
    with engine.begin() as connection:
        locked = [_aware(r.locked_until) for r in connection.execute(
            sa.select(sign_in_failures.c.locked_until).where(sign_in_failures.c.key.in_(keys)))
            if r.locked_until is not None]
        until = max((t for t in locked if t > at), default=None)
        if until is not None:
            wait = math.ceil((until - at).total_seconds())
            raise ThrottledError(f"too many failed sign-ins; wait {wait} s", seconds=wait)
        row = connection.execute(sa.select(users).where(
            users.c.username == username.strip().casefold())).mappings().first()
        stored = row["password_hash"] if row is not None else None
        ok = _verify(stored or _DUMMY_HASH, password) and stored is not None
        ok = ok and row["disabled_at"] is None
        if not ok:
            _record_failure(connection, keys, at)
        else:
            connection.execute(sign_in_failures.delete().where(
                sign_in_failures.c.key.in_(keys)))
            values = {"last_sign_in_at": at}
            if _HASHER.check_needs_rehash(stored):
                values["password_hash"] = hash_password(password)
            connection.execute(users.update().where(users.c.id == row["id"]).values(**values))
    if not ok:
        raise SignInError("wrong user name or password")
    return Actor(row["username"], row["role"], row["display_name"])


def _verify(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def actor_for_identity(engine: sa.Engine, identity: str | None) -> Actor:
    """Someone the identity provider signed in: their account's role if it exists and is
    active, else a viewer (an organisation's identity is no right to change data)."""
    if not identity:
        return ANONYMOUS
    username = identity.strip().casefold()
    with engine.begin() as connection:
        row = connection.execute(sa.select(users).where(
            users.c.username == username)).mappings().first()
        if row is None or row["disabled_at"] is not None:
            return Actor(username, "viewer", identity)
        connection.execute(users.update().where(users.c.id == row["id"]).values(
            last_sign_in_at=now()))
    return Actor(row["username"], row["role"], row["display_name"])


# --- command line -------------------------------------------------------------------------------

def main(argv: list[str] | None = None, *, stdin=None, stdout=None) -> int:
    """`python -m geo.users add NAME --role editor --password-stdin`, `list`, `disable NAME`,
    `set-password NAME --password-stdin`, `set-role NAME ROLE`."""
    from geo import store

    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    parser = argparse.ArgumentParser(prog="python -m geo.users", description=main.__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="create an account")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--display-name", default="")
    how = add.add_mutually_exclusive_group(required=True)
    how.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input")
    how.add_argument("--sso", action="store_true",
                     help="no password: signs in through the identity provider (NAME = e-mail)")
    commands.add_parser("list", help="list accounts")
    disable = commands.add_parser("disable", help="disable an account")
    disable.add_argument("name")
    password = commands.add_parser("set-password", help="set a new password")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true", required=True)
    role = commands.add_parser("set-role", help="change an account's role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    args = parser.parse_args(argv)

    engine = store.make_engine()
    store.upgrade(engine)
    try:
        if args.command == "add":
            secret = None if args.sso else stdin.readline().rstrip("\r\n")
            add_user(engine, CONSOLE, args.name, role=args.role, password=secret,
                     display_name=args.display_name)
            print(f"added {args.name.strip().casefold()} ({args.role})", file=stdout)
        elif args.command == "list":
            table = list_users(engine)
            print(table.to_string(index=False) if len(table) else "no users", file=stdout)
        elif args.command == "disable":
            disable_user(engine, CONSOLE, args.name)
            print(f"disabled {args.name}", file=stdout)
        elif args.command == "set-password":
            set_password(engine, CONSOLE, args.name, stdin.readline().rstrip("\r\n"))
            print(f"password set for {args.name}", file=stdout)
        elif args.command == "set-role":
            set_role(engine, CONSOLE, args.name, args.role)
            print(f"{args.name} is now {args.role}", file=stdout)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
