"""Sign-in that no script can abuse: attempts counted per window before any password is checked,
a strict wait for a client, a bounded one for an account from browsers it never used (never for
a known one), verified e-mails only from an identity provider, one canonical spelling of every
name."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from geo.errors import PermissionDeniedError, SignInError, ThrottledError, UserError
from geo.store import database, roles, signin, users
from geo.store.schema import sign_in_throttle
from tests.helpers import EDITOR_PASSWORD, editor_in

pytestmark = pytest.mark.slow  # dozens of argon2 checks on two databases: the full lane's

T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
WINDOW_S = int(signin.WINDOW.total_seconds())


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def fail(engine, name: str, client: str | None, when: float) -> None:
    with pytest.raises(SignInError):
        signin.sign_in(engine, name, "sai mật khẩu", client=client, at=at(when))


def test_a_client_gets_its_limit_of_checks_then_waits(engine):
    editor = editor_in(engine)
    for i in range(signin.LIMIT - 1):
        fail(engine, editor.username, "a", i)
    # the LIMIT-th attempt is still checked: the right password passes and clears the count
    assert signin.sign_in(engine, editor.username, EDITOR_PASSWORD, client="a", at=at(10)).role \
        == "editor"
    for i in range(signin.LIMIT):
        fail(engine, f"người{i}", "b", 20 + i)  # one address, any names
    with pytest.raises(ThrottledError) as waited:  # one past: refused unchecked, right or not
        signin.sign_in(engine, editor.username, EDITOR_PASSWORD, client="b", at=at(30))
    assert waited.value.values["seconds"] == WINDOW_S - 10  # the window began at 20 s
    assert signin.sign_in(engine, editor.username, EDITOR_PASSWORD, client="c",
                          at=at(31)).role == "editor"  # the account was never closed


def test_six_hours_of_guessing_from_one_address_never_keep_the_editor_out(engine):
    """A script tries a wrong password every 30 s for six simulated hours (720 attempts, as fast
    as the throttle lets any through: its address gets 5 checks, then waits); every quarter of
    an hour the editor, elsewhere, signs in with the right password and gets in every time."""
    editor = editor_in(engine)
    checked, refused, signed_in = 0, 0, 0
    for second in range(0, 6 * 3600, 30):
        try:
            signin.sign_in(engine, editor.username, "đoán", client="attacker", at=at(second))
        except ThrottledError:
            refused += 1
        except SignInError:
            checked += 1
        if second % WINDOW_S == WINDOW_S // 2:
            assert signin.sign_in(engine, editor.username, EDITOR_PASSWORD, client="office",
                                  at=at(second)).role == "editor"
            signed_in += 1
    assert signed_in == 24 and checked + refused == 720
    assert checked <= signin.LIMIT * 2  # the address waits doubling, far past each window


def test_many_addresses_can_only_keep_new_browsers_waiting(engine):
    """Past `USER_LIMIT` failures of one account in a window (many addresses guessing), a
    browser it never signed in from waits the rest of the window; one it signed in from
    before is let in at once."""
    editor = editor_in(engine)
    device = signin.remember_device(engine, editor.username, at=at(0))
    for i in range(signin.USER_LIMIT):
        fail(engine, editor.username, f"bot{i}", 10 + i)
    with pytest.raises(ThrottledError) as waited:
        signin.sign_in(engine, editor.username, EDITOR_PASSWORD, client="new", at=at(60))
    assert waited.value.values["seconds"] == WINDOW_S - 50
    assert signin.sign_in(engine, editor.username, EDITOR_PASSWORD, client="home",
                          device=device, at=at(61)).role == "editor"
    assert signin.is_known(engine, editor.username.upper(), device)
    assert not signin.is_known(engine, "ai.khác", device)
    assert not signin.is_known(engine, editor.username, device + "x")
    assert not signin.is_known(engine, editor.username, None)
    with pytest.raises(ThrottledError):  # a wrong token is an unknown browser
        signin.sign_in(engine, editor.username, EDITOR_PASSWORD, client="new2",
                       device="đoán", at=at(62))


def test_a_new_password_or_a_disabled_account_forgets_its_browsers(engine):
    editor = editor_in(engine)
    kept = [signin.remember_device(engine, editor.username, at=at(i))
            for i in range(signin.MAX_DEVICES + 2)]
    assert [signin.is_known(engine, editor.username, t) for t in kept[:3]] == [False, False, True]
    with engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT token_hash FROM known_devices")).scalars()
        assert not set(stored) & set(kept)  # only hashes are kept
    users.set_password(engine, roles.CONSOLE, editor.username, "một mật khẩu mới")
    assert not signin.is_known(engine, editor.username, kept[-1])
    again = signin.remember_device(engine, editor.username)
    users.disable_user(engine, roles.CONSOLE, editor.username)
    assert not signin.is_known(engine, editor.username, again)


def test_a_client_past_its_limit_waits_doubling_up_to_a_day(engine):
    for i in range(signin.LIMIT):
        fail(engine, f"user{i}", "bot", i)  # one address, many names
    ends, waits = [], []
    for i in range(40):
        with pytest.raises(ThrottledError) as waited:
            signin.sign_in(engine, f"other{i}", "x", client="bot", at=at(100 + i))
        waits.append(waited.value.values["seconds"])
        ends.append(100 + i + waits[-1])
    assert ends == sorted(ends)  # each attempt while refused only pushes the end further
    assert waits[0] == WINDOW_S - 100  # first: the rest of the window
    assert WINDOW_S < waits[6] and waits[7] >= 2 * waits[6] - 1  # then doubling, past the window
    assert max(waits) <= signin.CLIENT_MAX_WAIT.total_seconds()
    assert max(waits) > signin.CLIENT_MAX_WAIT.total_seconds() - 200


def test_unknown_addresses_do_not_share_one_bucket(engine):
    editor = editor_in(engine)
    for i in range(signin.LIMIT + 3):
        try:
            signin.sign_in(engine, "ai.khác", "x", client=None, at=at(i))
        except (SignInError, ThrottledError):
            pass
    assert signin.sign_in(engine, editor.username, EDITOR_PASSWORD, client=None,
                          at=at(20)).role == "editor"


def test_unlock_and_a_new_password_forget_the_failures(engine):
    editor = editor_in(engine)
    for i in range(signin.USER_LIMIT):
        fail(engine, editor.username, f"c{i}", i)
    with pytest.raises(ThrottledError):
        signin.sign_in(engine, editor.username, EDITOR_PASSWORD, client="x", at=at(10))
    users.unlock(engine, roles.CONSOLE, editor.username)
    assert signin.sign_in(engine, editor.username, EDITOR_PASSWORD, client="x", at=at(11))
    for i in range(signin.USER_LIMIT):
        fail(engine, editor.username, f"d{i}", 20 + i)
    users.set_password(engine, roles.CONSOLE, editor.username, "một mật khẩu mới")
    assert signin.sign_in(engine, editor.username, "một mật khẩu mới", client="y", at=at(30))
    with pytest.raises(PermissionDeniedError):
        users.unlock(engine, editor, editor.username)  # an editor is no admin


def test_the_command_line_unlocks(engine, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    editor = editor_in(engine)
    for i in range(signin.USER_LIMIT):
        fail(engine, editor.username, f"c{i}", i)
    with pytest.raises(ThrottledError):
        signin.sign_in(engine, editor.username, EDITOR_PASSWORD, client="z", at=at(9))
    out = io.StringIO()
    assert users.main(["unlock", editor.username.upper()], stdout=out) == 0
    assert signin.sign_in(engine, editor.username, EDITOR_PASSWORD, client="z", at=at(10))
    assert users.main(["unlock", "không.có.ai"], stdout=out) == 2


def test_old_windows_are_purged(engine):
    editor = editor_in(engine)
    for i in range(3):
        fail(engine, f"ghost{i}", f"ip{i}", i)
    signin.sign_in(engine, editor.username, EDITOR_PASSWORD, client="now",
                   at=at(2 * WINDOW_S + 10))
    with engine.connect() as connection:
        keys = connection.execute(sa.select(sign_in_throttle.c.key)).scalars().all()
    assert keys == []


def at_once(n: int, attempt) -> list[str]:
    """`attempt(i)` in n threads released together; what each ended with: the sign-in's own
    errors by name, anything else (a database error under the race) as it was raised."""
    start, outcomes = threading.Barrier(n), []

    def run(i: int) -> None:
        start.wait()
        try:
            attempt(i)
            outcomes.append("signed in")
        except (SignInError, ThrottledError) as error:
            outcomes.append(type(error).__name__)
        except Exception as error:
            outcomes.append(repr(error))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_forty_attempts_at_once_check_at_most_the_limit(engine, monkeypatch):
    editor = editor_in(engine)
    checked, lock = [0], threading.Lock()
    real_verify = signin._verify

    def counting_verify(stored, password):
        with lock:
            checked[0] += 1
        return real_verify(stored, password)

    monkeypatch.setattr(signin, "_verify", counting_verify)
    outcomes = at_once(40, lambda i: signin.sign_in(engine, editor.username, f"đoán {i}",
                                                    client=f"bot{i}"))
    assert sorted(set(outcomes)) == ["SignInError", "ThrottledError"]
    assert outcomes.count("SignInError") == checked[0] <= signin.USER_LIMIT


@pytest.mark.parametrize("claims, role", [
    ({"email": "lan@danvan.vn", "email_verified": True}, "editor"),
    ({"email": "LAN@DanVan.vn", "email_verified": True}, "editor"),
    ({"email": "lan@danvan.vn", "email_verified": False}, "viewer"),
    ({"email": "lan@danvan.vn"}, "viewer"),
    ({"email": "lan@danvan.vn", "email_verified": "true"}, "viewer"),
    ({"sub": "lan@danvan.vn"}, "viewer"),
    ({"email": "\u212aim@danvan.vn", "email_verified": True}, "viewer"),  # Kelvin sign K
    ({"email": "stra\u00dfe@danvan.vn", "email_verified": True}, "viewer"),
    ({"email": "lan@danvan.vn ", "email_verified": True}, "editor"),
])
def test_only_a_verified_plain_address_maps_to_a_role(engine, claims, role):
    users.add_user(engine, roles.CONSOLE, "lan@danvan.vn", role="editor")
    users.add_user(engine, roles.CONSOLE, "kim@danvan.vn", role="admin")
    users.add_user(engine, roles.CONSOLE, "strasse@danvan.vn", role="admin")
    assert signin.actor_for_identity(engine, claims).role == role


def test_an_identity_acts_with_its_account_s_role_only_when_verified(engine):
    """Below the page too: the check every write makes (`roles.authorize`) gives an unverified
    identity nothing, and an account's role only to the way it signs in."""
    users.add_user(engine, roles.CONSOLE, "lan@danvan.vn", role="editor")  # single sign-on
    users.add_user(engine, roles.CONSOLE, "hoa@danvan.vn", role="admin",
                   password=EDITOR_PASSWORD)  # a local account with an address for a name
    verified = signin.actor_for_identity(engine, {"email": "lan@danvan.vn",
                                                  "email_verified": True})
    unverified = signin.actor_for_identity(engine, {"email": "lan@danvan.vn",
                                                    "email_verified": False})
    assert (verified.username, verified.via) == ("lan@danvan.vn", "sso")
    assert (unverified.username, unverified.display_name) == ("", "lan@danvan.vn")
    with engine.connect() as connection:
        roles.authorize(connection, verified, "editor")
        for intruder in (unverified, roles.Actor("lan@danvan.vn", "editor"),  # as a local one
                         signin.actor_for_identity(engine, {"email": "hoa@danvan.vn",
                                                            "email_verified": True})):
            with pytest.raises(PermissionDeniedError):
                roles.authorize(connection, intruder, "editor")
    assert roles.refresh(engine, roles.Actor("lan@danvan.vn", "admin")) == roles.ANONYMOUS
    local = signin.sign_in(engine, "hoa@danvan.vn", EDITOR_PASSWORD, client="c")
    assert roles.refresh(engine, local) == local and local.role == "admin"


