"""Writing to and reading from the store. Each article is saved in one transaction, so a killed run
leaves either the whole article (with its mentions, events, evidence and aggregates) or nothing."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from sitrep import records as rec
from sitrep.store import models as m
from sitrep.store.engine import DEFAULT_URL, make_engine, migrate

# Columns of `events` filled straight from an extracted `sitrep.records.Event` of the same name.
EVENT_COLUMNS: tuple[str, ...] = tuple(
    name for name in rec.Event.model_fields if name not in {"record_type", "evidence"}
)


@dataclass
class SavedArticle:
    article_id: int
    doc_id: str
    status: str
    n_events: int = 0
    n_aggregates: int = 0
    created: bool = True  # False when the same document was already stored (a re-run)


class Store:
    """A database holding articles, events and logs. Open with `open_store(url)`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work commits on success and rolls back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()

    # -- reads ---------------------------------------------------------------------------------
    def article_by_doc_id(self, doc_id: str) -> m.Article | None:
        with self.sessions() as session:
            return session.scalar(select(m.Article).where(m.Article.doc_id == doc_id))

    def article_by_hash(self, content_hash: str) -> m.Article | None:
        """The first stored article with this exact text (the one a copy should point at)."""
        with self.sessions() as session:
            return session.scalar(
                select(m.Article)
                .where(m.Article.content_hash == content_hash)
                .order_by(m.Article.id)
                .limit(1)
            )

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        """(doc_id, MinHash bytes) of every article extraction ran on, to rebuild the LSH index.

        Copies are left out: a new copy should point at the article its cluster was extracted from.
        """
        with self.sessions() as session:
            query = select(m.Article.doc_id, m.Article.minhash).where(
                m.Article.minhash.is_not(None), m.Article.status == m.EXTRACTED
            )
            for row in session.execute(query.execution_options(yield_per=1000)):
                yield row.doc_id, row.minhash

    def counts(self) -> dict[str, int]:
        with self.sessions() as session:
            return {
                "articles": session.scalar(select(func.count()).select_from(m.Article)) or 0,
                "events": session.scalar(select(func.count()).select_from(m.Event)) or 0,
                "mentions": session.scalar(select(func.count()).select_from(m.Mention)) or 0,
                "aggregates": session.scalar(select(func.count()).select_from(m.AggregateRow)) or 0,
                "clusters": session.scalar(select(func.count()).select_from(m.ArticleCluster)) or 0,
                "rejected": session.scalar(select(func.count()).select_from(m.IngestLog)) or 0,
            }

    def feed_state(self, url: str) -> m.Feed | None:
        with self.sessions() as session:
            return session.get(m.Feed, url)

    # -- writes --------------------------------------------------------------------------------
    def log_rejected(self, source: str, reason: str) -> bool:
        """Record a refused input; False when the same refusal is already logged (a re-run)."""
        source = source[:4000]
        with self.session() as session:
            known = session.scalar(
                select(m.IngestLog.id)
                .where(m.IngestLog.source == source, m.IngestLog.reason == reason)
                .limit(1)
            )
            if known is not None:
                return False
            session.add(m.IngestLog(source=source, reason=reason))
            return True

    def save_feed_state(
        self, url: str, etag: str | None, last_modified: str | None, status: int | None, n_entries: int
    ) -> None:
        with self.session() as session:
            feed = session.get(m.Feed, url) or m.Feed(url=url)
            feed.etag, feed.last_modified, feed.last_status = etag, last_modified, status
            feed.last_polled_at = m.utcnow()
            feed.n_entries = (feed.n_entries or 0) + n_entries
            session.add(feed)

    def save_article_with_records(
        self,
        article: rec.Article,
        records: Sequence[rec.Record] = (),
        *,
        content_hash: str | None = None,
        status: str = m.EXTRACTED,
        copy_of: int | None = None,
        minhash: bytes | None = None,
        html: str | None = None,
        source_ref: str | None = None,
    ) -> SavedArticle:
        """Store one article and what was extracted from it, in one transaction.

        `copy_of` is the id of a stored article whose text this one repeats (exactly or nearly):
        the article joins that cluster, nothing is extracted again, and every canonical event of the
        original gains this article as a source. Saving a `doc_id` that already exists does nothing.
        """
        from sitrep.ingest.dedup import content_hash as hash_text

        digest = content_hash or hash_text(article.text)
        with self.session() as session:
            existing = session.scalar(select(m.Article).where(m.Article.doc_id == article.id))
            if existing is not None:
                return SavedArticle(
                    existing.id,
                    existing.doc_id,
                    existing.status,
                    existing.n_events,
                    existing.n_aggregates,
                    created=False,
                )
            row = m.Article(
                doc_id=article.id,
                content_hash=digest,
                source_ref=source_ref,
                url=article.url,
                title=article.title,
                source=article.source,
                published=article.published,
                language=article.language,
                status=status,
                text=article.text,
                html=html,
                minhash=minhash,
            )
            session.add(row)
            if copy_of is not None:
                original = session.get(m.Article, copy_of)
                if original is None:
                    raise ValueError(f"copy_of={copy_of}: no such article")
                self._join_cluster(session, row, original)
                session.flush()
                self._add_copy_sources(session, row, original)
                return SavedArticle(row.id, row.doc_id, row.status)
            cluster = m.ArticleCluster(size=1)
            session.add(cluster)
            session.flush()
            row.cluster = cluster
            cluster.representative_article_id = row.id
            # A campaign whose text names its days is stored as one report per day (ACLED), as the
            # in-memory merge does, so that the store and `merge_events` code the same events.
            split = _merge_attribute("split_campaign") or (lambda event: [event])
            events = [part for r in records if isinstance(r, rec.Event) for part in split(r)]
            aggregates = [r for r in records if isinstance(r, rec.Aggregate)]
            mentions = [self._add_mention(session, row, event) for event in events]
            for aggregate in aggregates:
                session.add(_aggregate_row(row, aggregate))
            row.n_events, row.n_aggregates = len(events), len(aggregates)
            session.flush()
            _merge_hook(session, mentions)
            return SavedArticle(row.id, row.doc_id, row.status, len(events), len(aggregates))

    # -- internals -----------------------------------------------------------------------------
    @staticmethod
    def _join_cluster(session: Session, row: m.Article, original: m.Article) -> None:
        if original.cluster_id is None:
            cluster = m.ArticleCluster(size=1, representative_article_id=original.id)
            session.add(cluster)
            session.flush()
            original.cluster_id = cluster.id
        row.cluster_id = original.cluster_id
        cluster = session.get(m.ArticleCluster, original.cluster_id)
        if cluster is not None:
            cluster.size = (cluster.size or 1) + 1

    @staticmethod
    def _add_copy_sources(session: Session, row: m.Article, original: m.Article) -> None:
        event_ids = session.scalars(
            select(m.Mention.event_id).where(
                m.Mention.article_id == original.id, m.Mention.event_id.is_not(None)
            )
        ).all()
        for event_id in dict.fromkeys(event_ids):
            event = session.get(m.Event, event_id)
            # A merged-away event hands its sources to the event that absorbed it.
            while event is not None and event.merged_into is not None:
                event = session.get(m.Event, event.merged_into)
            if event is None:
                continue
            session.add(m.EventSource(event_id=event.event_id, article_id=row.id, role="copy"))
            event.n_sources = (event.n_sources or 1) + 1
            if row.source and row.source not in (event.source or "").split("; "):
                event.source = f"{event.source}; {row.source}" if event.source else row.source

    @staticmethod
    def _add_mention(session: Session, row: m.Article, event: rec.Event) -> m.Mention:
        """The mention, plus (until merging decides otherwise) its own canonical event."""
        record = event.model_dump(mode="json")
        mention = m.Mention(
            mention_id=event.event_id,
            article=row,
            event_id=event.event_id,
            record=record,
            event_date=event.event_date,
            event_type=event.event_type,
            sub_event_type=event.sub_event_type,
            country=event.country,
            admin1=event.admin1,
            location=event.location,
            latitude=event.latitude,
            longitude=event.longitude,
            fatalities=event.fatalities,
            actor1=event.actor1,
            actor2=event.actor2,
            confidence=event.confidence,
        )
        canonical = m.Event(**{name: getattr(event, name) for name in EVENT_COLUMNS})
        canonical.review_status = "pending"
        session.add(canonical)
        session.add(mention)
        session.flush()
        session.add(
            m.EventSource(event_id=canonical.event_id, article_id=row.id, mention_id=mention.mention_id)
        )
        for field, spans in event.evidence.items():
            for span in spans:
                session.add(
                    m.Evidence(
                        event_id=canonical.event_id,
                        article_id=row.id,
                        mention_id=mention.mention_id,
                        field=field,
                        start=span.start,
                        end=span.end,
                        text=span.text,
                    )
                )
        return mention


