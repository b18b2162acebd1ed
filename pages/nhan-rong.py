"""Nhân rộng: where the typical models spread, year by year, and how far."""

import pandas as pd
import streamlit as st

from geo.analysis import replication, views
from geo.render import flows, i18n
from geo.render.web import charts, maps
from ui import context, exports, loaders
from ui import maps as ui_maps

ctx = context.current()
lang, filters = ctx.lang, ctx.filters
st.title(i18n.t("page.replication", lang))
context.banner(ctx)

ds = loaders.dataset(ctx)
typical = views.typical_models(ds, filters).sort_values("name")
if typical.empty:
    st.info(i18n.t("replication.none", lang))
    st.stop()
ALL = "__all__"
picker, menu = st.columns([4, 1], vertical_alignment="bottom")
choice = picker.selectbox(i18n.t("replication.choose", lang), [ALL, *typical["id"]],
                          format_func=lambda i: i18n.t("replication.all", lang) if i == ALL
                          else typical.set_index("id").at[i, "name"], key="replication_model")
chosen = typical if choice == ALL else typical[typical["id"] == choice]

layers = loaders.layers()
communes = layers["communes"]
units = layers[filters.geography]
drawn = loaders.spread(ctx, chosen["id"].tolist())
adoptions, points, figures, years = drawn.adoptions, drawn.points, drawn.figures, drawn.years
district_of = dict(zip(communes["code"], communes["district_code"]))
if adoptions.empty:
    st.info(i18n.t("replication.no_adoption", lang))
with menu:
    exports.menu(ctx, "nhan-rong")
def km(value: float) -> str:
    return i18n.t("replication.km", lang, km=i18n.number(value, lang, 1))


cards = st.columns(5)
cards[0].metric(i18n.t("replication.communes", lang), i18n.number(figures["communes"], lang))
cards[1].metric(i18n.t("replication.districts", lang), i18n.number(figures["districts"], lang))
cards[2].metric(i18n.t("replication.median_km", lang), km(figures["median_km"]))
cards[3].metric(i18n.t("replication.max_km", lang), km(figures["max_km"]))
cards[4].metric(i18n.t("replication.share", lang), i18n.percent(figures["share_communes"], lang))

map_slot = st.container()  # the map first on screen; the flow controls under it set its layer
counts = [f.count for f in drawn.flows if f.names]
minimum = focus = None
if counts and max(counts) > 1:  # no widget key: new data, new defaults
    strong, place = st.columns(2)
    minimum = strong.slider(i18n.t("replication.minimum", lang), 1, max(counts),
                            flows.strong_minimum(counts))
    focus = place.selectbox(i18n.t("replication.focus", lang),
                            [None, *sorted({n for f in drawn.flows if f.names for n in f.names})],
                            format_func=lambda p: p or i18n.t("replication.focus_none", lang))
layer = maps.replication_map(units, drawn, filters.geography, lang=lang,
                             note=context.map_note(ctx), minimum=minimum, focus=focus)
with map_slot:
    ui_maps.show(ui_maps.base_map(filters.geography, filters.basemap, context.credit(ctx), lang),
                 layer, key=f"replication_map_{filters.geography}", fill=True)
if figures["as_2025_units"]:
    st.caption(i18n.t("replication.as_2025_note", lang, n=figures["as_2025_units"]))
if len(chosen) > 1:
    st.caption(i18n.t("replication.flows_gathered", lang))

left, right = st.columns(2)
per_year = pd.Series(figures["per_year"]).reindex(years, fill_value=0)
year_label, count_label = i18n.t("column.year", lang), i18n.t("replication.adoptions", lang)
with left:
    st.subheader(i18n.t("replication.per_year", lang))
    st.html(charts.columns_html(years, per_year.tolist(), lang,
                                title=i18n.t("replication.per_year", lang)))
with right:
    st.subheader(i18n.t("replication.cumulative", lang))
    st.html(charts.columns_html(years, replication.cumulative(adoptions, years).tolist(), lang,
                                title=i18n.t("replication.cumulative", lang)))

if choice == ALL:
    st.subheader(i18n.t("replication.ranking", lang))
    ranked = replication.ranking(adoptions, points, ctx.prepared.frame, district_of=district_of,
                                 n_communes=len(communes), ids=chosen["id"].tolist())
    st.dataframe(ranked.rename(columns={
        "name": i18n.t("column.name", lang), "adoptions": count_label,
        "communes": i18n.t("replication.communes", lang),
        "districts": i18n.t("replication.districts", lang),
        "median_km": i18n.t("replication.median_km", lang) + " (km)",
        "max_km": i18n.t("replication.max_km", lang) + " (km)"}).round(1),
        hide_index=True, width="stretch")
