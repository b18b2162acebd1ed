"""Dữ liệu: search and export the filtered models; import with match review; history and undo."""

import streamlit as st

from geo import export, i18n, importer, store
from geo.errors import DvkError
from ui import importing, shell, tables

ctx = shell.current()
lang = ctx.lang
shell.banner(ctx)
st.title(i18n.t("page.data", lang))

query = st.text_input(i18n.t("data.search", lang), key="data_search")
shown = tables.readable(ctx.selected, lang)
if query:
    text = shown.astype(str).agg(" ".join, axis=1).str.casefold()
    shown = shown[text.str.contains(query.casefold(), regex=False).to_numpy()]
st.caption(i18n.t("data.table_count", lang, n=i18n.number(len(shown), lang)))
st.dataframe(shown, hide_index=True, height=360, width="stretch")
notice = shell.demo_notice(ctx)
prefix = "minh-hoa_" if ctx.is_demo else ""
left, right = st.columns(2)
# the files are made on click (XLSX of every model takes seconds), not on every rerun
left.download_button(i18n.t("data.export_csv", lang),
                     lambda: export.to_csv_bytes(shown, notice=notice), f"{prefix}mo_hinh.csv",
                     "text/csv")
right.download_button(i18n.t("data.export_xlsx", lang),
                      lambda: export.to_xlsx_bytes(shown, notice=notice), f"{prefix}mo_hinh.xlsx")

st.header(i18n.t("data.import_header", lang))
importing.import_section(ctx)

st.header(i18n.t("data.history", lang))
history = store.read_imports(ctx.engine)
st.dataframe(history.drop(columns="sha256").rename(
    columns=lambda c: i18n.t(f"history.{c}", lang)), hide_index=True, width="stretch")
for row in history[history["undone_at"].isna()].head(5).itertuples():
    if st.button(i18n.t("data.undo", lang, id=row.id), key=f"undo_{row.id}"):
        try:
            n = store.undo_import(ctx.engine, int(row.id))
        except DvkError as error:
            shell.show_error(error, lang)
        else:
            st.success(i18n.t("data.undone", lang, id=row.id, n=n))
            st.rerun()
