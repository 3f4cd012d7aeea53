"""The real PostgreSQL the tests use, and how they clean up after themselves."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from sitrep.store import make_engine

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def fresh_schema(prefix: str = "t") -> str:
    """A schema name no other test run uses, so parallel runs never see each other's rows."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def drop_schema(schema: str) -> None:
    engine = make_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()
