"""The Data page through AppTest: who sees what, sign-in and out, SSO switch, import and review."""

from __future__ import annotations

import pytest

from geo.render import i18n
from geo.store import roles, users
from tests.helpers import EDITOR_PASSWORD, PAGES, editor_in, metrics, model_row, sheet_csv, sign_in
from ui import state

EDIT_WIDGETS = ("import_file", "import_kind")


def data_page(make_apptest, **kw):
    at = make_apptest(**kw).run()
    at.switch_page(PAGES["data"]).run()
    assert not at.exception
    return at


def editing_widgets(at) -> set[str]:
    """Keys of the widgets only editors get: upload, import kind, undo and review."""
    keys = {w.key for w in [*at.radio, *at.button, *at.selectbox, *at.checkbox] if w.key}
    keys |= {u.key for u in at.get("file_uploader")} if at.get("file_uploader") else set()
    return {k for k in keys if k in EDIT_WIDGETS or k.startswith(("undo_", "review_"))}


def test_anonymous_sees_no_way_to_change_data_and_how_to_make_an_admin(make_apptest):
    at = data_page(make_apptest)
    assert editing_widgets(at) == set()
    assert i18n.t("access.no_users", "vi") in [i.value for i in at.info]
    assert at.dataframe  # the tables and exports stay for everyone


def test_editor_signs_in_gets_the_tools_and_signs_out(make_apptest, apptest_store):
    at = data_page(make_apptest)
    editor = editor_in(apptest_store())
    sign_in(at, editor.username, EDITOR_PASSWORD)
    assert not at.exception
    assert {"import_file", "import_kind"} <= editing_widgets(at)
    assert any(k.startswith("undo_") for k in editing_widgets(at))
    kept = [str(at.session_state[k]) for k in at.session_state]
    assert kept and not any(EDITOR_PASSWORD in v for v in kept)
    assert "password" not in str(at.session_state[state.ACTOR.name]).lower()
    at.button(key="sign_out").click().run()
    assert editing_widgets(at) == set()


@pytest.mark.parametrize("name, password", [("cán.bộ", "sai mật khẩu rồi"),
                                            ("không.có.ai", EDITOR_PASSWORD)])
def test_one_message_for_unknown_user_and_wrong_password(make_apptest, apptest_store, name,
                                                         password):
    at = data_page(make_apptest)
    editor_in(apptest_store())
    sign_in(at, name, password)
    assert [e.value for e in at.error] == [i18n.t("error.sign_in", "vi")]
    assert editing_widgets(at) == set()


def test_a_disabled_editor_loses_the_tools_at_once(make_apptest, apptest_store):
    at = data_page(make_apptest)
    engine = apptest_store()
    editor = editor_in(engine)
    sign_in(at, editor.username, EDITOR_PASSWORD)
    assert "import_file" in editing_widgets(at)
    users.disable_user(engine, roles.CONSOLE, editor.username)
    at.run()
    assert editing_widgets(at) == set()


def test_viewer_account_gets_no_tools(make_apptest, apptest_store):
    at = data_page(make_apptest)
    editor_in(apptest_store(), "khách", role="viewer")
    sign_in(at, "khách", EDITOR_PASSWORD)
    assert editing_widgets(at) == set()


def test_single_sign_on_replaces_the_password_form(make_apptest):
    secrets = {"auth": {"redirect_uri": "http://127.0.0.1:8501/oauth2callback",
                        "cookie_secret": "a long random string for the test",
                        "client_id": "dvk", "client_secret": "s",
                        "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration"}}
    at = data_page(make_apptest, secrets=secrets)
    assert [b.label for b in at.button if b.key == "sign_in_sso"] == [i18n.t("access.sso", "vi")]
    assert not [t for t in at.text_input if t.key == state.SIGNIN_PASSWORD.name]
    plain = data_page(make_apptest)
    assert [t for t in plain.text_input if t.key == state.SIGNIN_PASSWORD.name]


