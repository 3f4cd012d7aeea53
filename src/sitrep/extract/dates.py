"""Event dates with ACLED time precision, resolved against the publication date.

Owner: issue 5.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sitrep.extract.context import ArticleContext, EventFrame
from sitrep.records import Span


@dataclass
class EventDate:
    date: dt.date | None = None
    precision: int | None = None
    confidence: float = 0.0
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def parse_dateline(text: str) -> tuple[Span | None, dt.date | None]:
    """"QUETTA, Nov 20 (Reuters) -" → (span of the dateline, its date when the year is known)."""
    return None, None


def event_date(ctx: ArticleContext, frame: EventFrame) -> EventDate:
    if ctx.published is None:
        return EventDate()
    return EventDate(ctx.published, 1, 0.3, notes=["date: publication date, the text gives none"])
