"""Shared fixtures: real databases (SQLite always, PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from geo import boundaries, store
from geo.matching import Gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer(boundaries.read_eras(), boundaries.read_layer("districts"))


def _empty_postgres(url: str) -> str:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    """A migrated, empty store on a real database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    else:
        url = os.environ.get("TEST_DATABASE_URL")
        if not url:
            pytest.skip("TEST_DATABASE_URL is not set")
        url = _empty_postgres(url).replace("postgresql://", "postgresql+psycopg://", 1)
    eng = store.make_engine(url)
    store.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, gazetteer):
    """A SQLite store holding the committed illustrative data, built once per run."""
    from geo import demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    eng = store.make_engine(f"sqlite:///{path}")
    store.upgrade(eng)
    demo.load_demo(eng, gazetteer)
    eng.dispose()
    return path


@pytest.fixture(scope="session")
def demo_engine(demo_db):
    eng = store.make_engine(f"sqlite:///{demo_db}")
    yield eng
    eng.dispose()