def test_no_claims_is_anonymous(engine):
    assert signin.actor_for_identity(engine, {}) == roles.ANONYMOUS
    assert signin.actor_for_identity(engine, None) == roles.ANONYMOUS


@pytest.mark.parametrize("name", ["demo", "Demo", "DEMO", "\uff24\uff25\uff2d\uff2f", "console",
                                  " demo "])
def test_the_apps_own_names_are_refused(engine, name):
    with pytest.raises(UserError) as refused:
        users.add_user(engine, roles.CONSOLE, name, role="editor", password=EDITOR_PASSWORD)
    assert refused.value.values["problem"] == "reserved"


def test_look_alike_spellings_are_one_account(engine):
    users.add_user(engine, roles.CONSOLE, "\uff28\uff2f\uff21", role="editor",  # fullwidth HOA
                   password=EDITOR_PASSWORD)
    assert signin.sign_in(engine, "hoa", EDITOR_PASSWORD, client="c").username == "hoa"
    with pytest.raises(UserError):
        users.add_user(engine, roles.CONSOLE, "Hoa", role="admin", password=EDITOR_PASSWORD)
    with pytest.raises(UserError) as refused:  # SSO accounts are plain addresses
        users.add_user(engine, roles.CONSOLE, "\u212aim@danvan.vn", role="admin")
    assert refused.value.values["problem"] == "sso_name"


