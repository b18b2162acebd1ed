"""The presentation view's parts: no Streamlit chrome, large type, one slide at a time, keys."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from geo.analysis import filters, views
from geo.render import catalog, deck, words
from geo.render.plaintext import escape_markdown
from geo.render.web import maps
from ui import context
from ui import maps as ui_maps

ASSETS = Path(__file__).parent / "assets"
CSS = (ASSETS / "presenting.css").read_text(encoding="utf-8")
KEYS_JS = (ASSETS / "deck-keys.js").read_text(encoding="utf-8")
SECONDS_PER_SLIDE = 12


def seconds_per_slide(text: str | None) -> int | None:
    """The link's `seconds` (2–600), the default when it has none, None when it is bad."""
    return SECONDS_PER_SLIDE if text is None else filters.whole_number(text, 2, 600)


def chrome_off(every: int) -> None:
    """Hide Streamlit's chrome and listen for the deck's keys; a slide stays `every` seconds when
    the deck plays by itself."""
    st.html(f"<style>{CSS}</style>")
    st.html(f"<script>window.dvkDeckSeconds = {json.dumps(every)};\n{KEYS_JS}</script>",
            unsafe_allow_javascript=True)


def slide_map(ctx: context.Context, ds: views.Dataset, slide: deck.Slide, key: str) -> None:
    """The slide's map, at 16:9, with type sized for a room and a north arrow."""
    chosen = slide.filters
    _show(ctx, catalog.layer_for(catalog.Request(ds, chosen), slide.view), chosen,
          chosen.geography, key)


def typical_slide(ctx: context.Context, ds: views.Dataset, slide: deck.Slide) -> None:
    """A typical model's facts as large text beside the map of where it spread."""
    lang = slide.filters.lang
    frame = ds.prepared.frame
    facts = words.card(ds, frame[frame["id"] == slide.model].iloc[0], slide.filters)
    text, picture = st.columns([2, 3])
    first, *rest = [escape_markdown(line) for line in facts["lines"]]
    text.markdown("\n\n".join([f"**{first}**", *rest]))
    with picture:
        _show(ctx, maps.replication_map(ds.layers["communes"], facts["spread"], "communes",
                                        lang=lang, note=context.map_note(ctx)),
              slide.filters, "communes", "slide_map_typical")


def _show(ctx: context.Context, layer, filters, geography: str, key: str) -> None:
    ui_maps.show(ui_maps.base_map(geography, filters.basemap, context.credit(ctx), filters.lang,
                                  presenting=True), layer, key=key, height=560)
