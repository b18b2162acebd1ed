"""What the room sees first: on a laptop (1280×720, 1366×768) and a wide screen the page's main
map lies wholly inside the first screen with the whole province in it, under the title, the
notice and the key figures, whose numbers stand well above their labels; the map's furniture
stays apart and its text readable from the back (phones: tests/browser/test_audience_browser.py); scale
bars are in kilometres only."""

from __future__ import annotations

import re

import pytest

from geo import boundaries
from tests.browser.test_audience_browser import (
    FURNITURE,
    assert_furniture_apart,
    assert_key_figures_stand_out,
    assert_readable_from_the_back,
    map_frames,
)
from tests.chromium import MAP_FRAME, chromium_page, settled, wait_idle, wait_until

pytestmark = pytest.mark.browser

PAGES = ("tong-quan", "linh-vuc", "nhan-rong", "chi-tieu")
LAPTOPS = [(1280, 720), (1366, 768), (1920, 1080)]
PROVINCE = boundaries.read_layer("province").total_bounds.tolist()  # minx, miny, maxx, maxy

INSIDE = """([minx, miny, maxx, maxy]) => {
  const b = window.dvkMap.getBounds();
  return b.contains([miny, minx]) && b.contains([maxy, maxx]);
}"""


VIEW = "() => window.dvkMap ? JSON.stringify([window.dvkMap.getZoom(), window.dvkMap.getSize()]) : ''"


def test_the_whole_map_is_on_the_first_screen(demo_app_url):
    """Each page opened at 1280×720, then the window made 1366×768 and 1920×1080: the frame and
    the map refit themselves on a resize (fit-map.js, dvkFit), as on a fresh load."""
    with chromium_page(LAPTOPS[0], offline=True) as page:
        for path in PAGES:
            page.set_viewport_size(dict(zip(("width", "height"), LAPTOPS[0])))
            page.goto(f"{demo_app_url}/{path}")
            frames = map_frames(page, 1 if path != "linh-vuc" else 5, FURNITURE[path])
            for size in LAPTOPS:
                if size != LAPTOPS[0]:
                    page.set_viewport_size(dict(zip(("width", "height"), size)))
                # on a busy machine the page's last widgets can still move the frame after the
                # map first fitted: measured once frame and view have stopped changing
                settled(lambda frames=frames: (
                    page.locator(MAP_FRAME).first.bounding_box()["height"],
                    [f.evaluate(VIEW) for f in frames]), polls=6,
                    what=f"the maps fitted at {size}")
                assert_first_screen(page, frames, path, size)


def assert_first_screen(page, frames, path: str, size) -> None:
    frame = frames[0]
    assert_furniture_apart(frames, path, size)  # in the same visit: they share its cost
    if size == (1280, 720):
        assert_readable_from_the_back(page, path, frames)
    if path == "linh-vuc":  # one legend for the four small maps, outside them
        assert page.locator(".dvk-legend-row").count() >= 3
    box = page.locator(MAP_FRAME).first.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= size[1], (path, size, box)
    assert box["height"] >= 360, (path, size, box)
    assert frame.evaluate(INSIDE, PROVINCE), (path, size)
    scales = frame.evaluate("() => [...document.querySelectorAll("
                            "'.leaflet-control-scale-line')].map(e => e.innerText)")
    assert scales and all(s.strip().endswith(("km", "m")) for s in scales), scales
    assert not any(s.strip().endswith(("mi", "ft")) for s in scales)
    if path in ("tong-quan", "nhan-rong"):  # the key figures, at every laptop size
        assert_key_figures_stand_out(page, (path, size))


def overlaps(a: dict, b: dict) -> bool:
    return (min(a["right"], b["right"]) > max(a["left"], b["left"])
            and min(a["bottom"], b["bottom"]) > max(a["top"], b["top"]))


