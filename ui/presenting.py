"""The presentation view's parts: no Streamlit chrome, large type, one slide at a time, keys."""

from __future__ import annotations

import streamlit as st

from geo import deck, maps, standalone, views
from geo.plaintext import escape_markdown
from ui import maps as ui_maps
from ui import shell

# The projector is the audience: no sidebar, header or toolbar; text readable from the back.
CSS = """<style>
[data-testid="stSidebar"],[data-testid="stSidebarCollapsedControl"],[data-testid="stHeader"],
[data-testid="stToolbar"],[data-testid="stDecoration"],[data-testid="stStatusWidget"]
{display:none!important}
[data-testid="stMainBlockContainer"]{padding:0.6rem 1.2rem 0.4rem!important;max-width:100%!important}
[data-testid="stMain"] p,[data-testid="stMain"] li{font-size:24px!important;line-height:1.35}
[data-testid="stMain"] h1{font-size:34px!important;padding:0 0 .3rem!important}
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] [data-testid="stCaptionContainer"] p{font-size:22px!important}
[data-testid="stMain"] button p{font-size:22px!important}
.dvk-slide-map iframe, iframe[title="streamlit_folium.st_folium"]{aspect-ratio:16/9;
  height:auto!important;width:min(100%, calc((100vh - 200px) * 16 / 9))!important;
  display:block;margin:0 auto}
</style>"""

# Keys drive the deck from anywhere on the page, the maps included: ←/→ and PageUp/PageDown
# (what clickers send) press the slide buttons; space starts or stops moving on by itself.
KEYS_JS = """<script>
(function () {
  var doc = document;
  if (doc.dvkDeckKeys) { return; }
  doc.dvkDeckKeys = true;
  function press(key) {
    var button = doc.querySelector(".st-key-" + key + " button");
    if (button) { button.click(); }
  }
  var timer = null;
  function onKey(e) {
    var tag = (e.target && e.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA") { return; }
    if (e.key === "ArrowRight" || e.key === "PageDown") { e.preventDefault(); press("deck_next"); }
    else if (e.key === "ArrowLeft" || e.key === "PageUp") { e.preventDefault(); press("deck_prev"); }
    else if (e.key === " ") {
      e.preventDefault();
      if (timer) { clearInterval(timer); timer = null; }
      else { timer = setInterval(function () { press("deck_next"); }, SECONDS * 1000); }
      doc.dvkDeckPlaying = !!timer;
    }
  }
  doc.addEventListener("keydown", onKey, true);
  function hook() {  // map frames keep the keys when they have the focus
    doc.querySelectorAll("iframe").forEach(function (frame) {
      try {
        var inner = frame.contentWindow.document;
        if (!inner.dvkDeckKeys) { inner.dvkDeckKeys = true;
          inner.addEventListener("keydown", onKey, true); }
      } catch (err) { /* another origin: not ours */ }
    });
  }
  hook();
  new MutationObserver(hook).observe(doc.body, {childList: true, subtree: true});
})();
</script>"""
SECONDS_PER_SLIDE = 12


def chrome_off(seconds: str | None = None) -> None:
    """Hide Streamlit's chrome and listen for the deck's keys; `seconds` (from the link, 2–600)
    is how long a slide stays when the deck plays by itself."""
    every = int(seconds) if seconds and seconds.isdigit() and 2 <= int(seconds) <= 600 \
        else SECONDS_PER_SLIDE
    st.html(CSS)
    st.html(KEYS_JS.replace("SECONDS", str(every)), unsafe_allow_javascript=True)


def slide_map(ctx: shell.Context, ds: views.Dataset, slide: deck.Slide, key: str) -> None:
    """The slide's map, at 16:9, with type sized for a room and a north arrow."""
    filters = slide.filters
    _show(ctx, standalone.layer_for(ds, filters, slide.view), filters, filters.geography, key)


def typical_slide(ctx: shell.Context, ds: views.Dataset, slide: deck.Slide) -> None:
    """A typical model's facts as large text beside the map of where it spread."""
    lang = slide.filters.lang
    frame = ds.prepared.frame
    facts = views.card(ds, frame[frame["id"] == slide.model].iloc[0], lang)
    text, picture = st.columns([2, 3])
    first, *rest = [escape_markdown(line) for line in facts["lines"]]
    text.markdown("\n\n".join([f"**{first}**", *rest]))
    with picture:
        _show(ctx, maps.replication_map(ds.layers["communes"], facts["spread"], "communes",
                                        lang=lang, note=shell.map_note(ctx)),
              slide.filters, "communes", "slide_map_typical")


def _show(ctx: shell.Context, layer, filters, geography: str, key: str) -> None:
    ui_maps.show(ui_maps.base_map(geography, filters.basemap, shell.credit(ctx), filters.lang,
                                  presenting=True), layer, key=key, height=560)
