"""Dữ liệu: search and export the filtered models; import with match review; history and undo."""

import pandas as pd
import streamlit as st

from geo import export, i18n, importer, store
from geo.errors import DvkError
from ui import shell, tables

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
kind = st.radio(i18n.t("data.import_kind", lang), ["models", "replications"], horizontal=True,
                format_func=lambda k: i18n.t(f"data.kind.{k}", lang), key="import_kind")
st.download_button(i18n.t("data.template", lang), lambda: export.template_xlsx(kind),
                   f"mau_nhap_{kind}.xlsx")
upload = st.file_uploader(i18n.t("data.upload", lang), type=["csv", "xlsx"], key="import_file")


def reason_rows(plan: importer.ImportPlan) -> pd.DataFrame:
    return pd.DataFrame([{
        i18n.t("errors.row", lang): e.row, i18n.t("errors.column", lang): e.column,
        i18n.t("errors.value", lang): e.value,
        i18n.t("errors.reason", lang): i18n.t(f"import.reason.{e.reason}", lang),
        i18n.t("errors.detail", lang): e.detail} for e in plan.errors])


if upload is not None:
    data = upload.getvalue()
    confirmations = st.session_state.setdefault(f"confirm_{upload.file_id}", {})
    try:
        plan = importer.plan_import(importer.read_table(data, upload.name), kind=kind,
                                    gazetteer=shell.gazetteer(), engine=ctx.engine,
                                    file_name=upload.name, sha256=importer.file_sha256(data),
                                    confirmations=confirmations)
    except DvkError as error:
        shell.show_error(error, lang)
        st.stop()
    st.write(i18n.t("data.plan_summary", lang, read=plan.rows_read, ok=len(plan.records),
                    new=plan.new_count, changed=len(plan.changes), same=plan.unchanged_count,
                    bad=len(plan.rejected_rows)))
    if plan.matches:
        st.caption(i18n.t("data.match_report", lang, report=", ".join(
            f"{k}: {v}" for k, v in plan.match_report.items())))
    review = [e for e in plan.errors if e.candidates]
    if review:
        st.subheader(i18n.t("data.review", lang))
        names = shell.gazetteer().official_name
        for error in review:
            options = [None, *error.candidates]
            choice = st.selectbox(
                i18n.t("data.review_choice", lang, row=error.row, value=error.value), options,
                format_func=lambda u: i18n.t("data.review_none", lang) if u is None
                else f"{names[u]} ({u[0]}: {u[1]})", key=f"review_{upload.file_id}_{error.row}")
            if choice is not None and confirmations.get(error.row) != choice:
                confirmations[error.row] = choice
                st.rerun()
    if plan.errors:
        st.subheader(i18n.t("data.errors", lang))
        st.dataframe(reason_rows(plan), hide_index=True, width="stretch")
    allow_changes = False
    if plan.changes:
        st.subheader(i18n.t("data.changes", lang))
        st.dataframe(pd.DataFrame([{"id": str(c["key"]), "field": f, "before": str(old),
                                    "after": str(new)} for c in plan.changes
                                   for f, (old, new) in c["fields"].items()]),
                     hide_index=True, width="stretch")
        allow_changes = st.checkbox(i18n.t("data.allow_changes", lang))
    allow_repeat = False
    if plan.repeat_of:
        st.warning(i18n.t("data.repeat", lang, when=plan.repeat_of["created_at"],
                          id=plan.repeat_of["id"]))
        allow_repeat = st.checkbox(i18n.t("data.allow_repeat", lang))
    valid_button, all_button = st.columns(2)
    go_valid = valid_button.button(i18n.t("data.import_valid", lang, n=len(plan.records)),
                                   disabled=not plan.records, type="primary")
    go_all = all_button.button(i18n.t("data.import_all", lang), disabled=bool(plan.errors))
    if go_valid or go_all:
        bar = st.progress(0.0)
        try:
            import_id = importer.apply_plan(
                ctx.engine, plan, valid_rows_only=go_valid, user_name="app",
                allow_changes=allow_changes, allow_repeat=allow_repeat,
                progress=lambda done, total: bar.progress(
                    done / total, i18n.t("data.progress", lang, done=done, total=total)))
        except DvkError as error:
            shell.show_error(error, lang)
        else:
            changed = store.read_imports(ctx.engine).set_index("id").at[import_id, "rows_changed"]
            st.success(i18n.t("data.imported", lang, id=import_id, n=changed))

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