def test_the_presentation_view_on_a_phone(demo_app_url):
    """An audience following the talk on a phone: the title on two lines at most, the slide
    controls beside it without overlapping, the map the full width, its controls apart."""
    with chromium_page((390, 844), offline=True) as page:
        page.goto(f"{demo_app_url}/trinh-chieu?deck=overview|domains")
        frame = map_frames(page, 1)[0]
        lines = page.evaluate("""() => { const h = document.querySelector('[data-testid="stMain"] h1');
            const s = getComputedStyle(h);
            return (h.getBoundingClientRect().height - parseFloat(s.paddingTop)
                    - parseFloat(s.paddingBottom)) / parseFloat(s.lineHeight); }""")
        assert lines <= 2.05, lines
        boxes = page.evaluate("""() => [document.querySelector('[data-testid="stMain"] h1'),
            ...document.querySelectorAll('[data-testid="stMain"] button')].slice(0, 3)
            .map(e => e.getBoundingClientRect().toJSON())""")
        for i, a in enumerate(boxes):
            assert a["right"] <= 390 and a["top"] < 200, a
            for b in boxes[i + 1:]:
                assert not overlaps(a, b), (a, b)
        box = page.locator(MAP_FRAME).first.bounding_box()
        assert box["width"] >= 370 and box["y"] + box["height"] <= 844 and box["height"] >= 400
        assert frame.evaluate(INSIDE, PROVINCE)
        controls = frame.evaluate("""() => ['.leaflet-control-scale', '.dvk-north',
            '.dvk-legend', '.leaflet-control-attribution'].map(s => document.querySelector(s))
            .filter(e => e && e.offsetWidth).map(e => e.getBoundingClientRect().toJSON())""")
        assert len(controls) >= 3
        for i, a in enumerate(controls):
            for b in controls[i + 1:]:
                assert not overlaps(a, b), (a, b)


DIMMED = """() => { const out = [];  // [dimmed, from, to] of each flow once some are dimmed
    window.dvkFlows.eachLayer(g => { if (g.dvkLine && g.dvkLine.getElement()) {
        out.push([g.dvkLine.getElement().classList.contains('dvk-dimmed'), g.from, g.to]); } });
    return out.some(d => d[0]) ? out : null; }"""


def test_at_most_thirty_flows_are_strong_and_an_origin_under_the_pointer_keeps_its_own(
        demo_app_url):
    """All typical models at 1280×720 (the page's default): at most 30 flows drawn strong, the
    rest faint, the legend folded to ≤ 15 % of the map; the pointer on an origin's circle dims
    every flow but that origin's."""
    from geo.render import flows

    with chromium_page((1280, 720), offline=True) as page:
        page.goto(f"{demo_app_url}/nhan-rong")
        frame = map_frames(page, 1, ".dvk-timeline")[0]
        drawn = frame.evaluate("""(faint) => { const out = [];
            window.dvkFlows.eachLayer(g => { if (g.dvkLine && g.dvkLine.options.className ===
                'dvk-flow-sum') { out.push([g.dvkOpacity > faint, g.from, g.to]); } });
            return out; }""", flows.FAINT_OPACITY)
        strong = [d for d in drawn if d[0]]
        assert 0 < len(strong) <= flows.STRONG_MOST < len(drawn)
        share = frame.evaluate("""() => { const l = document.querySelector('.dvk-legend')
            .getBoundingClientRect(), m = window.dvkMap.getContainer().getBoundingClientRect();
            return l.width * l.height / (m.width * m.height); }""")
        assert share <= 0.15, share  # folded to its title: the map gets the room
        origin = strong[0][1]
        box = frame.evaluate("""(name) => { let r = null;
            window.dvkFlows.eachLayer(l => { if (l instanceof L.CircleMarker &&
                l.getTooltip().getContent().includes(name)) {
                r = l.getElement().getBoundingClientRect().toJSON(); } });
            return r; }""", origin)
        where = page.locator(MAP_FRAME).first.bounding_box()
        page.mouse.move(where["x"] + box["x"] + box["width"] / 2,
                        where["y"] + box["y"] + box["height"] / 2)
        dimmed = wait_until(lambda: frame.evaluate(DIMMED), what="the other flows to dim")
        assert all(not d for d, a, b in dimmed if origin in (a, b))
        assert sum(d for d, _, _ in dimmed) >= len(dimmed) // 2
        page.mouse.move(5, 5)
        wait_until(lambda: not frame.evaluate(
            "() => document.querySelectorAll('.dvk-dimmed').length"), what="all flows back")


LABELS_SHOWN = """() => [...document.querySelectorAll('.dvk-flow-label')]
    .filter(e => getComputedStyle(e).visibility !== 'hidden')
    .map(e => [e.innerText, e.getBoundingClientRect().toJSON()])"""
LEGEND = """() => { const l = document.querySelector('.dvk-legend').getBoundingClientRect(),
    m = window.dvkMap.getContainer().getBoundingClientRect();
    return [l.toJSON(), l.width * l.height / (m.width * m.height)]; }"""


