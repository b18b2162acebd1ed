"""Presenting in a real Chromium: the offline HTML opened from disk with every host blocked, and
the presentation view driven by the keys a clicker sends, readable and uncluttered on a
projector and a wide screen."""

from __future__ import annotations

import time

import pytest

from geo.analysis.filters import Filters
from geo.render import i18n
from geo.render.files import exports
from tests.chromium import MAP_FRAME, chromium_page, settled, wait_until

pytestmark = pytest.mark.browser


def test_standalone_html_works_from_a_usb_stick(ds, tmp_path):
    overview = tmp_path / "ban_do.html"
    overview.write_bytes(exports.make(ds, "overview", "html", Filters(year_to=ds.latest_year)))
    spread = tmp_path / "nhan_rong.html"
    spread.write_bytes(exports.make(ds, "replication", "html", Filters(year_to=ds.latest_year)))
    with chromium_page((1280, 720), offline=True) as page:
        urls = []
        page.on("request", lambda r: urls.append(r.url))
        page.goto(overview.as_uri())
        paths = page.locator("path.leaflet-interactive")
        wait_until(lambda: paths.count() == 241, what="241 communes")
        assert "1 – " in page.locator(".dvk-legend").inner_text()
        commune = paths.nth(120)
        fill = commune.get_attribute("fill")
        box = commune.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        wait_until(lambda: page.locator(".leaflet-tooltip").count() > 0, what="a tooltip")
        assert i18n.t("tooltip.count", "vi") in page.locator(".leaflet-tooltip").inner_text()
        assert commune.get_attribute("stroke-width") == "2.5"  # outlined while hovered
        page.mouse.move(2, 710)
        wait_until(lambda: commune.get_attribute("stroke-width") == "0.6", what="the outline back")
        assert commune.get_attribute("fill") == fill  # and its colour kept

        page.goto(spread.as_uri())
        label = page.locator(".dvk-year-label")
        wait_until(lambda: label.count() == 1, what="the timeline")
        last = label.inner_text()
        page.locator(".dvk-timeline button").first.click()
        wait_until(lambda: label.inner_text() != last, timeout=10, what="the timeline to play")
        lapse = tmp_path / "theo_nam.html"
        lapse.write_bytes(exports.make(ds, "timelapse", "html", Filters(year_to=ds.latest_year)))
        page.goto(lapse.as_uri())
        year = page.locator(".dvk-lapse-year")
        wait_until(lambda: year.count() == 1, what="the time-lapse")
        seen = {year.inner_text()}
        wait_until(lambda: seen.add(year.inner_text()) or len(seen) >= 3, timeout=10,
                   what="the years to play")
        assert {u.split(":")[0] for u in urls} <= {"file", "data"}


SIZES = [(1280, 720), (1920, 1080)]

BOXES = """() => {
  const rect = (sel) => [...document.querySelectorAll(sel)].map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0).map(r => [r.left, r.top, r.right, r.bottom]);
  const font = (sel) => [...document.querySelectorAll(sel)].map(
    e => parseFloat(getComputedStyle(e).fontSize));
  return {credit: rect('.leaflet-control-attribution'), scale: rect('.leaflet-control-scale'),
          legend: rect('.dvk-legend'), north: rect('.dvk-north'),
          legendFont: font('.dvk-legend-row'), frame: [innerWidth, innerHeight]};
}"""


def overlap(a, b) -> float:
    return max(min(a[2], b[2]) - max(a[0], b[0]), 0) * max(min(a[3], b[3]) - max(a[1], b[1]), 0)


