"""Browser timings of the overview in headless Chromium (no network), ours and the naive
baseline (bench/apps/naive.py) side by side in one run: a warm page load until the map is drawn,
a filter change until its colours are new, and the WebSocket bytes of each.

Targets (issue 13): our warm page load ≤ the naive one's and ≤ 0.9 s; filter change ≤ 0.5× the
naive one's and ≤ 300 ms median. Run `python bench/browser.py`.
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
from geo.records import database, demo
from tests.browser import MAP_FRAME, chromium_page, free_port, running_app, wait_until

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
def naive_app(db: Path, folder: Path):
    """bench/apps/naive.py as Streamlit comes (its own folder, no config of ours; static serving
    on for Leaflet only)."""
    port = free_port()
    env = {**os.environ, "DVK_DB_PATH": str(db), "PYTHONPATH": str(ROOT),
           "STREAMLIT_SERVER_ENABLE_STATIC_SERVING": "true"}
    env.pop("DATABASE_URL", None)
    with open(folder / "naive.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "bench/apps/naive.py"),
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true"], cwd=folder, env=env, stdout=log,
            stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: healthy(url), timeout=90, what="the naive app")
        yield url
    finally:
        process.terminate()
        process.wait()


def healthy(url: str) -> bool:
    with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/_stcore/health") as r:
        return r.read() == b"ok"
    return False


def measure(url: str, loads: int, changes: int) -> dict:
    with chromium_page(offline=True) as page:
        received = []
        page.on("websocket", lambda ws: ws.on(
            "framereceived", lambda payload: received.append(len(payload))))
        load(page, url)  # warms the server's caches
        ready = [load(page, url) for _ in range(loads)]
        received.clear()
        load(page, url)
        initial = sum(received)
        timings, per_change = [], []
        for _ in range(changes):
            before = colours(page)
            received.clear()
            started = time.perf_counter()
            page.get_by_text(TOGGLE).click()
            wait_until(lambda before=before: colours(page) not in ("", before), what="the colours to change")
            timings.append(time.perf_counter() - started)
            time.sleep(0.3)
            per_change.append(sum(received))
    return {"load": statistics.median(ready), "loads": ready,
            "change": statistics.median(timings), "change_max": max(timings),
            "initial_kb": initial / 1024, "change_kb": statistics.median(per_change) / 1024}


def main(loads: int = 5, changes: int = 12) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        db = demo_store(folder)
        with running_app(db, folder / "server.log") as url:
            ours = measure(url, loads, changes)
        with naive_app(db, folder) as url:
            naive = measure(url, loads, changes)
        print(f"{'':28} {'ours':>8} {'naive':>8} {'ratio':>6}")
        for label, key, unit in (("warm page load, map drawn", "load", "s"),
                                 ("filter change, colours new", "change", "s"),
                                 ("bytes on a page load", "initial_kb", "KB"),
                                 ("bytes per filter change", "change_kb", "KB")):
            print(f"{label:28} {ours[key]:7.2f}{unit[0]} {naive[key]:7.2f}{unit[0]} "
                  f"{ours[key] / naive[key]:6.2f}")
        print(f"ours: page loads {', '.join(f'{t:.2f}' for t in ours['loads'])} s; change max "
              f"{ours['change_max'] * 1000:.0f} ms. Targets: load ≤ naive and ≤ 0.9 s; change "
              f"≤ 0.5× naive and ≤ 300 ms median.")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
