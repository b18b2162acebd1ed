"""Editors and viewers: roles enforced in geo/, argon2id hashes, throttled sign-in, the CLI."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import sqlalchemy as sa

from geo.errors import PermissionDeniedError, SignInError, UserError
from geo.records import importer, reading
from geo.store import importing, roles, signin, store, users
from geo.store.schema import imports, metadata, models, sign_in_throttle
from tests.helpers import EDITOR_PASSWORD, editor_in, model_row, sheet_csv

T0 = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.UTC)


def snapshot(engine) -> dict[str, list]:
    """Every row of every table except the throttling counters: what a refused write must not
    change."""
    with engine.connect() as connection:
        return {t.name: sorted(map(str, connection.execute(sa.select(t)).all()))
                for t in metadata.sorted_tables if t is not sign_in_throttle}


def plan_for(engine, gazetteer, rows):
    data = sheet_csv("models", rows).encode()
    return importing.plan(reading.read_table(data, "m.csv"), kind="models",
                                gazetteer=gazetteer, engine=engine, file_name="m.csv",
                                sha256=importer.file_sha256(data), this_year=2026)


@pytest.fixture
def actors(engine):
    """A viewer account, a disabled editor, an editor and an admin, with the store at rest."""
    editor = editor_in(engine)
    admin = editor_in(engine, "quản.trị", role="admin")
    viewer = editor_in(engine, "khách", role="viewer")
    gone = editor_in(engine, "đã.nghỉ", role="editor")
    users.disable_user(engine, roles.CONSOLE, gone.username)
    return {"anonymous": roles.ANONYMOUS, "viewer": viewer, "disabled": gone,
            "editor": editor, "admin": admin}


def write_calls(engine, gazetteer, editor):
    """Every function that writes, each with the role it needs."""
    first = importing.apply_plan(engine, plan_for(engine, gazetteer, [model_row()]),
                                actor=editor, valid_rows_only=False)
    plan = plan_for(engine, gazetteer, [model_row(id="NEW")])
    return {
        "apply_plan": ("editor", lambda a: importing.apply_plan(engine, plan, actor=a,
                                                               valid_rows_only=False)),
        "undo_import": ("editor", lambda a: store.undo_import(engine, first, actor=a)),
        "add_user": ("admin", lambda a: users.add_user(engine, a, "mới", role="editor",
                                                       password="đủ mười ký tự")),
        "set_password": ("admin", lambda a: users.set_password(engine, a, editor.username,
                                                               "một mật khẩu khác")),
        "set_role": ("admin", lambda a: users.set_role(engine, a, editor.username, "admin")),
        "disable_user": ("admin", lambda a: users.disable_user(engine, a, editor.username)),
    }


@pytest.mark.parametrize("who", ["anonymous", "viewer", "disabled", "editor"])
def test_every_write_refuses_those_without_the_role(engine, gazetteer, actors, who):
    calls = write_calls(engine, gazetteer, actors["editor"])
    actor = actors[who]
    refused = 0
    for name, (role, call) in calls.items():
        if actor.may(role) and who != "disabled":
            continue
        before = snapshot(engine)
        with pytest.raises(PermissionDeniedError, match=role):
            call(actor)
        assert snapshot(engine) == before, name
        refused += 1
    assert refused == (4 if who == "editor" else 6)


def test_the_roles_that_may_write_do(engine, gazetteer, actors):
    calls = write_calls(engine, gazetteer, actors["editor"])
    calls["apply_plan"][1](actors["editor"])
    calls["undo_import"][1](actors["admin"])  # an admin is an editor too
    calls["add_user"][1](actors["admin"])
    log = store.read_imports(engine).set_index("id").sort_index()
    assert log["user_name"].tolist() == ["cán.bộ", "cán.bộ"]
    assert log["undone_by"].tolist()[0] == "quản.trị"
    assert "mới" in set(users.list_users(engine)["username"])


def test_passwords_are_kept_only_as_argon2id_hashes(engine):
    users.add_user(engine, roles.CONSOLE, "Hoa", role="editor", password=EDITOR_PASSWORD)
    with engine.connect() as connection:
        rows = [dict(r) for r in connection.execute(sa.select(users.users)).mappings()]
    assert rows[0]["username"] == "hoa"
    assert rows[0]["password_hash"].startswith("$argon2id$")
    assert not any(EDITOR_PASSWORD in str(v) for r in rows for v in r.values())
    assert "password_hash" not in users.list_users(engine).columns
    assert signin.sign_in(engine, "HOA", EDITOR_PASSWORD, client="c") == roles.Actor(
        "hoa", "editor", "hoa")
    with pytest.raises(UserError, match="10 characters") as refused:
        users.add_user(engine, roles.CONSOLE, "ngắn", role="editor", password="9 ký tự ạ")
    assert refused.value.values == {"problem": "password_short", "limit": 10}
    users.add_user(engine, roles.CONSOLE, "đủ", role="editor", password="10 ký tự ạ")  # at it


def test_command_line(engine, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    out = io.StringIO()
    assert users.main(["add", "Ngọc", "--role", "admin", "--password-stdin"],
                      stdin=io.StringIO(EDITOR_PASSWORD + "\n"), stdout=out) == 0
    assert signin.sign_in(engine, "ngọc", EDITOR_PASSWORD, client="cli").role == "admin"
    assert users.main(["add", "ngọc", "--role", "editor", "--password-stdin"],
                      stdin=io.StringIO(EDITOR_PASSWORD + "\n"), stdout=out) == 2
    assert users.main(["set-password", "ngọc", "--password-stdin"],
                      stdin=io.StringIO("mật khẩu mới hơn\n"), stdout=out) == 0
    assert signin.sign_in(engine, "ngọc", "mật khẩu mới hơn", client="cli").role == "admin"
    assert users.main(["add", "sso@org.vn", "--role", "editor", "--sso"], stdout=out) == 0
    assert users.main(["disable", "ngọc"], stdout=out) == 0
    listing = io.StringIO()
    assert users.main(["list"], stdout=listing) == 0
    assert "ngọc" in listing.getvalue() and "sso@org.vn" in listing.getvalue()
    assert "argon2" not in listing.getvalue()
    with pytest.raises(SignInError):
        signin.sign_in(engine, "ngọc", "mật khẩu mới hơn", client="cli2")


def test_no_default_account_exists(engine):
    assert not users.has_users(engine)
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(models)).scalar() == 0
        assert connection.execute(sa.select(sa.func.count()).select_from(imports)).scalar() == 0


def test_a_role_change_takes_effect_at_the_next_sign_in(engine, monkeypatch):
    """README: `set-role NAME ROLE`. The console and an admin may change a role; the new role
    is what the next sign-in carries; an unknown role is refused by name."""
    users.add_user(engine, roles.CONSOLE, "lan", role="viewer", password=EDITOR_PASSWORD)
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    assert users.main(["set-role", "lan", "editor"], stdout=io.StringIO()) == 0
    assert signin.sign_in(engine, "lan", EDITOR_PASSWORD, client="a").role == "editor"
    users.add_user(engine, roles.CONSOLE, "hoa", role="admin", password=EDITOR_PASSWORD)
    admin = signin.sign_in(engine, "hoa", EDITOR_PASSWORD, client="b")
    users.set_role(engine, admin, "lan", "admin")
    assert signin.sign_in(engine, "lan", EDITOR_PASSWORD, client="c").role == "admin"
    assert users.list_users(engine).set_index("username").at["lan", "role"] == "admin"
    with pytest.raises(UserError) as refused:
        users.set_role(engine, admin, "lan", "boss")
    assert refused.value.values["role"] == "boss"
    assert signin.sign_in(engine, "lan", EDITOR_PASSWORD, client="d").role == "admin"
