"""Maps an audience can read, measured in a real Chromium at a phone, a projector and a wide
screen: nothing of the map's furniture overlaps or hides the communes, text is large enough, the
wheel scrolls the page, and the map is on the first screen of a phone."""

from __future__ import annotations

import pytest

from geo import boundaries
from tests.chromium import MAP_FRAME, chromium_page, settled, wait_until

pytestmark = pytest.mark.browser

PAGES = {"tong-quan": 1, "linh-vuc": 5, "nhan-rong": 1, "chi-tieu": 1}  # path -> maps on it
FURNITURE = {"tong-quan": ".dvk-legend", "linh-vuc": ".dvk-legend", "nhan-rong": ".dvk-timeline",
             "chi-tieu": ".dvk-legend"}


LABELS = boundaries.read_layer("communes")[["label_lat", "label_lon"]].to_numpy().tolist()

MEASURE = """(labels) => {
  const map = window.dvkMap, box = map.getContainer().getBoundingClientRect();
  const rect = (sel) => [...document.querySelectorAll(sel)].map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0 && r.height > 0).map(r => [r.left, r.top, r.right, r.bottom]);
  const controls = rect('.leaflet-control');
  let hidden = 0;
  for (const [lat, lon] of labels) {
    const p = map.latLngToContainerPoint([lat, lon]);
    const x = p.x + box.left, y = p.y + box.top;
    const outside = x < box.left || x > box.right || y < box.top || y > box.bottom;
    if (outside || controls.some(([l, t, r, b]) => x >= l && x <= r && y >= t && y <= b)) {
      hidden += 1;
    }
  }
  const size = (sel) => [...document.querySelectorAll(sel)].map(
    e => parseFloat(getComputedStyle(e).fontSize));
  return {hidden: hidden / labels.length, credit: rect('.leaflet-control-attribution'),
          scale: rect('.leaflet-control-scale'), legend: rect('.dvk-legend'),
          legendFont: size('.dvk-legend-row'), timelineFont: size('.dvk-year-label'),
          creditFont: size('.leaflet-control-attribution')};
}"""


def overlap(a, b) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(width, 0) * max(height, 0)


def map_frames(page, count: int, furniture: str = ".dvk-legend"):
    wait_until(lambda: page.locator(MAP_FRAME).count() >= count, timeout=60,
               what=f"{count} maps")
    for i in range(count):  # touching each frame's content also makes Playwright list it
        wait_until(lambda i=i: page.frame_locator(MAP_FRAME).nth(i).locator(
            "path.leaflet-interactive").count() >= 18, timeout=60, what=f"map {i} drawn")
    frames = [f for f in page.frames if "streamlit_folium" in f.url]
    assert len(frames) == count
    view = ("() => { const m = window.dvkMap; return m ? JSON.stringify([m.getZoom(), "
            "m.getCenter(), m.getSize()]) : ''; }")
    wait_until(lambda: any(f.evaluate(f"() => !!document.querySelector('{furniture}')")
                           for f in frames), timeout=60, what=f"the data layer ({furniture})")
    for frame in frames:  # settled: the data layer restyled and the frame stopped resizing
        seen = []
        wait_until(lambda seen=seen, frame=frame: seen.append(frame.evaluate(view)) or (
            len(seen) > 8 and seen[-1] and len(set(seen[-8:])) == 1), timeout=60,
            what="the map to settle")
    return frames


def assert_furniture_apart(frames, path: str, size) -> None:
    """On each map: at most 5 % of communes hidden, credit/scale/legend apart, type sizes."""
    for frame in frames:
        m = frame.evaluate(MEASURE, LABELS)
        assert m["hidden"] <= 0.05, (path, size, m["hidden"])
        boxes = [("credit", b) for b in m["credit"]] + [
            ("scale", b) for b in m["scale"]] + [("legend", b) for b in m["legend"]]
        for i, (name_a, a) in enumerate(boxes):
            for name_b, b in boxes[i + 1:]:
                assert overlap(a, b) == 0, (path, size, name_a, name_b)
        assert m["creditFont"] and all(f == 12 for f in m["creditFont"])
        assert all(f >= 15 for f in m["legendFont"] + m["timelineFont"]), (path, m)


KPIS = """() => [...document.querySelectorAll('[data-testid="stMetric"]')].map(m => [
    parseFloat(getComputedStyle(m.querySelector(
      '[data-testid="stMetricValue"] div, [data-testid="stMetricValue"]')).fontSize),
    parseFloat(getComputedStyle(m.querySelector('[data-testid="stMetricLabel"] p')).fontSize),
    m.querySelector('[data-testid="stMetricValue"]').scrollWidth
      <= m.querySelector('[data-testid="stMetricValue"]').clientWidth + 1])"""


def assert_key_figures_stand_out(page, where) -> None:
    pairs = page.evaluate(KPIS)
    assert len(pairs) >= 4, where
    for value, label, whole in pairs:
        assert value >= 1.5 * label, (where, value, label)
        assert whole, (where, "a key figure is cut off")


