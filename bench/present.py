"""Export speed and size on the illustrative data: one PNG (A4, 300 dpi), the full briefing
(PPTX), one offline HTML of the commune map, each in a fresh process (as the command line runs)
and warm in this one (as the app's export button runs, data already loaded).

Targets: PNG ≤ 3 s, briefing ≤ 15 s, HTML ≤ 2 s and ≤ 1 MB (issue 12); the yearly report
(Word) ≤ 10 s (issue 22). `python bench/exports.py`
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo import boundaries
from geo.analysis import views
from geo.analysis.filters import Filters
from geo.boundaries.matching import Gazetteer
from geo.render.files import exports
from geo.store import database, demo

CASES = [("overview", "png", 3.0), ("briefing", "pptx", 15.0), ("overview", "html", 2.0),
         ("report", "docx", 10.0)]


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    db = folder / "demo.sqlite"
    engine = database.make_engine(f"sqlite:///{db}")
    database.upgrade(engine)
    demo.load_demo(engine, Gazetteer(boundaries.read_eras(), boundaries.read_layer("districts")))
    ds = views.load(engine)
    filters = Filters(year_to=ds.latest_year)
    print(f"{'view':10} {'format':6} {'warm s':>7} {'cold s':>7} {'target':>7} {'ratio':>6} size")
    for view, fmt, target in CASES:
        exports.make(ds, view, fmt, filters)  # first call builds the projected canvases
        started = time.perf_counter()
        data = exports.make(ds, view, fmt, filters)
        warm = time.perf_counter() - started
        out = folder / f"{view}.{fmt}"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "geo.present", "--view", view, "--format", fmt,
                        "--out", str(out)], cwd=ROOT, check=True, capture_output=True,
                       env={**os.environ, "DVK_DB_PATH": str(db)})
        cold = time.perf_counter() - started
        print(f"{view:10} {fmt:6} {warm:7.2f} {cold:7.2f} {target:7.1f} {cold / target:6.2f} "
              f"{len(data) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