def _aggregate_row(row: m.Article, aggregate: rec.Aggregate) -> m.AggregateRow:
    return m.AggregateRow(
        aggregate_id=aggregate.aggregate_id,
        article_id=row.id,
        doc_id=aggregate.doc_id,
        fatalities=aggregate.fatalities,
        qualifier=aggregate.qualifier,
        period=aggregate.period,
        region=aggregate.region,
        record=aggregate.model_dump(mode="json"),
    )


def _merge_hook(session: Session, mentions: list[m.Mention]) -> None:
    """Hand the new mentions to cross-article merging, when `sitrep.merge` provides it.

    Contract: each mention arrives with its own canonical event (`mention.event_id`), evidence and
    event source already written in this session; `merge_mentions(session, mentions)` may fold those
    events into existing ones (set `merged_into`, move sources and evidence, write `merge_log`). It
    runs inside the article's transaction, so a failure rolls the whole article back.
    """
    if not mentions:
        return
    merge_mentions = _merge_attribute("merge_mentions")
    if merge_mentions is not None:
        merge_mentions(session, mentions)


def _merge_attribute(name: str) -> Any:
    try:
        module = importlib.import_module("sitrep.merge")
    except ModuleNotFoundError as err:
        if err.name != "sitrep.merge":
            raise
        return None
    return getattr(module, name, None)


def open_store(url: str = DEFAULT_URL, *, schema: str | None = None, migrate_schema: bool = True) -> Store:
    """Open (creating or upgrading as needed) the store at `url`: `sqlite:///path.db` or
    `postgresql://user@host/db`. `schema` selects a PostgreSQL schema (created when missing)."""
    engine = make_engine(url, schema=schema)
    if schema and engine.dialect.name == "postgresql":
        from sqlalchemy import text

        with engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    if migrate_schema:
        migrate(engine)
    return Store(engine)
