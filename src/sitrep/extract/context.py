"""What every extraction stage sees: the article cut into sentences, and the event frames found in it.

Stages are pure: they read an `ArticleContext` and an `EventFrame` and return a typed result with
evidence spans. Offsets are always into `ArticleContext.text` (the article text), never into a
sentence, so evidence can be highlighted in the original.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sitrep.records import Article, Span


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    # Headings, "Recent Comments", share buttons: kept for offsets, never read for events.
    furniture: bool = False


@dataclass(frozen=True)
class Trigger:
    """A word or phrase that can name an event ("suicide bomber", "clashed", "protested")."""

    span: Span
    sentence: int
    category: str  # a key of knowledge/triggers.yaml, e.g. "suicide_bomb", "armed_clash"


@dataclass
class EventFrame:
    """The sentences of one article that describe one event, primary sentence first."""

    sentences: list[int]
    triggers: list[Trigger]
    # Why the segmenter kept or merged this frame; surfaces in `notes` when useful.
    reasons: list[str] = field(default_factory=list)


@dataclass
class ArticleContext:
    article: Article
    sentences: list[Sentence]
    # The date events are resolved against: the input's, else the HTML's, else the dateline's.
    published: dt.date | None = None
    published_source: str | None = None  # "input", "dateline", "html"
    dateline: Span | None = None
    # spaCy Docs of the sentences that were parsed, by sentence index.
    docs: dict[int, Any] = field(default_factory=dict)
    # Article-wide facts a stage computes once (e.g. the country context), keyed by stage name.
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.article.text

    def span(self, start: int, end: int) -> Span:
        return Span(start=start, end=end, text=self.article.text[start:end])

    def frame_text(self, frame: EventFrame) -> str:
        return " ".join(self.sentences[i].text for i in sorted(frame.sentences))
