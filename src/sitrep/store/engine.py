"""Engines for SQLite (WAL mode) and PostgreSQL (psycopg 3), and running the migrations on open."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

DEFAULT_URL = "sqlite:///sitrep.db"
MIGRATIONS = Path(__file__).with_name("migrations")


def normalise_url(url: str) -> str:
    """`postgresql://` and `postgres://` mean psycopg 3 here (SQLAlchemy would pick psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str = DEFAULT_URL, schema: str | None = None) -> Engine:
    """`schema` (PostgreSQL only) keeps separate stores in one database, e.g. one per test."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    options = {}
    if schema:
        options["options"] = f"-csearch_path={schema}"
    return create_engine(url, connect_args=options, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the API) run while an ingest writes; foreign keys are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (creates it when empty)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
