"""WARC archives: news pages are read, other records skipped, and a truncated archive is reported."""

from __future__ import annotations

import gzip

from sitrep.ingest.files import Rejected, read_inputs
from sitrep.records import Article

BODY = (
    "<html><head><title>Market shelled</title></head><body><nav>Home | World</nav><article><p>"
    "Artillery shells hit a crowded market in the town of Dara on Saturday, killing five people and "
    "wounding a dozen, a hospital official said. Residents said the shelling came from the hills.</p>"
    "</article><footer>All rights reserved</footer></body></html>"
)


def _record(
    uri: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK"
) -> bytes:
    http = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    )
    block = http + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2026-03-07T09:30:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{abs(hash(uri)) % 10**12:012d}>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def _archive(n: int = 4) -> list[bytes]:
    records = [
        _record(f"https://news.example/story-{i}", BODY.replace("Dara", f"Dara-{i}").encode())
        for i in range(n)
    ]
    records.append(_record("https://news.example/logo.png", b"\x89PNG....", content_type="image/png"))
    records.append(_record("https://news.example/old", b"", status="301 Moved Permanently"))
    return records


def test_warc_gz_yields_the_news_pages_only(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(gzip.compress(r) for r in _archive()))
    items = list(read_inputs(str(path)))
    assert all(isinstance(i, Article) for i in items)
    assert [i.id for i in items] == [f"https://news.example/story-{i}" for i in range(4)]
    assert "killing five people" in items[0].text and "rights reserved" not in items[0].text
    assert items[0].url == "https://news.example/story-0"


def test_truncated_warc_gz_keeps_complete_records_and_reports_the_cut(tmp_path):
    members = [gzip.compress(r) for r in _archive()[:4]]
    data = b"".join(members)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - len(members[-1]) // 2])
    items = list(read_inputs(str(path)))
    assert [i.id for i in items if isinstance(i, Article)] == [
        f"https://news.example/story-{i}" for i in range(3)
    ]
    assert isinstance(items[-1], Rejected) and items[-1].reason.startswith("truncated")


def test_truncated_plain_warc_rejects_the_cut_record(tmp_path):
    data = b"".join(_archive()[:3])
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:-200])
    items = list(read_inputs(str(path)))
    assert [i.id for i in items if isinstance(i, Article)] == [
        f"https://news.example/story-{i}" for i in range(2)
    ]
    assert isinstance(items[-1], Rejected) and items[-1].reason.startswith("truncated")


def test_a_file_named_warc_that_is_not_one_is_rejected(tmp_path):
    path = tmp_path / "notes.warc"
    path.write_text("these are my notes, not an archive\n" * 20)
    items = list(read_inputs(str(path)))
    assert len(items) == 1 and isinstance(items[0], Rejected) and "not a WARC" in items[0].reason


def test_warc_gz_cut_inside_a_member_header_is_reported(tmp_path):
    # fastwarc drops a member cut this early without a word; the tail check must notice.
    members = [gzip.compress(r) for r in _archive()[:4]]
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(b"".join(members[:3]) + members[3][:20])
    items = list(read_inputs(str(path)))
    assert len([i for i in items if isinstance(i, Article)]) == 3
    assert isinstance(items[-1], Rejected) and items[-1].reason.startswith("truncated gzip")
