"""The export menu beside a map: the same view as a file (PNG, PDF, PowerPoint, offline HTML,
video) and the link to present it."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from geo.analysis.filters import to_query
from geo.render import catalog, i18n
from geo.render.files import exports
from geo.store import letterhead
from ui import audience, context, loaders, site, state


def menu(ctx: context.Context, page: str, *, year: int | None = None, level: str | None = None
         ) -> None:
    """A popover with one download per format of each view the catalog offers on `page` (made
    on click), the audience link of its first and the link to present it with the same
    filters; `year`, `level`: the targets view's. The report asks which year it reports on."""
    lang = ctx.lang
    ds = loaders.dataset(ctx)
    query = to_query(ctx.filters, latest_year=ds.latest_year)
    offered = catalog.offered_on(page)
    view = offered[0]
    with st.popover(i18n.t("present.export", lang), icon=":material/download:"):
        reported = report_year_choice(ctx, ds.latest_year) if "report" in offered else None
        for name in offered:
            chosen = reported if name == "report" else year
            period = f"_{chosen}" if chosen else (
                f"_{ctx.filters.year_from}-{ctx.filters.year_to}" if name == "report" else "")
            for fmt in catalog.VIEWS[name].formats:
                st.download_button(
                    i18n.t("present.export_as", lang, format=f"{fmt.upper()} · "
                           f"{catalog.VIEWS[name].title(lang)}"),
                    lambda name=name, fmt=fmt, chosen=chosen: exports.make(
                        ds, name, fmt, ctx.filters, year=chosen, level=level,
                        audience_url=audience.current_url(),
                        stored_letterhead=letterhead.read(ctx.engine)),
                    f"{'minh-hoa_' if ctx.is_demo else ''}{catalog.VIEWS[name].file_name}"
                    f"{period if name in ('report', 'targets') else ''}.{fmt}",
                    catalog.MEDIA_TYPES[fmt], key=f"export_{name}_{fmt}", on_click="ignore")
        audience.publish_button(ctx, view, ctx.filters, key=f"audience_{view}", year=year,
                                level=level)
        if catalog.VIEWS[view].on_deck:
            shared = state.AUDIENCE.get()
            st.page_link(site.BY_KEY["present"].file, label=i18n.t("present.present", lang),
                         icon=":material/slideshow:", query_params={
                             **query, state.DECK.name: view,
                             **({state.AUDIENCE_PARAM.name: shared} if shared else {})})


def report_year_choice(ctx: context.Context, latest: int) -> int | None:
    """The year the report is about: the last year with data by default, the running year
    when it has none yet, or (None) the whole period the filters give."""
    running = dt.date.today().year
    first = ctx.filters.year_from
    years = [*([running] if running > latest else []), *range(latest, first - 1, -1)]
    default = min(latest, ctx.filters.year_to)
    return st.selectbox(
        i18n.t("present.report_year", ctx.lang), [*years, None],
        index=years.index(default) if default in years else 0,
        format_func=lambda y: i18n.t("present.report_whole", ctx.lang, first=first,
                                     last=ctx.filters.year_to) if y is None
        else i18n.t("present.report_running", ctx.lang, year=y) if y == running > latest
        else str(y), key="report_year")