def signed_in_editor(make_apptest, apptest_store):
    at = data_page(make_apptest)
    editor = editor_in(apptest_store())
    return sign_in(at, editor.username, EDITOR_PASSWORD)


@pytest.mark.slow
def test_import_review_apply_and_undo_on_the_data_page(make_apptest, apptest_store):
    data = sheet_csv("models", [model_row(id="REAL-1"),
                                model_row(id="REAL-2", commune="Xã Trà Kaa"),
                                model_row(id="REAL-3", domain="Thể thao")]).encode()
    at = signed_in_editor(make_apptest, apptest_store)
    at.file_uploader(key="import_file").upload("so_lieu.csv", data, "text/csv").run()
    assert not at.exception
    assert i18n.t("data.plan_summary", "vi", read=3, ok=1, new=1, changed=0, same=0, bad=2) in [
        m.value for m in at.markdown]
    review = next(r for r in at.radio if r.key and r.key.startswith("review_choice_"))
    assert review.value == ("2020", "20932")
    next(b for b in at.button if b.key and b.key.startswith("review_apply_")).click().run()
    assert i18n.t("data.plan_summary", "vi", read=3, ok=2, new=2, changed=0, same=0, bad=1) in [
        m.value for m in at.markdown]
    errors = next(d.value for d in at.dataframe
                  if i18n.t("errors.reason", "vi") in d.value.columns)
    assert errors.iloc[0].tolist()[:3] == [4, "Lĩnh vực", "Thể thao"]
    next(b for b in at.button if b.label == i18n.tn("data.import_valid", 2, "vi")).click().run()
    assert not at.exception
    assert i18n.t("data.imported", "vi", id=3, new=2, changed=0) in [s.value for s in at.success]
    history = next(d.value for d in at.dataframe
                   if i18n.t("history.user_name", "vi") in d.value.columns)
    assert history.iloc[0][i18n.t("history.user_name", "vi")] == "cán.bộ"
    at.switch_page(PAGES["overview"]).run()
    assert metrics(at)[i18n.t("kpi.models", "vi")] == "2"
    assert not any(i18n.t("app.demo_banner", "vi") == w.value for w in at.warning)

    at.switch_page(PAGES["data"]).run()
    next(b for b in at.button if b.key and b.key.startswith("undo_")).click().run()
    assert not at.exception
    at.switch_page(PAGES["overview"]).run()
    assert not at.exception and metrics(at)[i18n.t("kpi.models", "vi")] == "0"


@pytest.mark.slow
def test_bulk_review_one_decision_per_written_name(make_apptest, apptest_store):
    rows = [model_row(id=f"R{i}", commune="Xã Trà Kaa") for i in range(4)]
    rows += [model_row(id=f"S{i}", commune="Xã Trà Giacc") for i in range(3)]
    at = signed_in_editor(make_apptest, apptest_store)
    at.file_uploader(key="import_file").upload("typos.csv", sheet_csv("models", rows).encode(),
                                               "text/csv").run()
    groups = next(d.value for d in at.dataframe
                  if i18n.t("review.written", "vi") in d.value.columns)
    assert groups[i18n.t("review.rows", "vi")].tolist() == [4, 3]
    bulk = next(b for b in at.button if b.key and b.key.startswith("review_bulk_"))
    assert bulk.disabled  # not before the person says they looked
    next(c for c in at.checkbox if c.key.startswith("review_seen_")).check().run()
    next(s for s in at.slider if s.key.startswith("review_floor_")).set_value(84).run()
    next(b for b in at.button if b.key and b.key.startswith("review_bulk_")).click().run()
    assert i18n.t("data.plan_summary", "vi", read=7, ok=7, new=7, changed=0, same=0, bad=0) in [
        m.value for m in at.markdown]


