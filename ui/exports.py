"""The export menu beside a map: the same view as a file (PNG, PDF, PowerPoint, offline HTML,
video) and the link to present it."""

from __future__ import annotations

import streamlit as st

from geo.analysis.filters import to_query
from geo.render import catalog, i18n, present
from ui import audience, loaders, shell


def menu(ctx: shell.Context, page: str, *, year: int | None = None, level: str | None = None
         ) -> None:
    """A popover with one download per format of each view the catalog offers on `page` (made
    on click), the audience link of its first and the link to present it with the same
    filters; `year`, `level`: the targets view's."""
    lang = ctx.lang
    ds = loaders.dataset(ctx)
    query = to_query(ctx.filters, latest_year=ds.latest_year)
    offered = catalog.offered_on(page)
    view = offered[0]
    with st.popover(i18n.t("present.export", lang), icon=":material/download:"):
        for name in offered:
            for fmt in catalog.VIEWS[name].formats:
                st.download_button(
                    i18n.t("present.export_as", lang, format=f"{fmt.upper()} · "
                           f"{catalog.VIEWS[name].title(lang)}"),
                    lambda name=name, fmt=fmt: present.make(ds, name, fmt, ctx.filters, year=year,
                                                          level=level,
                                                          audience_url=audience.current_url()),
                    f"{'minh-hoa_' if ctx.is_demo else ''}{catalog.VIEWS[name].file_name}"
                    f"{f'_{year}' if name == 'targets' and year else ''}.{fmt}",
                    catalog.MEDIA_TYPES[fmt], key=f"export_{name}_{fmt}", on_click="ignore")
        audience.publish_button(ctx, view, ctx.filters, key=f"audience_{view}", year=year,
                                level=level)
        if catalog.VIEWS[view].on_deck:
            shared = st.session_state.get("audience")
            st.page_link("pages/trinh-chieu.py", label=i18n.t("present.present", lang),
                         icon=":material/slideshow:", query_params={
                             **query, "deck": view, **({"audience": shared} if shared else {})})
