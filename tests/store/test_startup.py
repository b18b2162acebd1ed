"""One start-up routine for every entry point: the store migrated and the illustrative data
loaded once, however many instances start at the same moment on one database."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sqlalchemy as sa

from geo.settings import ROOT
from geo.store import database, store
from geo.store.schema import imports
from tests.helpers import empty_postgres_url

START = "from geo.store import startup; startup.open_store().dispose(); print('ready')"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_instances_starting_at_once_load_the_demo_once(kind, tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite'}" if kind == "sqlite" else empty_postgres_url()
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    starts = [subprocess.Popen([sys.executable, "-c", START], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for _ in range(3)]
    outcomes = [process.communicate(timeout=300) for process in starts]
    assert [out.strip() for out, _ in outcomes] == ["ready"] * 3, [err[-800:] for _, err in outcomes]
    engine = database.make_engine(url)
    try:
        with engine.connect() as connection:
            loads = connection.execute(sa.select(imports.c.kind).where(
                imports.c.illustrative)).scalars().all()
        assert sorted(loads) == ["models", "replications"]
        assert store.has_demo(engine) and store.count_rows(engine, imports) == 2
    finally:
        engine.dispose()
