"""Fetching URLs and feeds from a real local HTTP server: SSRF refusal, 404, redirect loop, timeout,
size cap, robots.txt, malformed feed XML and conditional GET."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from sitrep.ingest.feeds import FeedError, parse_feed, poll_feed
from sitrep.ingest.web import USER_AGENT, Fetcher, FetchError, check_url

STORY = (
    "Soldiers clashed with rebels near the village of Tamba on Friday, leaving four fighters dead, "
    "an army spokesman said. Fighting continued into the night, residents said."
)
PAGE = (
    f"<html><head><title>Clash near Tamba</title></head><body><article><p>{STORY}</p></article></body></html>"
)
ETAG = '"feed-v1"'


def _feed(base: str) -> str:
    items = "".join(
        f"<item><title>Story {i}</title><link>{base}/story?n={i}</link>"
        f"<pubDate>Fri, 06 Mar 2026 1{i}:00:00 GMT</pubDate></item>"
        for i in range(2)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title>{items}</channel></rss>'


class _Handler(BaseHTTPRequestHandler):
    hits: list[tuple[str, str | None, str | None]] = []

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except BrokenPipeError:  # the client gave up first (the timeout test)
            pass

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        _Handler.hits.append((self.path, self.headers.get("If-None-Match"), self.headers.get("User-Agent")))
        base = f"http://{self.headers['Host']}"
        path = self.path
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private\n", {"Content-Type": "text/plain"})
        elif path.startswith("/story") or path.startswith("/private"):
            self._send(200, PAGE.encode(), {"Content-Type": "text/html; charset=utf-8"})
        elif path == "/loop-a":
            self._send(302, headers={"Location": "/loop-b"})
        elif path == "/loop-b":
            self._send(302, headers={"Location": "/loop-a"})
        elif path == "/moved":
            self._send(301, headers={"Location": "/story?moved"})
        elif path == "/slow":
            time.sleep(2)
            self._send(200, PAGE.encode(), {"Content-Type": "text/html"})
        elif path == "/big":
            self._send(200, b"x" * 50_000, {"Content-Type": "text/html"})
        elif path == "/feed.xml":
            if self.headers.get("If-None-Match") == ETAG:
                self._send(304, headers={"ETag": ETAG})
            else:
                self._send(200, _feed(base).encode(), {"Content-Type": "application/rss+xml", "ETag": ETAG})
        elif path == "/broken.xml":
            self._send(
                200, b'<?xml version="1.0"?><rss><channel><item><title>x</ti', {"Content-Type": "text/xml"}
            )
        else:
            self._send(404, b"not here", {"Content-Type": "text/plain"})


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fetcher():
    local = Fetcher(allow_private=True, timeout=httpx.Timeout(0.5))
    yield local
    local.close()


def test_page_is_fetched_with_the_sitrep_user_agent(server, fetcher):
    answer = fetcher.fetch(f"{server}/story")
    assert answer.status == 200 and b"Tamba" in answer.body and answer.charset == "utf-8"
    assert (("/story", None, USER_AGENT)) in _Handler.hits


def test_a_redirect_is_followed(server, fetcher):
    answer = fetcher.fetch(f"{server}/moved")
    assert answer.final_url.endswith("/story?moved") and answer.url == f"{server}/moved"


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/missing", "HTTP 404"), ("/loop-a", "redirect loop"), ("/slow", "timed out"), ("/big", "cap")],
)
def test_bad_urls_raise_a_reason(server, fetcher, path, reason):
    fetcher.max_bytes = 10_000
    with pytest.raises(FetchError, match=reason):
        fetcher.fetch(server + path)


def test_robots_txt_is_respected(server, fetcher):
    with pytest.raises(FetchError, match="robots.txt"):
        fetcher.fetch(f"{server}/private/page")
    fetcher.respect_robots = False
    assert fetcher.fetch(f"{server}/private/page").status == 200


def test_loopback_is_refused_without_allow_private(server):
    port = server.rsplit(":", 1)[1]
    strict = Fetcher()
    for url in (f"{server}/story", f"http://localhost:{port}/story"):
        with pytest.raises(FetchError, match="non-public address 127.0.0.1"):
            strict.fetch(url)
    strict.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/news",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://192.168.0.9/",
    ],
)
def test_private_and_link_local_addresses_are_refused(url):
    with pytest.raises(FetchError, match="non-public address"):
        check_url(url)


def test_a_name_resolving_to_10_x_is_refused(monkeypatch):
    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.20.30.40", port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(FetchError, match="10.20.30.40"):
        check_url("https://intranet.example/")


def test_non_http_schemes_are_refused():
    for url in ("file:///etc/passwd", "ftp://example.org/x", "gopher://x"):
        with pytest.raises(FetchError, match="only http and https"):
            check_url(url, allow_private=True)


def test_feed_conditional_get_returns_304_the_second_time(server, fetcher):
    first = poll_feed(fetcher, f"{server}/feed.xml")
    assert first.status == 200 and first.etag == ETAG
    assert [e.link for e in first.entries] == [f"{server}/story?n=0", f"{server}/story?n=1"]
    second = poll_feed(fetcher, f"{server}/feed.xml", etag=first.etag)
    assert second.not_modified and second.entries == []


def test_malformed_feed_xml_raises_a_reason(server, fetcher):
    with pytest.raises(FeedError, match="malformed feed XML"):
        poll_feed(fetcher, f"{server}/broken.xml")
    with pytest.raises(FeedError):
        parse_feed(b"<html><body>not a feed</body></html>", "http://x.example/")


def test_the_connected_address_is_checked_again_after_the_dns_check(server, monkeypatch):
    # DNS rebinding: the name looked public when checked, then connected to loopback.
    from sitrep.ingest import web

    monkeypatch.setattr(web, "check_url", lambda url, allow_private=False: None)
    strict = Fetcher(respect_robots=False)
    with pytest.raises(FetchError, match="connected to the non-public address 127.0.0.1"):
        strict.fetch(f"{server}/story")
    strict.close()
