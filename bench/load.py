"""Fresh viewers, as a hall of phones opening the address at once: what the Python server pays per
viewer and how long K viewers wait, on one or two instances, straight or behind the documented
nginx (deploy/nginx-dvk.conf, HTTPS) with its static-file locations or without them (everything
proxied to Python); and K simultaneous opens of an audience link.

A fresh viewer is replayed without a browser from a recording of a real one: headless Chromium
opens the overview in a new profile; every HTTP request it made (the page, Streamlit's front-end,
the map component, Leaflet, the layers) and every WebSocket message it sent are replayed by an
asyncio client, each viewer with its own connections and user agent. The same run checks the
replay against Chromium: server CPU per fresh viewer, both measured one viewer at a time on the
same server, must agree within 20 %.

    python bench/load.py [--sessions 10,100] [--instances 1,2] [--audience 100,1000]

Everything runs on this machine's cores: the clients (and Chromium) take CPU from the servers,
so waiting times overstate a real hall; CPU per viewer is the server's own.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import resource
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import aiohttp
from streamlit_client import Session

from bench.browser import colours, demo_store
from tests import nginx
from tests.chromium import CHROMIUM, CHROMIUM_ARGS, NO_NETWORK, free_port
from ui import frontend

APPS = {"ours": ROOT / "dashboard.py", "naive": ROOT / "bench/apps/naive.py",
        "floor": ROOT / "bench/apps/floor.py"}
TICK = os.sysconf("SC_CLK_TCK")
INSECURE = ssl.create_default_context()
INSECURE.check_hostname, INSECURE.verify_mode = False, ssl.CERT_NONE
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate"}


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def settled_cpu(pids: list[int], quiet: float = 0.6, timeout: float = 30) -> float:
    """The servers' CPU once they stopped working (no tick for `quiet` seconds)."""
    last, since = cpu_seconds(pids), time.monotonic()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.15)
        now = cpu_seconds(pids)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return last


def wait_healthy(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2,
                                        context=INSECURE) as response:
                if response.read() == b"ok":
                    return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not start")


@contextlib.contextmanager
def instances(app: str, count: int, db: Path, folder: Path):
    """`count` processes of `app` on free ports; yields their ports and pids."""
    env = {**os.environ, "DVK_DB_PATH": str(db), "PYTHONPATH": str(ROOT),
           "STREAMLIT_SERVER_ENABLE_STATIC_SERVING": "true"}
    env.pop("DATABASE_URL", None)
    processes, ports = [], []
    for _ in range(count):
        port = free_port()
        command = ([sys.executable, "-m", "ui.serve"] if app == "ours" else
                   [sys.executable, "-m", "streamlit", "run", str(APPS[app])])
        log = open(folder / f"{app}-{port}.log", "w")
        processes.append(subprocess.Popen(
            [*command, "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT if app == "ours" else folder, env=env, stdout=log,
            stderr=subprocess.STDOUT))
        ports.append(port)
    try:
        for port in ports:
            wait_healthy(f"http://127.0.0.1:{port}")
        yield ports, [p.pid for p in processes]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait()


@contextlib.contextmanager
def front(ports: list[int], folder: Path, mode: str):
    """The address viewers open: the instance itself (`direct`), or nginx with the documented
    site, its static locations kept (`nginx`) or removed (`nginx-proxy-all`)."""
    if mode == "direct":
        yield f"http://127.0.0.1:{ports[0]}"
        return
    place = Path(tempfile.mkdtemp(dir=folder))
    conf = nginx.site(place, free_port(), https := free_port(), ports,
                      frontend=folder / "frontend", static_off_python=mode == "nginx",
                      workers=os.cpu_count() or 1)  # Debian's "worker_processes auto"
    with nginx.running(conf):
        url = f"https://127.0.0.1:{https}"
        wait_healthy(url)
        yield url


# -- a real browser ---------------------------------------------------------------------------

@dataclass
class Recording:
    """What one fresh Chromium did: request paths in order, WebSocket messages it sent."""

    paths: list[str] = field(default_factory=list)
    frames: list[bytes] = field(default_factory=list)


def chromium_visits(url: str, pids: list[int], visits: int) -> tuple[list[float], Recording]:
    """`visits` fresh profiles opening the page until the map is drawn, one after the other;
    the server CPU of each, and the recording of the last."""
    from playwright.sync_api import sync_playwright

    costs, recording = [], Recording()
    origin = url.split("/")[2]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=CHROMIUM_ARGS + NO_NETWORK)
        try:
            for _ in range(visits):
                recording = Recording()
                context = browser.new_context(ignore_https_errors=True)
                page = context.new_page()
                page.on("request", lambda r, rec=recording: rec.paths.append(
                    "/" + r.url.split("/", 3)[3]) if r.url.split("/")[2] == origin
                    and r.url.startswith("http") else None)
                page.on("websocket", lambda ws, rec=recording: ws.on(
                    "framesent", lambda payload: rec.frames.append(
                        payload if isinstance(payload, bytes) else payload.encode())))
                before = settled_cpu(pids)
                page.goto(url + "/")
                deadline = time.monotonic() + 90
                while not colours(page) and time.monotonic() < deadline:
                    time.sleep(0.1)
                costs.append(settled_cpu(pids) - before)
                context.close()
        finally:
            browser.close()
    return costs, recording


