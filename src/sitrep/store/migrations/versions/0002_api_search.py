"""Indexes for the API's filtered, paged queries (sitrep.api), and trigram indexes for text search.

The API orders every list by (column, event_id) and pages by keyset, so the composite indexes let a
filtered page be read straight off an index instead of sorting every match. On PostgreSQL, pg_trgm's GIN
indexes serve the substring searches (`q` over notes and evidence, `actor` over the actor columns); when
the extension cannot be created (no privilege), those searches still work, by scanning.

Revision ID: 0002_api_search
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_api_search"
down_revision = "0001"
branch_labels = None
depends_on = None

# (name, columns): each filter the web app offers, followed by the default sort key.
COMPOSITE = (
    ("ix_events_date_id", ["event_date", "event_id"]),
    ("ix_events_country_date", ["country", "event_date", "event_id"]),
    ("ix_events_iso3_date", ["iso3", "event_date", "event_id"]),
    ("ix_events_admin1_date", ["admin1", "event_date", "event_id"]),
    ("ix_events_admin2_date", ["admin2", "event_date", "event_id"]),
    ("ix_events_type_date", ["event_type", "event_date", "event_id"]),
    ("ix_events_subtype_date", ["sub_event_type", "event_date", "event_id"]),
    ("ix_events_status_date", ["review_status", "event_date", "event_id"]),
    ("ix_events_fatalities_id", ["fatalities", "event_id"]),
)
TRIGRAM = (
    ("ix_events_notes_trgm", "events", "notes"),
    ("ix_events_actor1_trgm", "events", "actor1"),
    ("ix_events_assoc_actor_1_trgm", "events", "assoc_actor_1"),
    ("ix_events_actor2_trgm", "events", "actor2"),
    ("ix_events_assoc_actor_2_trgm", "events", "assoc_actor_2"),
    ("ix_events_claimed_by_trgm", "events", "claimed_by"),
    ("ix_evidence_text_trgm", "evidence", "text"),
)


def _trigram_schema(bind) -> str | None:
    """The schema pg_trgm lives in, creating it in `public` when allowed."""
    found = bind.execute(
        sa.text("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
    ).scalar()
    if found:
        return found
    savepoint = bind.begin_nested()
    try:
        # `public`, not the search path: stores in per-test schemas must not own (and drop) the extension.
        bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
    except sa.exc.DBAPIError:
        savepoint.rollback()
        return None
    savepoint.commit()
    return "public"


def upgrade() -> None:
    for name, columns in COMPOSITE:
        op.create_index(name, "events", columns, unique=False)
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = _trigram_schema(bind)
    if schema is None:
        return
    for name, table, column in TRIGRAM:
        op.execute(f'CREATE INDEX {name} ON {table} USING gin ({column} "{schema}".gin_trgm_ops)')


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, _table, _column in TRIGRAM:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    for name, _columns in COMPOSITE:
        op.drop_index(name, table_name="events")