def test_on_a_phone_the_furniture_is_apart_and_the_map_on_the_first_screen(demo_app_url):
    """(Laptops and wide screens: tests/browser/test_first_screen_browser.py, in the same visits.)"""
    size = (390, 844)
    with chromium_page(size, offline=True) as page:
        for path, count in PAGES.items():
            page.goto(f"{demo_app_url}/{path}")
            assert_furniture_apart(map_frames(page, count, FURNITURE[path]), path, size)
            if path == "linh-vuc":  # one legend for the four small maps, outside them
                assert page.locator(".dvk-legend-row").count() >= 3
            if path in ("tong-quan", "nhan-rong"):
                assert_key_figures_stand_out(page, (path, size))
            if path == "tong-quan":
                box = page.locator(MAP_FRAME).first.bounding_box()
                assert box["y"] < 844 - 200 and box["width"] >= 330
            if path in ("tong-quan", "linh-vuc", "nhan-rong"):
                assert_fitted_without_bands(map_frames(page, count, FURNITURE[path])[0], path)


FITTED = """() => { const m = window.dvkMap, size = m.getSize(), b = window.dvkBounds;
    const nw = m.latLngToContainerPoint(b.getNorthWest()),
          se = m.latLngToContainerPoint(b.getSouthEast());
    const frame = m.getContainer().getBoundingClientRect();
    const edges = [...m.getContainer().querySelectorAll('.leaflet-control')]
        .filter(c => c.offsetWidth).map(c => c.getBoundingClientRect())
        .map(r => [r.top - frame.top, r.bottom - frame.top]);
    const top = Math.max(0, ...edges.filter(e => e[1] < size.y / 2).map(e => e[1]));
    const bottom = Math.min(size.y, ...edges.filter(e => e[0] > size.y / 2).map(e => e[0]));
    return {width: size.x, height: size.y, left: nw.x, right: se.x, top: nw.y, bottom: se.y,
            under: top, over: bottom}; }"""


def assert_fitted_without_bands(frame, path: str) -> None:
    """On a phone the main map's frame is as tall as the fitted province and its controls
    need: the whole province inside, no empty band (> 24 px) above or below it."""
    m = frame.evaluate(FITTED)
    assert -1 <= m["left"] and m["right"] <= m["width"] + 1, (path, m)
    assert m["under"] - 1 <= m["top"] <= m["under"] + 24, (path, m)  # just under the controls
    assert m["over"] - 24 <= m["bottom"] <= m["over"] + 1, (path, m)  # just over the bottom ones


READABLE = """() => [...document.querySelectorAll(
    '[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,'
    + '[data-testid="stMain"] [data-testid="stCaptionContainer"],'
    + '[data-testid="stMetricLabel"] p')]
    .filter(e => e.offsetParent && e.innerText.trim())
    .map(e => [parseFloat(getComputedStyle(e).fontSize), e.innerText.slice(0, 40)])"""


def assert_readable_from_the_back(page, path: str, frames) -> None:
    """Text of the page at least 16 px; the timeline says what it counts."""
    sizes = page.evaluate(READABLE)
    assert sizes and min(s for s, _ in sizes) >= 16, (path, sorted(sizes)[:3])
    if path == "nhan-rong":
        assert frames[0].evaluate("() => document.querySelector('.dvk-year-label')"
                                  ".textContent.length") > 6


def test_the_wheel_scrolls_the_page_unless_ctrl_is_held(demo_app_url):
    with chromium_page((1280, 720), offline=True) as page:
        page.goto(demo_app_url)
        frame = map_frames(page, 1)[0]
        box = page.locator(MAP_FRAME).first.bounding_box()
        before = frame.evaluate("() => window.dvkMap.getZoom()")
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        for _ in range(5):
            page.mouse.wheel(0, 240)
        settled(lambda: page.locator(MAP_FRAME).first.bounding_box()["y"], what="the page to scroll")
        assert frame.evaluate("() => window.dvkMap.getZoom()") == before
        assert page.locator(MAP_FRAME).first.bounding_box()["y"] < box["y"]  # the page scrolled
        assert frame.evaluate("() => document.querySelector('.dvk-wheel-hint')"
                              ".classList.contains('dvk-show')")
        page.locator(MAP_FRAME).first.scroll_into_view_if_needed()  # it scrolled away
        box = settled(lambda: page.locator(MAP_FRAME).first.bounding_box(), what="the map in view")
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.keyboard.down("Control")
        page.mouse.wheel(0, -240)
        page.keyboard.up("Control")
        wait_until(lambda: frame.evaluate("() => window.dvkMap.getZoom()") > before,
                   what="Ctrl + wheel to zoom in")
        frame.evaluate("() => document.querySelector('.dvk-home a').click()")
        assert frame.evaluate("() => window.dvkMap.getZoom()") == before
