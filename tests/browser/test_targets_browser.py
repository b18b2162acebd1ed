"""The targets map in a real Chromium: each unit's status reads without colour, by the symbol on
it and the legend's words, and the symbols stay legible."""

from __future__ import annotations

import pytest

from geo import palette
from geo.analysis import targets
from geo.render import i18n, words
from tests.chromium import MAP_FRAME, chromium_page, wait_until

pytestmark = pytest.mark.browser

SYMBOLS = set(palette.STATUS_SYMBOLS.values())


def test_status_is_readable_without_colour(demo_app_url):
    with chromium_page((1280, 720), offline=True) as page:
        page.goto(f"{demo_app_url}/chi-tieu?target_year=2025")  # default: the period's last year
        marks = page.frame_locator(MAP_FRAME).locator(".dvk-mark")
        wait_until(lambda: marks.count() == 17, timeout=60, what="a mark on each 2025 district")
        shown = marks.all_inner_texts()
        assert set(shown) <= SYMBOLS and {"✓", "◐"} <= set(shown)
        frame = next(f for f in page.frames if "streamlit_folium" in f.url)
        legend = frame.locator(".dvk-legend").inner_text()
        for status in targets.STATUSES:
            assert words.status_label(status, "vi") in legend
        sizes = frame.evaluate("() => [...document.querySelectorAll('.dvk-mark')].map(e => "
                               "[parseFloat(getComputedStyle(e).fontSize), "
                               "getComputedStyle(e).backgroundColor])")
        assert all(size >= 15 and colour == "rgb(255, 255, 255)" for size, colour in sizes)
        # the fill and the symbol agree: each mark sits on a unit drawn in its status's colour
        pairs = frame.evaluate("""() => {
          const out = [];
          window.dvkMarks.eachLayer(m => {
            const p = window.dvkMap.latLngToLayerPoint(m.getLatLng());
            window.dvkUnits.eachLayer(l => {
              if (l._containsPoint && l._containsPoint(p)) {
                out.push([m.options.icon.options.html, l.options.fillColor]);
              }
            });
          });
          return out;
        }""")
        colour_of = {palette.STATUS_SYMBOLS[s]: c for s, c in palette.STATUS_COLOURS.items()}
        assert len(pairs) >= 17 and all(colour_of[s] == c for s, c in pairs)
        card = page.locator('[data-testid="stMetric"]').first.inner_text()
        assert i18n.t("targets.met_label", "vi", year=2025) in card
        assert f"{shown.count('✓')}/17" in card  # the figure agrees with the map
