"""Chỉ tiêu: which units met the province's targets in a year, the trend, provincial agencies."""

import datetime as dt

import pandas as pd
import streamlit as st

from geo.analysis import filters, targets, views
from geo.records import export, vocab
from geo.render import i18n, words
from geo.render.web import charts, maps
from ui import context, exports, loaders, messages, state
from ui import maps as ui_maps

ctx = context.current()
lang = ctx.lang
st.title(i18n.t("page.targets", lang))
context.banner(ctx)
ds = loaders.dataset(ctx)
rules = ds.rules
this_year = dt.date.today().year
first = min([r.year_from for r in rules if r.level in targets.TERRITORIAL] + [this_year])
years = list(range(min(first, ctx.filters.year_to), max(this_year, ctx.filters.year_to) + 1))
if state.TARGET_YEAR.get() not in years:  # a shared link's year, else the period's last
    asked = state.TARGET_YEAR_PARAM.get()
    chosen = filters.whole_number(asked, years[0], years[-1])
    if asked is not None and chosen is None:
        messages.say(st.warning, "filter.bad_url", lang, items=filters.shown(state.TARGET_YEAR_PARAM.name, asked))
    state.TARGET_YEAR.set(views.target_year(ctx.filters, chosen))
left, middle, right, menu = st.columns([1, 2, 1, 1], vertical_alignment="bottom")
year = left.selectbox(i18n.t("targets.year", lang), years, key=state.TARGET_YEAR.name)
state.TARGET_YEAR_PARAM.set(year)
levels = targets.levels_in(year, rules)
if state.TARGET_LEVEL.get() not in levels:
    state.TARGET_LEVEL.set(targets.default_level(rules, year))
level = middle.radio(i18n.t("targets.level", lang), levels, horizontal=True,
                     key=state.TARGET_LEVEL.name,
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
ui_maps.show(ui_maps.base_map(geography, "none", context.credit(ctx), lang),
             maps.target_layer(table, layers[geography], year=year, lang=lang,
                               note=context.map_note(ctx), same_as=same_as),
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

notice = context.demo_notice(ctx)
exported = pd.concat(exported, ignore_index=True)
exported = exported[[level_column, *[c for c in exported.columns if c != level_column]]]
left, right = st.columns(2)
left.download_button(i18n.t("data.export_csv", lang),
                     lambda: export.to_csv_bytes(exported, notice=notice), f"chi_tieu_{year}.csv",
                     "text/csv")
right.download_button(i18n.t("data.export_xlsx", lang),
                      lambda: export.to_xlsx_bytes(exported, notice=notice), f"chi_tieu_{year}.xlsx")