# -- a replayed viewer ------------------------------------------------------------------------

async def replay(url: str, recording: Recording, agent: str) -> dict:
    """One fresh viewer: the recorded requests over its own connections (six at a time, as a
    browser), and its WebSocket session with the recorded messages."""
    started = time.perf_counter()
    errors: list[str] = []
    connector = aiohttp.TCPConnector(limit_per_host=6, ssl=INSECURE)
    timeout = aiohttp.ClientTimeout(total=600)

    async def get(http, path: str) -> None:
        try:
            async with http.get(url + path) as response:
                await response.read()
                if response.status >= 400:
                    errors.append(f"{response.status} {path[:60]}")
        except (TimeoutError, aiohttp.ClientError) as error:
            errors.append(f"{type(error).__name__} {path[:60]}")

    async def socket() -> None:
        session = Session(url, user_agent=agent, ssl=INSECURE)
        try:
            await session.connect()
            for frame in recording.frames:
                visit = await session.replay(frame)
                if visit is not None and visit.exceptions:
                    errors.extend(visit.exceptions)
        except Exception as error:  # a refused or dropped connection counts, never crashes
            errors.append(type(error).__name__)
        finally:
            with contextlib.suppress(Exception):
                await session.close()

    async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                     headers={**BROWSER_HEADERS, "User-Agent": agent}) as http:
        page, *rest = recording.paths
        await get(http, page)
        await asyncio.gather(socket(), *(get(http, p) for p in rest))
    return {"seconds": time.perf_counter() - started, "errors": errors}


def replay_cost(url: str, pids: list[int], recording: Recording, visits: int) -> list[float]:
    """Server CPU of each of `visits` replayed fresh viewers, one after the other."""
    costs = []
    for i in range(visits):
        before = settled_cpu(pids)
        result = asyncio.run(replay(url, recording, f"replay-{i}"))
        if result["errors"]:
            raise RuntimeError(f"replay failed: {result['errors'][:5]}")
        costs.append(settled_cpu(pids) - before)
    return costs


async def crowd(url: str, recording: Recording, k: int) -> list[dict]:
    return await asyncio.gather(*(replay(url, recording, f"viewer-{i}") for i in range(k)))


def audience_opens(url: str, k: int) -> dict[str, str]:
    """K phones opening the audience link at once, each over its own new TLS connection, by
    ApacheBench (Debian's apache2-utils: a client in C, so the client's own handshakes do not
    dominate what is measured, as a Python client's do)."""
    out = subprocess.run(["ab", "-n", str(k), "-c", str(k), "-H", "Accept-Encoding: gzip",
                          "-q", url], capture_output=True, text=True, check=True).stdout
    found = {}
    for key, pattern in (("p50", r"\s50%\s+(\d+)"), ("p95", r"\s95%\s+(\d+)"),
                         ("failed", r"Failed requests:\s+(\d+)"),
                         ("non2xx", r"Non-2xx responses:\s+(\d+)"),
                         ("bytes", r"Document Length:\s+(\d+)")):
        match = re.search(pattern, out)
        found[key] = match.group(1) if match else "0"
    return found


def pct(values: list[float | None], q: float) -> float:
    values = sorted(v for v in values if v is not None)
    if not values:
        return float("nan")
    return values[min(int(q * len(values)), len(values) - 1)]


# -- the run ----------------------------------------------------------------------------------

def remove_snapshot(name: str) -> None:
    from geo.render.web import audience
    from geo.store import database, roles

    engine = database.make_engine("sqlite://")
    audience.remove(engine, roles.CONSOLE, name)
    engine.dispose()


