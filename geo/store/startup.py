"""The one start-up routine of the app, its server and the command line: the store migrated and,
when it holds no import yet, filled with the illustrative data, once, however many instances
start at the same moment (a PostgreSQL advisory lock, or a lock file beside the SQLite file)."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Callable, Iterator

import sqlalchemy as sa

from geo import boundaries, settings
from geo.store import database, demo, store
from geo.store.schema import imports

_LOCK_KEY = 0x44564B  # "DVK": the advisory lock every instance takes to start


@contextlib.contextmanager
def _start_lock(engine: sa.Engine) -> Iterator[None]:
    """Held by one starting instance at a time, on the database all of them share."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": _LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": _LOCK_KEY})
                connection.commit()
        return
    database_file = engine.url.database
    lock_path = (f"{database_file}.start-lock" if database_file and database_file != ":memory:"
                 else None)
    if lock_path is None:
        yield
        return
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def prepare(engine: sa.Engine, *, before_demo: Callable[[], None] | None = None) -> bool:
    """Migrate `engine`'s database and load the illustrative data if it holds no import;
    True when this call loaded it. `before_demo` runs first (a spinner, a log line)."""
    with _start_lock(engine):
        database.upgrade(engine)
        if store.count_rows(engine, imports):
            return False
        if before_demo:
            before_demo()
        gazetteer = boundaries.Gazetteer(boundaries.read_eras(), boundaries.read_layer("districts"))
        demo.load_demo(engine, gazetteer, settings.path("DVK_DEMO_DIR"))
        return True


def open_store(address: str | None = None, **options) -> sa.Engine:
    """An engine on the store named by the settings (or `address`), prepared."""
    engine = database.make_engine(address)
    prepare(engine, **options)
    return engine
