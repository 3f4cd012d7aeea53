"""Who did what to whom: actor recognition, linking to the knowledge base, roles, inter codes, claims.

Owner: issue 6.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitrep.extract.classify import Classification
from sitrep.extract.context import ArticleContext, EventFrame
from sitrep.extract.geocode import Place
from sitrep.records import Span


@dataclass
class Actors:
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    interaction: int | None = None
    claimed_by: str | None = None
    confidence: float = 0.0
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class ActorCoder:
    """Holds the loaded actor knowledge base."""

    def code(self, ctx: ArticleContext, frame: EventFrame, kind: Classification, place: Place) -> Actors:
        return Actors()
