"""Browser timings of the overview in headless Chromium against a local server.

Targets (issue 5): map drawn ≤ 1.5 s after the server is warm; filter change → map updated
≤ 300 ms median; commune layer sent once, ≤ 200 KB. Run `python bench/browser.py`.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo import boundaries, demo, store  # noqa: E402
from geo.matching import Gazetteer  # noqa: E402
from tests.browser import MAP_FRAME, chromium_page, map_frame, running_app, wait_until  # noqa: E402

TOGGLE = "Chỉ mô hình điển hình"


def demo_store(folder: Path) -> Path:
    path = folder / "store.sqlite"
    engine = store.make_engine(f"sqlite:///{path}")
    store.upgrade(engine)
    demo.load_demo(engine, Gazetteer(boundaries.read_eras(), boundaries.read_layer("districts")))
    engine.dispose()
    return path


def legend(frame) -> str:
    return frame.evaluate("() => (document.querySelector('.dvk-legend') || {}).innerText || ''")


def load(page, url: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    paths = page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive")
    wait_until(lambda: paths.count() == 241, timeout=60, what="241 paths")
    frame = map_frame(page)
    wait_until(lambda: legend(frame), what="legend")
    return time.perf_counter() - started


def main(loads: int = 5, changes: int = 12) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        db = demo_store(folder)
        with running_app(db, folder / "server.log") as url, chromium_page() as page:
            received = []
            page.on("websocket", lambda ws: ws.on(
                "framereceived", lambda payload: received.append(len(payload))))
            load(page, url)  # warms the server's caches
            ready = [load(page, url) for _ in range(loads)]
            initial_bytes = sum(received)
            received.clear()
            load(page, url)
            initial_bytes = sum(received)
            frame = map_frame(page)
            timings, per_change = [], []
            for _ in range(changes):
                before = legend(frame)
                received.clear()
                started = time.perf_counter()
                page.get_by_text(TOGGLE).click()
                wait_until(lambda: legend(frame) != before, what="legend change")
                timings.append(time.perf_counter() - started)
                time.sleep(0.3)
                per_change.append(sum(received))
        layer = len(boundaries.to_geojson(boundaries.read_layer("communes")[["code", "geometry"]])
                    .encode())
        print(f"map drawn after a warm server: median {statistics.median(ready) * 1000:.0f} ms "
              f"(runs: {', '.join(f'{t * 1000:.0f}' for t in ready)}) = "
              f"{statistics.median(ready) / 1.5:.2f} of the 1.5 s target")
        print(f"filter change -> legend and colours updated: median "
              f"{statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms = "
              f"{statistics.median(timings) / 0.3:.2f} of the 300 ms target")
        print(f"commune geometry as sent: {layer / 1024:.0f} KB; websocket bytes on a page load "
              f"{initial_bytes / 1024:.0f} KB, per filter change median "
              f"{statistics.median(per_change) / 1024:.0f} KB (the geometry is not re-sent)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
