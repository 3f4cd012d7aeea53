"""Articles from `.warc` / `.warc.gz` archives (Common Crawl News and the like), with fastwarc.

Only HTTP 200 `response` records with an HTML body are read. A truncated archive keeps every complete
record and reports the cut as one `Rejected`: fastwarc itself drops a cut-off gzip member silently.
"""

from __future__ import annotations

import datetime as dt
import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from sitrep.ingest.files import MAX_RECORD_BYTES, Rejected, decode
from sitrep.ingest.html import html_to_article
from sitrep.records import Article

HTML_TYPES = {"text/html", "application/xhtml+xml"}


def read_warc(path: Path, published: dt.date | None = None) -> Iterator[Article | Rejected]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    name = str(path)
    gzipped = path.name.lower().endswith(".gz")
    last_pos = 0
    n_records = 0
    with path.open("rb") as handle:
        try:
            records = ArchiveIterator(
                handle,
                record_types=WarcRecordType.response,
                parse_http=True,
                max_content_length=MAX_RECORD_BYTES,
            )
            for record in records:
                n_records += 1
                last_pos = record.stream_pos
                uri = record.headers.get("WARC-Target-URI") or f"{name}@{record.stream_pos}"
                body = record.reader.read()
                if len(body) < record.content_length:
                    yield Rejected(uri, f"truncated WARC: {path.name} ends inside this record")
                    return
                item = _record_article(uri, record, body, published)
                if item is not None:
                    yield item
        except (OSError, ValueError, zlib.error) as err:
            what = "not a WARC file" if n_records == 0 else f"unreadable WARC after {n_records} record(s)"
            yield Rejected(name, f"{what} ({err})")
            return
    size = os.path.getsize(path)
    if n_records == 0 and size > 0 and not _has_warc_header(path, gzipped):
        yield Rejected(name, "not a WARC file (no WARC/1.x record header)")
    elif gzipped and size > 0 and not _gzip_tail_complete(path, last_pos):
        yield Rejected(name, f"truncated gzip: the archive is cut off after {n_records} record(s)")


def _record_article(uri: str, record, body: bytes, published: dt.date | None) -> Article | Rejected | None:
    """None for records that are not news pages (redirects, images, scripts): they are not inputs."""
    status = record.http_headers.status_code if record.http_headers is not None else None
    content_type = (record.http_content_type or "").lower()
    if status != 200 or content_type not in HTML_TYPES:
        return None
    html = decode(body, record.http_charset)
    if html is None:
        return Rejected(uri, "binary content, not HTML")
    page = html_to_article(html, url=uri)
    if page is None:
        return Rejected(uri, "no article text found in the HTML page")
    crawled = record.record_date.date() if record.record_date is not None else None
    return Article(
        id=uri,
        text=page.text,
        title=page.title,
        published=published or page.published or crawled,
        url=uri,
        source=page.site_name,
    )


def _has_warc_header(path: Path, gzipped: bool) -> bool:
    import gzip

    with path.open("rb") as raw:
        try:
            head = gzip.GzipFile(fileobj=raw).read(16) if gzipped else raw.read(16)
        except (OSError, EOFError):
            return False
    return head.lstrip().startswith(b"WARC/")


def _gzip_tail_complete(path: Path, start: int) -> bool:
    """Whether every gzip member from `start` (the last record read) to the end is complete."""
    with path.open("rb") as handle:
        handle.seek(start)
        data = handle.read()
    # One member per record (the WARC convention), so this inflates only the last record or two.
    while data:
        inflater = zlib.decompressobj(wbits=31)
        try:
            inflater.decompress(data)
        except zlib.error:
            return False
        if not inflater.eof:
            return False
        data = inflater.unused_data
    return True
