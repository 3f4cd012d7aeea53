"""The database schema (SQLAlchemy 2). The same models run on SQLite and PostgreSQL.

Vocabulary:
- an *article* is one stored input document; near-copies share an *article cluster*;
- a *mention* is an event as extracted from one article (the full `Event` record as JSON, plus key
  columns for filtering);
- an *event* is a canonical event: one or more mentions merged (`event_sources` links them), with
  the contract columns, a review status and its evidence.

Changing a model means adding an Alembic migration under `sitrep/store/migrations/versions/`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names, so that migrations can alter them on both databases (SQLite needs names
# for batch mode).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonType = JSON().with_variant(JSONB(), "postgresql")

# Article.status values.
EXTRACTED = "extracted"
UNSUPPORTED_LANGUAGE = "unsupported_language"
DUPLICATE = "duplicate"  # exact or near copy of a cluster's representative: extraction ran there
PENDING = "pending"  # stored, extraction not yet done (only visible if a run dies between steps)
ARTICLE_STATUSES = (EXTRACTED, UNSUPPORTED_LANGUAGE, DUPLICATE, PENDING)

# Event.review_status values.
REVIEW_STATUSES = ("pending", "accepted", "rejected", "edited")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JsonType, list[Any]: JsonType}


class ArticleCluster(Base):
    """Near-copies of one text (a wire story republished by many outlets)."""

    __tablename__ = "article_clusters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The article that extraction ran on; no FK because articles also point here (a cycle).
    representative_article_id: Mapped[int | None] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    articles: Mapped[list[Article]] = relationship(back_populates="cluster")


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(512), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)  # sha256 of normalised text
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("article_clusters.id"), index=True)
    # Where the copy came from: a URL, a file path, a WARC record, a feed entry.
    source_ref: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(512))  # site or outlet name
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(32), default=PENDING, index=True)
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)  # datasketch MinHash hashvalues, uint64
    n_events: Mapped[int] = mapped_column(Integer, default=0)
    n_aggregates: Mapped[int] = mapped_column(Integer, default=0)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    cluster: Mapped[ArticleCluster | None] = relationship(back_populates="articles")
    mentions: Mapped[list[Mention]] = relationship(back_populates="article")


class Event(Base):
    """A canonical event: ACLED contract columns plus review and merge state."""

    __tablename__ = "events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    doc_id: Mapped[str | None] = mapped_column(String(512))  # the first article it was read from
    event_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    disorder_type: Mapped[str | None] = mapped_column(String(64))
    event_type: Mapped[str | None] = mapped_column(String(64), index=True)
    sub_event_type: Mapped[str | None] = mapped_column(String(128), index=True)
    actor1: Mapped[str | None] = mapped_column(Text)
    assoc_actor_1: Mapped[str | None] = mapped_column(Text)
    inter1: Mapped[int | None] = mapped_column(Integer)
    actor2: Mapped[str | None] = mapped_column(Text)
    assoc_actor_2: Mapped[str | None] = mapped_column(Text)
    inter2: Mapped[int | None] = mapped_column(Integer)
    interaction: Mapped[int | None] = mapped_column(Integer)
    civilian_targeting: Mapped[str | None] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(128), index=True)
    iso3: Mapped[str | None] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(256), index=True)
    admin2: Mapped[str | None] = mapped_column(String(256))
    admin3: Mapped[str | None] = mapped_column(String(256))
    location: Mapped[str | None] = mapped_column(String(512))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    fatalities: Mapped[int | None] = mapped_column(Integer, index=True)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    injuries: Mapped[int | None] = mapped_column(Integer)
    arrested: Mapped[int | None] = mapped_column(Integer)
    claimed_by: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    source: Mapped[str | None] = mapped_column(Text)  # outlet names, "; "-joined as in ACLED
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)

    review_status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    # Set when this event was merged into another one (it then stays only for history and undo).
    merged_into: Mapped[str | None] = mapped_column(ForeignKey("events.event_id"), index=True)
    merge_info: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    n_sources: Mapped[int] = mapped_column(Integer, default=1)

    evidence: Mapped[list[Evidence]] = relationship(back_populates="event", cascade="all, delete-orphan")
    sources: Mapped[list[EventSource]] = relationship(back_populates="event", cascade="all, delete-orphan")

    __table_args__ = (
        Index("ix_events_lat_lon", "latitude", "longitude"),
        # For the API's filtered pages, ordered by (column, event_id): migration 0002_api_search, which
        # also adds pg_trgm indexes for substring search on PostgreSQL.
        Index("ix_events_date_id", "event_date", "event_id"),
        Index("ix_events_country_date", "country", "event_date", "event_id"),
        Index("ix_events_iso3_date", "iso3", "event_date", "event_id"),
        Index("ix_events_admin1_date", "admin1", "event_date", "event_id"),
        Index("ix_events_admin2_date", "admin2", "event_date", "event_id"),
        Index("ix_events_type_date", "event_type", "event_date", "event_id"),
        Index("ix_events_subtype_date", "sub_event_type", "event_date", "event_id"),
        Index("ix_events_status_date", "review_status", "event_date", "event_id"),
        Index("ix_events_fatalities_id", "fatalities", "event_id"),
    )


class Mention(Base):
    """An event as extracted from one article; `record` is the full `sitrep.records.Event` JSON."""

    __tablename__ = "mentions"

    mention_id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the record's event_id
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[str | None] = mapped_column(ForeignKey("events.event_id"), index=True)  # canonical
    record: Mapped[dict[str, Any]] = mapped_column(JsonType)
    event_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    event_type: Mapped[str | None] = mapped_column(String(64))
    sub_event_type: Mapped[str | None] = mapped_column(String(128))
    country: Mapped[str | None] = mapped_column(String(128))
    admin1: Mapped[str | None] = mapped_column(String(256))
    location: Mapped[str | None] = mapped_column(String(512))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    actor1: Mapped[str | None] = mapped_column(Text)
    actor2: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    article: Mapped[Article] = relationship(back_populates="mentions")


class Evidence(Base):
    """One evidence span for one field of a canonical event; offsets point into `articles.text`."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.event_id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    mention_id: Mapped[str | None] = mapped_column(ForeignKey("mentions.mention_id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(64))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    event: Mapped[Event] = relationship(back_populates="evidence")


