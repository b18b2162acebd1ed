"""Many viewers at once, without a browser per viewer: K = 1, 10, 50, 100 WebSocket sessions
(bench/streamlit_client.py) open the overview and then change a filter (typical models only),
on one instance and on two behind nginx (sticky by client, as in deploy/), for our app and for
the naive baseline (bench/apps/naive.py), side by side in one run. Also the server CPU of one
page open and one filter change, sequentially, with an empty page as the floor.

    python bench/load.py [--sessions 1,10,50,100] [--apps ours,naive] [--instances 1,2]

Prints p50/p95 seconds to the map message, errors, server CPU seconds and memory (MB) per
session. The clients run on the same 2 cores as the servers: they take some of the CPU.
"""

from __future__ import annotations

import argparse
import asyncio
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
sys.path.insert(0, str(ROOT / "bench"))

from streamlit_client import Session, toggle

APPS = {"ours": ROOT / "dashboard.py", "ours+gc": ROOT / "dashboard.py",
        "naive": ROOT / "bench/apps/naive.py", "empty": ROOT / "bench/apps/empty.py"}
# The baselines run as Streamlit comes (no .streamlit/config.toml of ours); "ours+gc" is ours
# with Streamlit's collection after every run switched back on: what it cost before.
OWN_CONFIG = {"ours", "ours+gc"}
TICK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


@contextlib.contextmanager
def servers(name: str, count: int, db: Path, folder: Path):
    """`count` instances of app `name` (`streamlit run`), and nginx in front when more than one."""
    processes, ports = [], []
    env = {**os.environ, "DVK_DB_PATH": str(db), "PYTHONPATH": str(ROOT)}
    if name == "ours+gc":
        env["STREAMLIT_RUNNER_POST_SCRIPT_GC"] = "true"
    for _ in range(count):
        port = free_port()
        log = open(folder / f"{name}-{port}.log", "w")
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(APPS[name]), "--server.port",
             str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"], cwd=ROOT if name in OWN_CONFIG else folder,
            env=env, stdout=log, stderr=subprocess.STDOUT))
        ports.append(port)
    nginx = None
    try:
        for port in ports:
            wait_healthy(f"http://127.0.0.1:{port}")
        url = f"http://127.0.0.1:{ports[0]}"
        if count > 1:
            front = free_port()
            conf = folder / "nginx.conf"
            conf.write_text(NGINX.format(servers="".join(f"server 127.0.0.1:{p};" for p in ports),
                                         port=front, folder=folder))
            nginx = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"])
            url = f"http://127.0.0.1:{front}"
            wait_healthy(url)
        yield url, [p.pid for p in processes]
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait()
        for process in processes:
            process.terminate()
            process.wait()


# As deploy/nginx-dvk.conf, in a scratch folder. Sticky by client address and user agent: each
# load session sends its own user agent, as different phones would.
NGINX = """worker_processes 1; pid {folder}/nginx.pid; error_log {folder}/nginx.err;
events {{ worker_connections 4096; }}
http {{
  access_log off; client_body_temp_path {folder}; proxy_temp_path {folder};
  fastcgi_temp_path {folder}; uwsgi_temp_path {folder}; scgi_temp_path {folder};
  upstream dvk_app {{ hash $remote_addr$http_user_agent consistent; {servers} }}
  map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://dvk_app; proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host; proxy_read_timeout 1h; proxy_buffering off;
    }}
  }}
}}
"""


