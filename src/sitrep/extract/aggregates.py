"""Running totals and summary figures: reported as aggregates, never as events.

Owner: issue 4.
"""

from __future__ import annotations

from sitrep.extract.context import ArticleContext
from sitrep.records import Aggregate, Event


def find_aggregates(ctx: ArticleContext) -> tuple[list[Aggregate], set[int]]:
    """Return the aggregates and the indexes of sentences that hold only an aggregate."""
    return [], set()


def check_consistency(aggregates: list[Aggregate], events: list[Event]) -> None:
    """Fill `consistent_with` where the article's events add up to an aggregate's total."""
