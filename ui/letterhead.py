"""The report's heading as editors set it on the Data page: kept in the store, each change
logged (geo.store.letterhead); a field left empty takes the default of the report's date."""

from __future__ import annotations

import streamlit as st

from geo.render import i18n
from geo.render.files import report
from geo.store import letterhead, roles
from ui import context, messages


def section(ctx: context.Context, actor: roles.Actor) -> None:
    lang = ctx.lang
    stored = letterhead.read(ctx.engine)
    defaults = report.letterhead(lang)  # today's bodies and the DVK_REPORT_* settings
    with st.expander(i18n.t("letterhead.header", lang)):
        st.caption(i18n.t("letterhead.hint", lang))
        with st.form("letterhead_form"):
            values = {}
            for field in letterhead.FIELDS:
                label = i18n.t(f"letterhead.{field}", lang)
                if field == "recipients":
                    values[field] = st.text_area(
                        label, stored.get(field, "").replace(letterhead.RECIPIENTS_SEPARATOR, "\n"),
                        placeholder="\n".join(defaults.recipients))
                else:
                    values[field] = st.text_input(label, stored.get(field, ""),
                                                  placeholder=str(getattr(defaults, field) or ""))
            saved = st.form_submit_button(i18n.t("letterhead.save", lang))
        if saved:
            done, n = messages.attempt(lambda: letterhead.write(ctx.engine, values, actor=actor),
                                       lang)
            if done:
                st.success(i18n.t("letterhead.saved", lang, n=n))
        log = letterhead.changes(ctx.engine)
        if len(log):
            st.dataframe(log.rename(columns={
                "field": i18n.t("letterhead.column.field", lang),
                "old": i18n.t("letterhead.column.old", lang),
                "new": i18n.t("letterhead.column.new", lang),
                "changed_by": i18n.t("letterhead.column.by", lang),
                "changed_at": i18n.t("letterhead.column.at", lang)}), hide_index=True,
                width="stretch")