def slide_number(page) -> str:
    return page.locator('[data-testid="stCaptionContainer"]').first.inner_text()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_presentation_view_keys_and_layout(demo_app_url, size):
    with chromium_page(size, offline=True) as page:
        page.goto(f"{demo_app_url}/trinh-chieu?deck=overview|domains|replication")
        legend = page.frame_locator(MAP_FRAME).locator(".dvk-legend")
        wait_until(lambda: legend.count() == 1, timeout=60, what="the first slide's map")
        assert page.locator('[data-testid="stSidebar"]').is_hidden()
        assert slide_number(page) == i18n.t("present.slide", "vi", n=1, total=3)
        frame = next(f for f in page.frames if "streamlit_folium" in f.url)
        m = settled(lambda: frame.evaluate(BOXES), what="the map fitted into its frame")
        named = [(k, b) for k in ("credit", "scale", "legend", "north") for b in m[k]]
        assert {k for k, _ in named} == {"credit", "scale", "legend", "north"}
        for i, (a_name, a) in enumerate(named):
            for b_name, b in named[i + 1:]:
                assert overlap(a, b) == 0, (size, a_name, b_name)
            assert a[2] <= m["frame"][0] + 1 and a[3] <= m["frame"][1] + 1, (size, a_name)
        assert min(m["legendFont"]) >= 18
        iframe = page.locator(MAP_FRAME).first.bounding_box()
        assert iframe["y"] + iframe["height"] <= size[1] + 1  # the whole map on the screen
        assert iframe["width"] / iframe["height"] == pytest.approx(16 / 9, rel=0.02)
        sizes = page.evaluate("""() => [...document.querySelectorAll(
            '[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,'
            + '[data-testid="stMain"] [data-testid="stCaptionContainer"]')]
            .filter(e => e.offsetParent && e.innerText.trim())
            .map(e => parseFloat(getComputedStyle(e).fontSize))""")
        assert sizes and min(sizes) >= 22

        page.keyboard.press("ArrowRight")
        wait_until(lambda: slide_number(page) == i18n.t("present.slide", "vi", n=2, total=3),
                   what="→ to the next slide")
        page.keyboard.press("PageDown")
        wait_until(lambda: slide_number(page) == i18n.t("present.slide", "vi", n=3, total=3),
                   what="PageDown to the next slide")
        map_box = page.frame_locator(MAP_FRAME).last.locator(".leaflet-container")
        wait_until(lambda: map_box.count() == 1, timeout=30, what="the third slide's map")

        def press_in_the_map() -> bool:
            """A key pressed while the map has the focus reaches the map's own document (the
            previous slide's frame may still be leaving: then try the new one)."""
            from playwright.sync_api import Error as PlaywrightError

            try:
                map_box.evaluate("(m) => m.ownerDocument.dispatchEvent(new KeyboardEvent("
                                 "'keydown', {key: 'ArrowLeft', bubbles: true}))")
            except PlaywrightError as error:
                if "detached" not in str(error):
                    raise
                return False
            return True
        wait_until(press_in_the_map, timeout=30, what="← pressed in the map")
        wait_until(lambda: slide_number(page) == i18n.t("present.slide", "vi", n=2, total=3),
                   what="← back")
        page.keyboard.press("PageUp")
        wait_until(lambda: slide_number(page) == i18n.t("present.slide", "vi", n=1, total=3),
                   what="PageUp back")


def test_space_plays_and_pauses_the_deck(demo_app_url):
    with chromium_page((1280, 720), offline=True) as page:
        page.goto(f"{demo_app_url}/trinh-chieu?deck=overview|domains|replication&seconds=2")
        wait_until(lambda: page.frame_locator(MAP_FRAME).locator(".dvk-legend").count() == 1,
                   timeout=60, what="the first slide")
        page.keyboard.press(" ")
        wait_until(lambda: slide_number(page) == i18n.t("present.slide", "vi", n=2, total=3),
                   timeout=15, what="the deck to move on by itself")
        page.keyboard.press(" ")  # paused: it stays on the slide it shows
        wait_until(lambda: page.evaluate("() => document.dvkDeckPlaying === false"),
                   what="the deck to pause")
        shown = slide_number(page)
        watched = time.monotonic() + 2.5  # longer than a slide's 2 s: it would have moved on
        while time.monotonic() < watched:
            assert slide_number(page) == shown
