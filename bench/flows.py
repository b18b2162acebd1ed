"""The replication page's flow controls in headless Chromium (no network), at 1280×720: moving
the cut-off slider one step and choosing a place to highlight, each timed from the key press or
the click until the map shows the change, the map never remounted (a mark set in its frame
survives). Each change is a full Streamlit rerun of the page: the layer is sent again, the map
restyled in place.

Target (issue 37): a change of cut-off or focus ≤ 0.5 s median. Run `python bench/flows.py`.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import demo_store
from geo.render import i18n
from tests.browser.test_audience_browser import map_frames
from tests.chromium import MAP_FRAME, running_app, wait_until

STRONG = """(faint) => { let n = 0; window.dvkFlows.eachLayer(g => {
    if (g.dvkLine && g.dvkOpacity > faint) { n += 1; } }); return n; }"""
DIMMED = "() => document.querySelectorAll('.dvk-dimmed').length"


def timed(action, changed) -> float:
    started = time.perf_counter()
    action()
    wait_until(changed, timeout=30, what="the map to change")
    return time.perf_counter() - started


def measure(url: str, rounds: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    from geo.render import flows
    from tests.chromium import CHROMIUM, CHROMIUM_ARGS, NO_NETWORK

    out: dict[str, list[float]] = {"cut-off": [], "focus": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=CHROMIUM_ARGS + NO_NETWORK)
        page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        page.goto(f"{url}/nhan-rong")
        frame = map_frames(page, 1, ".dvk-timeline")[0]
        frame.evaluate("() => { window.dvkSameMap = true; }")
        thumb = page.get_by_role("slider", name=i18n.t("replication.minimum", "vi"))
        thumb.scroll_into_view_if_needed()
        box = page.locator('[data-testid="stSelectbox"]').filter(
            has_text=i18n.t("replication.focus", "vi"))
        ends = frame.evaluate("""() => { const out = new Set();
            window.dvkFlows.eachLayer(g => { if (g.from) { out.add(g.from); } });
            return [...out].sort(); }""")
        for i in range(rounds):
            before = frame.evaluate(STRONG, flows.FAINT_OPACITY)
            key = "ArrowLeft" if i % 2 else "ArrowRight"
            out["cut-off"].append(timed(
                lambda key=key: (thumb.focus(), page.keyboard.press(key)),
                lambda before=before: frame.evaluate(STRONG, flows.FAINT_OPACITY) != before))
            place = ends[i % len(ends)]
            box.locator("input").click()
            option = page.get_by_role("option", name=place, exact=True)
            out["focus"].append(timed(option.click, lambda: frame.evaluate(DIMMED)))
            box.locator("input").click()  # back to none: nothing dimmed
            page.get_by_role("option").first.click()
            wait_until(lambda: not frame.evaluate(DIMMED), what="nothing dimmed")
        assert frame.evaluate("() => window.dvkSameMap === true"), "the map was remounted"
        assert page.locator(MAP_FRAME).count() == 1
        browser.close()
    return out


def main(rounds: int = 9) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        with running_app(demo_store(folder), folder / "server.log") as url:
            results = measure(url, rounds)
        for name, times in results.items():
            print(f"{name:8} median {statistics.median(times) * 1000:5.0f} ms, max "
                  f"{max(times) * 1000:5.0f} ms over {len(times)} changes "
                  f"({', '.join(f'{t * 1000:.0f}' for t in times)} ms)")
        print("the map frame was the same throughout. Target: ≤ 500 ms median.")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
