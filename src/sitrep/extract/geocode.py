"""Where an event happened: toponyms, disambiguation against the gazetteer, ACLED geo precision.

Owner: issue 3.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitrep.extract.context import ArticleContext, EventFrame
from sitrep.records import Span


@dataclass
class Place:
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    confidence: float = 0.0
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class Geocoder:
    """Holds the loaded gazetteer; `prepare` runs once per article, `locate` once per event."""

    def prepare(self, ctx: ArticleContext) -> None:
        """Compute the article's country context into ctx.facts["geocode"]."""

    def locate(self, ctx: ArticleContext, frame: EventFrame) -> Place:
        return Place()