def wait_healthy(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not start")


async def one_viewer(url: str, agent: int) -> dict:
    session = Session(url, user_agent=f"load-{agent}")
    try:
        await session.connect()
        opened = await session.run()
        changed = None
        widget = session.widgets.get("f_typical")
        if widget:
            changed = await session.run(states=[toggle(widget, True)])
        return {"open": opened.seconds_to_map, "change": changed.seconds_to_map if changed
                else None, "errors": opened.exceptions + (changed.exceptions if changed else []),
                "bytes_change": changed.bytes if changed else 0}
    except Exception as error:  # a refused or dropped connection is an error, not a crash
        return {"open": None, "change": None, "errors": [type(error).__name__],
                "bytes_change": 0}
    finally:
        with contextlib.suppress(Exception):
            await session.close()


async def crowd(url: str, k: int) -> list[dict]:
    return await asyncio.gather(*(one_viewer(url, i) for i in range(k)))


def pct(values: list[float], q: float) -> float:
    values = sorted(v for v in values if v is not None)
    if not values:
        return float("nan")
    return values[min(int(q * len(values)), len(values) - 1)]


def per_view_cpu(url: str, pids: list[int], repeats: int) -> tuple[float, float]:
    """Server CPU of one page open and of one filter change, one viewer at a time."""
    async def run() -> tuple[float, float]:
        session = Session(url)
        await session.connect()
        await session.run()  # warm: caches filled, this session's widgets known
        opens, changes = [], []
        for i in range(repeats):
            before = cpu_seconds(pids)
            await session.run()
            opens.append(cpu_seconds(pids) - before)
            widget = session.widgets.get("f_typical")
            if widget:
                before = cpu_seconds(pids)
                await session.run(states=[toggle(widget, i % 2 == 0)])
                changes.append(cpu_seconds(pids) - before)
        await session.close()
        return statistics.mean(opens), statistics.mean(changes) if changes else float("nan")
    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", default="1,10,50,100")
    parser.add_argument("--apps", default="ours,naive")
    parser.add_argument("--instances", default="1,2")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--database-url", help="every server on this PostgreSQL database (it is "
                        "emptied and filled with the illustrative data), as deploy/ runs them")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dvk-load-"))
    db = folder / "demo.sqlite"
    from geo import boundaries
    from geo.boundaries.matching import Gazetteer
    from geo.records import database, demo

    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
        engine = database.make_engine(args.database_url.replace("postgresql://",
                                                             "postgresql+psycopg://", 1))
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    else:
        engine = database.make_engine(f"sqlite:///{db}")
    database.upgrade(engine)
    demo.load_demo(engine, Gazetteer(boundaries.read_eras(), boundaries.read_layer("districts")))
    engine.dispose()
    print(f"machine: {os.cpu_count()} cores; clients share them with the servers; store: "
          f"{'PostgreSQL' if args.database_url else 'SQLite'}")
    print("\nserver CPU per view, one viewer at a time (mean of "
          f"{args.repeats}; seconds):")
    for name in ["empty", "ours+gc", *args.apps.split(",")]:
        with servers(name, 1, db, folder) as (url, pids):
            opened, changed = per_view_cpu(url, pids, args.repeats)
        print(f"  {name:6} open {opened:.3f}  change {changed:.3f}")
    print("\nK sessions at once: seconds to the map message (p50 / p95), errors, server CPU "
          "and memory per session")
    print(f"{'app':6} {'inst':>4} {'K':>4} {'open p50':>9} {'open p95':>9} {'chg p50':>8} "
          f"{'chg p95':>8} {'err':>4} {'cpu/s':>6} {'MB/s':>6} {'KB/chg':>7}")
    for name in args.apps.split(","):
        for count in map(int, args.instances.split(",")):
            with servers(name, count, db, folder) as (url, pids):
                asyncio.run(crowd(url, count * 2))  # every instance warm
                for k in map(int, args.sessions.split(",")):
                    cpu, memory = cpu_seconds(pids), rss_mb(pids)
                    results = asyncio.run(crowd(url, k))
                    cpu, memory = cpu_seconds(pids) - cpu, rss_mb(pids) - memory
                    errors = sum(bool(r["errors"]) for r in results)
                    print(f"{name:6} {count:>4} {k:>4} "
                          f"{pct([r['open'] for r in results], .5):9.2f} "
                          f"{pct([r['open'] for r in results], .95):9.2f} "
                          f"{pct([r['change'] for r in results], .5):8.2f} "
                          f"{pct([r['change'] for r in results], .95):8.2f} {errors:>4} "
                          f"{cpu / k:6.2f} {max(memory, 0) / k:6.1f} "
                          f"{statistics.mean(r['bytes_change'] for r in results) / 1024:7.0f}",
                          flush=True)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
