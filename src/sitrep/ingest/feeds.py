"""RSS and Atom feeds (feedparser), fetched with a conditional GET so an unchanged feed costs one
304 answer. The ETag and Last-Modified of each feed are kept in the store (`feeds` table)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sitrep.ingest.web import Fetcher

FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
}


class FeedError(Exception):
    """A feed that cannot be read; the message is the reason logged in `ingest_log`."""


@dataclass
class FeedEntry:
    link: str
    title: str | None = None
    published: dt.date | None = None
    summary: str | None = None


@dataclass
class FeedPoll:
    url: str
    status: int
    etag: str | None = None
    last_modified: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    warning: str | None = None  # a feed with XML errors that still gave entries

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    if content_type in FEED_TYPES - {"application/xml", "text/xml"}:
        return True
    head = body[:1024].lstrip().lower()
    if content_type in {"application/xml", "text/xml"} or head.startswith(b"<?xml"):
        return any(tag in body[:4096].lower() for tag in (b"<rss", b"<feed", b"<rdf:rdf"))
    return False


def parse_feed(body: bytes, url: str) -> tuple[list[FeedEntry], str | None]:
    """Entries of a feed document, and a warning if its XML was faulty but still usable.

    Raises FeedError when nothing usable is in it (malformed XML with no entries, or not a feed).
    """
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": url})
    entries = [e for e in (_entry(raw) for raw in parsed.entries) if e is not None]
    problem = str(parsed.get("bozo_exception", "")) if parsed.get("bozo") else None
    if not entries:
        if problem:
            raise FeedError(f"malformed feed XML: {problem}")
        if not parsed.get("version"):
            raise FeedError("not an RSS or Atom feed")
    return entries, (
        f"feed XML has errors ({problem}); read {len(entries)} entries anyway" if problem else None
    )


def poll_feed(
    fetcher: Fetcher, url: str, etag: str | None = None, last_modified: str | None = None
) -> FeedPoll:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    answer = fetcher.fetch(url, headers)
    poll = FeedPoll(
        url=url,
        status=answer.status,
        etag=answer.headers.get("etag", etag),
        last_modified=answer.headers.get("last-modified", last_modified),
    )
    if poll.not_modified:
        return poll
    poll.entries, poll.warning = parse_feed(answer.body, answer.final_url)
    return poll


def _entry(raw) -> FeedEntry | None:
    link = raw.get("link")
    if not link:
        return None
    published = None
    stamp = raw.get("published_parsed") or raw.get("updated_parsed")
    if stamp:
        published = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
    return FeedEntry(link=link, title=raw.get("title"), published=published, summary=raw.get("summary"))
