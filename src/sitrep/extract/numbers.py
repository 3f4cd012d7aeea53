"""Fatalities, injuries and arrests, by ACLED's conservative rules, with UCDP-style low/high.

Owner: issue 5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitrep.extract.context import ArticleContext, EventFrame
from sitrep.records import Span


@dataclass
class Counts:
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injuries: int | None = None
    arrested: int | None = None
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


_KILLED = re.compile(r"\b(\d+)\s+(?:\w+\s+){0,3}?(?:were\s+|was\s+)?(?:killed|dead)\b", re.IGNORECASE)


def count(ctx: ArticleContext, frame: EventFrame) -> Counts:
    counts = Counts(fatalities=0)
    for index in frame.sentences:
        sentence = ctx.sentences[index]
        m = _KILLED.search(sentence.text)
        if m:
            n = int(m.group(1))
            s = sentence.start + m.start()
            counts = Counts(n, n, n, evidence={"fatalities": [ctx.span(s, sentence.start + m.end())]})
            break
    return counts
