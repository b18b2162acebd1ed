"""Signing in, and keeping scripts from guessing passwords without ever keeping the right one out.

Every attempt takes a place in its client's window, and (from a browser the account has not
signed in from) in its user's, before any password is checked, one atomic statement per key:
however many attempts arrive at once, a client gets `LIMIT` checks per `WINDOW`, then waits,
doubling up to `CLIENT_MAX_WAIT`; an account gets `USER_LIMIT` checks per window from unknown
browsers, then those wait for the rest of the window. A browser that signed in before keeps a
random token (`remember_device`, a cookie) and is never refused for its account's failures
elsewhere: one address guessing is stopped at its 5th try and cannot close the account for
anyone; many addresses together can only keep new browsers waiting. The organisation's identity
provider maps only a verified, plain-ASCII e-mail to an account.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import re
import secrets
import unicodedata

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.dialects import postgresql, sqlite

from geo import timeline
from geo.errors import SignInError, ThrottledError
from geo.store import roles
from geo.store.schema import known_devices, sign_in_throttle, users

LIMIT = 5  # attempts without success per window from one client
USER_LIMIT = 20  # per window for one account, from browsers it never signed in from
MAX_DEVICES = 20  # browsers remembered per account; the oldest is forgotten first
WINDOW = dt.timedelta(minutes=15)
CLIENT_FIRST_WAIT = dt.timedelta(seconds=30)  # past the limit, doubling with each attempt
CLIENT_MAX_WAIT = dt.timedelta(days=1)
KEY_LENGTH = 300


def _hasher() -> PasswordHasher:
    """argon2id at the library's parameters (about 0.15 s a check). DVK_PASSWORD_HASHING=fast
    lowers them for the test suite only, which checks thousands of passwords; a hash made
    either way is verified either way and rehashed at the next sign-in."""
    if os.environ.get("DVK_PASSWORD_HASHING") == "fast":
        return PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    return PasswordHasher()


_HASHER = _hasher()
_DUMMY_HASH = _HASHER.hash("not a password of anyone")
_EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+")


def canonical_name(name: str) -> str:
    """A user name as accounts are keyed: NFKC, outer spaces gone, case folded (and NFKC again,
    as folding can undo it), so that look-alike spellings of one name are one account."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).strip().casefold())


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _verify(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; everything here is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _upsert(dialect: str):
    return (postgresql if dialect == "postgresql" else sqlite).insert(sign_in_throttle)


def _take_place(engine: sa.Engine, key: str, at: dt.datetime, limit: int) -> int:
    """Count one attempt for `key` in its window (a new window once the last one and any wait
    are over) and return the seconds to wait, 0 when this attempt may be checked. One statement
    per key: concurrent attempts are counted one after another by the database itself."""
    t = sign_in_throttle.c
    stale = sa.and_(t.window_start <= at - WINDOW,
                    sa.or_(t.locked_until.is_(None), t.locked_until <= at))
    with engine.begin() as connection:
        insert = _upsert(engine.dialect.name).values(key=key, attempts=1, window_start=at)
        row = connection.execute(insert.on_conflict_do_update(
            index_elements=[t.key],
            set_={"attempts": sa.case((stale, 1), else_=t.attempts + 1),
                  "window_start": sa.case((stale, at), else_=t.window_start),
                  "locked_until": sa.case((stale, None), else_=t.locked_until)},
        ).returning(t.attempts, t.window_start, t.locked_until)).one()
        if row.attempts <= limit:
            return 0
        until = _aware(row.window_start) + WINDOW
        if key.startswith("client:"):  # strict: a client that keeps trying waits longer
            extra = CLIENT_FIRST_WAIT * 2 ** min(row.attempts - LIMIT - 1, 20)
            until = min(max(until, _aware(row.locked_until) or at, at + extra),
                        at + CLIENT_MAX_WAIT)
        connection.execute(sign_in_throttle.update().where(t.key == key).values(
            locked_until=until))
    return max(1, math.ceil((until - at).total_seconds()))


def _keys(username: str, client: str | None, known: bool) -> list[tuple[str, int]]:
    """(key, limit) of the windows an attempt takes a place in, the client first: an attempt its
    client may not make never counts against the user; a known browser's, never at all."""
    user = f"user:{canonical_name(username)}"[:KEY_LENGTH]
    return (([(f"client:{client}"[:KEY_LENGTH], LIMIT)] if client else [])
            + ([] if known else [(user, USER_LIMIT)]))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def is_known(engine: sa.Engine, username: str, device: str | None) -> bool:
    """Whether `device` (the token a browser keeps) was given to this account."""
    if not isinstance(device, str) or not device or len(device) > 200:  # a cookie: anything
        return False
    with engine.connect() as connection:
        return connection.execute(sa.select(known_devices.c.id).where(
            known_devices.c.username == canonical_name(username),
            known_devices.c.token_hash == _token_hash(device))).first() is not None


def remember_device(engine: sa.Engine, username: str, at: dt.datetime | None = None) -> str:
    """A new token for the browser that just signed in (kept as a cookie; only its hash is
    stored); past `MAX_DEVICES` the account's oldest is forgotten."""
    at, name, token = at or timeline.now(), canonical_name(username), secrets.token_urlsafe(32)
    with engine.begin() as connection:
        connection.execute(known_devices.insert().values(
            username=name, token_hash=_token_hash(token), created_at=at, last_used_at=at))
        kept = sa.select(known_devices.c.id).where(known_devices.c.username == name).order_by(
            known_devices.c.last_used_at.desc(), known_devices.c.id.desc()).limit(MAX_DEVICES)
        connection.execute(known_devices.delete().where(known_devices.c.username == name,
                                                        known_devices.c.id.not_in(kept)))
    return token


def forget_devices(connection: sa.Connection, username: str) -> None:
    """Every browser of an account forgotten (a new password, a disabled account)."""
    connection.execute(known_devices.delete().where(
        known_devices.c.username == canonical_name(username)))


def forget_failures(connection: sa.Connection, username: str) -> None:
    """A user's attempts forgotten (an admin's unlock, a new password)."""
    connection.execute(sign_in_throttle.delete().where(
        sign_in_throttle.c.key == f"user:{canonical_name(username)}"[:KEY_LENGTH]))


def purge(connection: sa.Connection, at: dt.datetime) -> None:
    """Windows long over, and not holding a wait, are dropped."""
    t = sign_in_throttle.c
    connection.execute(sign_in_throttle.delete().where(
        t.window_start < at - 2 * WINDOW, sa.or_(t.locked_until.is_(None), t.locked_until < at)))


def sign_in(engine: sa.Engine, username: str, password: str, *, client: str | None,
            device: str | None = None, at: dt.datetime | None = None) -> roles.Actor:
    """The actor for these credentials. Unknown user, wrong password and disabled account give
    the same `SignInError`. Past its limit in a window for the client, or for the user from an
    unknown browser, an attempt is refused unchecked (`ThrottledError` says how long to wait).
    `client` is the caller's address, or something as narrow (the browser session) when the
    address is unknown; `device` the token the browser keeps, if any."""
    at = at or timeline.now()
    known = is_known(engine, username, device)
    keys = _keys(username, client, known)
    for key, limit in keys:
        wait = _take_place(engine, key, at, limit)
        if wait:
            raise ThrottledError(f"too many failed sign-ins; wait {wait} s", seconds=wait)
    with engine.connect() as connection:
        row = connection.execute(sa.select(users).where(
            users.c.username == canonical_name(username))).mappings().first()
    stored = row["password_hash"] if row is not None else None
    ok = _verify(stored or _DUMMY_HASH, password) and stored is not None
    ok = ok and row["disabled_at"] is None
    with engine.begin() as connection:
        purge(connection, at)
        if not ok:
            raise SignInError("wrong user name or password")
        connection.execute(sign_in_throttle.delete().where(
            sign_in_throttle.c.key.in_([key for key, _ in keys])))
        if known:
            connection.execute(known_devices.update().where(
                known_devices.c.token_hash == _token_hash(device)).values(last_used_at=at))
        values = {"last_sign_in_at": at}
        if _HASHER.check_needs_rehash(stored):
            values["password_hash"] = hash_password(password)
        connection.execute(users.update().where(users.c.id == row["id"]).values(**values))
    return roles.Actor(row["username"], row["role"], row["display_name"], via="local")


def identity_name(claims: dict) -> str | None:
    """The account name an identity provider's claims may map to: a verified e-mail address in
    plain ASCII, lower-cased; else None (a `sub` alone, an unverified or look-alike address)."""
    email = claims.get("email")
    if claims.get("email_verified") is not True:
        return None
    return sso_account_name(email)


def sso_account_name(email: object) -> str | None:
    """The account name of an address as single sign-on would report it: plain ASCII e-mail,
    lower-cased; None for anything else. Says nothing about who owns it."""
    if not isinstance(email, str) or not email.isascii():
        return None
    name = email.strip().lower()
    return name if _EMAIL.fullmatch(name) else None


def actor_for_identity(engine: sa.Engine, claims: dict | None) -> roles.Actor:
    """Someone the identity provider signed in: their account's role if a verified address maps
    to an active account, else a viewer (an organisation's identity is no right to change data)."""
    if not claims or not (claims.get("email") or claims.get("sub")):
        return roles.ANONYMOUS
    shown = str(claims.get("email") or claims.get("sub"))[:200]
    username = identity_name(claims)
    if username is None:  # unverified: shown by name, acting as no one
        return roles.Actor("", "viewer", shown, via="sso")
    found = roles.refresh(engine, roles.Actor(username, via="sso"))
    if not found.username:
        return roles.Actor(username, "viewer", shown, via="sso")
    with engine.begin() as connection:
        connection.execute(users.update().where(users.c.username == username).values(
            last_sign_in_at=timeline.now()))
    return found