def assert_labels_apart(frame, labels: list, legend: dict) -> None:
    """Flow labels inside the map, apart from each other and from the legend."""
    inside = frame.evaluate("() => window.dvkMap.getContainer().getBoundingClientRect().toJSON()")
    for text, box in labels:
        assert (inside["left"] <= box["left"] and box["right"] <= inside["right"]
                and inside["top"] <= box["top"] and box["bottom"] <= inside["bottom"]), text
    boxes = [b for _, b in labels] + [legend]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not overlaps(a, b), (labels, legend)


@pytest.mark.parametrize("size", [(1280, 720), (390, 844)], ids=["laptop", "phone"])
def test_flows_read_at_projector_distance(demo_app_url, size):
    """All typical models on a laptop and on a phone: the named flows' labels never overlap
    each other or the legend, folded (≤ 15 % of the map) or opened; the legend shows the flows'
    widths and colours, and pointing at a flow names origin, destination, count."""
    with chromium_page(size, offline=True) as page:
        page.goto(f"{demo_app_url}/nhan-rong")
        frame = map_frames(page, 1, ".dvk-timeline")[0]
        for opened in (False, True):
            if opened:  # folded on a laptop and a phone: opened on demand
                frame.locator(".dvk-legend-title").click()
                wait_until(lambda: frame.evaluate(
                    "() => !document.querySelector('.dvk-legend.dvk-collapsed')"), what="opened")
            legend, share = settled(lambda: frame.evaluate(LEGEND), what="the legend's box")
            assert share <= 0.15, (size, opened, share)
            labels = settled(lambda: frame.evaluate(LABELS_SHOWN), what="the labels")
            assert len(labels) <= 3 and (labels or opened), (size, opened)
            assert_labels_apart(frame, labels, legend)
            assert all(re.fullmatch(r".+ → .+: \d+", text) for text, _ in labels), labels
        # the view moved so that the strongest label lies under the opened legend: not shown
        frame.evaluate("""([label, legend]) => window.dvkMap.panBy(
            [label.x + label.width / 2 - legend.x - legend.width / 2,
             label.y + label.height / 2 - legend.y - legend.height / 2], {animate: false})""",
                       [labels[0][1], legend])
        moved = settled(lambda: frame.evaluate(LABELS_SHOWN), what="the labels after a pan")
        assert_labels_apart(frame, moved, legend)
        rows = frame.evaluate("""() => [...document.querySelectorAll('.dvk-flow-row span')]
            .map(s => [s.getBoundingClientRect().height, getComputedStyle(s).backgroundColor])""")
        assert len(rows) >= 2 and len({h for h, _ in rows}) == len(rows) == len({c for _, c in rows})
        tip = frame.evaluate("""() => { let text = '';
            window.dvkMap.eachLayer(l => { if (!text && l.options && l.options.className ===
                'dvk-flow-sum') { l.openTooltip(l.getCenter()); text = l.getTooltip()
                .getElement().innerText; } });
            return text; }""")
        assert "→" in tip and re.search(r"\d", tip), tip


def test_a_place_chosen_on_the_page_keeps_its_flows_without_remounting_the_map(demo_app_url):
    """Choosing a district in "Highlight the flows of" dims every flow but its own; the map
    is the same map (its page state survives), only its layer changed."""
    from geo.render import i18n

    with chromium_page((1280, 720), offline=True) as page:
        page.goto(f"{demo_app_url}/nhan-rong")
        frame = map_frames(page, 1, ".dvk-timeline")[0]
        frame.evaluate("() => { window.dvkSameMap = true; }")
        ends = frame.evaluate("""() => { const out = [];
            window.dvkFlows.eachLayer(g => { if (g.from) { out.push([g.from, g.to]); } });
            return out; }""")
        place = max({a for a, _ in ends}, key=lambda n: sum(n in e for e in ends))
        box = page.locator('[data-testid="stSelectbox"]').filter(
            has_text=i18n.t("replication.focus", "vi"))
        wait_idle(page)  # under the map: once the page has run and the frame has its height
        box.scroll_into_view_if_needed()
        box.locator("input").click(timeout=60_000)
        page.get_by_role("option", name=place, exact=True).click()
        dimmed = wait_until(lambda: frame.evaluate(DIMMED), what="the other flows to dim")
        assert all(not d for d, a, b in dimmed if place in (a, b))
        assert all(d for d, a, b in dimmed if place not in (a, b))
        assert frame.evaluate("() => window.dvkSameMap === true")
