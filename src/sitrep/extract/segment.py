"""Group trigger mentions into event frames, one per distinct event; drop non-events.

Owner: issue 4 (background, future, hypothetical and statements are not events).
"""

from __future__ import annotations

from sitrep.extract.context import ArticleContext, EventFrame, Trigger


def segment(ctx: ArticleContext, triggers: list[Trigger], skip: set[int] | None = None) -> list[EventFrame]:
    """One frame per sentence with triggers (seed behaviour); `skip` holds aggregate-only sentences."""
    skip = skip or set()
    by_sentence: dict[int, list[Trigger]] = {}
    for trigger in triggers:
        if trigger.sentence not in skip:
            by_sentence.setdefault(trigger.sentence, []).append(trigger)
    return [EventFrame(sentences=[i], triggers=ts) for i, ts in sorted(by_sentence.items())]
