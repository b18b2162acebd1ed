"""Giới thiệu: what each page shows, how measures are computed, sources, the demo notice."""

import streamlit as st

from geo.render import i18n
from ui import context

ctx = context.current()
st.title(i18n.t("page.about", ctx.lang))
context.banner(ctx)
typical = int(ctx.prepared.frame["typical"].sum())
st.markdown(i18n.t("about.body", ctx.lang, typical=i18n.number(typical, ctx.lang)))
st.header(i18n.t("about.sources", ctx.lang))
st.markdown(i18n.t("about.sources_body", ctx.lang))
if ctx.is_demo:
    st.info(i18n.t("app.demo_banner", ctx.lang))
