"""Dữ liệu: search and export the filtered models; editors import, review and undo."""

import streamlit as st

from geo.records import export
from geo.render import i18n
from geo.store import store
from ui import access, audience, context, importing, letterhead, messages, tables

ctx = context.current()
lang = ctx.lang
st.title(i18n.t("page.data", lang))
context.banner(ctx)
actor = access.panel(ctx)

query = st.text_input(i18n.t("data.search", lang), key="data_search")
shown = tables.readable(ctx.selected, lang)
if query:
    text = shown.astype(str).agg(" ".join, axis=1).str.casefold()
    shown = shown[text.str.contains(query.casefold(), regex=False).to_numpy()]
st.caption(i18n.tn("data.table_count", len(shown), lang))
st.dataframe(shown, hide_index=True, height=360, width="stretch")
notice = context.demo_notice(ctx)
prefix = "minh-hoa_" if ctx.is_demo else ""
too_long = export.xlsx_problem(shown)
left, middle, right = st.columns(3)
# the files are made on click (XLSX of every model takes seconds), not on every rerun
left.download_button(i18n.t("data.export_csv", lang),
                     lambda: export.to_csv_bytes(shown, notice=notice), f"{prefix}mo_hinh.csv",
                     "text/csv")
middle.download_button(i18n.t("data.export_xlsx", lang),
                       lambda: export.to_xlsx_bytes(shown, notice=notice),
                       f"{prefix}mo_hinh.xlsx", disabled=too_long is not None,
                       help=i18n.t("error.export", lang, **too_long.values) if too_long else None)
right.download_button(i18n.t("data.export_import_format", lang),
                      lambda: export.to_csv_bytes(context.import_format(ctx), notice=notice),
                      f"{prefix}mo_hinh_mau_nhap.csv", "text/csv")

if actor.may("editor"):
    st.header(i18n.t("data.import_header", lang))
    importing.import_section(ctx, actor)

importing.targets_section(ctx, actor)

st.header(i18n.t("data.history", lang))
history = store.read_imports(ctx.engine)
st.dataframe(tables.history(history, lang), hide_index=True, width="stretch")
if actor.may("editor"):
    for row in history[history["undone_at"].isna()].head(5).itertuples():
        if st.button(i18n.t("data.undo", lang, id=row.id), key=f"undo_{row.id}"):
            done, n = messages.attempt(
                lambda row=row: store.undo_import(ctx.engine, int(row.id), actor=actor), lang)
            if done:
                st.success(i18n.t("data.undone", lang, id=row.id, n=n))
                st.rerun()
if actor.may("editor"):
    audience.manage(ctx, actor)
    letterhead.section(ctx, actor)
if actor.may("admin"):
    access.accounts(ctx)
