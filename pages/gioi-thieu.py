"""Giới thiệu: what each page shows, how measures are computed, sources, the demo notice."""

import streamlit as st

from geo import i18n, settings
from ui import shell

ctx = shell.current()
shell.banner(ctx)
st.title(i18n.t("page.about", ctx.lang))
st.markdown(i18n.t("about.body", ctx.lang))
st.header(i18n.t("about.sources", ctx.lang))
st.markdown((settings.ROOT / "data" / "SOURCES.md").read_text(encoding="utf-8"))
if ctx.is_demo:
    st.info(i18n.t("app.demo_banner", ctx.lang))
