"""Test data for the API and web tests: a store filled by the real pipeline, plus hand-built events.

The articles are written for these tests. Events read by the pipeline carry whatever the current
extractor finds; the hand-built records pin down what filters and paging must do with known values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from postgres import POSTGRES_URL, drop_schema, fresh_schema
from sitrep.records import Article, Event, Span
from sitrep.store import Store, open_store
from sitrep.store import models as m

ARTICLES = [
    Article(
        id="api-test-quetta",
        title="Suicide bombing at Quetta market",
        source="Test Wire",
        url="https://news.example.org/quetta-market",
        published=dt.date(2024, 11, 20),
        text=(
            "QUETTA, Pakistan (Test Wire) -- A suicide bomber killed 14 people at a crowded vegetable "
            "market in Quetta on Monday, police said. The Balochistan Liberation Army claimed the attack "
            "in a statement.\n\nSeparately, security forces clashed with militants in Bannu district on "
            "Sunday, killing six fighters, officials said."
        ),
    ),
    Article(
        id="api-test-maiduguri",
        title="Gunmen attack village near Maiduguri",
        source="Lake Chad Daily",
        url="https://news.example.org/maiduguri-village",
        published=dt.date(2024, 11, 22),
        text=(
            "MAIDUGURI, Nigeria -- Boko Haram fighters attacked a farming village near Maiduguri on "
            "Thursday, killing nine civilians and abducting several women, residents said."
        ),
    ),
    Article(
        id="api-test-nairobi",
        title="Protest in Nairobi",
        source="East Africa Post",
        url="https://news.example.org/nairobi-protest",
        published=dt.date(2024, 11, 25),
        text=(
            "NAIROBI, Kenya -- Hundreds of students protested peacefully outside parliament in Nairobi on "
            "Monday against a proposed increase in university fees."
        ),
    ),
]

# Places, dates and counts chosen so each filter has a known answer.
KNOWN_PLACES = [
    ("Pakistan", "PAK", "Balochistan", "Quetta", 30.18, 67.01, "Battles", "Armed clash"),
    (
        "Pakistan",
        "PAK",
        "Khyber Pakhtunkhwa",
        "Peshawar",
        34.01,
        71.58,
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    ("Nigeria", "NGA", "Borno", "Maiduguri", 11.85, 13.16, "Violence against civilians", "Attack"),
    ("Kenya", "KEN", "Nairobi", "Nairobi", -1.29, 36.82, "Protests", "Peaceful protest"),
    ("Fiji", "FJI", "Northern", "Labasa", -16.43, 179.38, "Riots", "Mob violence"),
]
N_KNOWN = 25


def known_article(n: int) -> tuple[Article, list[Event]]:
    """One hand-built article and event; every fifth has no fatality figure, and pairs share a day.

    Events at one place lie six days or more apart, so cross-article merging keeps them apart."""
    country, iso3, admin1, location, lat, lon, kind, sub = KNOWN_PLACES[n % len(KNOWN_PLACES)]
    text = f"Report {n}: an incident in {location}, {admin1}, involving the Marker Brigade {n}."
    day = dt.date(2024, 10, 1) + dt.timedelta(days=3 * (n // 2))
    doc_id = f"api-known-{n}"
    start = text.index(location)
    event = Event(
        event_id=f"known-{n:03d}",
        doc_id=doc_id,
        event_date=day,
        time_precision=1,
        event_type=kind,
        sub_event_type=sub,
        actor1=f"Marker Brigade {n}",
        inter1=3,
        country=country,
        iso3=iso3,
        admin1=admin1,
        admin2=f"{location} District",
        location=location,
        latitude=lat,
        longitude=lon,
        geo_precision=1,
        fatalities=None if n % 5 == 0 else n % 7,
        notes=f"Known event number {n}.",
        confidence=0.5,
        evidence={"location": [Span(start=start, end=start + len(location), text=location)]},
        source="Known Source",
        published=day,
    )
    return Article(id=doc_id, text=text, published=day, source="Known Source"), [event]


@dataclass
class Filled:
    url: str
    schema: str | None
    store: Store
    pipeline_event_ids: list[str]
    known_event_ids: list[str]


def fill(store: Store, pipeline) -> tuple[list[str], list[str]]:
    """Store the articles; return the ids of the canonical events (merging may fold some mentions)."""
    for article, records in pipeline.extract_many(ARTICLES):
        store.save_article_with_records(article, records)
    for n in range(N_KNOWN):
        store.save_article_with_records(*known_article(n))
    with store.sessions() as session:
        live = session.scalars(select(m.Event.event_id).where(m.Event.merged_into.is_(None))).all()
    extracted = sorted(i for i in live if not i.startswith("known-"))
    known = sorted(i for i in live if i.startswith("known-"))
    assert len(known) == N_KNOWN, "hand-built events were merged: their places or dates are too close"
    return extracted, known


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def filled(request, tmp_path_factory, pipeline) -> Iterator[Filled]:
    """A store filled once per module and database, on real SQLite and the real PostgreSQL."""
    if request.param == "sqlite":
        url, schema = f"sqlite:///{tmp_path_factory.mktemp('api') / 'sitrep.db'}", None
    else:
        url, schema = POSTGRES_URL, fresh_schema("t_api")
    store = open_store(url, schema=schema)
    extracted, known = fill(store, pipeline)
    yield Filled(url, schema, store, extracted, known)
    store.close()
    if schema:
        drop_schema(schema)


def test_known_articles_are_well_formed():
    for n in range(N_KNOWN):
        article, (event,) = known_article(n)
        for spans in event.evidence.values():
            for span in spans:
                assert article.text[span.start : span.end] == span.text
