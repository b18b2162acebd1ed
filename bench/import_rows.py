"""Import speed and memory: a 100,000-row model spreadsheet read, checked and written.

Target (issue 10): ≤ 60 s and ≤ 1 GB on the 2-core machine. Each run is a fresh process on a
fresh SQLite store, so its peak resident memory is the import's own. Run
`python bench/import_rows.py [--rows N] [--format csv|xlsx]`.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_file(rows: int, fmt: str) -> bytes:
    """`rows` records resampled from the illustrative file, each with its own id and name."""
    import pandas as pd

    from geo import settings
    from geo.records import export

    demo = pd.read_csv(settings.path("DVK_DEMO_DIR") / "models.csv", dtype=str,
                       keep_default_na=False, skiprows=1)
    sample = demo.sample(rows, replace=True, random_state=1).reset_index(drop=True)
    sample["Mã mô hình"] = [f"B-{i:06d}" for i in range(rows)]
    sample["Tên mô hình"] = sample["Tên mô hình"] + " " + sample.index.astype(str)
    sample["Điển hình"] = "Không"
    sample["Năm chọn điển hình"] = ""
    if fmt == "xlsx":
        return export.to_xlsx_bytes(sample)
    return sample.to_csv(index=False).encode("utf-8")


def run_once(path: str, fmt: str) -> dict:
    """In this process: read, plan and apply; return the stage times and peak memory."""
    from geo import boundaries
    from geo.boundaries.matching import Gazetteer
    from geo.records import importer, reading
    from geo.store import database, importing, roles, schema, store

    data = Path(path).read_bytes()
    gazetteer = Gazetteer(boundaries.read_eras(), boundaries.read_layer("districts"))
    with tempfile.TemporaryDirectory() as tmp:
        engine = database.make_engine(f"sqlite:///{tmp}/bench.sqlite")
        database.upgrade(engine)
        start = time.perf_counter()
        table = reading.read_table(data, f"bench.{fmt}")
        read = time.perf_counter()
        plan = importing.plan(table, kind="models", gazetteer=gazetteer, engine=engine,
                                    file_name=f"bench.{fmt}", sha256=importer.file_sha256(data))
        checked = time.perf_counter()
        importing.apply_plan(engine, plan, actor=roles.CONSOLE, valid_rows_only=True)
        written = time.perf_counter()
        stored = store.count_rows(engine, schema.imports)
    return {"rows": len(table), "valid": len(plan.records), "errors": len(plan.errors),
            "imports": stored, "read_s": read - start, "check_s": checked - read,
            "write_s": written - checked, "total_s": written - start,
            "peak_mb": peak_memory_mb()}


def peak_memory_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, it does not count what the
    parent held before the fork that started us)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_once(args.child, args.format)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"bench.{args.format}"
        path.write_bytes(make_file(args.rows, args.format))
        size = path.stat().st_size
        out = subprocess.run([sys.executable, __file__, "--child", str(path), "--format",
                              args.format], check=True, capture_output=True, text=True)
    result = json.loads(out.stdout)
    print(f"{result['rows']:,} rows ({args.format}, {size / 1e6:.1f} MB): "
          f"read {result['read_s']:.1f} s, check {result['check_s']:.1f} s, "
          f"write {result['write_s']:.1f} s, total {result['total_s']:.1f} s "
          f"({result['total_s'] / 60:.2f} of the 60 s target); peak {result['peak_mb']:.0f} MB "
          f"({result['peak_mb'] / 1024:.2f} of 1 GB); {result['valid']:,} valid, "
          f"{result['errors']:,} row errors")


if __name__ == "__main__":
    main()
