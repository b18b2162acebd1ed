"""`python -m ui.serve` does the loading before its port opens: the first visitor finds the store
filled and the page ready, not an import in progress."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from geo import settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_the_store_is_ready_when_the_port_opens(tmp_path):
    db = tmp_path / "new.sqlite"
    port = free_port()
    env = {**os.environ, "DVK_DB_PATH": str(db)}
    env.pop("DATABASE_URL", None)
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "ui.serve", "--server.port", str(port), "--server.address",
             "127.0.0.1", "--server.headless", "true"], cwd=settings.ROOT, env=env, stdout=out,
            stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 0.1).close()
                break
            except OSError:
                assert process.poll() is None, log.read_text()[-2000:]
                assert time.monotonic() < deadline, "the server did not open its port"
                time.sleep(0.05)
        engine = sa.create_engine(f"sqlite:///{db}")
        with engine.connect() as connection:  # at the first moment a visitor can come
            models = connection.execute(sa.text("SELECT count(*) FROM models")).scalar()
            rules = connection.execute(sa.text("SELECT count(*) FROM target_rules")).scalar()
        engine.dispose()
        assert models > 6540 and rules == 2
        assert "Loading the illustrative data" in log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=30)
