"""Read `.txt`, `.html`, `.jsonl`, `.csv` files (optionally gzipped), directories of them, or stdin
into Articles. WARC archives are read by `sitrep.ingest.warc`; feeds and URLs by `sitrep.ingest.sources`.

Bad documents never stop a batch: each becomes a `Rejected` with a reason a user can act on. Sizes
are checked before reading, so a huge file is refused without being loaded into memory.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from sitrep.ingest.html import html_to_article
from sitrep.records import Article

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
MIB = 1024 * 1024
MAX_FILE_BYTES = 20 * MIB  # bigger "articles" are dumps, not news: refuse without reading
MAX_RECORD_BYTES = 20 * MIB  # one JSONL line, CSV row or WARC record
_URL_LINE = re.compile(r"^https?://\S+$")

DocIds = Literal["name", "path"]


@dataclass
class Rejected:
    source: str
    reason: str


def read_inputs(
    path: str, published: dt.date | None = None, doc_ids: DocIds = "name"
) -> Iterator[Article | Rejected]:
    """`doc_ids="path"` names documents by their absolute path (stable across runs, unique across
    folders: what `sitrep ingest` needs); "name" uses the file name (short, for `sitrep extract`)."""
    if path == "-":
        yield from _from_text_blob("stdin", sys.stdin.buffer.read(), published)
        return
    p = Path(path)
    try:
        if not p.exists():
            yield Rejected(path, "no such file or directory; check the path")
            return
        if p.is_dir():
            for f in sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")):
                yield from read_file(f, published, doc_ids)
            return
    except OSError as err:
        yield Rejected(path, f"cannot read: {err.strerror or err}")
        return
    yield from read_file(p, published, doc_ids)


def kind_of(path: Path) -> tuple[str, bool]:
    """The logical suffix (".html" for "page.html.gz") and whether the file is gzipped."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        return (suffixes[-2] if len(suffixes) > 1 else ""), True
    return (suffixes[-1] if suffixes else ""), False


def read_file(
    path: Path, published: dt.date | None, doc_ids: DocIds = "name"
) -> Iterator[Article | Rejected]:
    where = str(path)
    doc_id = str(path.resolve()) if doc_ids == "path" else path.name
    suffix, gzipped = kind_of(path)
    if suffix == ".warc":
        from sitrep.ingest.warc import read_warc

        yield from read_warc(path, published)
        return
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES:
        yield Rejected(
            where, f"unsupported file type {suffix or '(none)'}; use .txt, .html, .jsonl, .csv, .warc"
        )
        return
    try:
        size = path.stat().st_size
        if size == 0:
            yield Rejected(where, "empty file")
            return
        streamed = suffix in JSONL_SUFFIXES | CSV_SUFFIXES
        if size > MAX_FILE_BYTES and not streamed:
            yield Rejected(where, f"file is {size // MIB} MiB, over the {MAX_FILE_BYTES // MIB} MiB cap")
            return
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, doc_id, gzipped, published)
        elif suffix in CSV_SUFFIXES:
            yield from _read_csv(path, doc_id, gzipped, published)
        else:
            data = _read_capped(path, gzipped)
            if data is None:
                yield Rejected(where, f"decompressed size is over the {MAX_FILE_BYTES // MIB} MiB cap")
            elif suffix in HTML_SUFFIXES:
                yield _from_html(doc_id, data, published)
            else:
                yield from _from_text_blob(doc_id, data, published)
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:
        yield Rejected(where, f"truncated or corrupt gzip ({err})")
    except OSError as err:
        yield Rejected(where, f"cannot read: {err.strerror or err}")


def read_url_list(path: Path) -> list[str] | None:
    """The URLs of a file of URLs (one a line, `#` comments allowed), or None if it is not one."""
    suffix, gzipped = kind_of(path)
    if gzipped or suffix not in TEXT_SUFFIXES | {".urls", ".list", ""}:
        return None
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        lines = [line.strip() for line in path.read_text("utf-8", errors="replace").splitlines()]
    except OSError:
        return None
    lines = [line for line in lines if line and not line.startswith("#")]
    if lines and all(_URL_LINE.match(line) for line in lines):
        return lines
    return None


def _open(path: Path, gzipped: bool) -> IO[bytes]:
    return gzip.open(path, "rb") if gzipped else path.open("rb")


def _read_capped(path: Path, gzipped: bool) -> bytes | None:
    with _open(path, gzipped) as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    return None if len(data) > MAX_FILE_BYTES else data


# -- decoding ------------------------------------------------------------------------------------
def _cp1252_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8 are read as Windows-1252 (or Latin-1 where cp1252 has a hole)."""
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="strict") if _cp1252_ok(bad) else bad.decode("latin-1"), err.end


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


codecs.register_error("sitrep-cp1252", _cp1252_fallback)


def decode(data: bytes, declared: str | None = None) -> str | None:
    """Text from bytes; None for binary content.

    A declared charset (HTTP header, WARC record) is tried first. Otherwise UTF-8, where each byte run
    that is not UTF-8 is read as Windows-1252: this handles legacy pages and the common mix of both in
    one file without turning the UTF-8 parts into mojibake.
    """
    if looks_binary(data):
        return None
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="sitrep-cp1252")


def looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head or head.startswith((b"\x1f\x8b", b"PK\x03\x04", b"%PDF", b"\x89PNG")):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.05


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
        id=doc_id,
        text=page.text,
        title=page.title,
        published=published or page.published,
        url=page.url,
        source=page.site_name,
    )


# -- line-oriented files -------------------------------------------------------------------------
def _read_jsonl(
    path: Path, doc_id: str, gzipped: bool, published: dt.date | None
) -> Iterator[Article | Rejected]:
    with _open(path, gzipped) as handle:
        number = 0
        while True:
            raw = handle.readline(MAX_RECORD_BYTES + 1)
            if not raw:
                break
            number += 1
            where = f"{doc_id}:{number}"
            if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
                yield Rejected(where, f"line is over the {MAX_RECORD_BYTES // MIB} MiB cap")
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line, chunk by chunk
                    raw = handle.readline(MAX_RECORD_BYTES)
                continue
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as err:
                yield Rejected(where, f"line is not JSON ({err.__class__.__name__}: {err})")
                continue
            yield article_from_row(row, where, published)


def _read_csv(
    path: Path, doc_id: str, gzipped: bool, published: dt.date | None
) -> Iterator[Article | Rejected]:
    csv.field_size_limit(MAX_RECORD_BYTES)
    with _open(path, gzipped) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", errors="sitrep-cp1252", newline="")
        reader = csv.DictReader(text)
        if not reader.fieldnames or not {"text", "html"} & set(reader.fieldnames):
            yield Rejected(str(path), 'CSV needs a header row with a "text" or "html" column')
            return
        number = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as err:
                yield Rejected(f"{doc_id}:{number + 1}", f"bad CSV row ({err})")
                break
            number += 1
            yield article_from_row(
                {k: v for k, v in row.items() if v not in (None, "")}, f"{doc_id}:{number}", published
            )


def article_from_row(row: object, where: str, published: dt.date | None = None) -> Article | Rejected:
    """A `.jsonl` line or CSV row: {"id", "text"?, "html"?, "title"?, "published"?, "url"?, "source"?}."""
    if not isinstance(row, dict):
        return Rejected(where, "line is JSON but not an object")
    doc_id = str(row.get("id") or row.get("url") or where)
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
        return Rejected(where, 'no text: give a non-empty "text" or "html" field')
    return Article(id=doc_id, text=text, title=title, published=row_published, url=url, source=source)
