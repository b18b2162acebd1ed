"""Accounts: who may sign in and with which role, passwords kept only as argon2id hashes.

Viewers need no account. Editors import, review and undo; admins also manage accounts. The
command line (`python -m geo.users ...`) is the server operator's: it acts as `roles.CONSOLE`.
Names are compared as `signin.canonical_name` makes them; the app's own actors' names are taken.
"""

from __future__ import annotations

import argparse
import re
import sys

import pandas as pd
import sqlalchemy as sa

from geo import timeline
from geo.errors import UserError
from geo.store import database, roles, signin
from geo.store.schema import users

MIN_PASSWORD = 10
_USERNAME = re.compile(r"[^\s\x00-\x1f\x7f-\x9f]{1,200}")
RESERVED = {signin.canonical_name(a.username) for a in (roles.DEMO, roles.CONSOLE)} | {
    "anonymous", "system"}


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


def add_user(engine: sa.Engine, actor: roles.Actor, username: str, *, role: str,
             password: str | None = None, display_name: str = "") -> None:
    """A new account. `password=None` makes an account that signs in only through the
    organisation's identity provider (its username is the e-mail address it reports)."""
    given, username = username, signin.canonical_name(username)
    if not _USERNAME.fullmatch(username):
        raise UserError(f"user name {username!r} must be 1–200 characters without spaces",
                        problem="username", user=username)
    if username in RESERVED:
        raise UserError(f"user name {username!r} is the app's own", problem="reserved",
                        user=username)
    if password is None and signin.sso_account_name(given) != username:
        raise UserError(f"{username!r} is not a plain e-mail address, which single sign-on needs",
                        problem="sso_name", user=username)
    if role not in roles.ROLES:
        raise UserError(f"role {role!r} is not one of {', '.join(roles.ROLES)}", problem="role",
                        role=role)
    if password is not None:
        _check_new_password(password)
    with engine.begin() as connection:
        roles.authorize(connection, actor, "admin")
        if connection.execute(sa.select(users.c.id).where(users.c.username == username)).first():
            raise UserError(f"user {username!r} already exists", problem="exists", user=username)
        connection.execute(users.insert().values(
            username=username, display_name=display_name or username, role=role,
            password_hash=signin.hash_password(password) if password is not None else None,
            created_at=timeline.now()))


def _update_user(engine: sa.Engine, actor: roles.Actor, username: str, *,
                 forget_failures: bool = False, forget_devices: bool = False,
                 **values: object) -> None:
    with engine.begin() as connection:
        roles.authorize(connection, actor, "admin")
        if values:
            done = connection.execute(users.update().where(
                users.c.username == signin.canonical_name(username)).values(**values))
            found = done.rowcount == 1
        else:
            found = connection.execute(sa.select(users.c.id).where(
                users.c.username == signin.canonical_name(username))).first() is not None
        if not found:
            raise UserError(f"no user {username!r}", problem="unknown", user=username)
        if forget_failures:
            signin.forget_failures(connection, username)
        if forget_devices:
            signin.forget_devices(connection, username)


def set_password(engine: sa.Engine, actor: roles.Actor, username: str, password: str) -> None:
    """A new password; the account's failed attempts and known browsers are forgotten with the
    old one."""
    _check_new_password(password)
    _update_user(engine, actor, username, password_hash=signin.hash_password(password),
                 forget_failures=True, forget_devices=True)


def unlock(engine: sa.Engine, actor: roles.Actor, username: str) -> None:
    """The account's failed sign-in attempts forgotten: it may try again at once."""
    _update_user(engine, actor, username, forget_failures=True)


def set_role(engine: sa.Engine, actor: roles.Actor, username: str, role: str) -> None:
    if role not in roles.ROLES:
        raise UserError(f"role {role!r} is not one of {', '.join(roles.ROLES)}", problem="role",
                        role=role)
    _update_user(engine, actor, username, role=role)


def disable_user(engine: sa.Engine, actor: roles.Actor, username: str) -> None:
    _update_user(engine, actor, username, disabled_at=timeline.now(), forget_devices=True)


# --- command line -------------------------------------------------------------------------------

def main(argv: list[str] | None = None, *, stdin=None, stdout=None) -> int:
    """`python -m geo.users add NAME --role editor --password-stdin`, `list`, `disable NAME`,
    `set-password NAME --password-stdin`, `set-role NAME ROLE`, `unlock NAME`."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    parser = argparse.ArgumentParser(prog="python -m geo.users", description=main.__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="create an account")
    add.add_argument("name")
    add.add_argument("--role", choices=roles.ROLES, required=True)
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
    unlock_parser = commands.add_parser("unlock", help="forget an account's failed sign-ins")
    unlock_parser.add_argument("name")
    role = commands.add_parser("set-role", help="change an account's role")
    role.add_argument("name")
    role.add_argument("role", choices=roles.ROLES)
    args = parser.parse_args(argv)

    engine = database.make_engine()
    database.upgrade(engine)
    try:
        if args.command == "add":
            secret = None if args.sso else stdin.readline().rstrip("\r\n")
            add_user(engine, roles.CONSOLE, args.name, role=args.role, password=secret,
                     display_name=args.display_name)
            print(f"added {signin.canonical_name(args.name)} ({args.role})", file=stdout)
        elif args.command == "list":
            table = list_users(engine)
            print(table.to_string(index=False) if len(table) else "no users", file=stdout)
        elif args.command == "disable":
            disable_user(engine, roles.CONSOLE, args.name)
            print(f"disabled {args.name}", file=stdout)
        elif args.command == "set-password":
            set_password(engine, roles.CONSOLE, args.name, stdin.readline().rstrip("\r\n"))
            print(f"password set for {args.name}", file=stdout)
        elif args.command == "unlock":
            unlock(engine, roles.CONSOLE, args.name)
            print(f"{args.name} may sign in again", file=stdout)
        elif args.command == "set-role":
            set_role(engine, roles.CONSOLE, args.name, args.role)
            print(f"{args.name} is now {args.role}", file=stdout)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0
