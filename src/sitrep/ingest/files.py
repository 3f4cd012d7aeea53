"""Read `.txt`, `.html`, `.jsonl` files, directories of them, or stdin into Articles.

Bad documents never stop a batch: each becomes a `Rejected` with a reason a user can act on.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sitrep.ingest.html import html_to_article
from sitrep.records import Article

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MAX_FILE_BYTES = 20 * 1024 * 1024  # bigger "articles" are dumps, not news: refuse without reading


@dataclass
class Rejected:
    source: str
    reason: str


def read_inputs(path: str, published: dt.date | None = None) -> Iterator[Article | Rejected]:
    if path == "-":
        yield from _from_text_blob("stdin", sys.stdin.buffer.read(), published)
        return
    p = Path(path)
    if not p.exists():
        yield Rejected(path, "no such file or directory; check the path")
        return
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file())
        for f in files:
            yield from _read_file(f, published)
        return
    yield from _read_file(p, published)


def _read_file(path: Path, published: dt.date | None) -> Iterator[Article | Rejected]:
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES:
        yield Rejected(str(path), f"unsupported file type {suffix or '(none)'}; use .txt, .html or .jsonl")
        return
    size = path.stat().st_size
    if size > MAX_FILE_BYTES and suffix not in JSONL_SUFFIXES:
        yield Rejected(str(path), f"file is {size // 1_000_000} MB, over the {MAX_FILE_BYTES // 1_000_000} MB cap")
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, published)
        return
    data = path.read_bytes()
    if suffix in HTML_SUFFIXES:
        yield _from_html(path.name, data, published)
    else:
        yield from _from_text_blob(path.name, data, published)


def decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else cp1252 for legacy pages; None for binary content."""
    if b"\x00" in data[:4096]:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _from_text_blob(doc_id: str, data: bytes, published: dt.date | None) -> Iterator[Article | Rejected]:
    text = decode(data)
    if text is None:
        yield Rejected(doc_id, "binary content, not text")
    elif not text.strip():
        yield Rejected(doc_id, "empty text")
    else:
        yield Article(id=doc_id, text=text, published=published)


def _from_html(doc_id: str, data: bytes, published: dt.date | None) -> Article | Rejected:
    html = decode(data)
    if html is None:
        return Rejected(doc_id, "binary content, not HTML")
    if not html.strip():
        return Rejected(doc_id, "empty file")
    page = html_to_article(html)
    if page is None:
        return Rejected(doc_id, "no article text found in the HTML page")
    return Article(
        id=doc_id, text=page.text, title=page.title, published=published or page.published,
        url=page.url, source=page.site_name,
    )


def _read_jsonl(path: Path, published: dt.date | None) -> Iterator[Article | Rejected]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            where = f"{path.name}:{number}"
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as err:
                yield Rejected(where, f"line is not JSON ({err.__class__.__name__})")
                continue
            yield article_from_row(row, where, published)


def article_from_row(row: object, where: str, published: dt.date | None = None) -> Article | Rejected:
    """A `.jsonl` line: {"id", "text"?, "html"?, "title"?, "published"?, "url"?, "source"?}."""
    if not isinstance(row, dict):
        return Rejected(where, "line is JSON but not an object")
    doc_id = str(row.get("id") or where)
    row_published = published
    if row.get("published"):
        try:
            row_published = dt.date.fromisoformat(str(row["published"])[:10])
        except ValueError:
            return Rejected(where, f"published {row['published']!r} is not YYYY-MM-DD")
    text, title, url, source = row.get("text"), row.get("title"), row.get("url"), row.get("source")
    if not (isinstance(text, str) and text.strip()) and isinstance(row.get("html"), str):
        page = html_to_article(row["html"], url=url)
        if page is None:
            return Rejected(where, "no article text found in the HTML")
        text = page.text
        title = title or page.title
        row_published = row_published or page.published
        source = source or page.site_name
    if not isinstance(text, str) or not text.strip():
        return Rejected(where, "no text: give a non-empty \"text\" or \"html\" field")
    return Article(id=doc_id, text=text, title=title, published=row_published, url=url, source=source)
