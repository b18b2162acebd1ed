"""Tổng quan: KPIs, the density map with its legend and click panel, trend and domain charts."""

import streamlit as st

from geo.analysis import views
from geo.render import i18n, words
from geo.render.plaintext import escape_markdown
from geo.render.web import charts, maps
from ui import context, exports, loaders, state, tables
from ui import maps as ui_maps

ctx = context.current()
lang, filters = ctx.lang, ctx.filters
st.title(i18n.t("page.overview", lang))
context.banner(ctx)

units = loaders.layers()[filters.geography]
ds = loaders.dataset(ctx)
shown = views.density(ds, filters)
table, classes = shown.table, shown.classes
numbers = views.key_figures(ds, filters)
cards = st.columns([1, 1, 1.3, 1, 0.8], vertical_alignment="bottom")
figure_cards = words.figure_cards(numbers, lang)
for card, (label, value, _) in zip(cards, figure_cards):
    card.metric(label, value)
st.caption(i18n.t("kpi.to_date_line", lang, year=filters.year_to, items=" · ".join(
    f"{label}: {to_date}" for label, _, to_date in figure_cards)))

with cards[4]:
    exports.menu(ctx, "")

chosen = state.CLICKED(filters.geography)  # the unit chosen on the map or with the keys
layer = maps.density_layer(table, units, classes, measure=filters.measure, lang=lang,
                           note=context.map_note(ctx),
                           selected=chosen.get())
fmap = ui_maps.base_map(filters.geography, filters.basemap, context.credit(ctx), lang)
clicked = ui_maps.show(fmap, layer, key=f"overview_map_{filters.geography}", fill=True)
context.unplaced_notice(ctx)
picked = state.PICKED(filters.geography)
if clicked and clicked != chosen.get():
    chosen.set(clicked)
    picked.set(clicked)
    st.rerun()

places = words.unit_choices(units)  # the keyboard's way to do what a click on the map does
picked.setdefault(chosen.get())
st.selectbox(i18n.t("overview.pick_unit", lang), [None, *places], key=picked.name,
             format_func=lambda c: i18n.t("overview.pick_none", lang) if c is None else places[c],
             on_change=lambda: chosen.set(picked.get()))
code = chosen.get()
if code in places:
    name = units.set_index("code").at[code, "name"]
    st.subheader(i18n.t("overview.models_in", lang, unit=escape_markdown(name)))
    tables.models_table(views.models_in(ds, filters, code), lang,
                        empty=i18n.t("overview.none_in", lang))
else:
    st.caption(i18n.t("overview.click_hint", lang))

left, right = st.columns(2)
with left:
    st.subheader(i18n.t("overview.trend", lang), anchor=False)
    per_year = views.started_per_year(ds, filters)
    st.html(charts.columns_html(per_year.index.tolist(), per_year.tolist(), lang,
                                title=i18n.t("overview.trend", lang)))
with right:
    st.subheader(i18n.t("overview.by_domain", lang), anchor=False)
    per_domain = views.per_domain(ds, filters)
    st.html(charts.bars_html([i18n.domain_label(d, lang) for d in per_domain.index],
                             per_domain.tolist(), lang, title=i18n.t("overview.by_domain", lang)))