class EventSource(Base):
    """Which articles (and their mentions) a canonical event rests on."""

    __tablename__ = "event_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.event_id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    mention_id: Mapped[str | None] = mapped_column(ForeignKey("mentions.mention_id", ondelete="CASCADE"))
    # "extracted": extraction ran on this article; "copy": a near-duplicate of an extracted article.
    role: Mapped[str] = mapped_column(String(16), default="extracted")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    event: Mapped[Event] = relationship(back_populates="sources")

    __table_args__ = (UniqueConstraint("event_id", "article_id", "mention_id", name="uq_event_sources_link"),)


class AggregateRow(Base):
    """A running total ("bringing the toll to 20"): stored apart so it is never counted as an event."""

    __tablename__ = "aggregates"

    aggregate_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    doc_id: Mapped[str] = mapped_column(String(512))
    fatalities: Mapped[int | None] = mapped_column(Integer)
    qualifier: Mapped[str | None] = mapped_column(String(64))
    period: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(Text)
    record: Mapped[dict[str, Any]] = mapped_column(JsonType)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IngestLog(Base):
    """Inputs that were refused, with a reason a user can act on."""

    __tablename__ = "ingest_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class Feed(Base):
    """Conditional-GET state per feed, so `sitrep watch` only downloads what changed."""

    __tablename__ = "feeds"

    url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_polled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_status: Mapped[int | None] = mapped_column(Integer)
    n_entries: Mapped[int] = mapped_column(Integer, default=0)


class MergeLog(Base):
    """One merge decision (mention or event into an event), with its reasons; undoable."""

    __tablename__ = "merge_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kept_event_id: Mapped[str] = mapped_column(ForeignKey("events.event_id"), index=True)
    merged_event_id: Mapped[str | None] = mapped_column(ForeignKey("events.event_id"), index=True)
    mention_id: Mapped[str | None] = mapped_column(ForeignKey("mentions.mention_id"))
    score: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    decided_by: Mapped[str] = mapped_column(String(128), default="sitrep.merge")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AuditLog(Base):
    """A reviewer's change to one field of one event; `reverted` marks undone edits."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    who: Mapped[str] = mapped_column(String(128))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.event_id"), index=True)
    field: Mapped[str] = mapped_column(String(64))
    old: Mapped[Any | None] = mapped_column(JsonType)
    new: Mapped[Any | None] = mapped_column(JsonType)
    why: Mapped[str | None] = mapped_column(Text)
    reverted: Mapped[bool] = mapped_column(Boolean, default=False)


class ApiToken(Base):
    """An API token: only its sha256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[str] = mapped_column(String(32))  # e.g. reader, reviewer, admin
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
