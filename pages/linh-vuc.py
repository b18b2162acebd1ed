"""Lĩnh vực: the leading domain of each unit, four maps on one scale, district × domain table."""

import pandas as pd
import streamlit as st

from geo.analysis import aggregate, views
from geo.records import export, vocab
from geo.render import i18n, words
from geo.render.plaintext import escape_markdown
from geo.render.web import maps
from ui import context, exports, loaders
from ui import maps as ui_maps

ctx = context.current()
lang, filters = ctx.lang, ctx.filters
st.title(i18n.t("page.domains", lang))
context.banner(ctx)
note = context.map_note(ctx)
units = loaders.layers()[filters.geography]
ds = loaders.dataset(ctx)
table = views.density(ds, filters).table
heading, menu = st.columns([4, 1], vertical_alignment="bottom")
heading.subheader(i18n.t("domains.leading_title", lang), anchor=False)
with menu:
    exports.menu(ctx, "linh-vuc")
ui_maps.show(ui_maps.base_map(filters.geography, filters.basemap, context.credit(ctx), lang),
             maps.leading_domain_layer(table, units, lang=lang, note=note),
             key=f"domains_map_{filters.geography}", fill=True)
context.unplaced_notice(ctx)

st.subheader(i18n.t("domains.multiples", lang))
multiples = views.domain_maps(ds, filters)
st.html(maps.density_legend_html(multiples.classes, measure=filters.measure, lang=lang, note=note,
                                 unknown=multiples.unknown, horizontal=True))  # one for the four
columns = st.columns(2)
for i, domain in enumerate(vocab.DOMAIN_KEYS):
    with columns[i % 2]:
        st.markdown("**" + escape_markdown(i18n.domain_label(domain, lang)) + "**")
        layer = maps.density_layer(table, units, multiples.classes, measure=filters.measure,
                                   lang=lang, values=multiples.values[domain],
                                   counts=multiples.counts[domain], legend=False)
        ui_maps.show(ui_maps.base_map(filters.geography, "none", context.credit(ctx), lang), layer,
                     key=f"domain_{domain}_{filters.geography}", height=360)

st.subheader(i18n.t("domains.table", lang))
by_district = views.domain_table(ds, filters)
crosstab = by_district.table
labelled = pd.DataFrame(index=crosstab.index)
for domain in aggregate.DOMAIN_ORDER:
    label = i18n.domain_label(domain, lang)
    labelled[label] = crosstab[domain]
    labelled[f"{label} ({i18n.t('domains.share', lang)})"] = (
        crosstab[domain] / crosstab["total"].where(crosstab["total"] > 0) * 100).round(1)
labelled[i18n.t("domains.total", lang)] = crosstab["total"]
labelled = labelled.rename_axis(i18n.t("column.district", lang)).reset_index()
st.dataframe(labelled, hide_index=True, width="stretch")
if by_district.left_out:
    st.caption(words.left_out(by_district, lang))
notice = context.demo_notice(ctx)
left, right = st.columns(2)
left.download_button(i18n.t("data.export_csv", lang),
                     lambda: export.to_csv_bytes(labelled, notice=notice), "huyen_linh_vuc.csv",
                     "text/csv")
right.download_button(i18n.t("data.export_xlsx", lang),
                      lambda: export.to_xlsx_bytes(labelled, notice=notice),
                      "huyen_linh_vuc.xlsx")
