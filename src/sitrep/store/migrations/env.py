"""Alembic environment. `sitrep.store.open_store` runs it programmatically with an open connection;
`alembic -x url=...` from the command line works too (see docs/ingest.md)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from sitrep.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    from sitrep.store.engine import normalise_url

    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        _run(conn)
