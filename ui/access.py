"""Sign-in and sign-out on the Data page: passwords, or the organisation's identity provider when
`.streamlit/secrets.toml` configures one (`[auth]`, Streamlit's `st.login`)."""

from __future__ import annotations

import json

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from geo.errors import DvkError
from geo.render import i18n
from geo.render.plaintext import escape_markdown
from geo.store import roles, signin, users
from ui import context, messages, state

DEVICE_COOKIE = "dvk_device"  # a browser's token for the accounts it signed in to
DEVICE_SECONDS = 365 * 24 * 3600


def sso_configured() -> bool:
    """Whether an identity provider is configured (then passwords are not offered)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises its own private error
        return False


def _logged_in() -> bool:
    """Whether the identity provider signed this browser in."""
    return bool(st.user.get("is_logged_in"))


def current(engine) -> roles.Actor:
    """Who this session is now, as the store sees them (a disabled account is anonymous)."""
    if sso_configured() and _logged_in():
        fresh = signin.actor_for_identity(engine, st.user.to_dict())
    else:
        actor = state.ACTOR.get() or roles.ANONYMOUS
        fresh = roles.refresh(engine, actor)
        if fresh != actor:
            state.ACTOR.set(fresh)
    state.MAY_UPLOAD.set(fresh.may("editor"))  # what the server lets in
    return fresh


def _client() -> str:
    """Who is knocking: the address, or this browser session when a proxy passes none (never one
    bucket shared by everyone whose address is unknown)."""
    return st.context.ip_address or f"session:{get_script_run_ctx().session_id}"


def _sign_in(engine, lang: str) -> None:
    """Form callback: the password is read once and wiped from the session at once; a browser
    that signs in for the first time is given its token (set as a cookie by `panel`)."""
    password = state.SIGNIN_PASSWORD.get()
    state.SIGNIN_PASSWORD.set("")
    device = st.context.cookies.get(DEVICE_COOKIE) if st.context.cookies else None
    try:
        actor = signin.sign_in(engine, state.SIGNIN_USER.get(), password,
                               client=_client(), device=device)
        state.ACTOR.set(actor)
        state.SIGNIN_ERROR.pop()
        if not signin.is_known(engine, actor.username, device):
            state.NEW_DEVICE.set(signin.remember_device(engine, actor.username))
    except DvkError as error:
        state.SIGNIN_ERROR.set((error.key, error.values))


def _keep_device_token() -> None:
    """The token given at sign-in, kept by the browser for a year (its own cookie, sent to no
    other site; secure over HTTPS)."""
    token = state.NEW_DEVICE.pop()
    if token:
        st.html(f"<script>document.cookie = {json.dumps(DEVICE_COOKIE)} + '=' + "
                f"{json.dumps(token)} + '; Max-Age={DEVICE_SECONDS}; Path=/; SameSite=Strict'"
                " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
                unsafe_allow_javascript=True)


def panel(ctx: context.Context) -> roles.Actor:
    """The sign-in box (or who is signed in, with sign-out); returns the acting user."""
    lang = ctx.lang
    actor = current(ctx.engine)
    if actor.username:
        _keep_device_token()
        left, right = st.columns([3, 1])
        left.caption(i18n.t("access.signed_in", lang, name=escape_markdown(actor.display_name),
                            role=i18n.t(f"role.{actor.role}", lang)))
        if right.button(i18n.t("access.sign_out", lang), key="sign_out"):
            state.ACTOR.pop()
            if sso_configured() and _logged_in():
                st.logout()
            st.rerun()
        return actor
    with st.expander(i18n.t("access.for_editors", lang)):
        if sso_configured():
            if st.button(i18n.t("access.sso", lang), key="sign_in_sso"):
                st.login()
            return actor
        if not users.has_users(ctx.engine):
            st.info(i18n.t("access.no_users", lang))
        with st.form("sign_in", clear_on_submit=True):
            st.text_input(i18n.t("access.username", lang), key=state.SIGNIN_USER.name)
            st.text_input(i18n.t("access.password", lang), type="password",
                          key=state.SIGNIN_PASSWORD.name)
            st.form_submit_button(i18n.t("access.sign_in", lang), on_click=_sign_in,
                                  args=(ctx.engine, lang))
        failed = state.SIGNIN_ERROR.get()
        if failed:
            key, values = failed
            st.error(i18n.t(key, lang, **values))
    return actor


def accounts(ctx: context.Context) -> None:
    """For admins: the accounts (never their hashes), adding one, disabling one."""
    lang = ctx.lang
    actor = current(ctx.engine)
    st.header(i18n.t("access.accounts", lang))
    table = users.list_users(ctx.engine)
    st.dataframe(table.rename(columns=lambda c: i18n.t(f"access.column.{c}", lang)),
                 hide_index=True, width="stretch")
    with st.form("add_user", clear_on_submit=True):
        name = st.text_input(i18n.t("access.username", lang), key="new_user")
        role = st.selectbox(i18n.t("access.role", lang), roles.ROLES[1:],
                            format_func=lambda r: i18n.t(f"role.{r}", lang), key="new_role")
        password = st.text_input(i18n.t("access.password", lang), type="password",
                                 key="new_password")
        added = st.form_submit_button(i18n.t("access.add", lang))
    if added:
        done, _ = messages.attempt(lambda: users.add_user(
            ctx.engine, actor, name, role=role, password=password or None), lang)
        if done:
            st.success(i18n.t("access.added", lang, name=escape_markdown(name)))
    active = table.loc[table["disabled_at"].isna(), "username"].tolist()
    who = st.selectbox(i18n.t("access.disable_who", lang), [None, *active],
                       format_func=lambda u: "–" if u is None else u, key="disable_user")
    if st.button(i18n.t("access.disable", lang), disabled=who is None, key="disable_button"):
        done, _ = messages.attempt(lambda: users.disable_user(ctx.engine, actor, who), lang)
        if done:
            st.rerun()
