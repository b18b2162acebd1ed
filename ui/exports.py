"""The export menu beside a map: the same view as a file (PNG, PDF, PowerPoint, offline HTML,
video) and the link to present it."""

from __future__ import annotations

import streamlit as st

from geo.analysis.filters import to_query
from geo.render import deck, i18n, present
from ui import audience, loaders, shell

FILE_NAMES = {"overview": "ban_do_mat_do", "domains": "linh_vuc", "replication": "nhan_rong",
              "typical": "mo_hinh_dien_hinh", "timelapse": "theo_nam", "targets": "chi_tieu",
              "briefing": "trinh_chieu", "report": "bao_cao"}


def menu(ctx: shell.Context, view: str, *, extra: tuple[str, ...] = (),
         year: int | None = None, level: str | None = None) -> None:
    """A popover with one download per format the view has (made on click) and the link to the
    presentation view with the same filters; `extra` adds other views (e.g. the briefing);
    `year`, `level`: the targets view's."""
    lang = ctx.lang
    ds = loaders.dataset(ctx)
    query = to_query(ctx.filters, latest_year=ds.latest_year)
    with st.popover(i18n.t("present.export", lang), icon=":material/download:"):
        for name in (view, *extra):
            for fmt in present.SUPPORTED[name]:
                st.download_button(
                    i18n.t("present.export_as", lang, format=f"{fmt.upper()} · "
                           f"{i18n.t(f'present.view.{name}', lang)}"),
                    lambda name=name, fmt=fmt: present.make(ds, name, fmt, ctx.filters, year=year,
                                                          level=level,
                                                          audience_url=audience.current_url()),
                    f"{'minh-hoa_' if ctx.is_demo else ''}{FILE_NAMES[name]}"
                    f"{f'_{year}' if name == 'targets' and year else ''}.{fmt}",
                    present.MEDIA_TYPES[fmt], key=f"export_{name}_{fmt}", on_click="ignore")
        audience.publish_button(ctx, view, ctx.filters, key=f"audience_{view}", year=year,
                                level=level)
        if view in deck.SLIDE_VIEWS:
            shared = st.session_state.get("audience")
            st.page_link("pages/trinh-chieu.py", label=i18n.t("present.present", lang),
                         icon=":material/slideshow:", query_params={
                             **query, "deck": view, **({"audience": shared} if shared else {})})
