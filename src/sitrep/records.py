"""Typed records: what goes into sitrep and what comes out. This module *is* the output contract.

Field names follow ACLED's codebook; `fatalities_low`/`fatalities_high`, `claimed_by`, `confidence`
and `evidence` are sitrep's additions. Other tools depend on these names exactly: change them only
together with the README's "Output contract" section and `tests/test_contract.py`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Span(BaseModel):
    """A stretch of the article text: `text == article_text[start:end]`."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    text: str


Evidence = dict[str, list[Span]]


class Article(BaseModel):
    """One input document. `text` is the clean article body that every evidence offset points into."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None


class Event(BaseModel):
    """One event, coded the ACLED way. `None` means the text does not say."""

    event_id: str
    doc_id: str
    record_type: Literal["event"] = "event"

    event_date: dt.date | None = None
    time_precision: int | None = None

    disorder_type: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None

    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str | None = None

    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None

    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injuries: int | None = None
    arrested: int | None = None

    claimed_by: str | None = None
    notes: str | None = None
    confidence: float = 0.0
    evidence: Evidence = Field(default_factory=dict)

    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None


class Aggregate(BaseModel):
    """A running total or summary figure ("bringing the toll in the last 24 hours to 20").

    It is not an event: counting it as one would double-count deaths.
    """

    aggregate_id: str
    doc_id: str
    record_type: Literal["aggregate"] = "aggregate"
    fatalities: int | None = None
    qualifier: str | None = None
    period: str | None = None
    region: str | None = None
    evidence: Evidence = Field(default_factory=dict)
    consistent_with: list[str] | None = None
    consistency_note: str | None = None


Record = Event | Aggregate

# ACLED's public export column order; `--format csv` writes these first, then sitrep's extras.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_date",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso3",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
EXTRA_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "record_type",
    "fatalities_low",
    "fatalities_high",
    "injuries",
    "arrested",
    "claimed_by",
    "confidence",
    "url",
    "title",
    "published",
    "evidence",
)


def make_event_id(doc_id: str, index: int) -> str:
    """A stable id: the same document and event position always give the same id."""
    digest = hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:10]
    return f"{digest}-{index}"