def snapshot_path(db: Path) -> tuple[str, str]:
    """Publish an audience link of the overview on the demo store (into the app's static
    folder, which nginx serves); its name and path."""
    from geo.analysis import views
    from geo.analysis.filters import Filters
    from geo.render.web import audience
    from geo.store import database, roles

    engine = database.make_engine(f"sqlite:///{db}")
    ds = views.load(engine)
    made = audience.publish(engine, roles.CONSOLE, ds, Filters(year_to=ds.latest_year),
                            "overview")
    engine.dispose()
    return made.name, made.path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", default="10,100")
    parser.add_argument("--instances", default="1,2")
    parser.add_argument("--audience", default="100,1000")
    parser.add_argument("--browser-visits", type=int, default=4)
    parser.add_argument("--replays", type=int, default=8)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    folder = Path(tempfile.mkdtemp(prefix="dvk-load-"))
    db = demo_store(folder)
    frontend.lay_out(folder / "frontend")
    print(f"machine: {os.cpu_count()} cores, Chromium and the clients share them with the "
          "servers; store: SQLite (illustrative data)")

    print("\n1. Server CPU per fresh viewer, one at a time (median s): headless Chromium in a new "
          "profile vs the replay")
    print(f"{'app':6} {'front':16} {'requests':>8} {'Chromium':>9} {'replay':>7} {'replay/Chr':>10}")
    recordings = {}
    for app, mode in (("ours", "direct"), ("ours", "nginx-proxy-all"), ("ours", "nginx"),
                      ("naive", "direct"), ("floor", "direct")):
        with instances(app, 1, db, folder) as (ports, pids), front(ports, folder, mode) as url:
            chromium_visits(url, pids, 1)  # caches warm, static files published
            browser, recording = chromium_visits(url, pids, args.browser_visits)
            replayed = replay_cost(url, pids, recording, args.replays)
        recordings[(app, mode)] = recording
        ratio = statistics.median(replayed) / statistics.median(browser)
        print(f"{app:6} {mode:16} {len(recording.paths):8} {statistics.median(browser):9.3f} "
              f"{statistics.median(replayed):7.3f} {ratio:10.2f}", flush=True)

    print("\n2. K fresh viewers at once (replayed): seconds until each has every file and its map "
          "message (p50 / p95), viewers with an error, server CPU per viewer")
    print(f"{'inst':>4} {'front':16} {'K':>4} {'p50':>6} {'p95':>6} {'err':>4} {'cpu/viewer':>10}")
    recording = recordings[("ours", "nginx")]
    for count in map(int, args.instances.split(",")):
        for mode in ("nginx-proxy-all", "nginx"):
            with instances("ours", count, db, folder) as (ports, pids), \
                    front(ports, folder, mode) as url:
                asyncio.run(crowd(url, recording, 2 * count))  # every instance warm
                for k in map(int, args.sessions.split(",")):
                    before = settled_cpu(pids)
                    results = asyncio.run(crowd(url, recording, k))
                    cpu = settled_cpu(pids) - before
                    errors = sum(bool(r["errors"]) for r in results)
                    seconds = [r["seconds"] for r in results]
                    print(f"{count:>4} {mode:16} {k:>4} {pct(seconds, .5):6.2f} "
                          f"{pct(seconds, .95):6.2f} {errors:>4} {cpu / k:10.3f}", flush=True)

    print("\n3. The audience link opened by K phones at once through nginx (HTTPS, a new "
          "connection each, gzip): seconds (p50 / p95), failed, server CPU")
    if not shutil.which("ab"):
        print("   skipped: ApacheBench is not installed (apt-get install apache2-utils)")
        return
    name, path = snapshot_path(db)
    with instances("ours", 1, db, folder) as (ports, pids), front(ports, folder, "nginx") as url:
        for k in map(int, args.audience.split(",")):
            before = cpu_seconds(pids)
            found = audience_opens(url + path, k)
            print(f"K={k:<5} p50 {int(found['p50']) / 1000:5.2f} s  p95 "
                  f"{int(found['p95']) / 1000:5.2f} s  failed {found['failed']}  non-2xx "
                  f"{found['non2xx']}  {found['bytes']} bytes each  Python CPU "
                  f"{cpu_seconds(pids) - before:.2f} s", flush=True)
    remove_snapshot(name)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
