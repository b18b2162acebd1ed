"""Warm start (issue 13): seconds from the port opening to the first map a visitor gets, for
`streamlit run dashboard.py` and for `python -m ui.serve`, on a new store (the illustrative data
still to load) and on a filled one. Target: first map ≤ 2 s after the port opens.

    python bench/warm_start.py
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from streamlit_client import Session

COMMANDS = {"streamlit run": ["-m", "streamlit", "run", "dashboard.py"],
            "ui.serve": ["-m", "ui.serve"]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.05):
        return True
    return False


async def first_map(url: str) -> float:
    started = time.perf_counter()
    session = Session(url)
    await session.connect(timeout=600)
    visit = await session.run(timeout=600)
    await session.close()
    if visit.seconds_to_map is None:
        raise RuntimeError(f"no map: {visit.exceptions}")
    return time.perf_counter() - started


def measure(command: str, db: Path, folder: Path) -> tuple[float, float]:
    port = free_port()
    env = {**os.environ, "DVK_DB_PATH": str(db)}
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    with open(folder / f"{command.replace(' ', '_')}.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, *COMMANDS[command], "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        while not port_open(port):
            if process.poll() is not None:
                raise RuntimeError((folder / f"{command.replace(' ', '_')}.log").read_text())
            time.sleep(0.01)
        opened = time.perf_counter() - started
        return opened, asyncio.run(first_map(f"http://127.0.0.1:{port}"))
    finally:
        process.terminate()
        process.wait()


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="dvk-warm-"))
    filled = folder / "filled.sqlite"
    print(f"{'command':14} {'store':7} {'port opens s':>13} {'then first map s':>17}")
    for command in COMMANDS:
        db = folder / f"new-{command.replace(' ', '_')}.sqlite"
        opened, first = measure(command, db, folder)
        print(f"{command:14} {'new':7} {opened:13.2f} {first:17.2f}", flush=True)
        if not filled.exists():
            shutil.copyfile(db, filled)
        opened, first = measure(command, filled, folder)
        print(f"{command:14} {'filled':7} {opened:13.2f} {first:17.2f}", flush=True)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
