"""Browser timings of the overview in headless Chromium (no network), ours, the naive baseline
(bench/apps/naive.py) and the floor (bench/apps/floor.py: the same commune layer drawn by
st_folium, nothing else) side by side in one run: a warm page load until the map is drawn, a
filter change until its colours are new (ours and naive; the floor has no filter), and the
WebSocket bytes of each.

Targets: warm page load ≤ the naive one's and ≤ 0.9 s (issue 13), ≤ 1.15× the floor's (issue
20); filter change ≤ 0.5× the naive one's and ≤ 300 ms median. Run `python bench/browser.py`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo import boundaries
from geo.boundaries.matching import Gazetteer
from geo.store import database, demo
from tests.chromium import MAP_FRAME, free_port, running_app, wait_until

TOGGLE = "Chỉ mô hình điển hình"


def demo_store(folder: Path) -> Path:
    path = folder / "store.sqlite"
    engine = database.make_engine(f"sqlite:///{path}")
    database.upgrade(engine)
    demo.load_demo(engine, Gazetteer(boundaries.read_eras(), boundaries.read_layer("districts")))
    engine.dispose()
    return path


def legend(frame) -> str:
    return frame.evaluate("() => (document.querySelector('.dvk-legend') || {}).innerText || ''")


SIGNATURE = """() => [...document.querySelectorAll('path.leaflet-interactive')]
    .map(p => p.getAttribute('fill')).join(',')"""


def colours(page) -> str:
    """The fills of the map's units (whichever map frame is showing), '' until drawn."""
    with contextlib.suppress(Exception):  # Playwright lists a frame once a locator touched it
        page.frame_locator(MAP_FRAME).last.locator("path.leaflet-interactive").count()
    for frame in reversed(page.frames):
        if "streamlit_folium" in frame.url and not frame.is_detached():
            try:
                drawn = frame.evaluate(SIGNATURE)
            except Exception:  # the frame went away while asked (a remount)
                continue
            if drawn.count(",") >= 240:
                return drawn
    return ""


def load(page, url: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    wait_until(lambda: colours(page), timeout=60, what="the map drawn")
    return time.perf_counter() - started


@contextlib.contextmanager
def baseline_app(db: Path, folder: Path, name: str = "naive"):
    """bench/apps/<name>.py as Streamlit comes (its own folder, no config of ours; static serving
    on for Leaflet only)."""
    port = free_port()
    env = {**os.environ, "DVK_DB_PATH": str(db), "PYTHONPATH": str(ROOT),
           "STREAMLIT_SERVER_ENABLE_STATIC_SERVING": "true"}
    env.pop("DATABASE_URL", None)
    with open(folder / f"{name}.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / f"bench/apps/{name}.py"),
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true"], cwd=folder, env=env, stdout=log,
            stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: healthy(url), timeout=90, what=f"the {name} app")
        yield url
    finally:
        process.terminate()
        process.wait()


def healthy(url: str) -> bool:
    with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/_stcore/health") as r:
        return r.read() == b"ok"
    return False


def change_filter(page) -> tuple[float, int]:
    """Toggle "typical models only"; seconds until the colours are new, WebSocket bytes."""
    before = colours(page)
    page.received.clear()
    started = time.perf_counter()
    page.get_by_text(TOGGLE).click()
    wait_until(lambda: colours(page) not in ("", before), what="the colours to change")
    took = time.perf_counter() - started
    time.sleep(0.3)
    return took, sum(page.received)


def measure(urls: dict[str, str], loads: int, changes: int) -> dict[str, dict]:
    """Warm page loads of every app, taken in turns (ours, naive, floor, ours, ...) so that the
    machine's drift falls on all alike; then filter changes, in turns, for the apps that have
    the filter (not the floor)."""
    from playwright.sync_api import sync_playwright

    from tests.chromium import CHROMIUM, CHROMIUM_ARGS, NO_NETWORK

    out = {name: {"loads": [], "changes": [], "change_bytes": []} for name in urls}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=CHROMIUM_ARGS + NO_NETWORK)
        pages = {}
        for name, url in urls.items():
            page = browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()
            page.received = []
            page.on("websocket", lambda ws, page=page: ws.on(
                "framereceived", lambda payload, page=page: page.received.append(len(payload))))
            load(page, url)  # warms the server's caches and the browser's
            pages[name] = page
        for _ in range(loads):
            for name, page in pages.items():
                out[name]["loads"].append(load(page, urls[name]))
        for name, page in pages.items():
            page.received.clear()
            load(page, urls[name])
            out[name]["initial_kb"] = sum(page.received) / 1024
        for _ in range(changes):
            for name, page in pages.items():
                if name != "floor":
                    took, size = change_filter(page)
                    out[name]["changes"].append(took)
                    out[name]["change_bytes"].append(size)
        browser.close()
    for result in out.values():
        result["load"] = statistics.median(result["loads"])
        result["change"] = statistics.median(result["changes"] or [float("nan")])
        result["change_max"] = max(result["changes"] or [float("nan")])
        result["change_kb"] = statistics.median(result["change_bytes"] or [float("nan")]) / 1024
    return out


def main(loads: int = 7, changes: int = 12) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        db = demo_store(folder)
        with running_app(db, folder / "server.log") as ours, \
                baseline_app(db, folder) as naive, baseline_app(db, folder, "floor") as floor:
            results = measure({"ours": ours, "naive": naive, "floor": floor}, loads, changes)
        ours, naive, floor = results["ours"], results["naive"], results["floor"]
        print(f"{'':28} {'ours':>8} {'naive':>8} {'floor':>8} {'/naive':>7} {'/floor':>7}")
        for label, key, unit in (("warm page load, map drawn", "load", "s"),
                                 ("filter change, colours new", "change", "s"),
                                 ("bytes on a page load", "initial_kb", "KB"),
                                 ("bytes per filter change", "change_kb", "KB")):
            print(f"{label:28} {ours[key]:7.2f}{unit[0]} {naive[key]:7.2f}{unit[0]} "
                  f"{floor[key]:7.2f}{unit[0]} {ours[key] / naive[key]:7.2f} "
                  f"{ours[key] / floor[key]:7.2f}")
        print(f"ours: page loads {', '.join(f'{t:.2f}' for t in ours['loads'])} s; floor: "
              f"{', '.join(f'{t:.2f}' for t in floor['loads'])} s; change max "
              f"{ours['change_max'] * 1000:.0f} ms. Targets: load ≤ naive, ≤ 1.15× floor and "
              "≤ 0.9 s; change ≤ 0.5× naive and ≤ 300 ms median.")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
