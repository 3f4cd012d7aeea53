"""Shared fixtures. The spaCy model and the gazetteer load once per test session."""

from __future__ import annotations

import pytest

from postgres import POSTGRES_URL, drop_schema, fresh_schema
from sitrep.extract.geocode import Geocoder
from sitrep.pipeline import Pipeline, load_spacy


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def nlp():
    """The spaCy model alone, for tests that parse sentences themselves."""
    return load_spacy()


@pytest.fixture(scope="session")
def geocoder() -> Geocoder:
    """The geocoder on the embedded gazetteer index."""
    return Geocoder()


# -- stores (sitrep.store): the same test runs on real SQLite and on the real PostgreSQL ------------


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """(url, schema) of an empty store. PostgreSQL gets a fresh schema, dropped afterwards, so parallel
    test runs never see each other's rows."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sitrep.db'}", None
        return
    schema = fresh_schema()
    yield POSTGRES_URL, schema
    drop_schema(schema)


@pytest.fixture
def store(store_url):
    from sitrep.store import open_store

    url, schema = store_url
    opened = open_store(url, schema=schema)
    yield opened
    opened.close()
