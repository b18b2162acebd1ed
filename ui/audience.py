"""The audience link in the app: editors publish a snapshot of the view, see its address and QR
code, and list or remove old ones; the presentation view's first slide shows the QR code."""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from geo import settings
from geo.analysis.filters import Filters
from geo.render import i18n
from geo.render.plaintext import escape_markdown
from geo.render.web import audience
from ui import access, context, loaders, messages, state


def base_url() -> str:
    """Where people reach this server: the public address, else the one this browser used."""
    public = settings.get("DVK_PUBLIC_URL")
    if public:
        return public.rstrip("/")
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""


def publish_button(ctx: context.Context, view: str, filters: Filters, *, key: str,
                   year: int | None = None, level: str | None = None) -> None:
    """For editors: publish this view for the audience, then show its link and QR code."""
    actor = access.current(ctx.engine)
    if not actor.may("editor") or view not in audience.VIEWS:
        return
    if st.button(i18n.t("audience.publish", ctx.lang), key=key, icon=":material/qr_code_2:"):
        done, snapshot = messages.attempt(lambda: audience.publish(
            ctx.engine, actor, loaders.dataset(ctx), filters, view, year=year, level=level),
            ctx.lang)
        if not done:
            return
        state.AUDIENCE.set(snapshot.name)
        state.AUDIENCE_PARAM.set(snapshot.name)
    shown = audience.find(state.AUDIENCE.get())
    if shown is not None:
        card(shown, ctx.lang)


def card(snapshot: audience.Snapshot, lang: str, *, width: int = 180) -> None:
    """The snapshot's QR code and address, with what it shows."""
    url = snapshot.url(base_url())
    st.image(audience.qr_png(url), width=width,
             caption=i18n.t("audience.qr_caption", lang, title=snapshot.title))
    st.code(url, language=None)


def current_url() -> str | None:
    """The address of this session's published snapshot, for a briefing's title slide."""
    snapshot = audience.find(state.AUDIENCE.get())
    return snapshot.url(base_url()) if snapshot else None


def shared() -> audience.Snapshot | None:
    """The snapshot the link names (`audience=NAME`), if it exists."""
    return audience.find(state.AUDIENCE_PARAM.get(""))


def first_slide_code(lang: str) -> None:
    """On the presentation view's first slide: the QR code of the link's snapshot."""
    snapshot = shared()
    if snapshot is not None:
        card(snapshot, lang, width=220)


def manage(ctx: context.Context, actor) -> None:
    """Editors: the published snapshots, newest first, each with its link and a remove button."""
    lang = ctx.lang
    st.header(i18n.t("audience.header", lang))
    published = audience.listing()
    if not published:
        st.caption(i18n.t("audience.none", lang))
        return
    for snapshot in published:
        left, right = st.columns([5, 1], vertical_alignment="center")
        url = snapshot.url(base_url())
        left.markdown(i18n.t("audience.row", lang, title=escape_markdown(snapshot.title),
                             made=snapshot.made_local()))
        left.code(url, language=None)
        if right.button(i18n.t("audience.remove", lang), key=f"audience_remove_{snapshot.name}"):
            done, _ = messages.attempt(
                lambda name=snapshot.name: audience.remove(ctx.engine, actor, name), lang)
            if done:
                st.rerun()