@pytest.mark.slow
def test_a_file_that_is_not_utf8_asks_for_its_encoding(make_apptest, apptest_store):
    from tests.helpers import windows_1258

    at = signed_in_editor(make_apptest, apptest_store)
    data = windows_1258(sheet_csv("models", [model_row()]))
    at.file_uploader(key="import_file").upload("cu.csv", data, "text/csv").run()
    assert not at.exception
    assert at.error and "UTF-8" in at.error[0].value
    choice = next(s for s in at.selectbox if s.key.startswith("encoding_"))
    assert choice.value == "cp1258"  # the likeliest first, but nothing read until confirmed
    assert "Trà Ka" in " ".join(t.value for t in at.text)
    assert i18n.tn("data.encoding.replaced", 0, "vi") in [c.value for c in at.caption]
    summary = i18n.t("data.plan_summary", "vi", read=1, ok=1, new=1, changed=0, same=0, bad=0)
    assert summary not in [m.value for m in at.markdown]
    choice.set_value("cp1252").run()  # another choice: its own preview and count
    assert "Trà Ka" not in " ".join(t.value for t in at.text)
    next(c for c in at.checkbox if c.key.startswith("encoding_ok_")).check().run()
    assert not at.exception
    choice = next(s for s in at.selectbox if s.key.startswith("encoding_"))
    choice.set_value("cp1258").run()
    assert summary in [m.value for m in at.markdown]


def test_a_file_over_the_limit_is_refused_in_the_users_language(make_apptest, apptest_store):
    from ui.importing import UPLOAD_LIMIT_MB

    at = signed_in_editor(make_apptest, apptest_store)
    at.sidebar.selectbox(key=state.FILTERS["lang"].name).set_value("fr").run()
    big = b"x" * (UPLOAD_LIMIT_MB * 1_000_000 + 1)
    at.file_uploader(key="import_file").upload("gros.csv", big, "text/csv").run()
    assert [e.value for e in at.error] == [i18n.t("error.upload_size", "fr", size="50,0",
                                                  limit=UPLOAD_LIMIT_MB)]


@pytest.mark.slow
def test_targets_imported_on_the_data_page_drive_the_targets_page(make_apptest, apptest_store):
    at = data_page(make_apptest)
    save = i18n.t("targets.save", "vi")
    assert save not in [b.label for b in at.button]  # viewers see the rules, cannot change them
    editor = editor_in(apptest_store())
    sign_in(at, editor.username, EDITOR_PASSWORD)
    assert save in [b.label for b in at.button]
    at.radio(key="import_kind").set_value("targets").run()
    rules = sheet_csv("targets", [{"level": "Xã, phường", "year_from": "2026", "year_to": "2030",
                                   "cadence": "Mỗi năm", "min_new": "1",
                                   "note": "Thử: [bấm](http://evil.example)"}])
    at.file_uploader(key="import_file").upload("chi_tieu.csv", rules.encode(), "text/csv").run()
    assert not at.exception and not any(
        i18n.t("import.notice.replaces_demo", "vi") == i.value for i in at.info)
    next(b for b in at.button if b.label == i18n.tn("data.import_valid", 1, "vi")).click().run()
    assert not at.exception
    history = next(d.value for d in at.dataframe
                   if i18n.t("history.user_name", "vi") in d.value.columns)
    assert history.iloc[0][i18n.t("history.kind", "vi")] == i18n.t("data.kind.targets", "vi")
    at.switch_page(PAGES["targets"]).run()
    at.selectbox(key=state.TARGET_YEAR.name).select(2026).run()
    assert not at.exception
    assert any(i18n.t("app.demo_banner", "vi") == w.value for w in at.warning)  # demo stays
    import sqlalchemy as sa

    with apptest_store().connect() as connection:  # 2026 records carry 2025b codes
        met = connection.execute(sa.text(
            "SELECT count(DISTINCT commune_code) FROM models WHERE year_started = 2026 "
            "AND commune_era = '2025b'")).scalar()
    assert metrics(at)[i18n.t("targets.met_label", "vi", year=2026)] == f"{met}/78"
    statuses = at.dataframe[0].value[i18n.t("targets.column.status", "vi")]
    assert set(statuses) <= {"✓ Đạt", "✗ Chưa đạt"} and len(statuses) == 78
    assert not any("](http" in c.value for c in at.caption)  # the note is shown as plain text