@pytest.mark.slow
def test_two_hundred_sign_ins_at_once_on_sqlite_wait_instead_of_failing(tmp_path):
    """Each attempt writes its throttle windows; SQLite serialises writers, and under a burst
    they wait for each other rather than fail with "database is locked"."""
    engine = database.make_engine(f"sqlite:///{tmp_path / 'burst.sqlite'}")
    database.upgrade(engine)
    outcomes = at_once(200, lambda i: signin.sign_in(engine, f"người{i}", f"đoán {i}",
                                                     client=f"máy{i}"))
    engine.dispose()
    assert sorted(set(outcomes)) == ["SignInError"] and len(outcomes) == 200


def test_outside_the_suite_passwords_are_hashed_at_production_cost():
    """The suite lowers argon2id's cost (DVK_PASSWORD_HASHING=fast); the app never does."""
    code = ("from geo.store import signin; h = signin.hash_password('mật khẩu'); "
            "print(h); print(signin._verify(h, 'mật khẩu'))")
    env = {k: v for k, v in os.environ.items() if k != "DVK_PASSWORD_HASHING"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, cwd=Path(__file__).parents[2]).stdout.split()
    assert out[0].startswith("$argon2id$v=19$m=65536,t=3,p=4$") and out[1] == "True"
    assert signin.hash_password("x").startswith("$argon2id$v=19$m=64,t=1,p=1$")
