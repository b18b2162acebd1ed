"""Shared fixtures: real databases (SQLite always, PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
from pathlib import Path

os.environ["DVK_PASSWORD_HASHING"] = "fast"  # before geo is imported; production cost: test_signin

import pytest

from geo import boundaries
from geo.analysis import aggregate, views
from geo.analysis.filters import GEOGRAPHIES
from geo.boundaries.matching import Gazetteer
from geo.settings import ROOT
from geo.store import database
from tests.helpers import empty_postgres_url


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer(boundaries.read_eras(), boundaries.read_layer("districts"))


@pytest.fixture(scope="session")
def layers() -> dict:
    """The display layers of the three geographies, as the app reads them."""
    return {g: boundaries.read_layer(g) for g in GEOGRAPHIES}


@pytest.fixture(scope="session")
def eras():
    return boundaries.read_eras()


@pytest.fixture(scope="session")
def placement(layers, eras):
    """Where each (era, code) a record may carry lies in each geography."""
    return aggregate.placement_table(eras, layers["communes"])


@pytest.fixture(scope="session")
def ds(demo_engine):
    """What the views and exports read from the illustrative store."""
    return views.load(demo_engine)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    """A migrated, empty store on a real database."""
    url = (f"sqlite:///{tmp_path / 'store.sqlite'}" if request.param == "sqlite"
           else empty_postgres_url())
    eng = database.make_engine(url)
    database.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def editor(engine):
    """A signed-in editor of the `engine` store."""
    from tests.helpers import editor_in

    return editor_in(engine)


def demo_key() -> str:
    """What the illustrative store is made from: the code, the demo files and the layers. A
    change to any of them makes a new store; the same inputs reuse the one built before."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted([*ROOT.glob("geo/**/*.py"), *ROOT.glob("data/demo/*"),
                        *ROOT.glob("data/layers/*")]):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, gazetteer):
    """A SQLite store holding the committed illustrative data, built once for its inputs
    (`demo_key`) and kept in var/test-cache/ for the next run on this checkout; shared by the
    workers (under mutmut, once for all mutants: each runs in a fresh process)."""
    import fcntl
    import shutil

    from geo.store import demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    kept = Path(__file__).resolve().parents[1] / "demo-for-mutants.sqlite"  # in mutants/
    if "MUTANT_UNDER_TEST" in os.environ and kept.exists():
        shutil.copyfile(kept, path)
        return path
    cache = ROOT / "var" / "test-cache"
    cache.mkdir(parents=True, exist_ok=True)
    shared = cache / f"demo-{demo_key()}.sqlite"
    with open(cache / "demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not shared.exists():
            for old in cache.glob("demo-*.sqlite"):
                old.unlink()
            partial = shared.with_suffix(".building")
            partial.unlink(missing_ok=True)  # a build that was stopped half way
            eng = database.make_engine(f"sqlite:///{partial}")
            database.upgrade(eng)
            demo.load_demo(eng, gazetteer)
            eng.dispose()
            partial.replace(shared)
    shutil.copyfile(shared, path)
    if "MUTANT_UNDER_TEST" in os.environ:  # the clean run (no mutant active) leaves it
        partial = kept.with_suffix(".tmp")
        shutil.copyfile(path, partial)
        partial.replace(kept)
    return path


@pytest.fixture(scope="session")
def demo_engine(demo_db):
    eng = database.make_engine(f"sqlite:///{demo_db}")
    yield eng
    eng.dispose()


@pytest.fixture
def make_apptest(tmp_path, demo_db, monkeypatch):
    """Factory: an AppTest on a private copy of the illustrative store, with URL parameters and
    optional secrets (e.g. an identity provider)."""
    import shutil

    from streamlit.testing.v1 import AppTest

    from geo import settings

    def make(*, query: dict[str, str] | None = None, database_url: str | None = None,
             secrets: dict | None = None) -> AppTest:
        copy = tmp_path / "store.sqlite"
        if not copy.exists():
            shutil.copyfile(demo_db, copy)
        monkeypatch.setenv("DVK_DB_PATH", str(copy))
        if database_url:
            monkeypatch.setenv("DATABASE_URL", database_url)
        at = AppTest.from_file(str(settings.ROOT / "dashboard.py"), default_timeout=60)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        for key, value in (secrets or {}).items():
            at.secrets[key] = value
        return at
    return make


@pytest.fixture
def apptest_store(tmp_path):
    """The engine on the store `make_apptest` copies (call after the first run)."""
    engines = []

    def make():
        engine = database.make_engine(f"sqlite:///{tmp_path / 'store.sqlite'}")
        engines.append(engine)
        return engine
    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture(scope="module")
def demo_app_url(tmp_path_factory, demo_db):
    """The real app (`streamlit run`) on a private copy of the illustrative store, one per test
    module; its log is printed at the end."""
    import shutil

    from tests.chromium import require_browser, running_app

    require_browser()
    folder = tmp_path_factory.mktemp("app")
    shutil.copyfile(demo_db, folder / "store.sqlite")
    log = folder / "server.log"
    with running_app(folder / "store.sqlite", log) as url:
        yield url
    print(log.read_text()[-2000:])



def pytest_collection_modifyitems(items) -> None:
    """Modules with the most browser or slow tests first: the workers take whole modules in
    this order, so the long ones start early and the short ones fill the end (no straggler)."""
    for item in items:  # the whole app run in-process: `-m "not apptest"` leaves it out
        if "make_apptest" in item.fixturenames:
            item.add_marker(pytest.mark.apptest)

    def heavy(item) -> bool:
        return any(item.get_closest_marker(m) for m in ("browser", "slow"))
    modules = {}
    for item in items:
        modules.setdefault(item.module.__name__, []).append(item)
    order = sorted(modules.values(), key=lambda group: -sum(heavy(i) for i in group))
    items[:] = [item for group in order for item in group]
