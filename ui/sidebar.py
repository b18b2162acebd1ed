"""The shared filters in the sidebar, read from the link once a session and kept in it, so a
copied link reproduces the view."""

from __future__ import annotations

import streamlit as st

from geo import boundaries
from geo.analysis.filters import (
    BASEMAPS,
    CLASSIFICATIONS,
    GEOGRAPHIES,
    LANGUAGES,
    MEASURES,
    Filters,
    from_query,
    to_query,
)
from geo.records import vocab
from geo.render import i18n
from geo.timeline import FIRST_YEAR
from ui import loaders, messages, site, state

F = state.FILTERS


def _init_from_url(latest: int) -> None:
    districts = set(loaders.layers()["districts"]["code"])
    filters, problems = from_query(state.query(), latest_year=latest, districts=districts)
    for name, value in {
            "lang": filters.lang, "domains": list(filters.domains),
            "years": (filters.year_from, filters.year_to), "districts": list(filters.districts),
            "typical": filters.typical_only, "units": list(filters.units),
            "geography": filters.geography, "measure": filters.measure,
            "classification": filters.classification, "basemap": filters.basemap}.items():
        F[name].set(value)
    state.URL_PROBLEMS.set(problems)
    state.FILTERS_READY.set(True)


def sidebar(latest: int) -> Filters:
    """The filters as the sidebar shows them, the link updated to match."""
    if not state.FILTERS_READY.get():
        _init_from_url(latest)
    for key in F.values():  # kept as set values: they survive the sidebar being drawn by
        key.keep()  # another script (see `context.current`)
    # an import or undo can move the newest year; the chosen range stays within the data's
    F["years"].set(tuple(min(max(int(y), FIRST_YEAR), latest) for y in F["years"].get()))
    lang = messages.language()
    district_names = boundaries.unit_names(loaders.layers()["districts"])
    with st.sidebar:
        st.selectbox(i18n.t("app.language", lang), list(LANGUAGES), key=F["lang"].name,
                     format_func=i18n.LANGUAGES.get)
        lang = messages.language()
        st.header(i18n.t("filter.header", lang))
        st.multiselect(i18n.t("filter.domains", lang), list(vocab.DOMAINS),
                       key=F["domains"].name, format_func=lambda k: i18n.domain_label(k, lang),
                       placeholder=i18n.t("filter.all", lang))
        st.slider(i18n.t("filter.years", lang), FIRST_YEAR, latest, key=F["years"].name)
        st.multiselect(i18n.t("filter.districts", lang), list(district_names),
                       key=F["districts"].name, format_func=district_names.get,
                       placeholder=i18n.t("filter.all", lang))
        st.toggle(i18n.t("filter.typical_only", lang), key=F["typical"].name)
        st.multiselect(i18n.t("filter.units", lang), list(vocab.UNITS), key=F["units"].name,
                       format_func=lambda k: vocab.label(vocab.UNITS, k, lang),
                       placeholder=i18n.t("filter.all", lang))
        st.selectbox(i18n.t("filter.geography", lang), GEOGRAPHIES, key=F["geography"].name,
                     format_func=lambda k: i18n.t(f"geography.{k}", lang))
        st.selectbox(i18n.t("filter.measure", lang), MEASURES, key=F["measure"].name,
                     format_func=lambda k: i18n.t(f"measure.{k}", lang))
        st.selectbox(i18n.t("filter.classification", lang), CLASSIFICATIONS,
                     key=F["classification"].name,
                     format_func=lambda k: i18n.t(f"classification.{k}", lang))
        st.selectbox(i18n.t("filter.basemap", lang), BASEMAPS, key=F["basemap"].name,
                     format_func=lambda k: i18n.t(f"basemap.{k}", lang))
        if state.URL_PROBLEMS.get():
            messages.say(st.warning, "filter.bad_url", lang,
                         items=", ".join(state.URL_PROBLEMS.get()))
    years = F["years"].get()
    filters = Filters(domains=tuple(F["domains"].get()), year_from=int(years[0]),
                      year_to=int(years[1]), districts=tuple(F["districts"].get()),
                      typical_only=bool(F["typical"].get()), units=tuple(F["units"].get()),
                      geography=F["geography"].get(), measure=F["measure"].get(),
                      classification=F["classification"].get(), basemap=F["basemap"].get(),
                      lang=lang)
    link = state.query()
    kept = {p.name: link[p.name] for p in site.PAGE_PARAMS if p.name in link}
    state.set_query({**to_query(filters, latest_year=latest), **kept})
    return filters
