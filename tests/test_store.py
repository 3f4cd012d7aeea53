"""The store on real SQLite and the real PostgreSQL: schema, one-transaction saves, copies, idempotency."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from sitrep.records import Aggregate, Article, Event, Span
from sitrep.store import models as m
from sitrep.store import open_store

TEXT = "Gunmen killed three villagers in Kanduri on Monday, police said."


def _event(doc_id: str, index: int = 0, **fields) -> Event:
    start = TEXT.index("killed")
    return Event(
        event_id=f"{doc_id}-{index}",
        doc_id=doc_id,
        event_date=dt.date(2026, 3, 2),
        event_type="Violence against civilians",
        sub_event_type="Attack",
        country="Kenya",
        admin1="Garissa",
        location="Kanduri",
        latitude=0.1,
        longitude=39.6,
        fatalities=3,
        source="Daily Example",
        confidence=0.8,
        evidence={"fatalities": [Span(start=start, end=start + 6, text="killed")]},
        **fields,
    )


def test_schema_has_the_tables_and_filter_indexes(store):
    inspector = sa.inspect(store.engine)
    tables = set(inspector.get_table_names())
    assert {
        "articles",
        "article_clusters",
        "mentions",
        "events",
        "evidence",
        "event_sources",
        "aggregates",
        "ingest_log",
        "merge_log",
        "audit_log",
        "api_tokens",
        "feeds",
        "alembic_version",
    } <= tables
    indexed = {tuple(ix["column_names"]) for ix in inspector.get_indexes("events")}
    for column in ("event_date", "country", "admin1", "event_type", "sub_event_type", "fatalities"):
        assert (column,) in indexed
    assert ("latitude", "longitude") in indexed


def test_reopening_migrates_nothing_and_keeps_rows(store_url):
    url, schema = store_url
    first = open_store(url, schema=schema)
    first.log_rejected("a.html", "empty file")
    first.close()
    again = open_store(url, schema=schema)
    assert again.counts()["rejected"] == 1
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from sitrep.store.engine import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    with again.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == head
    again.close()


def test_save_article_writes_mention_event_evidence_source_and_aggregate(store):
    article = Article(id="doc-a", text=TEXT, source="Daily Example", published=dt.date(2026, 3, 3))
    aggregate = Aggregate(aggregate_id="doc-a-agg-0", doc_id="doc-a", fatalities=40, qualifier="total")
    saved = store.save_article_with_records(article, [_event("doc-a"), aggregate])
    assert (saved.created, saved.n_events, saved.n_aggregates) == (True, 1, 1)
    with store.sessions() as session:
        event = session.get(m.Event, "doc-a-0")
        assert event.review_status == "pending" and event.fatalities == 3 and event.country == "Kenya"
        span = event.evidence[0]
        assert TEXT[span.start : span.end] == span.text == "killed"
        assert [s.article_id for s in event.sources] == [saved.article_id]
        mention = session.get(m.Mention, "doc-a-0")
        assert mention.record["location"] == "Kanduri" and mention.event_id == "doc-a-0"
        assert session.get(m.AggregateRow, "doc-a-agg-0").fatalities == 40
        stored = session.get(m.Article, saved.article_id)
        assert stored.status == m.EXTRACTED and stored.cluster.representative_article_id == stored.id


def test_saving_the_same_doc_twice_adds_nothing(store):
    article = Article(id="doc-b", text=TEXT)
    store.save_article_with_records(article, [_event("doc-b")])
    before = store.counts()
    again = store.save_article_with_records(article, [_event("doc-b")])
    assert again.created is False
    assert store.counts() == before


def test_a_copy_joins_the_cluster_and_becomes_a_source_of_the_original_events(store):
    original = store.save_article_with_records(
        Article(id="wire", text=TEXT, source="Wire Agency"), [_event("wire")]
    )
    copy = store.save_article_with_records(
        Article(id="outlet", text=TEXT + " More.", source="Local Paper"),
        status=m.DUPLICATE,
        copy_of=original.article_id,
    )
    with store.sessions() as session:
        event = session.get(m.Event, "wire-0")
        assert sorted((s.article_id, s.role) for s in event.sources) == [
            (original.article_id, "extracted"),
            (copy.article_id, "copy"),
        ]
        assert event.n_sources == 2 and event.source == "Daily Example; Local Paper"
        rows = session.scalars(sa.select(m.Article).order_by(m.Article.id)).all()
        assert rows[0].cluster_id == rows[1].cluster_id
        assert session.get(m.ArticleCluster, rows[0].cluster_id).size == 2
    assert store.counts()["events"] == 1


def test_a_failing_save_leaves_no_partial_rows(store):
    article = Article(id="doc-c", text=TEXT)
    # Two events with one id: the second insert fails after the article and first event were added.
    with pytest.raises(sa.exc.IntegrityError):
        store.save_article_with_records(article, [_event("doc-c"), _event("doc-c")])
    assert store.counts() == {k: 0 for k in store.counts()}


def test_feed_state_round_trips(store):
    store.save_feed_state("http://feeds.example/rss", '"abc"', "Mon, 02 Mar 2026 10:00:00 GMT", 200, 5)
    state = store.feed_state("http://feeds.example/rss")
    assert (state.etag, state.last_status, state.n_entries) == ('"abc"', 200, 5)


def test_migrations_create_every_table_and_column_of_the_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), m.Base.metadata)
    # Indexes may be added by later migrations for particular queries; tables and columns may not differ.
    structural = [
        d
        for d in diffs
        if isinstance(d, tuple) and d[0] in {"add_table", "remove_table", "add_column", "remove_column"}
    ]
    assert structural == []
