"""Initial schema: articles and clusters, mentions, canonical events with evidence and sources,
aggregates, ingest/merge/audit logs, feeds, API tokens.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("name", name=op.f("uq_api_tokens_name")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_table(
        "article_clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("representative_article_id", sa.Integer(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_clusters")),
    )
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("doc_id", sa.String(length=512), nullable=True),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("time_precision", sa.Integer(), nullable=True),
        sa.Column("disorder_type", sa.String(length=64), nullable=True),
        sa.Column("event_type", sa.String(length=64), nullable=True),
        sa.Column("sub_event_type", sa.String(length=128), nullable=True),
        sa.Column("actor1", sa.Text(), nullable=True),
        sa.Column("assoc_actor_1", sa.Text(), nullable=True),
        sa.Column("inter1", sa.Integer(), nullable=True),
        sa.Column("actor2", sa.Text(), nullable=True),
        sa.Column("assoc_actor_2", sa.Text(), nullable=True),
        sa.Column("inter2", sa.Integer(), nullable=True),
        sa.Column("interaction", sa.Integer(), nullable=True),
        sa.Column("civilian_targeting", sa.String(length=64), nullable=True),
        sa.Column("country", sa.String(length=128), nullable=True),
        sa.Column("iso3", sa.String(length=3), nullable=True),
        sa.Column("admin1", sa.String(length=256), nullable=True),
        sa.Column("admin2", sa.String(length=256), nullable=True),
        sa.Column("admin3", sa.String(length=256), nullable=True),
        sa.Column("location", sa.String(length=512), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("fatalities_low", sa.Integer(), nullable=True),
        sa.Column("fatalities_high", sa.Integer(), nullable=True),
        sa.Column("injuries", sa.Integer(), nullable=True),
        sa.Column("arrested", sa.Integer(), nullable=True),
        sa.Column("claimed_by", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("review_status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("merged_into", sa.String(length=64), nullable=True),
        sa.Column(
            "merge_info",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("n_sources", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merged_into"], ["events.event_id"], name=op.f("fk_events_merged_into_events")
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_admin1"), ["admin1"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_event_date"), ["event_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_event_type"), ["event_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_fatalities"), ["fatalities"], unique=False)
        batch_op.create_index("ix_events_lat_lon", ["latitude", "longitude"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_merged_into"), ["merged_into"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_review_status"), ["review_status"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_sub_event_type"), ["sub_event_type"], unique=False)

    op.create_table(
        "feeds",
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("n_entries", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_feeds")),
    )
    op.create_table(
        "ingest_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_log")),
    )
    with op.batch_alter_table("ingest_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ingest_log_created_at"), ["created_at"], unique=False)

    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.String(length=512), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=True),
        sa.Column("source_ref", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=512), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=True),
        sa.Column("minhash", sa.LargeBinary(), nullable=True),
        sa.Column("n_events", sa.Integer(), nullable=False),
        sa.Column("n_aggregates", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"], ["article_clusters.id"], name=op.f("fk_articles_cluster_id_article_clusters")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("doc_id", name=op.f("uq_articles_doc_id")),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_articles_cluster_id"), ["cluster_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_content_hash"), ["content_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_status"), ["status"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("who", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column(
            "old",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "new",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("why", sa.Text(), nullable=True),
        sa.Column("reverted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.event_id"], name=op.f("fk_audit_log_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_event_id"), ["event_id"], unique=False)

    op.create_table(
        "aggregates",
        sa.Column("aggregate_id", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.String(length=512), nullable=False),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("qualifier", sa.String(length=64), nullable=True),
        sa.Column("period", sa.Text(), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column(
            "record",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_aggregates_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("aggregate_id", name=op.f("pk_aggregates")),
    )
    with op.batch_alter_table("aggregates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aggregates_article_id"), ["article_id"], unique=False)

    op.create_table(
        "mentions",
        sa.Column("mention_id", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=True),
        sa.Column(
            "record",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("event_type", sa.String(length=64), nullable=True),
        sa.Column("sub_event_type", sa.String(length=128), nullable=True),
        sa.Column("country", sa.String(length=128), nullable=True),
        sa.Column("admin1", sa.String(length=256), nullable=True),
        sa.Column("location", sa.String(length=512), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("actor1", sa.Text(), nullable=True),
        sa.Column("actor2", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_mentions_article_id_articles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["event_id"], ["events.event_id"], name=op.f("fk_mentions_event_id_events")),
        sa.PrimaryKeyConstraint("mention_id", name=op.f("pk_mentions")),
    )
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentions_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentions_event_date"), ["event_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentions_event_id"), ["event_id"], unique=False)

    op.create_table(
        "event_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("mention_id", sa.String(length=64), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_event_sources_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.event_id"],
            name=op.f("fk_event_sources_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mention_id"],
            ["mentions.mention_id"],
            name=op.f("fk_event_sources_mention_id_mentions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_sources")),
        sa.UniqueConstraint("event_id", "article_id", "mention_id", name="uq_event_sources_link"),
    )
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_sources_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_sources_event_id"), ["event_id"], unique=False)

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("mention_id", sa.String(length=64), nullable=True),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_evidence_article_id_articles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.event_id"], name=op.f("fk_evidence_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["mention_id"],
            ["mentions.mention_id"],
            name=op.f("fk_evidence_mention_id_mentions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_event_id"), ["event_id"], unique=False)

    op.create_table(
        "merge_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kept_event_id", sa.String(length=64), nullable=False),
        sa.Column("merged_event_id", sa.String(length=64), nullable=True),
        sa.Column("mention_id", sa.String(length=64), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column(
            "reasons",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("decided_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["kept_event_id"], ["events.event_id"], name=op.f("fk_merge_log_kept_event_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["mention_id"], ["mentions.mention_id"], name=op.f("fk_merge_log_mention_id_mentions")
        ),
        sa.ForeignKeyConstraint(
            ["merged_event_id"], ["events.event_id"], name=op.f("fk_merge_log_merged_event_id_events")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_log")),
    )
    with op.batch_alter_table("merge_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_merge_log_kept_event_id"), ["kept_event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_merge_log_merged_event_id"), ["merged_event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("merge_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merge_log_merged_event_id"))
        batch_op.drop_index(batch_op.f("ix_merge_log_kept_event_id"))

    op.drop_table("merge_log")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_event_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_article_id"))

    op.drop_table("evidence")
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_sources_event_id"))
        batch_op.drop_index(batch_op.f("ix_event_sources_article_id"))

    op.drop_table("event_sources")
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentions_event_id"))
        batch_op.drop_index(batch_op.f("ix_mentions_event_date"))
        batch_op.drop_index(batch_op.f("ix_mentions_article_id"))

    op.drop_table("mentions")
    with op.batch_alter_table("aggregates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aggregates_article_id"))

    op.drop_table("aggregates")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_event_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_status"))
        batch_op.drop_index(batch_op.f("ix_articles_published"))
        batch_op.drop_index(batch_op.f("ix_articles_content_hash"))
        batch_op.drop_index(batch_op.f("ix_articles_cluster_id"))

    op.drop_table("articles")
    with op.batch_alter_table("ingest_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ingest_log_created_at"))

    op.drop_table("ingest_log")
    op.drop_table("feeds")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_sub_event_type"))
        batch_op.drop_index(batch_op.f("ix_events_review_status"))
        batch_op.drop_index(batch_op.f("ix_events_merged_into"))
        batch_op.drop_index("ix_events_lat_lon")
        batch_op.drop_index(batch_op.f("ix_events_fatalities"))
        batch_op.drop_index(batch_op.f("ix_events_event_type"))
        batch_op.drop_index(batch_op.f("ix_events_event_date"))
        batch_op.drop_index(batch_op.f("ix_events_country"))
        batch_op.drop_index(batch_op.f("ix_events_admin1"))

    op.drop_table("events")
    op.drop_table("article_clusters")
    op.drop_table("api_tokens")
