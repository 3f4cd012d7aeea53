"""ACLED event type, sub-event type, disorder type and civilian targeting for one frame.

Owner: issue 4.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitrep.extract.context import ArticleContext, EventFrame
from sitrep.records import Span


@dataclass
class Classification:
    event_type: str | None = None
    sub_event_type: str | None = None
    disorder_type: str | None = None
    civilian_targeting: str | None = None
    confidence: float = 0.0
    evidence: dict[str, list[Span]] = field(default_factory=dict)


def classify(ctx: ArticleContext, frame: EventFrame) -> Classification:
    trigger = frame.triggers[0]
    seed = {
        "suicide_bomb": ("Explosions/Remote violence", "Suicide bomb", "Political violence"),
        "air_strike": ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
        "armed_clash": ("Battles", "Armed clash", "Political violence"),
        "peaceful_protest": ("Protests", "Peaceful protest", "Demonstrations"),
        "arrests": ("Strategic developments", "Arrests", "Strategic developments"),
        "attack": ("Violence against civilians", "Attack", "Political violence"),
    }
    event_type, sub_type, disorder = seed.get(trigger.category, (None, None, None))
    spans = [t.span for t in frame.triggers]
    return Classification(event_type, sub_type, disorder, None, 0.5,
                          {"event_type": spans, "sub_event_type": spans})
