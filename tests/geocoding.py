"""Running the geocoder over a test's text the way the pipeline does: every sentence parsed, one frame."""

from __future__ import annotations

from sitrep.extract.context import ArticleContext, EventFrame
from sitrep.extract.geocode import Geocoder, Place
from sitrep.extract.sentences import split_sentences
from sitrep.records import Article


def prepared(geocoder: Geocoder, text: str) -> ArticleContext:
    """The article as the geocoder leaves it after its pass over the whole text (no sentence parsed)."""
    ctx = ArticleContext(article=Article(id="t", text=text), sentences=split_sentences(text))
    geocoder.prepare(ctx)
    return ctx


def locate(geocoder: Geocoder, text: str, nlp) -> Place:
    ctx = prepared(geocoder, text)
    indices = [s.index for s in ctx.sentences]
    for i in indices:
        ctx.docs[i] = nlp(ctx.sentences[i].text)
    place = geocoder.locate(ctx, EventFrame(sentences=indices, triggers=[]))
    assert place is not None
    return place
