"""The ingest job: sources in, stored articles and events out.

For each document: skip it if already stored; detect its language (not English: store it, marked
unsupported); look for an exact or near copy among stored and pending articles (a copy is stored as
a source of the original's events, not extracted again); otherwise queue it for extraction, which
runs in batches through the real `Pipeline`. Each article is committed in its own transaction, so a
killed run loses at most the articles it had not committed yet, and the next run redoes just those.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sitrep.ingest import dedup
from sitrep.ingest.feeds import FeedError, FeedPoll, looks_like_feed, parse_feed, poll_feed
from sitrep.ingest.files import Rejected, decode, read_inputs, read_url_list
from sitrep.ingest.html import html_to_article
from sitrep.ingest.language import detect_language
from sitrep.ingest.web import Fetched, Fetcher, FetchError
from sitrep.records import Article
from sitrep.store import Store
from sitrep.store import models as m

log = logging.getLogger(__name__)

FEED_SUFFIXES = {".rss", ".atom", ".xml"}
BATCH_SIZE = 32


@dataclass
class IngestCounts:
    articles: int = 0  # new articles stored (any status)
    extracted: int = 0
    events: int = 0
    aggregates: int = 0
    duplicates: int = 0  # exact or near copies, stored as sources of the original
    unsupported: int = 0  # not English: stored, not extracted
    unchanged: int = 0  # already in the store from an earlier run
    rejected: int = 0
    feeds_not_modified: int = 0

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class _Pending:
    article: Article
    digest: str
    signature: Any
    source_ref: str | None


@dataclass
class _Copy:
    article: Article
    digest: str
    original_doc_id: str
    source_ref: str | None


@dataclass
class Ingestor:
    store: Store
    fetcher: Fetcher = field(default_factory=Fetcher)
    pipeline: Any = None  # loaded on first use: a run of duplicates only never pays for spaCy
    batch_size: int = BATCH_SIZE
    published: dt.date | None = None
    on_update: Callable[[IngestCounts], None] | None = None
    counts: IngestCounts = field(default_factory=IngestCounts)

    def __post_init__(self) -> None:
        self._index: dedup.NearDuplicateIndex | None = None
        self._pending: list[_Pending] = []
        self._pending_hashes: dict[str, str] = {}
        self._copies: list[_Copy] = []

    # -- entry points --------------------------------------------------------------------------
    def ingest(self, sources: Iterable[str]) -> IngestCounts:
        try:
            for source in sources:
                for item, ref in self._expand(source):
                    self.add(item, ref)
            self.flush()
        finally:
            self.fetcher.close()
        return self.counts

    def add(self, item: Article | Rejected, source_ref: str | None = None) -> None:
        if isinstance(item, Rejected):
            self._reject(item.source, item.reason)
            return
        try:
            self._add_article(item, source_ref)
        except Exception as err:  # one odd document must not end the batch
            log.exception("ingest failed for %s", item.id)
            self._reject(item.id, f"internal error while ingesting: {err.__class__.__name__}: {err}")

    def flush(self) -> None:
        """Extract the queued articles, store them, then store the copies that pointed at them."""
        pending, self._pending = self._pending, []
        self._pending_hashes = {}
        if pending:
            for item, records in self._extract(pending):
                self._save(item.article, records, item.digest, m.EXTRACTED, item.signature, item.source_ref)
        copies, self._copies = self._copies, []
        for copy in copies:
            original = self.store.article_by_doc_id(copy.original_doc_id)
            if original is None:  # the original failed to store: this copy is the text now
                self._queue(copy.article, copy.digest, dedup.minhash(copy.article.text), copy.source_ref)
                continue
            self._save_copy(copy.article, copy.digest, original.id, copy.source_ref)
        if self._pending:
            self.flush()

    # -- sources -------------------------------------------------------------------------------
    def _expand(self, source: str) -> Iterator[tuple[Article | Rejected, str | None]]:
        if source.startswith(("http://", "https://")):
            yield from self._from_url(source)
            return
        path = Path(source)
        if path.is_file() and path.suffix.lower() in FEED_SUFFIXES:
            yield from self._from_feed_file(path)
            return
        urls = read_url_list(path) if path.is_file() else None
        if urls is not None:
            for url in urls:
                yield from self._from_url(url)
            return
        for item in read_inputs(source, self.published, doc_ids="path"):
            ref = item.source if isinstance(item, Rejected) else item.id
            yield item, ref

    def _from_url(self, url: str) -> Iterator[tuple[Article | Rejected, str | None]]:
        if self.store.article_by_doc_id(url) is not None:
            self.counts.unchanged += 1
            return
        state = self.store.feed_state(url)
        if state is not None:  # a known feed: ask only for what changed
            yield from self.poll(url)
            return
        try:
            answer = self.fetcher.fetch(url)
        except FetchError as err:
            yield Rejected(url, str(err)), url
            return
        if looks_like_feed(answer.body, answer.content_type):
            yield from self._feed_entries(url, answer)
            return
        yield self._page(url, answer), url

    def poll(self, url: str) -> Iterator[tuple[Article | Rejected, str | None]]:
        """The new entries of a feed; its ETag/Last-Modified are saved once they are all stored."""
        state = self.store.feed_state(url)
        try:
            polled = poll_feed(
                self.fetcher, url, state.etag if state else None, state.last_modified if state else None
            )
        except (FetchError, FeedError) as err:
            yield Rejected(url, str(err)), url
            return
        if polled.not_modified:
            self.counts.feeds_not_modified += 1
            return
        yield from self._entries(polled)
        self.flush()  # the new state may only be saved once the entries it covers are committed
        self.store.save_feed_state(url, polled.etag, polled.last_modified, polled.status, len(polled.entries))

    def _feed_entries(self, url: str, answer: Fetched) -> Iterator[tuple[Article | Rejected, str | None]]:
        try:
            entries, warning = parse_feed(answer.body, answer.final_url)
        except FeedError as err:
            yield Rejected(url, str(err)), url
            return
        polled = FeedPoll(
            url,
            answer.status,
            answer.headers.get("etag"),
            answer.headers.get("last-modified"),
            entries,
            warning,
        )
        yield from self._entries(polled)
        self.flush()
        self.store.save_feed_state(url, polled.etag, polled.last_modified, polled.status, len(entries))

    def _from_feed_file(self, path: Path) -> Iterator[tuple[Article | Rejected, str | None]]:
        try:
            entries, warning = parse_feed(path.read_bytes()[: 20 * 1024 * 1024], path.as_uri())
        except (FeedError, OSError) as err:
            yield Rejected(str(path), str(err)), str(path)
            return
        yield from self._entries(FeedPoll(str(path), 200, entries=entries, warning=warning))

    def _entries(self, polled: FeedPoll) -> Iterator[tuple[Article | Rejected, str | None]]:
        if polled.warning:
            log.warning("%s: %s", polled.url, polled.warning)
        for entry in polled.entries:
            if self.store.article_by_doc_id(entry.link) is not None:
                self.counts.unchanged += 1
                continue
            try:
                answer = self.fetcher.fetch(entry.link)
            except FetchError as err:
                yield Rejected(entry.link, str(err)), polled.url
                continue
            page = self._page(entry.link, answer)
            if isinstance(page, Article):
                page = page.model_copy(
                    update={
                        "title": page.title or entry.title,
                        "published": page.published or entry.published,
                    }
                )
            yield page, polled.url

    def _page(self, url: str, answer: Fetched) -> Article | Rejected:
        kind = answer.content_type
        if kind not in {"", "text/html", "application/xhtml+xml", "text/plain"}:
            return Rejected(url, f"content type {kind} is not a news page")
        text = decode(answer.body, answer.charset)
        if text is None:
            return Rejected(url, "binary content, not HTML")
        if not text.strip():
            return Rejected(url, "empty page")
        if kind == "text/plain":
            return Article(id=url, text=text, url=answer.final_url, published=self.published)
        page = html_to_article(text, url=answer.final_url)
        if page is None:
            return Rejected(url, "no article text found in the HTML page")
        return Article(
            id=url,
            text=page.text,
            title=page.title,
            published=self.published or page.published,
            url=page.url or answer.final_url,
            source=page.site_name,
        )

    # -- one article ---------------------------------------------------------------------------
    def _add_article(self, article: Article, source_ref: str | None) -> None:
        digest = dedup.content_hash(article.text)
        stored = self.store.article_by_doc_id(article.id)
        if stored is not None and stored.content_hash == digest:
            self.counts.unchanged += 1
            return
        if stored is not None:  # the same address now serves a different text: keep both versions
            article = article.model_copy(update={"id": f"{article.id}#{digest[:12]}"})
            if self.store.article_by_doc_id(article.id) is not None:
                self.counts.unchanged += 1
                return
        if any(p.article.id == article.id for p in self._pending):
            self.counts.unchanged += 1
            return
        language = detect_language(article.text)
        article = article.model_copy(update={"language": language.code})
        if not language.supported:
            saved = self._save(article, [], digest, m.UNSUPPORTED_LANGUAGE, None, source_ref)
            if saved:
                self.counts.unsupported += 1
            return
        if digest in self._pending_hashes:
            self._defer_copy(article, digest, self._pending_hashes[digest], source_ref)
            return
        exact = self.store.article_by_hash(digest)
        if exact is not None:
            self._save_copy(article, digest, exact.id, source_ref)
            return
        signature = dedup.minhash(article.text)
        for original_doc_id, _similarity in self._near_index().candidates(signature):
            pending = next((p for p in self._pending if p.article.id == original_doc_id), None)
            original = None if pending is not None else self.store.article_by_doc_id(original_doc_id)
            if pending is not None:
                original_text, original_source = pending.article.text, pending.article.source
            elif original is not None:
                original_text, original_source = original.text, original.source
            else:
                continue
            if not dedup.is_copy(article.text, original_text, (article.source, original_source)):
                continue
            if pending is not None:
                self._defer_copy(article, digest, original_doc_id, source_ref)
            else:
                self._save_copy(article, digest, original.id, source_ref)
            return
        self._queue(article, digest, signature, source_ref)

    def _queue(self, article: Article, digest: str, signature: Any, source_ref: str | None) -> None:
        self._pending.append(_Pending(article, digest, signature, source_ref))
        self._pending_hashes[digest] = article.id
        self._near_index().add(article.id, signature)
        if len(self._pending) >= self.batch_size:
            self.flush()

    def _defer_copy(
        self, article: Article, digest: str, original_doc_id: str, source_ref: str | None
    ) -> None:
        self._copies.append(_Copy(article, digest, original_doc_id, source_ref))

    def _near_index(self) -> dedup.NearDuplicateIndex:
        if self._index is None:
            self._index = dedup.NearDuplicateIndex()
            for doc_id, data in self.store.minhashes():
                self._index.add(doc_id, dedup.from_bytes(data))
        return self._index

    def _extract(self, pending: list[_Pending]) -> Iterator[tuple[_Pending, list]]:
        if self.pipeline is None:
            from sitrep.pipeline import Pipeline

            self.pipeline = Pipeline()
        try:
            results = list(self.pipeline.extract_many([p.article for p in pending]))
        except Exception:  # find the one article that breaks the batch, keep the rest
            log.exception("batch extraction failed; retrying one article at a time")
            for item in pending:
                try:
                    yield item, self.pipeline.extract(item.article)
                except Exception as err:
                    self._reject(item.article.id, f"extraction failed: {err.__class__.__name__}: {err}")
            return
        yield from zip(pending, (records for _article, records in results), strict=True)

    # -- writing -------------------------------------------------------------------------------
    def _save(
        self,
        article: Article,
        records: list,
        digest: str,
        status: str,
        signature: Any,
        source_ref: str | None,
    ) -> bool:
        try:
            saved = self.store.save_article_with_records(
                article,
                records,
                content_hash=digest,
                status=status,
                source_ref=source_ref,
                minhash=dedup.to_bytes(signature) if signature is not None else None,
            )
        except Exception as err:  # a store error for one article is logged, the run goes on
            log.exception("could not store %s", article.id)
            self._reject(article.id, f"could not store: {err.__class__.__name__}: {err}")
            return False
        if not saved.created:
            self.counts.unchanged += 1
            return False
        self.counts.articles += 1
        if status == m.EXTRACTED:
            self.counts.extracted += 1
            self.counts.events += saved.n_events
            self.counts.aggregates += saved.n_aggregates
        self._notify()
        return True

    def _save_copy(self, article: Article, digest: str, original_id: int, source_ref: str | None) -> None:
        try:
            saved = self.store.save_article_with_records(
                article,
                content_hash=digest,
                status=m.DUPLICATE,
                copy_of=original_id,
                source_ref=source_ref,
            )
        except Exception as err:
            log.exception("could not store %s", article.id)
            self._reject(article.id, f"could not store: {err.__class__.__name__}: {err}")
            return
        if saved.created:
            self.counts.articles += 1
            self.counts.duplicates += 1
        else:
            self.counts.unchanged += 1
        self._notify()

    def _reject(self, source: str, reason: str) -> None:
        try:
            self.store.log_rejected(source, reason)
        except Exception:  # the store itself is failing: say so, but keep the count
            log.exception("could not log the rejection of %s", source)
        self.counts.rejected += 1
        self._notify()

    def _notify(self) -> None:
        if self.on_update is not None:
            self.on_update(self.counts)
