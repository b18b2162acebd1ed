"""Chỉ tiêu: which units met the province's targets in a year, the trend, provincial agencies."""

import datetime as dt

import pandas as pd
import streamlit as st

from geo.analysis import filters, targets, views
from geo.records import export, vocab
from geo.render import charts, i18n, maps, words
from ui import exports, loaders, messages, shell
from ui import maps as ui_maps

ctx = shell.current()
lang = ctx.lang
st.title(i18n.t("page.targets", lang))
shell.banner(ctx)
ds = loaders.dataset(ctx)
rules = ds.rules
this_year = dt.date.today().year
first = min([r.year_from for r in rules if r.level in targets.TERRITORIAL] + [this_year])
years = list(range(min(first, ctx.filters.year_to), max(this_year, ctx.filters.year_to) + 1))
if st.session_state.get("t_year") not in years:  # a shared link's year, else the period's last
    asked = st.query_params.get("target_year")
    chosen = filters.whole_number(asked, years[0], years[-1])
    if asked is not None and chosen is None:
        messages.say(st.warning, "filter.bad_url", lang, items=filters.shown("target_year", asked))
    st.session_state["t_year"] = views.target_year(ctx.filters, chosen)
left, middle, right, menu = st.columns([1, 2, 1, 1], vertical_alignment="bottom")
year = left.selectbox(i18n.t("targets.year", lang), years, key="t_year")
st.query_params["target_year"] = str(year)
levels = targets.levels_in(year, rules)
if st.session_state.get("t_level") not in levels:
    st.session_state["t_level"] = targets.default_level(rules, year)
level = middle.radio(i18n.t("targets.level", lang), levels, horizontal=True, key="t_level",
                     format_func=lambda k: vocab.label(vocab.TARGET_LEVELS, k, lang))
shown_status = views.target_status(ds, year, level)
rule, table, same_as = shown_status.rule, shown_status.table, shown_status.same_as
if rule and rule.minimums:
    st.info(words.rule_text(rule, lang))
else:
    st.warning(i18n.t("targets.no_rule", lang, year=year,
                      level=vocab.label(vocab.TARGET_LEVELS, level, lang)))

layers = loaders.layers()
geography = targets.geography_of(level)
label, _, count = words.targets_title(shown_status, lang).rpartition(": ")
right.metric(label, count)
with menu:
    exports.menu(ctx, "chi-tieu", year=year, level=level)
ui_maps.show(ui_maps.base_map(geography, "none", shell.credit(ctx), lang),
             maps.target_layer(table, layers[geography], year=year, lang=lang,
                               note=shell.map_note(ctx), same_as=same_as),
             key=f"targets_map_{geography}", fill=True)
if rule and rule.note:
    messages.say(st.caption, "targets.rule_source", lang, note=rule.note)
st.caption(i18n.t("targets.all_models", lang) + " " + i18n.t("targets.eras", lang))
shown = words.readable(table, lang)
st.dataframe(shown, hide_index=True, width="stretch")
level_column = i18n.t("targets.level", lang)
exported = [shown.assign(**{level_column: vocab.label(vocab.TARGET_LEVELS, level, lang)})]

st.subheader(i18n.t("targets.trend", lang))
trend = views.target_trend(ds, level, range(min(years), this_year + 1))
if trend.empty:
    st.caption(i18n.t("targets.trend_none", lang))
else:
    shares = trend["share_met"].fillna(0).tolist()
    st.html(charts.columns_html(trend["year"].tolist(), shares, lang, top=1,
                                texts=[i18n.percent(v, lang) for v in shares],
                                title=i18n.t("targets.share", lang)))

st.subheader(i18n.t("targets.agencies", lang))
agencies = views.target_status(ds, year, "agency")
agency_rule, agency_table = agencies.rule, agencies.table
if agency_table.empty:
    st.caption(i18n.t("targets.agencies_none", lang))
else:
    if agency_rule and agency_rule.minimums:
        st.info(words.rule_text(agency_rule, lang))
    agencies_shown = words.readable(
        agency_table, lang, open_until=agency_rule.year_to if agency_table["open"].any() else None)
    st.dataframe(agencies_shown, hide_index=True, width="stretch")
    exported.append(agencies_shown.assign(
        **{level_column: vocab.label(vocab.TARGET_LEVELS, "agency", lang)}))

notice = shell.demo_notice(ctx)
exported = pd.concat(exported, ignore_index=True)
exported = exported[[level_column, *[c for c in exported.columns if c != level_column]]]
left, right = st.columns(2)
left.download_button(i18n.t("data.export_csv", lang),
                     lambda: export.to_csv_bytes(exported, notice=notice), f"chi_tieu_{year}.csv",
                     "text/csv")
right.download_button(i18n.t("data.export_xlsx", lang),
                      lambda: export.to_xlsx_bytes(exported, notice=notice), f"chi_tieu_{year}.xlsx")
