"""The database: its address from the settings, an engine on it, and its schema migrated."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from geo import settings

MIGRATIONS = Path(__file__).parent / "migrations"


def url() -> str:
    """DATABASE_URL if set, else the embedded SQLite file (its folder created)."""
    address = settings.get("DATABASE_URL")
    if address:
        return address.replace("postgresql://", "postgresql+psycopg://", 1) if address.startswith(
            "postgresql://") else address
    path = settings.path("DVK_DB_PATH")
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


SQLITE_WAIT_S = 60  # a writer waits this long for another before SQLite says "locked" (and a
# session as long again for one of the engine's connections: writers take turns anyway)


def make_engine(address: str | None = None) -> sa.Engine:
    """An engine on `address` (default: `url()`); on SQLite, foreign keys switched on and
    writers waiting for each other (a burst of sign-ins queues instead of failing)."""
    address = address or url()
    sqlite = address.startswith("sqlite")
    engine = sa.create_engine(address, **({"connect_args": {"timeout": SQLITE_WAIT_S},
                                           "pool_timeout": 2 * SQLITE_WAIT_S} if sqlite else {}))
    if sqlite:
        @sa.event.listens_for(engine, "connect")
        def _foreign_keys(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA foreign_keys=ON")
    return engine


def upgrade(engine: sa.Engine) -> None:
    """Bring the schema to the newest migration (creates it on an empty database)."""
    from alembic import command  # imported here: reading needs no migration tool
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def schema_revision(engine: sa.Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
